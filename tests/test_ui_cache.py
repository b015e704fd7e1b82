"""lib/ui caches what lib/query returns per store version: a new processing run shows at the next rerun, and
a version removed under a page's run makes it start again on the current one."""

from __future__ import annotations

import shutil

import pandas as pd
import pytest

from lib import query, schema
from lib.filters import Filters
from lib.store import Store, VersionGone

PAGES = ("overview", "topics", "speakers", "figures", "releases", "briefing", "data")


def _metric(at, label: str) -> str:
    return next(m.value for m in at.metric if m.label == label)


def test_a_new_store_version_shows_at_the_next_rerun_and_every_page_runs_on_it(
    open_app, sample_store, tmp_path
):
    store = tmp_path / "store"
    shutil.copytree(sample_store, store)
    at = open_app("pages/overview.py", store=store)
    before = int(_metric(at, "Releases").replace(",", ""))
    tables = {t: Store(store).read(t) for t in schema.TABLES}
    kept = tables["releases"]["id"].iloc[: before // 2]
    tables["releases"] = tables["releases"].iloc[: before // 2]
    for name, frame in tables.items():
        if "release_id" in frame:
            tables[name] = frame[frame["release_id"].isin(kept)]
    Store(store).write(tables, {"pipeline_version": "x"})
    at.run()
    assert not at.exception
    assert int(_metric(at, "Releases").replace(",", "")) == before // 2
    for page in PAGES:
        at.switch_page(f"pages/{page}.py").run()
        assert not at.exception, page
    assert _metric(at, "Releases") == f"{before // 2:,}"  # the Data page: the store's releases


def test_a_query_on_a_pruned_version_says_so(sample_store, tmp_path):
    store = tmp_path / "store"
    shutil.copytree(sample_store, store)
    old = Store(store).current()
    src = query.Source(str(store), old)
    assert query.summary(src, Filters())["releases"] > 0
    for _ in range(2):  # two newer versions: the old one is pruned
        Store(store).write({t: Store(store).read(t) for t in schema.TABLES}, {"pipeline_version": "x"})
    assert not (store / "versions" / old).exists()
    with pytest.raises(VersionGone, match=old):
        query.summary(src, Filters())
    assert isinstance(query.raw_speakers(query.Source(str(store), Store(store).current())), pd.DataFrame)
