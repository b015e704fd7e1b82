"""The frames lib/ui keeps with st.cache_resource are shared, not copied: no page run may change them."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from lib.ui import internals

PAGES = ("overview", "topics", "speakers", "figures", "releases", "briefing", "data")


def kept_frames() -> dict[tuple[str, str], pd.DataFrame | pd.Series]:
    """Every frame or series held by a resource cache, by (function, cache key)."""
    found = {}
    for name, key, kept in internals.cached_resources():
        for i, value in enumerate(kept if isinstance(kept, tuple) else (kept,)):
            if isinstance(value, (pd.DataFrame, pd.Series)):
                found[(name, f"{key}/{i}")] = value
    return found


def test_page_runs_do_not_change_the_cached_frames(open_app):
    st.cache_resource.clear()
    at = open_app()
    for page in PAGES:  # every page once fills the caches
        at.switch_page(f"pages/{page}.py").run()
        assert not at.exception, page
    before = {key: value.copy(deep=True) for key, value in kept_frames().items()}
    assert any(name.endswith("_column") for name, _ in before) and any(
        name.endswith("_related") for name, _ in before
    )
    for page in PAGES:  # and again: pages add and change columns of the frames they are given
        at.switch_page(f"pages/{page}.py").run()
        assert not at.exception, page
    after = kept_frames()
    for key, frame in before.items():
        assert key in after
        if isinstance(frame, pd.DataFrame):
            pd.testing.assert_frame_equal(after[key], frame, obj=str(key))
        else:
            pd.testing.assert_series_equal(after[key], frame, obj=str(key))


def test_a_new_store_version_drops_the_old_versions_frames(open_app, sample_store, tmp_path):
    import shutil

    from lib import schema
    from lib.store import Store

    store = tmp_path / "store"
    shutil.copytree(sample_store, store)
    st.cache_resource.clear()
    at = open_app("pages/overview.py", store=store)
    columns = sum(name.endswith("_column") for name, _ in kept_frames())
    assert columns > 0
    Store(store).write({t: Store(store).read(t) for t in schema.TABLES}, {"pipeline_version": "x"})
    at.run()
    assert not at.exception
    assert sum(name.endswith("_column") for name, _ in kept_frames()) == columns
