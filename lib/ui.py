"""The only cached loader (keyed by store version) and the build-on-first-run step. Only this and pages/ import streamlit."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from lib import settings
from lib.store import Store


def store() -> Store:
    return Store(settings.path("PRESSROOM_STORE"))


@st.cache_data(show_spinner=False, max_entries=64)
def _read(root: str, version: str, table: str, columns: tuple[str, ...] | None) -> pd.DataFrame:
    return Store(root).read(table, list(columns) if columns else None, version)


def table(name: str, columns: list[str] | None = None) -> pd.DataFrame:
    """A store table, cached per store version: a new processing run shows at once."""
    s = store()
    return _read(str(s.root), s.current() or "", name, tuple(columns) if columns else None)


def version() -> str:
    return store().current() or "(none)"


def ensure_store() -> None:
    """Build the store from the sample corpus when there is none, with a progress bar."""
    s = store()
    if s.current() is not None:
        return
    from lib.process import process

    bar = st.progress(0.0, text="No processed store yet: processing the sample corpus…")
    process([settings.path("PRESSROOM_SAMPLE")], s.root, progress=False,
            report=lambda done, total: bar.progress(done / total, text=f"Processing release {done} of {total}"))
    bar.empty()
