"""The store version each script run reads, and the one cache key every cached result is stored under."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

import streamlit as st

from lib import settings, speakers, taxonomy
from lib.metrics import figures as figure_metrics
from lib.store import Store

_PIN = "_pressroom_version"

# The vocabulary files the dashboard's metrics read when they run (not when releases are processed). A cached
# result that reads one names it in its key, so an edit to the file shows at the next rerun, no restart.
VOCABULARIES: dict[str, Callable[[], Path | None]] = {
    # the alias file: canonical speakers, and the names as written a speaker filter selects
    "speakers": speakers.configured,
    "topics": lambda: taxonomy.PATH,  # the topics offered, their order and colours
    "units": lambda: figure_metrics.UNITS,  # the unit families figures are drawn in
}


class Key(NamedTuple):
    """What a cached result depends on: the store (root and version) and the content of the vocabulary files
    it reads, as (path, hash of the content) pairs."""

    root: str
    version: str
    files: tuple[tuple[str, str], ...] = ()

    def of_store(self) -> Key:
        """The key without vocabulary files: for what only the store decides."""
        return Key(self.root, self.version)

    def of(self, vocabulary: str) -> Key:
        """The key with only the named vocabulary file (a name of VOCABULARIES) of its files: for a result
        that reads that file alone."""
        path = str(VOCABULARIES[vocabulary]() or "")
        return Key(self.root, self.version, tuple(file for file in self.files if file[0] == path))


def key(*vocabularies: str) -> Key:
    """The cache key of a result computed from this run's store version that reads the named vocabulary files
    ("speakers", "topics", "units"). Every page and every cache of lib.ui builds its key here."""
    root, version = pinned()
    paths = (VOCABULARIES[name]() for name in vocabularies)
    return Key(root, version, tuple((str(p or ""), speakers.fingerprint(p)) for p in paths))


def store() -> Store:
    return Store(settings.path("PRESSROOM_STORE"))


def pin() -> None:
    """Choose the store version this script run reads (app.py, before the page): every table a page shows then
    comes from one version, even while a processing run writes the next one."""
    s = store()
    version = s.current() or ""
    # the pages read its Parquet files directly (lib/query.py): a format they do not read stops here
    if version:
        s.check_format(version)
    st.session_state[_PIN] = (str(s.root), version)


def pinned() -> tuple[str, str]:
    """(store root, version) of this run; pinned again when the store setting points elsewhere."""
    root = str(store().root)
    found = st.session_state.get(_PIN)
    if not found or found[0] != root:
        pin()
        found = st.session_state[_PIN]
    return found


def version() -> str:
    return pinned()[1] or "(none)"
