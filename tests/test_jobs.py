"""Background jobs (lib/jobs.py): each a real `python -m lib job` process over a real store, seen from this
process as every session of the dashboard sees it, through the files in the store directory."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from lib import jobs
from lib.store import Store
from tests.conftest import ROOT


def corpus(releases: list[tuple[str, str]], directory: Path) -> Path:
    """(title, body) pairs as one JSON Lines file in `directory`."""
    directory.mkdir(parents=True, exist_ok=True)
    lines = [
        json.dumps(
            {"title": t, "body": b, "date": "2024-05-01", "agency": "U.S. Customs and Border Protection"}
        )
        for t, b in releases
    ]
    (directory / "releases.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return directory


def many(sample_store: Path, directory: Path, copies: int = 4) -> Path:
    """The sample's release texts `copies` times under new titles: new releases, minutes of NLP."""
    rows = Store(sample_store).read("releases", ["title", "body"])
    pairs = [
        (f"{t} ({k})", b) for k in range(copies) for t, b in zip(rows["title"], rows["body"], strict=True)
    ]
    return corpus(pairs, directory)


def two(directory: Path) -> Path:
    return corpus(
        [
            ("Officers Seize Cocaine", "Officers seized 40 pounds of cocaine at the port, CBP said."),
            ("Agents Rescue Hikers", "Border Patrol agents rescued three hikers near Tucson on Monday."),
        ],
        directory,
    )


def fingerprint(version: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(version.iterdir())}


def running_with_progress(root: Path) -> jobs.Job:
    """The running job once its process reported a processed release (polled, as a page does)."""
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        job = jobs.current(root)
        assert job is not None and job.running, job and job.sentence()
        if job.step == jobs.PROCESSING and job.done >= 1:
            return job
        time.sleep(0.05)
    pytest.fail(f"no release was processed in 120 s: {jobs.current(root)}")


def test_a_second_request_joins_the_running_job_and_one_version_is_written(tmp_path):
    root, other = tmp_path / "store", tmp_path / "other"
    first, started = jobs.process_path(root, two(tmp_path / "corpus"))
    assert started and first.running and first.what == f"Processing {tmp_path / 'corpus'}"
    again, started_again = jobs.build(root)  # another session asks for a job: it joins the first
    assert not started_again and again.id == first.id and again.kind == "process"
    elsewhere, started_elsewhere = jobs.process_path(other, tmp_path / "corpus")  # another store, its own job
    assert started_elsewhere and elsewhere.id != first.id
    assert jobs.current(root).id == first.id  # from this process, as every session sees it
    done = jobs.wait(root)
    assert (done.id, done.status, done.kind, done.done, done.total) == (first.id, "done", "process", 2, 2)
    assert done.pid != os.getpid()  # it ran in a process of its own
    assert (
        done.sentence()
        == done.message
        == (
            "Read 1 new or changed file(s) of 1; 2 release(s) processed, 2 in the store, 0 rejected; new "
            "store version v000001."
        )
    )
    assert [p.name for p in (root / "versions").iterdir()] == ["v000001"]
    assert len(Store(root).read("releases", ["id"])) == 2
    log = jobs.log(root)
    assert log.count(": started.") == 1 and "Processing release…" in log and done.message in log
    assert jobs.wait(other).status == "done" and Store(other).current() == "v000001"
    cli = subprocess.run(
        [sys.executable, "-m", "lib", "job", "--store", str(root)], cwd=ROOT, capture_output=True, text=True
    )
    assert cli.returncode == 0 and cli.stdout.strip() == done.message


def test_cancel_stops_the_job_and_leaves_the_previous_version_whole(tmp_path, sample_store):
    root = tmp_path / "store"
    shutil.copytree(sample_store, root)
    before = fingerprint(root / "versions" / "v000001")
    job, _ = jobs.process_path(root, many(sample_store, tmp_path / "many"))
    seen = running_with_progress(root)
    assert seen.total == 288 and seen.id == job.id
    assert jobs.cancel(root, job.id) and jobs.cancelling(root, jobs.current(root))
    end = jobs.wait(root)
    assert end.status == "cancelled" and end.done < end.total == 288
    assert end.message.startswith(f"Processing {tmp_path / 'many'} was cancelled at processing release ")
    assert end.message.endswith("; the store stays at version v000001.")
    assert Store(root).current() == "v000001" and [p.name for p in (root / "versions").iterdir()] == [
        "v000001"
    ]
    assert fingerprint(root / "versions" / "v000001") == before
    assert len(Store(root).read("releases", ["id"])) == 72
    assert not (root / jobs.CANCEL).exists()
    assert not jobs.cancel(root, job.id)  # it no longer runs


def test_a_failure_is_recorded_in_one_sentence_until_dismissed(tmp_path):
    root = tmp_path / "store"
    corpus_dir = two(tmp_path / "corpus")
    with Store(root).lock():  # another writer (a `process` on the command line) holds the store
        job, _ = jobs.process_path(root, corpus_dir)
        end = jobs.wait(root)
    assert end.status == "failed" and not end.dismissed
    assert end.sentence() == (
        f"Processing {corpus_dir} stopped: Another processing run is writing to {root}; wait for it to "
        "finish and run again."
    )
    assert end.sentence() in jobs.log(root)
    assert Store(root).current() is None
    jobs.dismiss(root, "another job")
    assert not jobs.current(root).dismissed
    jobs.dismiss(root, job.id)
    assert jobs.current(root).dismissed and jobs.current(root).status == "failed"


def test_an_upload_of_nothing_readable_fails_saying_what_was_refused(tmp_path):
    root, raw = tmp_path / "store", tmp_path / "raw"
    jobs.upload(root, [("notes.pdf", b"%PDF-1.4\n%binary")], raw)
    end = jobs.wait(root)
    assert end.status == "failed" and end.what == "Processing 1 uploaded file(s)"
    assert end.message.startswith(
        "no file was added. notes.pdf was not added: not a file type Pressroom reads"
    )
    assert not (root / jobs.FILES).exists()  # the uploads handed to the job are gone with it


def test_a_job_whose_process_is_terminated_says_so_and_leaves_the_store_whole(tmp_path, sample_store):
    root = tmp_path / "store"
    shutil.copytree(sample_store, root)
    job, _ = jobs.process_path(root, many(sample_store, tmp_path / "many"))
    os.kill(running_with_progress(root).pid, signal.SIGTERM)  # as a service manager stopping it
    end = jobs.wait(root)
    assert end.id == job.id and end.status == "cancelled"
    assert end.message.startswith(f"Processing {tmp_path / 'many'} was stopped at processing release ")
    assert end.message.endswith(", its process interrupted; the store stays at version v000001.")
    assert Store(root).current() == "v000001" and len(Store(root).read("releases", ["id"])) == 72


def test_a_job_whose_process_died_is_recorded_as_failed_and_another_can_start(tmp_path, sample_store):
    root = tmp_path / "store"
    shutil.copytree(sample_store, root)
    job, _ = jobs.process_path(root, many(sample_store, tmp_path / "many"))
    seen = running_with_progress(root)
    os.kill(seen.pid, signal.SIGKILL)  # as when the server and its jobs are killed
    end = jobs.wait(root)
    assert end.id == job.id and end.status == "failed"
    assert end.message.startswith("its process ended without finishing, at processing release ")
    assert end.message.endswith("; the store stays at version v000001.")
    assert json.loads((root / jobs.STATE).read_text())["status"] == "failed"  # recorded, not only shown
    assert Store(root).current() == "v000001"
    again, started = jobs.process_path(root, two(tmp_path / "corpus"))
    assert started and again.id != job.id and jobs.wait(root).status == "done"
    assert Store(root).current() == "v000002"
