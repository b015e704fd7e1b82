"""Pressroom: entry point. `streamlit run app.py`. Draws the shared sidebar filters, then the chosen page."""
import streamlit as st

from lib import ui

st.set_page_config(page_title="Pressroom", page_icon="📰", layout="wide")
page = st.navigation([
    st.Page("pages/overview.py", title="Overview", icon=":material/dashboard:", default=True),
    st.Page("pages/briefing.py", title="Briefing", icon=":material/slideshow:"),
])
ui.load_or_stop()
ui.sidebar()
page.run()
