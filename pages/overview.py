"""Overview: what the current filters select: counts, releases over time, top topics and speakers, latest
figures."""

import streamlit as st

from lib import charts, ui

ui.through_app()


def _overview(f):
    """Everything the page shows of the selection, computed by lib.query over the store version (lib/ui caches
    each part)."""
    topics, mentions = ui.top_topics(f)
    return {
        "counts": ui.overview_counts(f),
        "per_period": ui.releases_per_period(f),
        "span": ui.date_span(f),
        "topics": topics,
        "mentions": mentions,
        "speakers": ui.top_speakers(f),
        "figures": ui.latest_figures(f),
        "latest": ui.latest(f),
    }


f = ui.filters()
found = _overview(f)
st.title("Pressroom")
st.caption(f"Government press releases, read at scale · {f.describe()} · store version {ui.version()}")
for column, (label, value) in zip(st.columns(4), found["counts"].items(), strict=True):
    column.metric(label.capitalize(), f"{value:,}")
if not found["counts"]["releases"]:
    ui.empty("No release matches the current filters.")
    st.stop()

source = ui.source(found["counts"]["releases"], f)
per_period = found["per_period"]
ui.chart(charts.releases_over_time(per_period, f.period, source), per_period, "releases_per_period")
st.page_link("pages/releases.py", label="Read and search the releases", icon=":material/article:")

topics = found["topics"]
if topics.empty:
    st.info(
        "None of these releases is about a topic of the taxonomy (a passing mention does not count)."
        if found["mentions"]
        else "No topic from the taxonomy is mentioned in these releases."
    )
else:
    ui.chart(charts.top_topics(topics, source, found["span"]), topics, "top_topics")
st.page_link("pages/topics.py", label="Topics over time, co-occurrence and passages", icon=":material/topic:")

left, right = st.columns(2)
with left:
    st.subheader("Most quoted speakers")
    st.dataframe(
        found["speakers"],
        hide_index=True,
        key="top_speakers",
        column_config={"speaker": "Speaker", "quotes": "Quotes", "releases": "Releases quoted in"},
    )
    st.page_link(
        "pages/speakers.py", label="Speaker rankings and profiles", icon=":material/record_voice_over:"
    )
with right:
    st.subheader("Latest cited figures")
    st.dataframe(
        found["figures"].drop(columns=["release_id"]),
        hide_index=True,
        key="latest_figures",
        column_config={
            "date": st.column_config.DateColumn("Published"),
            "text": "Figure",
            "metric": "Metric",
            "period": "Period",
            "title": "Release",
        },
    )
    st.page_link("pages/figures.py", label="Cited figures over time", icon=":material/monitoring:")

st.subheader("Latest releases")
st.dataframe(
    found["latest"].drop(columns=["id"]),
    hide_index=True,
    key="latest",
    column_config={"date": st.column_config.DateColumn("Published"), "title": "Title", "agency": "Agency"},
)
rejects = ui.table("rejects", ["path"])
if not rejects.empty:
    st.warning(f"{len(rejects)} file(s) could not be read; the Data page lists them with the reasons.")
    st.page_link("pages/data.py", label="Store contents and rejected files", icon=":material/database:")
