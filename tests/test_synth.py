"""The synthetic stores of the dashboard benchmark (bench/synth.py): valid, consistent, deterministic, and the
dashboard runs on them. No timing asserts: speed is measured by `python -m bench dashboard`."""

from __future__ import annotations

import pandas as pd
import pytest

from bench import synth
from lib import derived, schema
from lib.store import Store

N = 300


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory):
    store = tmp_path_factory.mktemp("synth")
    synth.build(store, N, seed=7)
    return store


def test_every_table_loads_and_conforms_to_the_schema(synthetic):
    store = Store(synthetic)
    manifest = store.manifest()
    assert manifest["store_format"] == schema.STORE_FORMAT and manifest["synthetic"]["releases"] == N
    for table, columns in schema.TABLES.items():
        frame = store.read(table)
        assert list(frame.columns) == [c.name for c in columns]
        pd.testing.assert_frame_equal(frame, schema.conform(frame, table))
        assert manifest["counts"][table] == len(frame)
    releases = store.read("releases")
    assert len(releases) == N and releases["id"].is_unique
    assert releases["date"].dt.year.nunique() >= 6 and releases["agency"].nunique() >= 3
    assert 1000 < releases["body"].str.len().mean() < 2000
    for table in ("quotes", "figures", "topic_mentions", "entities"):
        assert store.read(table, ["release_id"])["release_id"].isin(releases["id"]).all()
    files = store.read("files")
    assert sorted(i for ids in files["ids"] for i in ids) == sorted(releases["id"])


def test_offsets_point_at_the_text_in_the_body_and_values_are_from_the_taxonomies(synthetic):
    store = Store(synthetic)
    bodies = dict(store.read("releases", ["id", "body"]).itertuples(index=False))
    for table, column in (
        ("quotes", "text"),
        ("figures", "text"),
        ("topic_mentions", "term"),
        ("entities", "text"),
    ):
        rows = store.read(table)
        assert len(rows) > N  # several per release on average
        assert all(
            bodies[r][a:b] == t
            for r, a, b, t in zip(rows["release_id"], rows["start"], rows["end"], rows[column], strict=True)
        )
    mentions = store.read("topic_mentions")
    assert set(mentions["topic"]) <= set(synth._topics())
    assert all(p in bodies[r] for r, p in zip(mentions["release_id"], mentions["passage"], strict=True))
    figures = store.read("figures")
    assert set(figures["metric"]) <= set(synth._metrics()) and set(figures["qualifier"]) <= set(
        schema.QUALIFIERS
    )
    assert set(store.read("quotes")["kind"]) <= set(schema.QUOTE_KINDS)


def test_the_same_seed_gives_the_same_store_and_another_seed_another(tmp_path, synthetic):
    again, other = tmp_path / "again", tmp_path / "other"
    synth.build(again, N, seed=7)
    synth.build(other, N, seed=8)
    for table in schema.TABLES:
        pd.testing.assert_frame_equal(Store(again).read(table), Store(synthetic).read(table))
    assert not Store(other).read("releases")["id"].equals(Store(synthetic).read("releases")["id"])


def test_the_overview_runs_on_a_synthetic_store(open_app, synthetic):
    at = open_app(store=synthetic)
    assert not at.exception
    assert {m.label: m.value for m in at.metric}["Releases"] == f"{N:,}"
    narrowed = open_app(store=synthetic, topic="narcotics", dates=["2023-01-01", "2023-12-31"])
    assert not narrowed.exception
    assert 0 < int(narrowed.metric[0].value.replace(",", "")) < N


def test_a_store_written_a_chunk_at_a_time_is_the_one_written_whole(tmp_path, monkeypatch):
    """bench.synth writes a chunk of releases at a time (Store.write_batches), so that 2,000,000 releases fit
    in memory: the tables, and the words of each quote written beside them, are those Store.write writes."""
    monkeypatch.setattr(synth, "CHUNK", 40)  # several chunks
    batched, whole = tmp_path / "batched", tmp_path / "whole"
    synth.build(batched, 130, seed=3)
    tables = synth.tables(130, seed=3)
    with Store(whole).lock():
        Store(whole).write(tables, {"pipeline_version": "x"})
    for table in schema.TABLES:
        pd.testing.assert_frame_equal(Store(batched).read(table), Store(whole).read(table), obj=table)
    words = [
        pd.read_parquet(s / "versions" / Store(s).current() / f"{derived.QUOTE_WORDS}.parquet")
        for s in (batched, whole)
    ]
    pd.testing.assert_frame_equal(words[0], words[1])
    assert len(words[0]) == len(tables["quotes"]) and words[0]["words"].sum() > len(tables["quotes"])
    assert Store(batched).manifest()["counts"] == Store(whole).manifest()["counts"]
