"""Overview: what the current filters select: counts, releases over time, top topics and speakers, latest figures."""
import streamlit as st

from lib import charts, metrics, ui

f = ui.filters()
releases = ui.selected(f)
quotes = ui.related("quotes", ["speaker"], f)
figures = ui.related("figures", ["text", "start", "metric", "period"], f)
mentions = ui.related("topic_mentions", ["topic"], f)

st.title("Pressroom")
st.caption(f"Government press releases, read at scale · {f.describe()} · store version {ui.version()}")
for column, (label, value) in zip(st.columns(4), metrics.overview_counts(releases, quotes, figures).items()):
    column.metric(label.capitalize(), f"{value:,}")
if releases.empty:
    ui.empty("No release matches the current filters.")
    st.stop()

per_period = metrics.releases_per_period(releases, f.period, (f.start, f.end) if f.start and f.end else None)
ui.chart(charts.releases_over_time(per_period, f.period, ui.source(len(releases), f)), per_period, "releases_per_period")

left, right = st.columns(2)
with left:
    topics = metrics.top_topics(mentions)
    if topics.empty:
        st.info("No topic from the taxonomy is mentioned in these releases.")
    else:
        ui.chart(charts.top_topics(topics, ui.source(len(releases), f), metrics.date_span(releases)), topics, "top_topics")
with right:
    st.subheader("Most quoted speakers")
    st.dataframe(metrics.top_speakers(quotes), hide_index=True, key="top_speakers")
    st.subheader("Latest cited figures")
    latest = metrics.latest_figures(figures, releases, 8).drop(columns=["release_id"])
    st.dataframe(latest, hide_index=True, key="latest_figures",
                 column_config={"date": st.column_config.DateColumn("Published"), "text": "Figure"})

st.subheader("Latest releases")
st.dataframe(metrics.latest(releases).drop(columns=["id"]), hide_index=True, key="latest",
             column_config={"date": st.column_config.DateColumn("Published")})
rejects = ui.table("rejects")
if not rejects.empty:
    st.warning(f"{len(rejects)} file(s) could not be read; the Data page lists them with the reasons.")
