"""Briefing: chosen charts in a clean 16:9 layout, stamped with the filters; PNG, SVG and CSV for each, and
all of them as a deck (PowerPoint and PDF) with a note per slide."""

from datetime import date

import streamlit as st

from lib import briefing, charts, deck, export, ui

ui.through_app()

PREVIEW = 0.5  # 800x450 on the page; exports are 1600x900


@st.cache_data(show_spinner=False, max_entries=32)
def _build(version: ui.Key, f, key: str, source: str):  # store version and vocabularies: edits redraw
    return briefing.CHARTS[key].build(ui.briefing.data(key, f), f, source)


def _typed(keys: list[str]):
    """The notes as they are when the deck is made. A note typed but not yet sent when a deck button is
    clicked is sent by that click and reaches the session's state in the run the click starts, after this run
    made the button; so the notes are read from that state, in the thread that makes the deck, where
    st.session_state is not available."""
    read = ui.session_state_reader()
    return lambda: [str(read(k) or "") for k in keys]


f = ui.filters()
releases = ui.summary(f)  # how many, the first and last date
st.title("Briefing")
st.caption(
    "Charts laid out for slides (16:9). Each carries a caption stamped with the filters, the dates covered, "
    "the number of releases and the store version. The deck holds them all, a slide a chart, with your notes."
)
chosen = st.multiselect(
    "Charts",
    list(briefing.CHARTS),
    default=["releases", "topics", "speakers"],
    key="briefing_charts",
    format_func=lambda k: briefing.CHARTS[k].title,
    bind="query-params",
)
if not releases["releases"]:
    ui.empty("No release matches the current filters, so there is nothing to brief on.")
    st.stop()
if not chosen:
    st.info("Choose one or more charts above.")
    st.stop()
if not export.available():
    st.warning(
        f"PNG, SVG and deck export need Chromium, which is not installed here: run `{export.INSTALL}`. "
        "The camera icon in each chart's toolbar still downloads a PNG."
    )
stamp = briefing.stamp(f, releases, ui.version())
downloads = st.container(horizontal=True)  # the deck's buttons, filled once every chart is drawn
figs = []
for key in chosen:
    fig, data = _build(ui.key("speakers", "topics", "units"), f, key, ui.source(releases["releases"], f))
    slide = charts.slide(fig, stamp)
    # The preview is the slide at half size, laid out exactly as the export (type, margins, stamp).
    st.plotly_chart(
        charts.slide(fig, stamp, PREVIEW),
        key=f"briefing_{key}",
        width="content",
        config={
            "displaylogo": False,
            "toImageButtonOptions": {"format": "png", "filename": key, "scale": 1 / PREVIEW},
        },
    )
    if export.available():  # the note goes on the chart's slide in the deck
        st.text_area(
            "Note for this slide (optional)",
            key=f"briefing_{key}_note",
            help="Shown under the chart on the deck's slide, and kept in the slide's notes.",
            max_chars=deck.MAX_NOTE_LINES * deck.NOTE_CHARS,
            height=68,
        )
        figs.append(fig)
    png, svg, csv = st.columns(3)
    if export.available():
        png.download_button(
            "PNG (1600×900)",
            lambda s=slide: export.image(s, "png"),
            f"{key}.png",
            "image/png",
            key=f"briefing_{key}_png",
            on_click="ignore",
        )
        svg.download_button(
            "SVG",
            lambda s=slide: export.image(s, "svg"),
            f"{key}.svg",
            "image/svg+xml",
            key=f"briefing_{key}_svg",
            on_click="ignore",
        )
    csv.download_button(
        "Data (CSV)",
        charts.to_csv(data),
        f"{key}.csv",
        "text/csv",
        key=f"briefing_{key}_csv",
        on_click="ignore",
    )
    st.divider()
if export.available():  # the deck: every chart above with its note, made when a button is clicked
    cover = deck.Cover(deck.COVER_TITLE, briefing.cover(f, releases, ui.version(), date.today()))
    notes = _typed([f"briefing_{key}_note" for key in chosen])
    for kind, (label, mime, _) in deck.FORMATS.items():
        downloads.download_button(
            label,
            lambda kind=kind: deck.make(kind, cover, figs, stamp, notes),
            f"briefing-{date.today()}.{kind}",
            mime,
            key=f"briefing_deck_{kind}",
            on_click="ignore",
            type="primary" if kind == "pptx" else "secondary",
        )
