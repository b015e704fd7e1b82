"""Pressroom: entry point. `streamlit run app.py`."""
import streamlit as st

st.set_page_config(page_title="Pressroom", page_icon="📰", layout="wide")
st.navigation([st.Page("pages/overview.py", title="Overview", icon="📊", default=True)]).run()
