"""Briefing: 16:9 slides stamped with the filters; PNG and SVG through kaleido and Debian's chromium."""

from __future__ import annotations

import json
import struct
from datetime import date

import pandas as pd
import plotly.graph_objects as go
import pytest
from conftest import need

from lib import briefing, charts, export
from lib.filters import Filters


def _releases() -> pd.DataFrame:
    return pd.DataFrame(
        {"id": ["a", "b", "c"], "date": pd.to_datetime(["2019-11-14", "2020-02-28", "2021-07-01"])}
    )


def test_the_stamp_names_filters_dates_count_and_store_version():
    f = Filters(start=date(2019, 10, 1), topics=("narcotics",), query="fentanyl", period="quarter")
    text = briefing.stamp(f, _releases(), "v000042")
    assert text == (
        'Pressroom · 01 Oct 2019 to the latest · topic: narcotics · text "fentanyl" · '
        "published 14 Nov 2019 to 01 Jul 2021 · 3 releases · grouped by quarter · store version v000042"
    )


def test_a_decks_title_slide_gives_the_selection_the_store_version_and_the_date_made():
    f = Filters(topics=("narcotics",), period="year")
    assert briefing.cover(f, _releases().iloc[:1], "v000042", date(2026, 3, 14)) == (
        "Selection: topic: narcotics",
        "1 release, published 14 Nov 2019 to 14 Nov 2019, grouped by year",
        "Store version v000042 · made 14 Mar 2026",
    )


def test_a_slide_keeps_the_data_and_replaces_the_source_caption_with_the_stamp():
    fig = charts.finish(
        go.Figure(go.Bar(x=[1, 2], y=[3, 4])), "Title", "x", "y", "Source: Pressroom store v1"
    )
    slide = charts.slide(fig, "the stamp")
    assert [a.text for a in slide.layout.annotations] == ["the stamp"]
    assert list(slide.data[0].y) == [3, 4] and slide.layout.title.text == "Title"
    assert [a.text for a in fig.layout.annotations] == [
        "Source: Pressroom store v1"
    ]  # the page's chart is untouched


def test_every_briefing_chart_builds_from_the_sample(sample_store):
    from lib.store import Store

    store = Store(sample_store)
    frames = {
        "releases": store.read("releases"),
        **{t: store.read(t) for t in ("topic_mentions", "topic_about", "quotes", "figures")},
    }
    data_of = briefing.inputs(frames, Filters())
    for key, spec in briefing.CHARTS.items():
        fig, data = spec.build(data_of, Filters(), "Source: test")
        assert fig.layout.title.text and len(fig.data) >= 1 and not data.empty, key


@pytest.mark.browser
def test_png_is_1600_by_900_and_svg_is_svg():
    need(export.available(), "Debian's chromium is not installed (apt-get install chromium)")
    fig = charts.slide(
        charts.finish(go.Figure(go.Bar(x=["a", "b"], y=[1, 2])), "T", "x", "y", "Source: s"), "stamp"
    )
    png = export.image(fig, "png")
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and struct.unpack(">II", png[16:24]) == (1600, 900)
    again = export.image(fig, "png")  # the second one uses the browser already running
    assert again[:8] == png[:8]
    svg = export.image(fig, "svg").decode()
    assert svg.startswith("<svg") and "stamp" in svg


@pytest.mark.browser
def test_images_in_quick_succession_each_show_their_own_chart():
    need(export.available(), "Debian's chromium is not installed (apt-get install chromium)")
    figs = [
        charts.slide(
            charts.finish(go.Figure(go.Bar(x=["a"], y=[i])), f"Chart number {i}", "x", "y", "Source: s"),
            "stamp",
        )
        for i in range(4)
    ]
    svgs = [export.image(fig, "svg").decode() for fig in figs]  # tabs are reloaded while the next one draws
    assert [[f"Chart number {j}" in svg for j in range(4)] for svg in svgs] == [
        [i == j for j in range(4)] for i in range(4)
    ]


@pytest.mark.browser
def test_images_asked_for_at_once_from_several_threads_each_show_their_own_chart():
    """Downloads are made in threads of the server, so two visitors (or a deck and a PNG) ask at once."""
    from concurrent.futures import ThreadPoolExecutor

    need(export.available(), "Debian's chromium is not installed (apt-get install chromium)")
    figs = [
        charts.slide(
            charts.finish(go.Figure(go.Bar(x=["a"], y=[i])), f"Chart number {i}", "x", "y", "Source: s"),
            "stamp",
        )
        for i in range(8)
    ]
    with ThreadPoolExecutor(4) as pool:
        svgs = list(pool.map(lambda fig: export.image(fig, "svg").decode(), figs))
    assert [[f"Chart number {j}" in svg for j in range(8)] for svg in svgs] == [
        [i == j for j in range(8)] for i in range(8)
    ]


def test_an_unknown_format_is_refused():
    with pytest.raises(ValueError, match="unknown image format 'gif'"):
        export.image(go.Figure(), "gif")


def test_briefing_page_stamps_each_chart_and_offers_png_svg_csv(open_app):
    at = open_app(page="pages/briefing.py")
    assert not at.exception
    specs = [json.loads(c.proto.spec) for c in at.get("plotly_chart")]
    assert len(specs) == 3
    for spec in specs:
        stamp = spec["layout"]["annotations"][-1]["text"]
        assert "72 releases" in stamp and "store version v" in stamp and "grouped by month" in stamp
        assert (spec["layout"]["width"], spec["layout"]["height"]) == (800, 450)  # the slide at half size
    labels = [b.label for b in at.get("download_button")]
    if export.available():
        assert labels == [
            "Download deck (PowerPoint)",
            "Download deck (PDF)",
            *["PNG (1600×900)", "SVG", "Data (CSV)"] * 3,
        ]


def test_each_chart_takes_a_note_for_its_slide(open_app):
    need(export.available(), "Debian's chromium is not installed (apt-get install chromium)")
    at = open_app(page="pages/briefing.py")
    notes = [a.key for a in at.text_area]
    assert notes == ["briefing_releases_note", "briefing_topics_note", "briefing_speakers_note"]
    at.text_area(key="briefing_topics_note").input("Narcotics leads.").run()
    assert not at.exception and at.text_area(key="briefing_topics_note").value == "Narcotics leads."
    assert [b.label for b in at.get("download_button")][:2] == [
        "Download deck (PowerPoint)",
        "Download deck (PDF)",
    ]


def test_every_chart_can_be_chosen(open_app):
    at = open_app(page="pages/briefing.py")
    at.multiselect(key="briefing_charts").set_value(list(briefing.CHARTS)).run()
    assert not at.exception
    titles = [json.loads(c.proto.spec)["layout"]["title"]["text"] for c in at.get("plotly_chart")]
    assert len(titles) == len(briefing.CHARTS) and len(set(titles)) == len(titles)


def test_briefing_follows_the_filters(open_app):
    at = open_app(page="pages/briefing.py", topic="weapons smuggling", period="year")
    stamp = json.loads(at.get("plotly_chart")[0].proto.spec)["layout"]["annotations"][-1]["text"]
    assert "topic: weapons smuggling" in stamp and "grouped by year" in stamp and "72 releases" not in stamp


def test_without_chromium_the_page_says_how_to_install_it(open_app, monkeypatch):
    monkeypatch.setenv("BROWSER_PATH", "/nonexistent/chromium")
    at = open_app(page="pages/briefing.py")
    assert not at.exception
    assert any("apt-get install chromium" in w.value for w in at.warning)
    assert [b.label for b in at.get("download_button")] == ["Data (CSV)"] * 3  # no deck either
    assert len(at.text_area) == 0  # nor notes for its slides
