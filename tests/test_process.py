"""End to end: the sample into a store; reruns are incremental; failures are kept and reported."""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd
import pyarrow.compute as pc
import pytest
from conftest import SAMPLE

from lib import nlp as pipeline
from lib import schema
from lib.process import DERIVED, _chunks, _Writer, process
from lib.store import Store, StoreBusy, StoreOutdated

SAMPLE_FILES = 55  # data files under data/sample (its README is skipped)
SAMPLE_RELEASES = 72  # distinct releases; one markdown file duplicates a text release


def test_sample_store_has_every_table_with_its_schema(sample_store):
    store = Store(sample_store)
    for table, columns in schema.TABLES.items():
        frame = pd.read_parquet(store.versions / store.current() / f"{table}.parquet")
        assert list(frame.columns) == [c.name for c in columns], table
        conformed = schema.conform(frame, table)
        assert [str(conformed[c.name].dtype) for c in columns] == [
            "object" if c.dtype == "list" else str(pd.Series([], dtype=c.dtype).dtype) for c in columns
        ], table
        pd.testing.assert_frame_equal(conformed, frame, check_dtype=False, obj=table)  # no value lost
    counts = store.manifest()["counts"]
    assert counts["releases"] == SAMPLE_RELEASES
    assert counts["files"] == SAMPLE_FILES
    assert counts["rejects"] == 0
    assert counts["quotes"] >= 2 * SAMPLE_RELEASES and counts["figures"] >= 3 * SAMPLE_RELEASES
    assert counts["topic_mentions"] > counts["releases"] and counts["entities"] > counts["releases"]


def test_every_extraction_row_points_at_a_stored_release(sample_store):
    store = Store(sample_store)
    ids = set(store.read("releases")["id"])
    for table in DERIVED:
        assert set(store.read(table)["release_id"]) <= ids, table
    assert set(store.read("figures")["qualifier"]) <= set(schema.QUALIFIERS)
    assert set(store.read("quotes")["kind"]) <= set(schema.QUOTE_KINDS)


def test_reading_a_column_subset_conforms_it(sample_store):
    frame = Store(sample_store).read("releases", ["date", "id"])
    assert list(frame.columns) == ["id", "date"] and str(frame["date"].dtype) == "datetime64[ns]"
    with pytest.raises(schema.SchemaError, match="no columns"):
        schema.conform(frame, "releases", ["id", "nonsense"])


def test_reading_rows_by_one_value_or_several_reads_only_those(sample_store):
    store = Store(sample_store)
    quotes = store.read("quotes", ["release_id", "start", "text"])
    ids = quotes["release_id"].value_counts().index[:3].tolist()
    one = store.read("quotes", ["release_id", "text"], where=("release_id", ids[0]))
    several = store.read("quotes", ["release_id", "start", "text"], where=("release_id", ids))
    assert list(one.columns) == ["release_id", "text"] and set(one["release_id"]) == {ids[0]}
    expected = quotes[quotes["release_id"].isin(ids)].reset_index(drop=True)
    pd.testing.assert_frame_equal(several, expected)
    assert store.read("quotes", ["text"], where=("release_id", [])).empty


def test_the_heads_of_a_text_column_are_read_for_every_row_or_the_keys_given(sample_store):
    store = Store(sample_store)
    whole = store.read("releases", ["id", "body"])
    heads = store.read_heads("releases", "id", "body", 40)
    assert heads["id"].tolist() == whole["id"].tolist()
    assert heads["body"].tolist() == whole["body"].str.slice(0, 40).tolist()
    ids = whole["id"].iloc[[5, 2, 9]].tolist()
    some = store.read_heads("releases", "id", "body", 40, keys=ids)
    assert sorted(some["id"]) == sorted(ids)
    assert some.set_index("id")["body"].to_dict() == {
        i: b[:40] for i, b in whole.set_index("id")["body"].items() if i in ids
    }
    assert store.read_heads("releases", "id", "body", 40, keys=[]).empty


def test_a_value_per_row_is_computed_from_a_column_a_batch_at_a_time(sample_store):
    store = Store(sample_store)
    lengths = store.read_mapped(
        "quotes", "text", lambda text: pc.utf8_length(text).to_numpy(zero_copy_only=False)
    )
    assert lengths.tolist() == store.read("quotes", ["text"])["text"].str.len().tolist()
    assert store.read_mapped("quotes", "no such column", len).tolist() == [0] * len(
        lengths
    )  # written without it


def test_a_store_of_another_format_is_refused_with_a_clear_message(tmp_path):
    process([SAMPLE / "jsonl"], tmp_path, progress=False)
    store = Store(tmp_path)
    manifest = store.versions / store.current() / "manifest.json"
    manifest.write_text(manifest.read_text().replace('"store_format": 1', '"store_format": 99'))
    with pytest.raises(StoreOutdated, match="has format 99"):
        Store(tmp_path).read("releases")


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
    assert all(gone_id in set(store.read(t)["release_id"]) for t in DERIVED)
    victim.unlink()
    process([corpus_copy], tmp_path / "store", progress=False)
    assert gone_id not in set(store.read("releases")["id"])
    for table in DERIVED:
        assert gone_id not in set(store.read(table)["release_id"]), table
    assert str(victim.resolve()) not in set(store.read("files")["path"])


def test_a_corrected_date_replaces_the_stored_record_and_reprocesses_the_release(tmp_path, corpus_copy):
    process([corpus_copy], tmp_path / "store", progress=False)
    target = sorted((corpus_copy / "txt").glob("*.txt"))[0]
    text = target.read_text(encoding="utf-8")
    assert "(November 14, 2018)" in text
    target.write_text(text.replace("(November 14, 2018)", "(November 14, 2019)"), encoding="utf-8")
    summary = process([corpus_copy], tmp_path / "store", progress=False)
    releases = Store(tmp_path / "store").read("releases")
    row = releases[releases["source"] == str(target.resolve())].iloc[0]
    assert (summary.files_read, summary.processed) == (1, 1)
    assert len(releases) == SAMPLE_RELEASES  # same id: the text did not change
    assert row["date"] == pd.Timestamp("2019-11-14")


def test_a_deleted_bad_file_takes_its_reject_with_it(tmp_path, corpus_copy):
    bad = corpus_copy / "empty.txt"
    bad.write_text("")
    process([corpus_copy], tmp_path / "store", progress=False)
    assert list(Store(tmp_path / "store").read("rejects")["path"]) == [str(bad.resolve())]
    bad.unlink()
    process([corpus_copy], tmp_path / "store", progress=False)
    assert Store(tmp_path / "store").read("rejects").empty


def test_an_unchanged_bad_file_is_not_read_again_unless_asked(tmp_path, corpus_copy):
    bad = corpus_copy / "empty.txt"
    bad.write_text("")
    first = process([corpus_copy], tmp_path / "store", progress=False)
    second = process([corpus_copy], tmp_path / "store", progress=False)
    assert second.files_read == 0 and second.version == first.version
    assert len(Store(tmp_path / "store").read("rejects")) == 1
    third = process([corpus_copy], tmp_path / "store", progress=False, retry_rejects=True)
    assert third.files_read == 1 and third.rejects == [(str(bad.resolve()), "empty file")]
    assert len(Store(tmp_path / "store").read("rejects")) == 1


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


def test_a_store_written_before_a_column_was_added_is_read_and_then_filled(tmp_path, monkeypatch):
    process([SAMPLE / "jsonl"], tmp_path, progress=False)
    store = Store(tmp_path)
    path = store.versions / store.current() / "quotes.parquet"
    pd.read_parquet(path).drop(columns="speaker_org_full").to_parquet(path, index=False)  # as an older store
    old = Store(tmp_path).read("quotes")
    assert len(old) > 0 and old["speaker_org_full"].isna().all() and old["speaker"].notna().all()
    monkeypatch.setattr(pipeline, "CODE_VERSION", pipeline.CODE_VERSION + "-next")
    assert process([SAMPLE / "jsonl"], tmp_path, progress=False).processed == 10
    new = Store(tmp_path).read("quotes")
    assert len(new) == len(old) and (new["speaker_org_full"].fillna("") != "").any()
    cbp = new[new["speaker_org"].str.startswith("CBP", na=False)]
    assert len(cbp) and cbp["speaker_org_full"].str.startswith("U.S. Customs and Border Protection").all()


def test_runs_into_one_store_accumulate(tmp_path):
    process([SAMPLE / "jsonl"], tmp_path, progress=False)
    process([SAMPLE / "csv"], tmp_path, progress=False)
    assert len(Store(tmp_path).read("releases")) == 20


def test_a_second_writer_is_refused_with_a_clear_message(tmp_path):
    store = Store(tmp_path)
    with store.lock(), pytest.raises(StoreBusy, match="Another processing run is writing"):
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


def test_a_crash_before_current_is_replaced_leaves_the_previous_version_current(tmp_path, monkeypatch):
    process([SAMPLE / "jsonl"], tmp_path, progress=False)
    store = Store(tmp_path)
    version = store.current()
    real_replace = os.replace

    def replace(src, dst):
        if Path(dst).name == "CURRENT":
            raise KeyboardInterrupt("killed before CURRENT moved")
        real_replace(src, dst)

    monkeypatch.setattr("lib.store.os.replace", replace)
    with pytest.raises(KeyboardInterrupt):
        process([SAMPLE / "csv"], tmp_path, progress=False)
    monkeypatch.undo()
    assert Store(tmp_path).current() == version and len(Store(tmp_path).read("releases")) == 10
    process([SAMPLE / "csv"], tmp_path, progress=False)  # the next run recovers
    assert len(Store(tmp_path).read("releases")) == 20


def test_checkpoints_keep_finished_releases_when_a_run_is_killed(tmp_path, monkeypatch):
    clean = tmp_path / "clean"
    process([SAMPLE / "jsonl"], clean, progress=False)
    monkeypatch.setenv("PRESSROOM_CHECKPOINT_SECONDS", "0")  # a version after every release
    real_add, added = _Writer.add, []

    def add(self, release, doc):
        if len(added) == 4:
            raise KeyboardInterrupt("killed during NLP")
        real_add(self, release, doc)
        added.append(release.id)

    monkeypatch.setattr(_Writer, "add", add)
    with pytest.raises(KeyboardInterrupt):
        process([SAMPLE / "jsonl"], tmp_path / "store", progress=False)
    monkeypatch.setattr(_Writer, "add", real_add)
    store = Store(tmp_path / "store")
    releases = store.read("releases")
    assert len(releases) == 10  # every release read is kept, processed or not
    assert set(releases.loc[releases["pipeline_version"] != "", "id"]) == set(added)
    summary = process([SAMPLE / "jsonl"], tmp_path / "store", progress=False)
    assert summary.processed == 10 - len(added)
    for table in ("releases", *DERIVED):
        key = {
            "releases": "id",
            "topic_mentions": ["release_id", "start", "end", "topic"],
            "topic_about": ["release_id", "topic"],
        }.get(table, ["release_id", "start", "end"])
        ordered = [
            store.read(table).sort_values(key, ignore_index=True),
            Store(clean).read(table).sort_values(key, ignore_index=True),
        ]
        pd.testing.assert_frame_equal(*ordered, obj=table)


def test_two_worker_processes_write_the_same_tables_as_one(tmp_path, monkeypatch, sample_store):
    monkeypatch.setenv("PRESSROOM_JOBS", "2")
    summary = process([SAMPLE], tmp_path, progress=False)
    assert summary.processed == SAMPLE_RELEASES
    for table in ("releases", *DERIVED):  # the rows come back from the workers in the order of the releases
        one, two = Store(sample_store).read(table), Store(tmp_path).read(table)
        pd.testing.assert_frame_equal(two, one, obj=table)


def test_rows_kept_as_frames_during_a_run_write_the_same_tables(tmp_path, monkeypatch, sample_store):
    monkeypatch.setattr(_Writer, "FRAME_ROWS", 7)  # every few rows of a table become a frame, as 20,000 do
    monkeypatch.setenv("PRESSROOM_CHECKPOINT_SECONDS", "0")  # and a commit after every release reuses them
    process([SAMPLE], tmp_path, progress=False)
    for table in ("releases", *DERIVED):
        pd.testing.assert_frame_equal(Store(tmp_path).read(table), Store(sample_store).read(table), obj=table)


@pytest.mark.parametrize(("releases", "workers"), [(300, 2), (300, 1), (72, 2), (5, 2), (1, 4), (1000, 3)])
def test_chunks_keep_the_order_and_end_in_quarter_size_chunks_so_the_workers_finish_together(
    releases, workers
):
    from lib.ingest import Release

    todo = [
        Release("t", f"body {i}", None, "", "", "", "", "", "txt", id=f"r{i:04d}") for i in range(releases)
    ]
    chunks = _chunks(todo, workers)
    assert [c[0] for chunk in chunks for c in chunk] == [r.id for r in todo]
    size = max(1, min(16, -(-releases // (workers * 8))))  # PRESSROOM_BATCH_SIZE is 16
    assert max(len(c) for c in chunks) == size
    small = 0
    for chunk in reversed(chunks):  # the last chunks, a quarter of the size
        if len(chunk) > max(1, size // 4):
            break
        small += len(chunk)
    assert small >= min(releases, 2 * workers * size)  # hold the releases of the last two rounds
