"""Overview: what the processed store holds."""
import streamlit as st

from lib import charts, metrics, settings, ui

try:
    ui.ensure_store()
    releases = ui.table("releases", ["id", "title", "date", "agency", "source"])
    quotes, figures = ui.table("quotes", ["speaker"]), ui.table("figures", ["value"])
    rejects = ui.table("rejects")
except (OSError, RuntimeError, ValueError) as exc:  # settings, store format, schema
    st.error(f"The processed store could not be loaded: {exc}")
    st.stop()

st.title("Pressroom")
st.caption(f"Government press releases, read at scale · store version {ui.version()}")
counts = metrics.overview_counts(releases, quotes, figures)
for column, (label, value) in zip(st.columns(4), counts.items()):
    column.metric(label.capitalize(), f"{value:,}")
if rejects.empty:
    st.caption("Every file read was accepted.")
else:
    st.warning(f"{len(rejects)} file(s) could not be read; see the table below.")

period = st.segmented_control("Period", list(metrics.PERIODS), default="quarter", key="period") or "quarter"
per_period = metrics.releases_per_period(releases, period)
if per_period.empty:
    st.info("No dated releases in the store yet.")
else:
    st.plotly_chart(charts.releases_over_time(per_period, period, ui.version()), key="releases_chart")
    st.download_button("Download the chart's data (CSV)", per_period.to_csv(index=False), "releases_per_period.csv",
                       "text/csv", key="releases_csv")

st.subheader("Latest releases")
st.dataframe(metrics.latest(releases), hide_index=True, key="latest",
             column_config={"date": st.column_config.DateColumn("Published")})
if not rejects.empty:
    st.subheader("Files that could not be read")
    st.dataframe(rejects, hide_index=True, key="rejects")
