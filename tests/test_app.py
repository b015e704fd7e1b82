"""The dashboard through AppTest (in-process): the overview page and the shared sidebar filters."""

from __future__ import annotations

import base64
import json

import numpy as np


def chart_spec(at) -> dict:
    return json.loads(at.get("plotly_chart")[0].proto.spec)


def values(array) -> list:
    """Plotly JSON stores numeric arrays as base64 typed arrays ({"dtype", "bdata"})."""
    if isinstance(array, dict) and "bdata" in array:
        return np.frombuffer(base64.b64decode(array["bdata"]), dtype=array["dtype"]).tolist()
    return list(array)


def test_overview_shows_the_counts_of_the_store(open_app):
    at = open_app()
    assert not at.exception
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Releases"] == "72"
    assert int(metrics["Quotes"].replace(",", "")) > 100 and int(metrics["Figures"].replace(",", "")) > 200
    spec = chart_spec(at)
    assert spec["layout"]["title"]["text"] == "Releases per month, Nov 2018 to Sep 2025"
    assert sum(values(spec["data"][0]["y"])) == 72
    # AppTest does not expose the keys of read-only dataframes: the latest figures are the one with a metric
    # column
    latest = next(d.value for d in at.dataframe if "metric" in d.value.columns)
    assert (
        len(latest) == 10 and latest["text"].str.strip().ne("").all() and (latest["metric"] != "other").all()
    )
    assert latest["date"].is_monotonic_decreasing


def test_changing_the_period_changes_the_chart(open_app):
    at = open_app()
    monthly = chart_spec(at)["data"][0]["x"]
    at.segmented_control(key="period").set_value("fiscal year").run()
    yearly = chart_spec(at)
    assert (
        len(values(yearly["data"][0]["x"])) < len(values(monthly))
        and sum(values(yearly["data"][0]["y"])) == 72
    )
    assert yearly["layout"]["title"]["text"] == "Releases per fiscal year, FY2019 to FY2025"


def test_a_topic_filter_narrows_every_count_and_the_url_restores_it(open_app):
    everything = {m.label: int(m.value.replace(",", "")) for m in open_app().metric}
    at = open_app(topic="weapons smuggling", period="year")
    narrowed = {m.label: int(m.value.replace(",", "")) for m in at.metric}
    assert not at.exception and at.multiselect(key="topic").value == ["weapons smuggling"]
    assert 0 < narrowed["Releases"] < everything["Releases"] and narrowed["Quotes"] < everything["Quotes"]
    assert "topic: weapons smuggling" in at.caption[0].value
    assert chart_spec(at)["layout"]["title"]["text"].startswith("Releases per year")


def test_a_filter_that_matches_nothing_says_so(open_app):
    at = open_app(q="no release says this 7c1f")
    assert not at.exception and at.metric[0].value == "0"
    assert "No release matches the current filters" in at.info[0].value


def test_missing_store_is_built_from_the_sample_by_a_job_whose_progress_shows_instead_of_the_page(
    open_app, tmp_path
):
    from lib import jobs

    store = tmp_path / "fresh"
    at = open_app(store=store)
    assert not at.exception and not at.error
    assert [t.value for t in at.title] == ["Overview"] and not at.metric  # the page waits for its store
    assert at.info[0].value.startswith("No processed store yet: it is being built.")
    assert len(at.get("progress")) == 1 and at.button(key="job_cancel").label == "Cancel"
    job = jobs.wait(store)
    assert (job.kind, job.status, job.done, job.total) == ("build", "done", 72, 72)
    at.run()
    assert not at.exception and [t.value for t in at.title] == ["Pressroom"]
    assert {m.label: m.value for m in at.metric}["Releases"] == "72"
    assert [p.name for p in (store / "versions").iterdir()] == ["v000001"]
