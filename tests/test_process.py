"""End to end: the sample into a store; reruns are incremental; failures are kept and reported."""
from __future__ import annotations

import pandas as pd
import pytest

from conftest import SAMPLE
from lib import nlp as pipeline
from lib import schema
from lib.process import process
from lib.store import Store, StoreBusy

SAMPLE_FILES = 55  # data files under data/sample (its README is skipped)
SAMPLE_RELEASES = 72  # distinct releases; one markdown file duplicates a text release


def test_sample_store_has_every_table_with_its_schema(sample_store):
    store = Store(sample_store)
    for table, columns in schema.TABLES.items():
        frame = pd.read_parquet(store.versions / store.current() / f"{table}.parquet")
        assert list(frame.columns) == [c.name for c in columns], table
        schema.conform(frame, table)  # dtypes convert without loss
    counts = store.manifest()["counts"]
    assert counts["releases"] == SAMPLE_RELEASES
    assert counts["files"] == SAMPLE_FILES
    assert counts["rejects"] == 0
    assert counts["quotes"] >= 2 * SAMPLE_RELEASES and counts["figures"] >= 3 * SAMPLE_RELEASES
    assert counts["topic_mentions"] > counts["releases"] and counts["entities"] > counts["releases"]


def test_every_extraction_row_points_at_a_stored_release(sample_store):
    store = Store(sample_store)
    ids = set(store.read("releases")["id"])
    for table in ("quotes", "figures", "topic_mentions", "entities"):
        assert set(store.read(table)["release_id"]) <= ids, table


def test_sample_releases_are_dated_over_five_fiscal_years_in_every_format(sample_store):
    releases = Store(sample_store).read("releases")
    assert releases["date"].notna().all()
    fiscal_years = (releases["date"].dt.year + (releases["date"].dt.month >= 10)).unique()
    assert len(fiscal_years) >= 5
    assert set(releases["format"]) == {"text", "markdown", "html", "csv", "jsonl"}
    assert set(releases["agency"]) == {"U.S. Customs and Border Protection"}


def test_duplicate_release_is_stored_once_with_both_paths(sample_store):
    releases = Store(sample_store).read("releases")
    assert releases["id"].is_unique
    duplicated = releases[releases["sources"].map(len) > 1]
    assert len(duplicated) == 1
    assert sorted(p.rsplit("/", 2)[-2] for p in duplicated.iloc[0]["sources"]) == ["md", "txt"]


def test_second_run_does_no_nlp_and_keeps_every_row(tmp_path):
    first = process([SAMPLE], tmp_path, progress=False)
    before = {t: Store(tmp_path).read(t) for t in ("releases", "quotes", "figures")}
    second = process([SAMPLE], tmp_path, progress=False)
    assert first.processed == SAMPLE_RELEASES
    assert second.processed == 0 and second.files_read == 0
    assert second.version == first.version  # nothing changed: no new version written
    for table, frame in before.items():
        pd.testing.assert_frame_equal(Store(tmp_path).read(table), frame)


def test_one_changed_file_is_the_only_one_reprocessed(tmp_path, corpus_copy):
    process([corpus_copy], tmp_path / "store", progress=False)
    target = sorted((corpus_copy / "txt").glob("*.txt"))[3]
    old_ids = set(Store(tmp_path / "store").read("releases")["id"])
    target.write_text(target.read_text(encoding="utf-8") + "\n\nA paragraph added later.\n", encoding="utf-8")
    summary = process([corpus_copy], tmp_path / "store", progress=False)
    releases = Store(tmp_path / "store").read("releases")
    assert (summary.files_read, summary.processed) == (1, 1)
    assert len(releases) == SAMPLE_RELEASES
    assert len(set(releases["id"]) - old_ids) == 1 and len(old_ids - set(releases["id"])) == 1
    changed = releases[releases["source"] == str(target.resolve())].iloc[0]
    assert changed["body"].endswith("A paragraph added later.")


def test_deleted_file_removes_its_release_and_its_rows(tmp_path, corpus_copy):
    process([corpus_copy], tmp_path / "store", progress=False)
    victim = sorted((corpus_copy / "html").glob("*.html"))[0]
    store = Store(tmp_path / "store")
    gone_id = store.read("releases").set_index("source").loc[str(victim.resolve()), "id"]
    victim.unlink()
    process([corpus_copy], tmp_path / "store", progress=False)
    assert gone_id not in set(store.read("releases")["id"])
    assert gone_id not in set(store.read("quotes")["release_id"])


def test_bad_file_is_reported_kept_in_rejects_and_the_run_goes_on(tmp_path, corpus_copy):
    bad = corpus_copy / "broken.csv"
    bad.write_text("headline,when\nSomething,2020-01-01\n")
    summary = process([corpus_copy], tmp_path / "store", progress=False)
    rejects = Store(tmp_path / "store").read("rejects")
    assert summary.releases == SAMPLE_RELEASES
    assert list(rejects["path"]) == [str(bad.resolve())]
    assert "no body or text column" in rejects.iloc[0]["reason"]
    bad.write_text("title,body\nFixed,Now there is a body.\n")  # fixed: read again, the reject is gone
    summary = process([corpus_copy], tmp_path / "store", progress=False)
    assert summary.releases == SAMPLE_RELEASES + 1
    assert Store(tmp_path / "store").read("rejects").empty


def test_missing_input_path_is_a_reject(tmp_path):
    summary = process([tmp_path / "nowhere"], tmp_path / "store", progress=False)
    assert summary.rejects == [(str(tmp_path / "nowhere"), "path does not exist")]


def test_new_pipeline_version_reprocesses_everything(tmp_path, monkeypatch):
    process([SAMPLE / "jsonl"], tmp_path, progress=False)
    monkeypatch.setattr(pipeline, "CODE_VERSION", pipeline.CODE_VERSION + "-next")
    summary = process([SAMPLE / "jsonl"], tmp_path, progress=False)
    assert summary.processed == 10 and summary.files_read == 0
    assert set(Store(tmp_path).read("releases")["pipeline_version"]) == {pipeline.pipeline_version()}


def test_runs_into_one_store_accumulate(tmp_path):
    process([SAMPLE / "jsonl"], tmp_path, progress=False)
    process([SAMPLE / "csv"], tmp_path, progress=False)
    assert len(Store(tmp_path).read("releases")) == 20


def test_a_second_writer_is_refused_with_a_clear_message(tmp_path):
    store = Store(tmp_path)
    with store.lock():
        with pytest.raises(StoreBusy, match="Another processing run is writing"):
            process([SAMPLE / "jsonl"], tmp_path, progress=False)


def test_a_killed_write_leaves_the_previous_version_current(tmp_path, monkeypatch):
    process([SAMPLE / "jsonl"], tmp_path, progress=False)
    store = Store(tmp_path)
    version = store.current()

    def crash(*args, **kwargs):
        raise KeyboardInterrupt("killed while writing")

    monkeypatch.setattr(pd.DataFrame, "to_parquet", crash)
    with pytest.raises(KeyboardInterrupt):
        process([SAMPLE / "csv"], tmp_path, progress=False)
    monkeypatch.undo()
    assert store.current() == version and len(store.read("releases")) == 10
