"""Data: what the store holds, the files it could not read, and processing new or changed files into it."""

import streamlit as st

from lib import settings, ui
from lib.charts import data as charts
from lib.filters import Filters
from lib.highlight import escape_markdown
from lib.metrics import data as metrics

ui.through_app()


@st.cache_data(show_spinner=False, max_entries=4)
def _chart(key: ui.Key, source: str):  # keyed by store version: a new processing run shows at once
    about = ui.data_summary()
    return charts.releases_per_year(about["per_year"], about["formats"], source)


store = ui.store()
manifest = store.manifest(ui.version())  # the version this run reads
about = ui.data_summary()
chart = _chart(ui.key(), ui.source(about["releases"], Filters()))
st.title("Data")
st.caption(f"The processed store in {escape_markdown(store.root)}, whatever the sidebar filters")
for column, (label, value) in zip(
    st.columns(4),
    {
        "Releases": f"{about['releases']:,}",
        "Files": f"{about['files']:,}",
        "Store version": manifest["version"],
        "Written (UTC)": manifest["created"][:10],
    }.items(),
    strict=True,
):
    column.metric(label, value)
now = metrics.pipeline_now()
st.caption(
    metrics.pipeline_note(
        metrics.unprocessed(about["versions"], now), manifest.get("pipeline_version", ""), now
    )
)

st.subheader("Releases per source directory and format")
st.dataframe(
    about["per_source"],
    hide_index=True,
    key="data_sources",
    column_config={"directory": "Directory", "format": "Format", "releases": "Releases", "files": "Files"},
)
ui.chart(chart, about["per_year"], "releases_per_year_by_format")

left, right = st.columns(2)
left.subheader("Rows per table")
left.dataframe(
    metrics.manifest_counts(manifest),
    hide_index=True,
    key="data_counts",
    column_config={"table": "Table", "rows": st.column_config.NumberColumn("Rows", format="localized")},
)
right.subheader("Files read")
right.dataframe(
    about["files_summary"],
    hide_index=True,
    key="data_files",
    column_config={"format": "Format", "files": "Files", "megabytes": "MB", "releases": "Releases read"},
)

st.subheader("Rejected files")
rejects = metrics.latest_rejects(ui.table("rejects"))
if rejects.empty:
    st.write("Every file was read: there are no rejects.")
else:
    st.dataframe(
        rejects,
        hide_index=True,
        key="data_rejects",
        column_config={
            "path": "File",
            "reason": "Reason",
            "time": st.column_config.DatetimeColumn("When (UTC)"),
        },
    )

st.subheader("Add releases")
st.caption(
    "New releases appear on every page as soon as processing ends. Files and pages already in the store and "
    "unchanged are not read again; spaCy runs only on new releases. Each runs as a job of the server: it "
    "goes on whatever this tab does, every page shows its progress, and one runs at a time."
)
busy = ui.job_running()
upload_tab, fetch_tab, folder_tab = st.tabs(["Upload files", "Fetch pages or feeds", "Process a folder"])
with upload_tab:
    files = st.file_uploader(
        "Release files: txt, html, md, jsonl, json, csv, or a zip of those",
        accept_multiple_files=True,
        key="data_upload",
    )
    if st.button(
        "Add and process the uploaded files", key="data_upload_go", type="primary", disabled=busy or not files
    ):
        ui.upload_job([(f.name, f.getvalue()) for f in files])

with fetch_tab:
    urls = st.text_area(
        "Addresses of release pages or of RSS/Atom feeds, one per line",
        key="data_urls",
        placeholder="https://www.example.gov/news/release.html\nhttps://www.example.gov/news/feed.xml",
    )
    if st.button("Fetch and process", key="data_fetch_go", type="primary", disabled=busy or not urls.strip()):
        ui.fetch_job(urls.splitlines())

with folder_tab:
    text = st.text_input("File or directory", value=str(settings.path("PRESSROOM_SAMPLE")), key="data_path")
    if st.button("Process new and changed files", key="data_process", type="primary", disabled=busy):
        path, problem = metrics.target(text)
        if problem:
            st.error(escape_markdown(problem))
        else:
            ui.process_job(path)
ui.last_job()
