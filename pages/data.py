"""Data: what the store holds, the files it could not read, and processing new or changed files into it."""
import streamlit as st

from lib import settings, ui
from lib.highlight import escape_markdown
from lib.charts import data as charts
from lib.filters import Filters
from lib.metrics import data as metrics

ui.through_app()


@st.cache_data(show_spinner=False, max_entries=4)
def _summary(root: str, version: str) -> dict:  # keyed by store version: a new processing run shows at once
    about = metrics.summary(ui.table("releases", ["date", "source", "format", "pipeline_version"]),
                            ui.table("files", ["size", "format", "ids"]))
    source = ui.source(about["releases"], Filters())
    return {**about, "chart": charts.releases_per_year(about["per_year"], about["formats"], source)}


store = ui.store()
manifest = store.manifest()
about = _summary(str(store.root), manifest["version"])
st.title("Data")
st.caption(f"The processed store in {escape_markdown(store.root)}, whatever the sidebar filters")
for column, (label, value) in zip(st.columns(4), {
        "Releases": f"{about['releases']:,}", "Files": f"{about['files']:,}", "Store version": manifest["version"],
        "Written (UTC)": manifest["created"][:10]}.items()):
    column.metric(label, value)
now = metrics.pipeline_now()
st.caption(metrics.pipeline_note(metrics.unprocessed(about["versions"], now), manifest.get("pipeline_version", ""), now))

st.subheader("Releases per source directory and format")
st.dataframe(about["per_source"], hide_index=True, key="data_sources", column_config={
    "directory": "Directory", "format": "Format", "releases": "Releases", "files": "Files"})
ui.chart(about["chart"], about["per_year"], "releases_per_year_by_format")

left, right = st.columns(2)
left.subheader("Rows per table")
left.dataframe(metrics.manifest_counts(manifest), hide_index=True, key="data_counts",
               column_config={"table": "Table", "rows": st.column_config.NumberColumn("Rows", format="localized")})
right.subheader("Files read")
right.dataframe(about["files_summary"], hide_index=True,
                key="data_files", column_config={"format": "Format", "files": "Files", "megabytes": "MB",
                                                 "releases": "Releases read"})

st.subheader("Rejected files")
rejects = metrics.latest_rejects(ui.table("rejects"))
if rejects.empty:
    st.write("Every file was read: there are no rejects.")
else:
    st.dataframe(rejects, hide_index=True, key="data_rejects", column_config={
        "path": "File", "reason": "Reason", "time": st.column_config.DatetimeColumn("When (UTC)")})

st.subheader("Process new and changed files")
st.caption("Files already in the store and unchanged are not read again; spaCy runs only on new releases.")
text = st.text_input("File or directory", value=str(settings.path("PRESSROOM_SAMPLE")), key="data_path")
if st.button("Process new and changed files", key="data_process", type="primary"):
    path, problem = metrics.target(text)
    if problem:
        st.error(escape_markdown(problem))
    else:
        from lib.process import process

        bar = st.progress(0.0, text="Reading new and changed files…")
        try:
            summary = process([path], store.root, progress=False, report=lambda done, total: bar.progress(
                done / total, text=f"Processing release {done:,} of {total:,}"))
        except (RuntimeError, OSError, ValueError) as exc:
            bar.empty()
            st.error(escape_markdown(f"Processing stopped: {exc}"))
        else:
            st.session_state["_data_summary"] = metrics.run_summary(summary, manifest["version"])
            st.rerun()
if message := st.session_state.pop("_data_summary", None):
    st.success(message)
