"""Hostile text through processing and exports: markup, script, formulas, zero-width and bidirectional
controls, a 1 MB line and thousands of quotes are stored and exported as text. (The pages are tried in
test_browser.py.)"""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET

import pandas as pd
import plotly.graph_objects as go
import pytest

from lib import charts, export
from lib.process import process
from lib.store import Store
from tests.conftest import need

QUOTES = 2_000
SCRIPT = "<script>window.__pwned=1</script>"


def hostile_release() -> str:
    """Markup in the title and a speaker's name, a formula, invisible characters, 2,000 quotes, one 1 MB
    line."""
    quotes = "\n\n".join(
        f'"Shipment {i} {SCRIPT} was =HYPERLINK(http://x)," said Agent Maria Lopez.' for i in range(QUOTES)
    )
    line = ("A1b2C3d4+/=" * 91_000)[:1_000_000]  # one line of a megabyte, like an inlined image
    return (
        "=cmd|' /C calc'!A0 Officers <img src=x onerror=alert(1)> seize fen\u200btanyl "
        "\u202egnp.exe\u202c\n\nOfficers seized 500 pounds of fen\u200btanyl at the port, said Port Director "
        f"<b onmouseover=alert(2)>Ana</b> Ruiz.\n\n{quotes}\n\n{line}\n\nThe end of the release."
    )


@pytest.fixture(scope="module")
def hostile_store(tmp_path_factory):
    corpus = tmp_path_factory.mktemp("hostile_corpus")
    (corpus / "hostile.txt").write_text(hostile_release(), encoding="utf-8")
    store = tmp_path_factory.mktemp("hostile_store")
    summary = process([corpus], store, progress=False)
    assert summary.processed == 1 and not summary.rejects
    return Store(store)


def test_the_release_is_stored_as_text_with_invisible_controls_removed(hostile_store):
    release = hostile_store.read("releases").iloc[0]
    assert (
        release["title"] == "=cmd|' /C calc'!A0 Officers <img src=x onerror=alert(1)> seize fentanyl gnp.exe"
    )
    assert SCRIPT in release["body"] and "<b onmouseover=alert(2)>Ana</b>" in release["body"]
    assert not any(c in release["body"] for c in "\u200b\u202e\u202c")
    assert max(len(p) for p in release["body"].split("\n\n")) == 1_000_000  # the long line is kept whole
    assert release["body"].endswith("The end of the release.")


def test_thousands_of_quotes_are_all_extracted_and_kept_verbatim(hostile_store):
    quotes = hostile_store.read("quotes")
    lopez = quotes[quotes["speaker"] == "Maria Lopez"]
    assert len(lopez) == QUOTES
    assert lopez["text"].str.contains(SCRIPT, regex=False).all()


def test_zero_width_characters_cannot_hide_a_topic(hostile_store):
    mentions = hostile_store.read("topic_mentions")
    assert "narcotics" in set(mentions["topic"])
    assert "fentanyl" in set(mentions["term"].str.lower())


def test_csv_exports_show_formulas_as_text():
    frame = pd.DataFrame(
        {
            "title": ["=cmd|' /C calc'!A0", "+1", "-2+3", "@SUM(A1)", "\tx", "plain", "a=b"],
            "count": [1, -2, 3, 4, 5, 6, 7],
        }
    )
    cells = pd.read_csv(io.StringIO(charts.to_csv(frame)))
    assert list(cells["title"]) == [
        "'=cmd|' /C calc'!A0",
        "'+1",
        "'-2+3",
        "'@SUM(A1)",
        "'\tx",
        "plain",
        "a=b",
    ]
    assert list(cells["count"]) == [1, -2, 3, 4, 5, 6, 7]  # numbers stay numbers


def test_the_hostile_quotes_csv_has_no_cell_a_spreadsheet_would_run(hostile_store):
    text = charts.to_csv(hostile_store.read("quotes")[["speaker", "text"]])
    rows = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
    assert not rows.apply(lambda col: col.str.match(r"^[=+\-@\t\r]")).any().any()


@pytest.mark.browser
def test_an_exported_svg_shows_hostile_labels_as_text():
    need(export.available(), "Debian's chromium is not installed (apt-get install chromium)")
    label = charts.safe(f"Ana {SCRIPT} <img src=x onerror=alert(1)> <a href='javascript:alert(3)'>x</a>")
    fig = charts.slide(
        charts.finish(
            go.Figure(go.Bar(x=[label], y=[3], hovertext=[label])), label, "who", "quotes", "Source: test"
        ),
        "stamp",
    )
    svg = export.image(fig, "svg").decode()
    root = ET.fromstring(svg)
    tags = {el.tag.rsplit("}", 1)[-1] for el in root.iter()}
    assert not tags & {"script", "img", "image", "foreignObject", "iframe"}, tags
    attributes = {name.lower() for el in root.iter() for name in el.attrib}
    assert not any(a.startswith("on") for a in attributes)
    assert not any("javascript:" in v for el in root.iter() for v in el.attrib.values())
    assert "&lt;script&gt;" in svg or "<script>" not in svg
