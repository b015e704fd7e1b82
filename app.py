"""Pressroom: entry point. `streamlit run app.py`. Draws the shared sidebar filters, then the chosen page."""

import streamlit as st

from lib import ui
from lib.errors import PressroomError
from lib.highlight import escape_markdown
from lib.store import VersionGone

st.set_page_config(page_title="Pressroom", page_icon="📰", layout="wide")
page = st.navigation(
    [
        st.Page("pages/overview.py", title="Overview", icon=":material/dashboard:", default=True),
        st.Page("pages/topics.py", title="Topics", icon=":material/topic:"),
        st.Page("pages/speakers.py", title="Speakers", icon=":material/record_voice_over:"),
        st.Page("pages/figures.py", title="Figures", icon=":material/monitoring:"),
        st.Page("pages/releases.py", title="Releases", icon=":material/article:"),
        st.Page("pages/briefing.py", title="Briefing", icon=":material/slideshow:"),
        st.Page("pages/data.py", title="Data", icon=":material/database:"),
    ]
)
ui.load_or_stop(page.title)  # also pins the store version every table of this run is read from
ui.job_banner()  # a job running (or failed) on the store, above every page
try:
    ui.sidebar()
    page.run()
except VersionGone:  # a processing run replaced and removed the pinned version mid-run: start on the new one
    st.rerun()
except PressroomError as exc:  # e.g. the store made unreadable mid-run; anything else is a bug and shows
    st.error(escape_markdown(str(exc)))
