"""Overview: what the current filters select: counts, releases over time, top topics and speakers, latest
figures."""

import streamlit as st

from lib import charts, metrics, ui

ui.through_app()


@st.cache_data(show_spinner=False, max_entries=32)
def _latest_figures(key: ui.Key, f):  # key: store version, alias file (a speaker filter selects by it)
    """The 10 latest cited figures, their text read for the releases that hold them only (not kept for every
    figure: 15 MB of text at 200,000 releases)."""
    citing = metrics.latest_citing(ui.related("figures", ["metric"], f), ui.selected(f), 10)
    rows = ui.rows_where(
        "figures", "release_id", citing["id"].tolist(), ["release_id", "text", "start", "metric", "period"]
    )
    return metrics.latest_figures(rows, citing, 10)


f = ui.filters()
releases = ui.selected(f)
quotes = ui.related("quotes", ["speaker"], f)
figures = ui.related("figures", ["metric"], f)
mentions = ui.related("topic_mentions", ["topic"], f)

st.title("Pressroom")
st.caption(f"Government press releases, read at scale · {f.describe()} · store version {ui.version()}")
for column, (label, value) in zip(
    st.columns(4), metrics.overview_counts(releases, quotes, figures).items(), strict=True
):
    column.metric(label.capitalize(), f"{value:,}")
if releases.empty:
    ui.empty("No release matches the current filters.")
    st.stop()

source = ui.source(len(releases), f)
per_period = metrics.releases_per_period(releases, f.period, (f.start, f.end) if f.start and f.end else None)
ui.chart(charts.releases_over_time(per_period, f.period, source), per_period, "releases_per_period")
st.page_link("pages/releases.py", label="Read and search the releases", icon=":material/article:")

topics = metrics.top_topics(ui.related("topic_about", ["topic"], f), mentions)
if topics.empty:
    st.info(
        "None of these releases is about a topic of the taxonomy (a passing mention does not count)."
        if len(mentions)
        else "No topic from the taxonomy is mentioned in these releases."
    )
else:
    ui.chart(charts.top_topics(topics, source, metrics.date_span(releases)), topics, "top_topics")
st.page_link("pages/topics.py", label="Topics over time, co-occurrence and passages", icon=":material/topic:")

left, right = st.columns(2)
with left:
    st.subheader("Most quoted speakers")
    st.dataframe(
        metrics.top_speakers(quotes),
        hide_index=True,
        key="top_speakers",
        column_config={"speaker": "Speaker", "quotes": "Quotes", "releases": "Releases quoted in"},
    )
    st.page_link(
        "pages/speakers.py", label="Speaker rankings and profiles", icon=":material/record_voice_over:"
    )
with right:
    st.subheader("Latest cited figures")
    latest = _latest_figures(ui.key("speakers"), f)
    st.dataframe(
        latest.drop(columns=["release_id"]),
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
    metrics.latest(releases).drop(columns=["id"]),
    hide_index=True,
    key="latest",
    column_config={"date": st.column_config.DateColumn("Published"), "title": "Title", "agency": "Agency"},
)
rejects = ui.table("rejects", ["path"])
if not rejects.empty:
    st.warning(f"{len(rejects)} file(s) could not be read; the Data page lists them with the reasons.")
    st.page_link("pages/data.py", label="Store contents and rejected files", icon=":material/database:")
