"""Crash safety and concurrency: a processing run killed with SIGKILL at many points leaves a store that
loads, and a rerun ends with tables identical to an uninterrupted run; two writers never corrupt the store; a
reader during writes sees one whole version at a time."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pandas as pd
import pyarrow.compute as pc
import pytest

from lib import schema
from lib.process import process
from lib.store import Store, StoreBusy, VersionGone
from tests.conftest import ROOT, SAMPLE

DRIVER = ROOT / "tests" / "crash_driver.py"
# The store starts with the plain-text releases; the killed run adds the Markdown and HTML ones (27 releases,
# 27 checkpoints with PRESSROOM_CHECKPOINT_SECONDS=0), so kills land in reading, NLP and every step of
# writing.
KILLS = [
    ("walk", 1),
    ("read", 14),
    ("nlp", 1),
    ("nlp", 12),
    ("parquet", 1),
    ("parquet", 40),
    ("manifest", 3),
    ("publish", 9),
    ("published", 20),
    ("pointer", 2),
    ("prune", 1),
    ("prune", 6),
]
SORT = {
    "releases": ["id"],
    "files": ["path"],
    "rejects": ["path", "reason"],
    "quotes": ["release_id", "start"],
    "figures": ["release_id", "start"],
    "topic_mentions": ["release_id", "start", "topic"],
    "topic_about": ["release_id", "topic"],
    "entities": ["release_id", "start", "label"],
}


def tables(store: Path) -> dict[str, pd.DataFrame]:
    """Every table of the current version, in a canonical order, without the columns that hold times."""
    s = Store(store)
    out = {}
    for name in schema.TABLES:
        frame = s.read(name).drop(columns=["time"], errors="ignore")
        frame = frame.map(lambda v: tuple(v) if hasattr(v, "__len__") and not isinstance(v, str) else v)
        out[name] = frame.sort_values(SORT[name]).reset_index(drop=True)
    return out


def assert_loads(store: Path) -> None:
    """The current version is whole: every table reads, conforms to the schema and has the manifest's row
    count."""
    s = Store(store)
    version = s.current()
    assert version is not None, "no current version after the kill"
    counts = s.manifest(version)["counts"]
    for name in schema.TABLES:
        assert len(s.read(name, version=version)) == counts[name], name


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("crash")
    for folder in ("txt", "md", "html"):
        shutil.copytree(SAMPLE / folder, root / "corpus" / folder)
    return root / "corpus"


@pytest.fixture(scope="module")
def start_store(corpus, tmp_path_factory) -> Path:
    """A store of the plain-text releases only: the starting point of every killed run."""
    store = tmp_path_factory.mktemp("start") / "store"
    process([corpus / "txt"], store, progress=False)
    return store


@pytest.fixture(scope="module")
def reference(corpus, start_store, tmp_path_factory) -> dict[str, pd.DataFrame]:
    store = tmp_path_factory.mktemp("reference") / "store"
    shutil.copytree(start_store, store)
    process([corpus], store, progress=False)
    return tables(store)


def run_killed(point: str, n: int, corpus: Path, store: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PRESSROOM_CHECKPOINT_SECONDS": "0"}
    return subprocess.run(
        [
            sys.executable,
            str(DRIVER),
            point,
            str(n),
            "--",
            "process",
            str(corpus),
            "--store",
            str(store),
            "--quiet",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


def test_the_kill_points_cover_reading_nlp_and_writing():
    assert len(KILLS) >= 10
    phases = {point for point, _ in KILLS}
    assert {"read", "nlp", "parquet", "publish", "pointer"} <= phases


@pytest.mark.parametrize("point,n", KILLS, ids=[f"{p}-{n}" for p, n in KILLS])
def test_a_run_killed_at_any_point_leaves_a_loadable_store_and_a_rerun_gives_the_same_tables(
    point, n, corpus, start_store, reference, tmp_path
):
    store = tmp_path / "store"
    shutil.copytree(start_store, store)
    killed = run_killed(point, n, corpus, store)
    assert killed.returncode == -9, (
        f"the run was not killed at {point} #{n}: rc {killed.returncode}\n{killed.stderr[-2000:]}"
    )
    assert_loads(store)
    process([corpus], store, progress=False)
    assert_loads(store)
    after = tables(store)
    for name, expected in reference.items():
        pd.testing.assert_frame_equal(after[name], expected, check_dtype=False, obj=name)


def test_a_second_processing_run_exits_with_one_clear_sentence_while_the_first_holds_the_lock(
    corpus, start_store, tmp_path
):
    store = tmp_path / "store"
    shutil.copytree(start_store, store)
    before = Store(store).current()
    with Store(store).lock():  # the first writer
        second = subprocess.run(
            [sys.executable, "-m", "lib", "process", str(corpus), "--store", str(store), "--quiet"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=300,
        )
    assert second.returncode != 0
    assert "Another processing run is writing to" in second.stderr
    assert "Traceback" not in second.stderr
    assert Store(store).current() == before


def test_two_processing_runs_at_once_leave_one_whole_store(corpus, start_store, reference, tmp_path):
    store = tmp_path / "store"
    shutil.copytree(start_store, store)
    command = [sys.executable, "-m", "lib", "process", str(corpus), "--store", str(store), "--quiet"]
    runs = [
        subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for _ in range(2)
    ]
    results = [(r.wait(timeout=600), r.stderr.read()) for r in runs]
    for code, err in results:  # each one either did the work or was refused in a sentence
        assert code == 0 or ("Another processing run is writing to" in err and "Traceback" not in err), err
    assert any(code == 0 for code, _ in results)
    assert_loads(store)
    after = tables(store)
    for name, expected in reference.items():
        pd.testing.assert_frame_equal(after[name], expected, check_dtype=False, obj=name)


def _generation(k: int) -> dict[str, pd.DataFrame]:
    """Tables whose every row says which write made them, with k rows per table."""
    tag = f"gen{k:04d}"
    fill = {"string": tag, "int64": 0, "float64": 0.0, "datetime64[ns]": pd.Timestamp("2024-01-01")}
    out = {}
    for table in ("releases", "quotes", "figures"):
        columns = {
            c.name: ([[tag]] * k if c.dtype == "list" else [fill[c.dtype]] * k) for c in schema.TABLES[table]
        }
        columns["id" if table == "releases" else "release_id"] = [f"{tag}-{i}" for i in range(k)]
        out[table] = pd.DataFrame(columns)
    return out


def test_a_reader_during_writes_sees_one_whole_version_never_a_mix(tmp_path):
    store = Store(tmp_path / "store")
    store.write(_generation(1), {})
    done, seen, problems = threading.Event(), set(), []

    def reader():
        while not done.is_set():
            s = Store(store.root)
            version = s.current()
            try:
                frames = [s.read(t, version=version) for t in ("releases", "quotes", "figures")]
            except VersionGone:  # pruned by a later write: the reader starts again on the new version
                continue
            tags = {v.split("-")[0] for f in frames for v in f.iloc[:, 0]}
            sizes = {len(f) for f in frames}
            if len(tags) != 1 or len(sizes) != 1 or int(next(iter(tags))[3:]) != sizes.pop():
                problems.append((version, tags))
            seen.add(next(iter(tags)))

    threads = [threading.Thread(target=reader) for _ in range(2)]
    for t in threads:
        t.start()
    try:
        with store.lock():
            for k in range(2, 60):
                store.write(_generation(k), {})
    finally:
        done.set()
        for t in threads:
            t.join()
    assert not problems, problems[:5]
    assert len(seen) > 1, "the readers never saw a new version"


def test_reading_a_pruned_version_says_so(tmp_path):
    store = Store(tmp_path / "store")
    first = store.write(_generation(1), {})
    for k in range(2, 5):
        store.write(_generation(k), {})
    with pytest.raises(VersionGone, match=first):
        store.read("releases", version=first)
    with pytest.raises(
        VersionGone, match=first
    ):  # the batch readers too: a page then reruns on the new version
        store.read_mapped("releases", "body", lambda text: pc.utf8_length(text).to_numpy(), version=first)
    with pytest.raises(VersionGone, match=first):
        store.read_heads("releases", "id", "body", 10, version=first)
    with pytest.raises(VersionGone, match=first):
        store.manifest(first)


def test_store_busy_is_what_a_second_lock_raises(tmp_path):
    store = Store(tmp_path / "store")
    with (
        store.lock(),
        pytest.raises(StoreBusy, match="Another processing run is writing to"),
        Store(tmp_path / "store").lock(),
    ):
        pass


def test_a_page_whose_version_is_removed_mid_run_starts_again_on_the_new_one(open_app, monkeypatch):
    import streamlit as st

    from lib import query

    at = open_app("pages/speakers.py")
    original, calls = query.Query.run, {"n": 0}

    def removed_once(self, sql):
        calls["n"] += 1
        if calls["n"] == 1:
            raise VersionGone("Store version v000001 was replaced by a newer run and removed")
        return original(self, sql)

    monkeypatch.setattr(query.Query, "run", removed_once)
    st.cache_data.clear()
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error
    assert calls["n"] > 1
    assert [t.value for t in at.title] == ["Speakers"]


def test_every_table_of_a_run_comes_from_the_version_pinned_when_it_started(open_app, sample_store, tmp_path):
    store = tmp_path / "store"
    shutil.copytree(sample_store, store)
    at = open_app("pages/data.py", store=store)
    pinned = at.session_state["_pressroom_version"][1]
    assert [m.value for m in at.metric if m.label == "Store version"] == [pinned]
    Store(store).write({t: Store(store).read(t) for t in schema.TABLES}, {"pipeline_version": "x"})
    assert Store(store).current() != pinned
    at.run()  # the next run pins the new version
    assert at.session_state["_pressroom_version"][1] == Store(store).current()
    assert [m.value for m in at.metric if m.label == "Store version"] == [Store(store).current()]
