"""Data: what the store holds, the files it could not read, and processing new or changed files into it."""

import streamlit as st

from lib import settings, ui
from lib.charts import data as charts
from lib.errors import PressroomError
from lib.filters import Filters
from lib.highlight import escape_markdown
from lib.metrics import data as metrics

ui.through_app()


@st.cache_data(show_spinner=False, max_entries=4)
def _summary(key: ui.Key) -> dict:  # keyed by store version: a new processing run shows at once
    about = metrics.summary(
        ui.read_once("releases", ["date", "source", "format", "pipeline_version"]),
        ui.read_once("files", ["size", "format"]).assign(releases=ui.lengths("files", "ids")),
    )
    source = ui.source(about["releases"], Filters())
    return {**about, "chart": charts.releases_per_year(about["per_year"], about["formats"], source)}


store = ui.store()
manifest = store.manifest(ui.version())  # the version this run reads
about = _summary(ui.key())
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
ui.chart(about["chart"], about["per_year"], "releases_per_year_by_format")

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
    "unchanged are not read again; spaCy runs only on new releases."
)
upload_tab, fetch_tab, folder_tab = st.tabs(["Upload files", "Fetch pages or feeds", "Process a folder"])


def _run(label: str, work) -> None:
    """Runs work(report) under a progress bar; keeps the one-sentence result for after the rerun."""
    bar = st.progress(0.0, text=label)

    def report(done: int, total: int, text: str = "Processing") -> None:
        bar.progress(
            min(done / total, 1.0) if total else 0.0,
            text=f"{text}: {done:,} of {total:,}" if total else f"{text}: {done:,}",
        )

    try:
        message = work(report)
    except PressroomError as exc:
        bar.empty()
        st.error(escape_markdown(f"Processing stopped: {exc}"))
    else:
        st.session_state["_data_summary"] = message
        st.rerun()


with upload_tab:
    files = st.file_uploader(
        "Release files: txt, html, md, jsonl, json, csv, or a zip of those",
        accept_multiple_files=True,
        key="data_upload",
    )
    if st.button(
        "Add and process the uploaded files", key="data_upload_go", type="primary", disabled=not files
    ):
        from lib.fetch import save_uploads
        from lib.process import process

        def work(report):
            saved = save_uploads([(f.name, f.getvalue()) for f in files], settings.path("PRESSROOM_RAW"))
            refused = "".join(f" {name} was not added: {why}." for name, why in saved.rejects)
            if not saved.paths:
                raise PressroomError(f"no file was added.{refused}")
            summary = process(saved.paths, store.root, progress=False, report=report)
            return metrics.run_summary(summary, manifest["version"]) + refused

        _run("Saving the uploads", work)

with fetch_tab:
    urls = st.text_area(
        "Addresses of release pages or of RSS/Atom feeds, one per line",
        key="data_urls",
        placeholder="https://www.example.gov/news/release.html\nhttps://www.example.gov/news/feed.xml",
    )
    if st.button("Fetch and process", key="data_fetch_go", type="primary", disabled=not urls.strip()):
        from lib.fetch import fetch_urls

        def work(report):
            summary = fetch_urls(urls.splitlines(), settings.path("PRESSROOM_RAW"), store.root, report=report)
            failed = "".join(f" {url}: {why}." for url, why in summary.failures)
            fetched = f"Fetched {len(summary.fetched):,} new page(s), {summary.already:,} fetched before" + (
                f"; {len(summary.failures):,} failed (listed under rejects):{failed}" if failed else "."
            )
            return fetched + (
                " " + metrics.run_summary(summary.processed, manifest["version"]) if summary.processed else ""
            )

        _run("Fetching", work)

with folder_tab:
    text = st.text_input("File or directory", value=str(settings.path("PRESSROOM_SAMPLE")), key="data_path")
    if st.button("Process new and changed files", key="data_process", type="primary"):
        path, problem = metrics.target(text)
        if problem:
            st.error(escape_markdown(problem))
        else:
            from lib.process import process

            _run(
                "Reading new and changed files",
                lambda report: metrics.run_summary(
                    process([path], store.root, progress=False, report=report), manifest["version"]
                ),
            )
if message := st.session_state.pop("_data_summary", None):
    st.success(escape_markdown(message))
