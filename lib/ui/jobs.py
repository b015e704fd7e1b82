"""The store's background job (lib/jobs.py) on every page: with no store version yet, the first build's
progress instead of the page; while a later job runs, a banner above the page (which keeps working on the
current version); a failure until someone dismisses it; and the Data page's jobs and its last job. A running
job is looked at again every REFRESH seconds by a fragment (st.fragment(run_every=...)), never by waiting in
the script; when it ends the whole page reruns, on the new store version."""

from __future__ import annotations

import streamlit as st

from lib import jobs, settings
from lib.highlight import escape_markdown
from lib.jobs import Job
from lib.ui.pinning import store

REFRESH = 1.0  # seconds between two looks at a running job


def _root():
    return store().root


def first_build(title: str) -> None:
    """There is no store version: build it from the sample corpus (or join the job that runs), show its
    progress under the page's `title` instead of the page, and stop the script. A failed or cancelled job
    is shown with a button to start again, not restarted by every visit."""
    job = jobs.current(_root())
    if job is None or job.status == jobs.DONE or job.dismissed:
        job, _ = jobs.build(_root())
    st.title(title)
    if job.running:
        st.info(
            "No processed store yet: it is being built. This page opens as soon as the first store version "
            "is written; every page and every visitor sees the same run, which goes on whatever the tabs do."
        )
        _progress(job.id, first=True)
    else:
        _outcome(job)
        st.button("Build the store from the sample corpus", key="job_build", type="primary", on_click=_build)
    st.stop()


def _build() -> None:
    jobs.build(_root())


@st.fragment(run_every=REFRESH)
def _progress(job_id: str, first: bool = False) -> None:
    """The running job's progress and a Cancel button; the whole page reruns once the job ended (or, on the
    first build, as soon as a store version exists)."""
    root = _root()
    job = jobs.current(root)
    if job is None or job.id != job_id or not job.running or (first and store().current()):
        st.rerun()
    text, right = st.container(border=True).columns([6, 1], vertical_alignment="center")
    stopping = jobs.cancelling(root, job)
    text.progress(
        job.fraction(),
        text=escape_markdown(
            job.sentence() + (" Cancelling: it stops at its next checkpoint." if stopping else "")
        ),
    )
    right.button(
        "Cancel",
        key="job_cancel",
        on_click=jobs.cancel,
        args=(root, job.id),
        disabled=stopping,
        help="Stop the job at its next checkpoint; the last store version written stays as it is",
    )


def _outcome(job: Job) -> None:
    """How the job ended (or that it runs), in its sentence, and its log."""
    show = {jobs.DONE: st.success, jobs.FAILED: st.error}.get(job.status, st.info)
    show(escape_markdown(job.sentence()))
    with st.expander("Log of the job"):
        st.code(jobs.log(_root()) or "(empty)", language=None)


def banner() -> None:
    """Above every page: the running job's progress, or the last job's failure until dismissed."""
    job = jobs.current(_root())
    if job is None:
        return
    if job.running:
        _progress(job.id)
    elif job.status == jobs.FAILED and not job.dismissed:
        text, right = st.columns([6, 1], vertical_alignment="center")
        text.error(escape_markdown(job.sentence()))
        right.button("Dismiss", key="job_dismiss", on_click=jobs.dismiss, args=(_root(), job.id))


def job_running() -> bool:
    """Whether a job runs on the store (the Data page's buttons wait for it)."""
    job = jobs.current(_root())
    return job is not None and job.running


def _started(job: Job, started: bool) -> None:
    if not started:
        st.warning(escape_markdown(f"A job is running: {job.sentence()} Wait for it to end, or cancel it."))
        return
    st.rerun()  # the banner shows it


def process_job(path) -> None:
    _started(*jobs.process_path(_root(), path))


def fetch_job(urls: list[str]) -> None:
    _started(*jobs.fetch(_root(), urls, settings.path("PRESSROOM_RAW")))


def upload_job(files: list[tuple[str, bytes]]) -> None:
    _started(*jobs.upload(_root(), files, settings.path("PRESSROOM_RAW")))


def last_job() -> None:
    """The Data page: how the last job ended (or that it runs), and its log."""
    job = jobs.current(_root())
    if job is not None:
        st.subheader("Last job")
        _outcome(job)
