"""Figures: the numbers releases cite for one metric, over time, with their qualifiers, beside official
statistics."""

import streamlit as st

from lib import official, ui
from lib.charts import figures as charts
from lib.metrics import figures as fm

ui.through_app()

CONFIG = {
    **{c: st.column_config.NumberColumn(label, format="localized") for c, label in fm.NUMBER_LABELS.items()},
    "date": st.column_config.DateColumn("Published"),
    "link": st.column_config.LinkColumn("Release", display_text="open"),
    "difference_pct": st.column_config.NumberColumn("Difference", format="%+.1f%%"),
}


@st.cache_data(show_spinner=False, max_entries=4)
def _official(name: str, data: bytes):
    return official.read_bytes(data, name)


f = ui.filters()
choices = ui.figures.metric_choices(f)
st.title("Figures")
if not choices:
    ui.empty("The selected releases cite no figure.")
    st.stop()
left, right = st.columns([2, 3])
metric = left.selectbox("Metric", choices, key="figures_metric", bind="query-params")
by = fm.PLACEMENTS[
    ui.choice(right, "Place figures by", list(fm.PLACEMENTS), "period referred to", "figures_by")
]
with st.expander("Compare with official statistics", expanded=official.configured() is not None):
    upload = st.file_uploader(
        "Official statistics CSV", type="csv", key="figures_official", help=official.HELP
    )
    try:
        src = official.source(upload)
        stats = _official(*src) if src else None
    except official.OfficialStatsError as exc:
        st.error(f"The official statistics were not loaded. {exc}")
        stats = None
    regions = official.regions(stats)
    region = st.selectbox(
        "Region of the official series",
        regions,
        key="figures_region",
        bind="query-params",
        disabled=len(regions) < 2,
    )

placed = ui.figures.placed(metric, by, f)
kinds = placed.families  # unit family -> claims, most first: one family on the axis at a time
first = next(iter(kinds), fm.COUNT)
left, right = st.columns([3, 1])
family = (
    left.segmented_control(
        "Unit",
        list(kinds),
        default=first if kinds else None,
        key="figures_unit",
        format_func=fm.axis_label,
        bind="query-params",
    )
    or first
)
log = right.toggle("Log scale", key="figures_log", bind="query-params")
drawn = fm.of_family(placed.points, family)
# official series count people: compared with the counts only
total, name = official.series(stats, metric, region) if family == fm.COUNT else (None, "")
line = fm.official_line(total, drawn) if total is not None else None
if drawn.empty:
    ui.empty(f"No {metric} figure here is an amount with a date or a period to place it by.")
else:
    fig = charts.over_time(
        drawn,
        metric,
        by,
        ui.source(placed.releases, f),
        fm.span_label(drawn),
        line,
        name,
        kinds.get(family),
        fm.axis_label(family),
        log,
    )
    event = ui.chart(
        fig, fm.chart_data(drawn, line, name), f"figures_{metric.replace(' ', '_')}", on_select="rerun"
    )
    st.caption(fm.CAPTION)
    for row in ui.figures.members(metric, by, f, fm.selected_points(event)).itertuples():
        st.markdown(
            f"**{fm.markdown_text(row.text)}** in [{fm.markdown_text(row.title)}]"
            f"({ui.link('releases', release=row.release_id)}), {row.published}"
        )
        st.caption(fm.markdown_text(row.sentence))
if total is not None:
    st.subheader(f"Cited {metric} against official statistics")
    gaps = ui.figures.gaps(metric, by, f, total)
    if gaps.empty:
        st.info(fm.no_gaps(metric, total))
    else:
        st.dataframe(
            fm.with_links(gaps, ui.link("releases")),
            hide_index=True,
            key="figures_gaps",
            column_config={**CONFIG, **fm.GAP_LABELS},
        )
        st.caption(f"{name}. {fm.GAP_CAPTION}")
listing = placed.listing
st.subheader(f"Cited {metric} figures: {fm.listed(len(listing), placed.figures)}")
st.dataframe(
    fm.with_links(listing, ui.link("releases")),
    hide_index=True,
    key="figures_table",
    column_config={**CONFIG, **fm.TABLE_LABELS},
)
