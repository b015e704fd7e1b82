"""The Data page: what the store holds, its rejects, and processing new files from the page."""

from __future__ import annotations

import json
from types import SimpleNamespace

import pandas as pd
import pytest

from lib import jobs
from lib.charts import data as charts
from lib.metrics import data as metrics
from lib.store import Store
from tests.test_app import chart_spec, values


def releases_frame():
    return pd.DataFrame(
        {
            "date": pd.to_datetime(["2019-03-01", "2019-05-01", "2020-01-01", None]),
            "source": ["/c/txt/a.txt", "/c/csv/r.csv#row=1", "/c/csv/r.csv#row=2", "/c/txt/b.txt"],
            "format": ["text", "csv", "csv", "text"],
            "pipeline_version": ["p1", "p1", "p0", ""],
        }
    )


def test_per_source_counts_releases_and_files_per_directory_and_format():
    out = metrics.per_source(releases_frame())
    assert out.to_dict("records") == [
        {"directory": "/c/csv", "format": "csv", "releases": 2, "files": 1},
        {"directory": "/c/txt", "format": "text", "releases": 2, "files": 2},
    ]


def test_per_year_counts_each_format_with_undated_last():
    out = metrics.per_year(releases_frame())
    assert out.values.tolist() == [
        ["2019", "csv", 1],
        ["2019", "text", 1],
        ["2020", "csv", 1],
        ["undated", "text", 1],
    ]
    assert metrics.formats(out) == ["csv", "text"]  # most releases first, ties by name
    assert metrics.formats(out.iloc[1:]) == ["text", "csv"]


def test_chart_stacks_formats_per_year_with_a_title_and_axes():
    frame = metrics.per_year(releases_frame())
    fig = charts.releases_per_year(frame, metrics.formats(frame), "Source: test")
    assert fig.layout.barmode == "stack" and {t.name for t in fig.data} == {"csv", "text"}
    assert sum(sum(t.y) for t in fig.data) == 4
    assert list(fig.layout.xaxis.categoryarray) == ["2019", "2020", "undated"]
    assert (
        fig.layout.title.text
        == "Releases in the store per year of publication, by source format, 2019 to 2020"
    )
    assert fig.layout.xaxis.title.text == "Year" and fig.layout.yaxis.title.text == "Releases"
    assert fig.layout.annotations[0].text == "Source: test"


def test_manifest_counts_and_files_summary():
    assert metrics.manifest_counts({"counts": {"releases": 3, "quotes": 7}}).values.tolist() == [
        ["releases", 3],
        ["quotes", 7],
    ]
    files = pd.DataFrame(
        {
            "size": [1_000_000, 500_000, 250_000],
            "format": ["csv", "text", "text"],
            "ids": [["a", "b"], ["c"], []],
        }
    )
    out = metrics.files_summary(files)
    assert out.values.tolist() == [["text", 2, 0.75, 1], ["csv", 1, 1.0, 2], ["all formats", 3, 1.75, 3]]
    counted = files.drop(columns="ids").assign(
        releases=[2, 1, 0]
    )  # as the page reads them: counts, not lists
    assert metrics.files_summary(counted).values.tolist() == out.values.tolist()


def test_rejects_latest_first_and_pipeline_state():
    rejects = pd.DataFrame(
        {
            "path": ["a", "b"],
            "reason": ["empty file", "bad"],
            "time": pd.to_datetime(["2024-01-01", "2025-01-01"]),
        }
    )
    assert metrics.latest_rejects(rejects)["path"].tolist() == ["b", "a"]
    versions = metrics.pipeline_versions(releases_frame())
    assert versions == {"p1": 2, "p0": 1, "": 1}
    counts = metrics.unprocessed(versions, "p1")
    assert counts == {"pending": 1, "outdated": 1} and metrics.unprocessed(versions, "p2")["outdated"] == 3
    note = metrics.pipeline_note(counts, "p1", "p1")
    assert note.startswith("1 release(s) are not processed yet") and "processes 1 releases" in note
    assert (
        metrics.pipeline_note({"pending": 0, "outdated": 0}, "p1", "p1")
        == "Every release was processed with pipeline p1."
    )


def test_summary_holds_every_table_the_page_shows():
    files = pd.DataFrame({"size": [10, 20], "format": ["text", "csv"], "ids": [["a"], ["b", "c"]]})
    out = metrics.summary(releases_frame(), files)
    assert out["releases"] == 4 and out["files"] == 2 and out["formats"] == ["csv", "text"]
    assert out["per_year"]["releases"].sum() == 4 and out["per_source"]["releases"].sum() == 4
    assert out["files_summary"]["releases"].iloc[-1] == 3


def test_target_says_what_is_wrong_with_a_path(tmp_path):
    assert metrics.target(str(tmp_path)) == (tmp_path, "")
    path, problem = metrics.target(str(tmp_path / "nope"))
    assert path is None and problem.startswith("Nothing exists at ")
    assert metrics.target("  ")[1].startswith("Type the path")


def test_run_summary_sentence():
    summary = SimpleNamespace(
        files=3,
        files_read=1,
        skipped=[("README.md", "doc")],
        processed=1,
        releases=4,
        rejects=[],
        version="v000002",
    )
    assert metrics.run_summary(summary, "v000001") == (
        "Read 1 new or changed file(s) of 3, 1 skipped as not releases; 1 release(s) processed, 4 in the "
        "store, 0 rejected; new store version v000002."
    )
    assert metrics.run_summary(summary, "v000002").endswith("the store is unchanged at version v000002.")


# The page through AppTest


def test_data_page_shows_what_the_store_holds(open_app, sample_store):
    at = open_app(page="pages/data.py")
    assert not at.exception
    shown = {m.label: m.value for m in at.metric}
    assert shown["Releases"] == "72" and shown["Store version"] == Store(sample_store).current()
    assert at.dataframe[0].value["releases"].sum() == 72
    spec = chart_spec(at)
    assert sum(sum(values(t["y"])) for t in spec["data"]) == 72 and spec["layout"]["barmode"] == "stack"
    assert spec["layout"]["title"]["text"].endswith("2018 to 2025")
    counts = at.dataframe[1].value
    assert counts.set_index("table")["rows"]["releases"] == 72
    files = at.dataframe[2].value.set_index("format")  # files and the releases read from them, per format
    stored = Store(sample_store).read("files", ["ids"])["ids"]
    assert files.loc["all formats", "files"] == len(stored) and files.loc["all formats", "releases"] == sum(
        map(len, stored)
    )
    assert "there are no rejects" in at.markdown[0].value


def release(title: str, day: str) -> str:
    return (
        json.dumps(
            {
                "title": title,
                "date": day,
                "agency": "U.S. Customs and Border Protection",
                "url": "https://example.org/x",
                "body": f"{title}. Officers seized 40 pounds of fentanyl at the port, CBP said.",
            }
        )
        + "\n"
    )


@pytest.fixture
def small_store(tmp_path):
    from lib.process import process

    corpus, store = tmp_path / "corpus", tmp_path / "store"
    corpus.mkdir()
    (corpus / "one.jsonl").write_text(release("First release", "2024-01-10"), encoding="utf-8")
    (corpus / "empty.txt").write_text("", encoding="utf-8")
    process([corpus], store, progress=False)
    return corpus, store


def test_rejects_are_listed_with_their_reason(open_app, small_store):
    corpus, store = small_store
    at = open_app(store=store, page="pages/data.py")
    assert not at.exception
    rejects = at.dataframe[-1].value
    assert rejects["path"].tolist() == [str(corpus / "empty.txt")] and rejects["reason"].tolist() == [
        "empty file"
    ]


def test_processing_a_new_file_from_the_page_is_a_job_that_updates_the_counts(open_app, small_store):
    corpus, store = small_store
    at = open_app(store=store, page="pages/data.py")
    assert {m.label: m.value for m in at.metric}["Releases"] == "1"
    (corpus / "two.jsonl").write_text(release("Second release", "2025-02-11"), encoding="utf-8")
    at.text_input(key="data_path").set_value(str(corpus))
    at.button(key="data_process").click().run()
    assert not at.exception and not at.error
    # the job runs in a process of its own: the banner shows it, the page still reads version 1 meanwhile
    assert at.get("progress")[0].proto.text.replace("\\", "").startswith(f"Processing {corpus}: ")
    assert at.button(key="data_process").disabled and {m.label: m.value for m in at.metric}["Releases"] == "1"
    assert jobs.wait(store).status == "done"
    at.run()
    assert not at.exception and not at.error and not at.get("progress")
    shown = {m.label: m.value for m in at.metric}
    assert shown["Releases"] == "2" and shown["Store version"] == "v000002" == Store(store).current()
    message = at.success[0].value.replace("\\", "")
    assert message.startswith("Read 1 new or changed file(s) of 3; 1 release(s) processed, 2 in the store")
    assert "new store version v000002" in message
    assert sum(sum(values(t["y"])) for t in chart_spec(at)["data"]) == 2


def test_processing_a_missing_path_says_so(open_app, small_store):
    corpus, store = small_store
    at = open_app(store=store, page="pages/data.py")
    at.text_input(key="data_path").set_value(str(corpus / "missing")).run()
    at.button(key="data_process").click().run()
    assert not at.exception and "Nothing exists at" in at.error[0].value
    assert Store(store).current() == "v000001"


def test_a_busy_store_is_said_in_a_sentence(open_app, small_store):
    corpus, store = small_store
    at = open_app(store=store, page="pages/data.py")
    at.text_input(key="data_path").set_value(str(corpus))
    with Store(store).lock():
        at.button(key="data_process").click().run()
        assert jobs.wait(store).status == "failed"
    at.run()
    assert not at.exception
    said = [e.value.replace("\\", "") for e in at.error]  # above the page, and under Last job
    assert (
        said
        == [
            f"Processing {corpus} stopped: Another processing run is writing to {store}; wait for it to "
            "finish and run again."
        ]
        * 2
    )
    at.button(key="job_dismiss").click().run()  # gone from the top of every page, kept on the Data page
    assert len(at.error) == 1 and "job_dismiss" not in [b.key for b in at.button]
    assert jobs.current(store).dismissed


PAGE = b"""<html><head><title>Officers Seize Cocaine at the Bridge | U.S. Customs and Border Protection\
</title>
<meta property="article:published_time" content="2026-03-04"></head>\
<body><h1>Officers Seize Cocaine at the Bridge</h1>
<p>LAREDO, Texas - Officers seized 40 pounds of cocaine at the bridge on Tuesday, the port said.</p>
<p>"This seizure shows what our officers do every day," said Port Director Dana Cole.</p></body></html>"""


@pytest.fixture
def web(monkeypatch, tmp_path):
    """A local server with one release page (/release) and nothing else (404), on 127.0.0.1 only."""
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def do_GET(self):
            found = self.path == "/release"
            self.send_response(200 if found else 404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.end_headers()
            self.wfile.write(PAGE if found else b"<html><body>Not here</body></html>")

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    for proxy in ("http_proxy", "HTTP_PROXY", "all_proxy", "ALL_PROXY"):
        monkeypatch.delenv(proxy, raising=False)
    monkeypatch.setenv("PRESSROOM_RAW", str(tmp_path / "raw"))
    monkeypatch.setenv("PRESSROOM_FETCH_DELAY", "0")
    monkeypatch.setenv("PRESSROOM_FETCH_RETRIES", "0")
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def test_fetching_pasted_addresses_adds_the_release_and_reports_the_failure(open_app, small_store, web):
    corpus, store = small_store
    at = open_app(store=store, page="pages/data.py")
    at.text_area(key="data_urls").set_value(f"{web}/release\n{web}/missing\n").run()
    at.button(key="data_fetch_go").click().run()
    assert not at.exception and not at.error
    assert jobs.wait(store).status == "done"
    at.run()
    assert not at.exception and not at.error
    message = at.success[0].value.replace("\\", "")
    assert message.startswith("Fetched 1 new page(s), 0 fetched before; 1 failed (listed under rejects):")
    assert f"{web}/missing" in message
    assert {m.label: m.value for m in at.metric}["Releases"] == "2"
    titles = Store(store).read("releases", ["title"])["title"].tolist()
    assert "Officers Seize Cocaine at the Bridge" in titles
    assert f"{web}/missing" in at.dataframe[-1].value["path"].tolist()  # the rejects table on the page
