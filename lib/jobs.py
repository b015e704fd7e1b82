"""Background jobs: the long runs the dashboard starts (the first build of the store, processing a folder,
fetching pages, processing uploads) run in a process of their own, `python -m lib job --run ID`, one at a time
per store, whatever the browser tabs do (closing, navigating, reloading, a second visitor).

A job lives in the store directory, so every session of every server on that store sees it:

- `job.json`  its state: kind, what, started, step, done of total, status (running, done, failed, cancelled),
              its message (the result, or why it stopped, in one sentence);
- `job.log`   what its process printed (the log the Data page shows);
- `job.lock`  held (flock) by the job's process for as long as it lives: a job recorded as running whose lock
              nobody holds died with its process, and is recorded as failed when next read;
- `job.cancel` asks it to stop: read at every progress report, where the run stops without committing, so the
              last committed store version stays whole.

Streamlit-free: lib/ui/jobs.py draws it."""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
import traceback
import uuid
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, fields
from datetime import datetime
from pathlib import Path
from typing import IO

from lib import settings
from lib.errors import PressroomError
from lib.store import Store

STATE, LOG, LOCK, CANCEL, FILES = "job.json", "job.log", "job.lock", "job.cancel", "job-files"
RUNNING, DONE, FAILED, CANCELLED = "running", "done", "failed", "cancelled"
WRITE_EVERY = 0.25  # seconds between two writes of a running job's progress (a step change writes at once)
PROCESSING = "processing release"  # the step while spaCy runs


class JobBusy(PressroomError):
    """The store's job lock is held but no running job is recorded (a job starting or ending)."""


class Cancelled(Exception):
    """Raised at a progress report once the job was asked to stop."""


class Interrupted(BaseException):
    """SIGTERM reached the job's process (as Ctrl-C in the server's terminal raises KeyboardInterrupt)."""


def _interrupted(signum, frame) -> None:
    raise Interrupted


@dataclass
class Job:
    id: str
    kind: str  # build, process, fetch or upload
    what: str  # "Processing data/sample": what the job does, for every page
    spec: dict  # what the kind needs: paths, urls, the raw directory, the uploaded files' names
    started: str  # local time, ISO 8601 with its offset
    status: str = RUNNING
    step: str = "starting"
    done: int = 0
    total: int = 0
    message: str = ""  # the result (done), or why it stopped (failed, cancelled)
    finished: str = ""
    pid: int = 0
    dismissed: bool = False  # a failure someone dismissed: no longer shown on every page

    @property
    def running(self) -> bool:
        return self.status == RUNNING

    def progress(self) -> str:
        """'processing release 32 of 72, started 14:02'."""
        counted = f"{self.step} {self.done:,} of {self.total:,}" if self.total else self.step
        return f"{counted}, started {clock(self.started)}"

    def fraction(self) -> float:
        return min(self.done / self.total, 1.0) if self.total else 0.0

    def sentence(self) -> str:
        """The job in one sentence: its progress while it runs, else its result or why it stopped."""
        if self.running:
            return f"{self.what}: {self.progress()}."
        if self.status == FAILED:
            return f"{self.what} stopped: {self.message}"
        return self.message


def clock(iso: str) -> str:
    """'14:02' today, else '6 Dec 14:02'."""
    when = datetime.fromisoformat(iso)
    today = datetime.now(when.tzinfo).date()
    return when.strftime("%H:%M") if when.date() == today else f"{when.day} {when.strftime('%b %H:%M')}"


def _now() -> str:
    return datetime.now().astimezone().isoformat(timespec="seconds")


# ---- the state file and the lock ---------------------------------------------------------------------------


def _read(root: Path) -> Job | None:
    try:
        data = json.loads((root / STATE).read_text(encoding="utf-8"))
    except (OSError, ValueError):  # none yet, or not a store: no job to show
        return None
    known = {f.name for f in fields(Job)}
    return Job(**{k: v for k, v in data.items() if k in known})


def _write(root: Path, job: Job) -> None:
    """Atomically: a reader sees the old state or the new one. Only the lock's holder writes."""
    tmp = root / f".{STATE}.{os.getpid()}.{threading.get_ident()}.tmp"
    tmp.write_text(json.dumps(asdict(job), indent=1), encoding="utf-8")
    os.replace(tmp, root / STATE)


def _try_lock(root: Path) -> IO | None:
    """The job lock, taken; None when a job's process holds it."""
    try:
        handle = open(root / LOCK, "a+")  # noqa: SIM115 (held beyond this function, closed by the caller)
    except PermissionError:  # a store served read-only: flock works on a file open for reading
        handle = open(root / LOCK)  # noqa: SIM115
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        handle.close()
        return None
    return handle


def _lock_unless_running(root: Path) -> tuple[IO | None, Job | None]:
    """(the job lock, None), or (None, the running job) when a job runs. The lock is also held for an
    instant by a job writing its outcome before its process ends, and by a reader's check: waited for."""
    for _ in range(250):
        handle = _try_lock(root)
        if handle is not None:
            return handle, None
        job = _read(root)
        if job is not None and job.running:
            return None, job
        time.sleep(0.02)
    raise JobBusy(f"A job on the store in {root} is starting or ending; try again in a moment.")


def _stays(root: Path) -> str:
    version = Store(root).current()
    return f"the store stays at version {version}" if version else "no store version was written"


# ---- what every session calls ------------------------------------------------------------------------------


def current(root: Path) -> Job | None:
    """The store's last job, or None. A job recorded as running whose process is gone (killed, or the server
    that ran it stopped) is recorded as failed, saying so."""
    root = Path(root)
    job = _read(root)
    if job is None or not job.running:
        return job
    handle = _try_lock(root)
    if handle is None:
        return job  # its process holds the lock: it runs
    try:
        job = _read(root)  # it may have ended between the two reads
        if job is not None and job.running:
            job.status, job.finished = FAILED, _now()
            job.message = f"its process ended without finishing, at {job.progress()}; {_stays(root)}."
            _write(root, job)
        return job
    finally:
        handle.close()


def start(
    root: Path, kind: str, what: str, spec: dict, files: Iterable[tuple[str, bytes]] = ()
) -> tuple[Job, bool]:
    """Start a job on the store at `root` in a process of its own, unless one runs: returns (the new job,
    True), or (the running job, False), so that a second request joins the first. `files` (name, bytes) are
    handed to the job (uploads)."""
    root = Path(root)
    Store(root).prepare()  # a store path that cannot hold a store is said now, in one sentence
    handle, running = _lock_unless_running(root)
    if running is not None:
        return running, False
    try:
        job = Job(uuid.uuid4().hex[:12], kind, what, spec, _now(), pid=os.getpid())
        (root / CANCEL).unlink(missing_ok=True)
        _hand_over(root, job, list(files))
        _write(root, job)
        _spawn(root, job, handle)
    finally:
        handle.close()  # the job's process holds the lock from here
    return job, True


def _hand_over(root: Path, job: Job, files: list[tuple[str, bytes]]) -> None:
    shutil.rmtree(root / FILES, ignore_errors=True)
    if files:
        (root / FILES).mkdir()
        for i, (_, data) in enumerate(files):
            (root / FILES / str(i)).write_bytes(data)
        job.spec["names"] = [name for name, _ in files]


def _spawn(root: Path, job: Job, handle: IO) -> None:
    """`python -m lib job --run ID` with the job lock (its open file) and its output into job.log."""
    lock = str(handle.fileno())
    command = [sys.executable, "-m", "lib", "job", "--store", str(root), "--run", job.id, "--lock-fd", lock]
    try:
        with open(root / LOG, "w", encoding="utf-8") as log:
            process = subprocess.Popen(
                command,
                cwd=settings.ROOT,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                pass_fds=(handle.fileno(),),
            )
    except OSError as exc:
        job.status, job.finished = FAILED, _now()
        job.message = f"its process could not be started ({exc.strerror or exc})."
        _write(root, job)
        return
    # reaped when it ends (else it stays a zombie of the server); its lock goes with it
    threading.Thread(target=process.wait, daemon=True, name=f"pressroom-job-{job.id}").start()


def cancel(root: Path, job_id: str) -> bool:
    """Ask the running job `job_id` to stop at its next progress report; False when it is not running."""
    root = Path(root)
    job = current(root)
    if job is None or job.id != job_id or not job.running:
        return False
    tmp = root / f".{CANCEL}.{os.getpid()}.tmp"
    tmp.write_text(job_id, encoding="utf-8")
    os.replace(tmp, root / CANCEL)
    return True


def cancelling(root: Path, job: Job) -> bool:
    """Whether the running job was asked to stop."""
    try:
        return (Path(root) / CANCEL).read_text(encoding="utf-8") == job.id
    except OSError:
        return False


def dismiss(root: Path, job_id: str) -> None:
    """The failure of job `job_id` is no longer shown on every page (the Data page keeps it)."""
    root = Path(root)
    handle, running = _lock_unless_running(root)
    if running is not None:
        return  # a job runs: the one dismissed was replaced
    try:
        job = _read(root)
        if job is not None and job.id == job_id and not job.running:
            job.dismissed = True
            _write(root, job)
    finally:
        handle.close()


def log(root: Path, lines: int = 200) -> str:
    """The last `lines` lines of the last job's log."""
    try:
        text = (Path(root) / LOG).read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""
    return "\n".join(text.splitlines()[-lines:])


def wait(root: Path, timeout: float = 300.0) -> Job:
    """The store's last job once it no longer runs (for the command line and tests, never a page)."""
    deadline = time.monotonic() + timeout
    while (job := current(root)) is not None and job.running:
        if time.monotonic() > deadline:
            raise TimeoutError(f"the job {job.what!r} still runs after {timeout:g} s")
        time.sleep(0.1)
    return job


# ---- the jobs the dashboard starts -------------------------------------------------------------------------


def _shown(path: Path) -> str:
    """A path as people read it: relative to the project when inside it (data/sample)."""
    path = Path(path)
    return str(path.relative_to(settings.ROOT)) if path.is_relative_to(settings.ROOT) else str(path)


def build(root: Path) -> tuple[Job, bool]:
    """The store's first version, from the sample corpus."""
    sample = settings.path("PRESSROOM_SAMPLE")
    what = f"Building the store from the sample corpus ({_shown(sample)})"
    return start(root, "build", what, {"paths": [str(sample)]})


def process_path(root: Path, path: Path) -> tuple[Job, bool]:
    return start(root, "process", f"Processing {_shown(path)}", {"paths": [str(path)]})


def fetch(root: Path, urls: list[str], raw: Path) -> tuple[Job, bool]:
    urls = [u.strip() for u in urls if u.strip()]
    return start(root, "fetch", f"Fetching {len(urls):,} address(es)", {"urls": urls, "raw": str(raw)})


def upload(root: Path, files: list[tuple[str, bytes]], raw: Path) -> tuple[Job, bool]:
    return start(root, "upload", f"Processing {len(files):,} uploaded file(s)", {"raw": str(raw)}, files)


# ---- in the job's own process ------------------------------------------------------------------------------


def say(text: str) -> None:
    """A line of the job's log, timed."""
    print(f"{datetime.now():%H:%M:%S} {text}", flush=True)


class Progress:
    """report(done, total, step) for a job: raises Cancelled once the job was asked to stop; its progress goes
    to job.json every WRITE_EVERY seconds from a thread of its own (spaCy hands releases over in batches, so
    writing at reports alone would show a batch late), and at once when the step changes."""

    def __init__(self, root: Path, job: Job):
        self.root, self.job = root, job
        self.lock, self.dirty, self.stopped = threading.Lock(), False, threading.Event()
        self.writer = threading.Thread(target=self._write_often, daemon=True, name="pressroom-job-progress")
        self.writer.start()

    def __call__(self, done: int, total: int, step: str = PROCESSING) -> None:
        if cancelling(self.root, self.job):
            say(f"Cancelled at {step} {done:,} of {total:,}.")
            raise Cancelled
        with self.lock:
            changed = step != self.job.step
            self.job.done, self.job.total, self.job.step = done, total, step
            self.dirty = True
        if changed:
            say(f"{step[0].upper()}{step[1:]}…")
            self.flush()

    def flush(self) -> None:
        with self.lock:
            if self.dirty:
                _write(self.root, self.job)
                self.dirty = False

    def _write_often(self) -> None:
        while not self.stopped.wait(WRITE_EVERY):
            self.flush()

    def close(self) -> None:
        self.stopped.set()
        self.writer.join()


def run(root: Path, job_id: str, lock_fd: int | None = None) -> int:
    """Do the job `job_id` that job.json describes, keeping its state there. Its process inherited the job
    lock, open as `lock_fd`, from the server that started it, and lets it go once the outcome is written."""
    root = Path(root)
    job = _read(root)
    if job is None or job.id != job_id or not job.running:
        print(f"error: no job {job_id} waits in {root}", file=sys.stderr)
        return 2
    held = _try_lock(root) if lock_fd is None else None  # run by hand: the lock taken here
    job.pid = os.getpid()
    signal.signal(signal.SIGTERM, _interrupted)
    report = Progress(root, job)
    say(f"{job.what}: started.")
    try:
        report(0, 0, "fetching address" if job.kind == "fetch" else "reading new and changed files")
        status, message = DONE, KINDS[job.kind](root, job, report)
    except Cancelled:
        status, message = CANCELLED, f"{job.what} was cancelled at {job.progress()}; {_stays(root)}."
    except (Interrupted, KeyboardInterrupt):
        status = CANCELLED
        message = f"{job.what} was stopped at {job.progress()}, its process interrupted; {_stays(root)}."
    except PressroomError as exc:
        status, message = FAILED, str(exc)
    except Exception as exc:  # a bug: the log keeps its traceback
        traceback.print_exc()
        status = FAILED
        message = f"an unexpected {type(exc).__name__} ({exc}); the Data page shows the job's log."
    finally:
        report.close()  # no progress written after the outcome
    job.status, job.message = status, message
    job.finished = _now()
    say(job.sentence())
    _write(root, job)
    (root / CANCEL).unlink(missing_ok=True)
    shutil.rmtree(root / FILES, ignore_errors=True)
    if held is not None:
        held.close()
    if lock_fd is not None:
        os.close(lock_fd)  # the next job may start while this process ends
    return 0 if job.status == DONE else 1


def _processed(root: Path, paths: list[Path], report: Progress, **extra) -> str:
    """process() over `paths` into the store, reporting each release; its sentence and rejects."""
    from lib.metrics.data import run_summary
    from lib.process import process

    before = Store(root).current() or ""
    summary = process(paths, root, progress=False, report=lambda d, t: report(d, t, PROCESSING), **extra)
    _log_rejects(summary.rejects)
    return run_summary(summary, before)


def _log_rejects(rejects: list[tuple[str, str]]) -> None:
    for path, why in rejects:
        say(f"rejected: {path}: {why}")


def _process_job(root: Path, job: Job, report: Progress) -> str:
    return _processed(root, [Path(p) for p in job.spec["paths"]], report)


def _fetch_job(root: Path, job: Job, report: Progress) -> str:
    from lib.fetch import PROCESSING as FETCH_PROCESSING
    from lib.fetch import fetch_urls
    from lib.metrics.data import run_summary

    before = Store(root).current() or ""

    def fetched(done: int, total: int, text: str) -> None:
        if text != FETCH_PROCESSING:
            say(text)
        report(done, total, PROCESSING if text == FETCH_PROCESSING else "fetching address")

    summary = fetch_urls(job.spec["urls"], Path(job.spec["raw"]), root, report=fetched)
    failed = "".join(f" {url}: {why}." for url, why in summary.failures)
    message = f"Fetched {len(summary.fetched):,} new page(s), {summary.already:,} fetched before" + (
        f"; {len(summary.failures):,} failed (listed under rejects):{failed}" if failed else "."
    )
    if summary.processed:
        _log_rejects(summary.processed.rejects)
        message += " " + run_summary(summary.processed, before)
    return message


def _upload_job(root: Path, job: Job, report: Progress) -> str:
    from lib.fetch import save_uploads

    names = job.spec.get("names", [])
    files = [(name, (root / FILES / str(i)).read_bytes()) for i, name in enumerate(names)]
    saved = save_uploads(files, Path(job.spec["raw"]))
    refused = "".join(f" {name} was not added: {why}." for name, why in saved.rejects)
    if not saved.paths:
        raise PressroomError(f"no file was added.{refused}")
    say(f"Saved {len(saved.paths):,} file(s) under {job.spec['raw']}.{refused}")
    return _processed(root, saved.paths, report) + refused


KINDS: dict[str, Callable[[Path, Job, Progress], str]] = {
    "build": _process_job,
    "process": _process_job,
    "fetch": _fetch_job,
    "upload": _upload_job,
}
