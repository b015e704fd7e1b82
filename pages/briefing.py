"""Briefing: chosen charts in a clean 16:9 layout, stamped with the filters; PNG, SVG and CSV for each."""

import streamlit as st

from lib import briefing, charts, export, ui

ui.through_app()

PREVIEW = 0.5  # 800x450 on the page; exports are 1600x900


@st.cache_data(show_spinner=False, max_entries=32)
def _build(
    version: tuple, f, key: str, source: str
):  # keyed by store version and speaker aliases: edits redraw
    spec = briefing.CHARTS[key]
    frames = {
        "releases": ui.selected(f),
        **{t: ui.related(t, list(cols), f) for t, cols in spec.needs.items()},
    }
    if "quotes" in spec.needs:  # the Speakers page's quotes, computed once
        frames["quoted"] = ui.quoted(f)
    return spec.build(frames, f, source)


f = ui.filters()
releases = ui.selected(f)
st.title("Briefing")
st.caption(
    "Charts laid out for slides (16:9). Each carries a caption stamped with the filters, the dates covered, "
    "the number of releases and the store version."
)
chosen = st.multiselect(
    "Charts",
    list(briefing.CHARTS),
    default=["releases", "topics", "speakers"],
    key="briefing_charts",
    format_func=lambda k: briefing.CHARTS[k].title,
    bind="query-params",
)
if releases.empty:
    ui.empty("No release matches the current filters, so there is nothing to brief on.")
    st.stop()
if not chosen:
    st.info("Choose one or more charts above.")
    st.stop()
if not export.available():
    st.warning(
        f"PNG and SVG export needs Chromium, which is not installed here: run `{export.INSTALL}`. "
        "The camera icon in each chart's toolbar still downloads a PNG."
    )
stamp = briefing.stamp(f, releases, ui.version())
for key in chosen:
    fig, data = _build((ui.version(), *ui.speaker_aliases()), f, key, ui.source(len(releases), f))
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
