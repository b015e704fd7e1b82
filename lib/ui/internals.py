"""Every Streamlit internal Pressroom touches, in one place: what to check when Streamlit is upgraded (written
against Streamlit 1.67). Everything else uses Streamlit's public API (st.*)."""

from __future__ import annotations

from collections.abc import Callable

from streamlit.errors import StreamlitAPIException
from streamlit.runtime.pages_manager import PagesManager
from streamlit.runtime.scriptrunner import get_script_run_ctx

# Raised when st.query_params is set for a parameter already bound to a widget in this session.
QueryParamBound = StreamlitAPIException


def leave_pages_folder_mode() -> bool:
    """Streamlit decides per server whether the app uses st.navigation only when app.py first runs; until then
    a request for a page runs it alone, in the old folder-of-pages mode. Switches the server to
    st.navigation's mode; True when it was in the old one (the caller then reruns)."""
    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        return True
    return False


def keep_navigation_mode(patch: Callable = setattr) -> None:
    """For AppTest (tests, bench): a real server remembers that app.py uses st.navigation; AppTest forgets
    before every run and, with a pages/ folder present, would rerun the page alone. `patch` is setattr, or
    pytest's monkeypatch.setattr to undo it after a test."""
    original = PagesManager.__init__

    def init(self, *args, **kwargs):
        original(self, *args, **kwargs)
        PagesManager.uses_pages_directory = False

    patch(PagesManager, "__init__", init)


def session_state_reader() -> Callable[[str], object]:
    """A function reading this session's state by key from any thread, later (st.session_state works only in
    the script's own thread): for what a download makes when its button is clicked."""
    state = get_script_run_ctx().session_state
    return lambda key: state.filtered_state.get(key)
