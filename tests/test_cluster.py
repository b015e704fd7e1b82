"""Processing on a Dask cluster: a LocalCluster of real worker processes writes the same store as a run
without it, also when a worker is killed mid-run; an unreachable scheduler stops the run before it writes."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys

import pandas as pd
import pytest
from conftest import ROOT, SAMPLE

from lib import cluster
from lib.process import DERIVED, process
from lib.settings import SettingsError
from lib.store import Store


def _same_tables(store, expected) -> None:
    for table in ("releases", *DERIVED, "files"):
        pd.testing.assert_frame_equal(Store(store).read(table), Store(expected).read(table), obj=table)


def test_two_local_workers_write_the_same_tables_as_one_process(tmp_path, sample_store):
    summary = process([SAMPLE], tmp_path, progress=False, cluster="local:2")
    assert summary.processed == 72
    _same_tables(tmp_path, sample_store)
    again = process([SAMPLE], tmp_path, progress=False, cluster="local:2")  # incremental: nothing to do
    assert again.processed == 0 and again.version == summary.version


def test_a_worker_killed_mid_run_has_its_batch_rerun_and_the_store_is_the_same(
    tmp_path, monkeypatch, sample_store
):
    import cluster_faults

    ids = Store(sample_store).read("releases", ["id"])["id"].tolist()
    marker = tmp_path / "killed"
    monkeypatch.setenv("PRESSROOM_TEST_KILL_MARKER", str(marker))
    monkeypatch.setenv("PRESSROOM_TEST_KILL_RELEASE", ids[len(ids) // 2])  # a release in the middle
    monkeypatch.setattr(cluster, "batch_rows", cluster_faults.rows_or_die)
    summary = process([SAMPLE], tmp_path / "store", progress=False, cluster="local:2")
    assert marker.read_text().isdigit()  # a worker process did die holding that batch
    assert summary.processed == 72
    _same_tables(tmp_path / "store", sample_store)


def _unused_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_an_unreachable_scheduler_is_one_sentence_and_nothing_is_written(tmp_path, monkeypatch):
    process([SAMPLE / "jsonl"], tmp_path, progress=False)
    store = Store(tmp_path)
    version, versions = store.current(), sorted(p.name for p in store.versions.iterdir())
    address = f"tcp://127.0.0.1:{_unused_port()}"
    monkeypatch.setattr(cluster, "CONNECT_SECONDS", 2)
    with pytest.raises(
        cluster.ClusterUnreachable, match=f"The Dask scheduler at {address} cannot be reached"
    ):
        process([SAMPLE / "csv"], tmp_path, progress=False, cluster=address)
    assert store.current() == version and sorted(p.name for p in store.versions.iterdir()) == versions
    assert len(store.read("releases")) == 10


def test_the_command_line_names_the_unreachable_scheduler_and_fails(tmp_path):
    address = f"tcp://127.0.0.1:{_unused_port()}"
    result = subprocess.run(
        [sys.executable, "-m", "lib", "process", str(SAMPLE / "csv"), "--store", str(tmp_path), "--quiet"]
        + ["--cluster", address],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1
    assert result.stderr.strip().splitlines()[-1].startswith(f"error: The Dask scheduler at {address} ")
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "CURRENT").exists() and Store(tmp_path).current() is None


@pytest.mark.parametrize("address", ["local:0", "local:two", "host:8786", "tcp://", "local"])
def test_a_malformed_cluster_address_is_refused_before_anything_is_read(tmp_path, address):
    with pytest.raises(SettingsError, match="neither local:N"):
        process([SAMPLE / "csv"], tmp_path, progress=False, cluster=address)
    assert not any(tmp_path.iterdir())


def test_the_setting_chooses_the_cluster_when_no_address_is_given(tmp_path, monkeypatch):
    monkeypatch.setenv("PRESSROOM_CLUSTER", "local:0")
    with pytest.raises(
        SettingsError, match="^Setting PRESSROOM_CLUSTER='local:0' is not a value it can take; "
    ):
        process([SAMPLE / "csv"], tmp_path, progress=False)
    assert not any(tmp_path.iterdir())
    monkeypatch.setenv("PRESSROOM_CLUSTER", "local:1")
    assert process([SAMPLE / "csv"], tmp_path, progress=False).processed == 10


def test_workers_running_another_pipeline_stop_the_run_before_it_writes(tmp_path, monkeypatch):
    from lib import nlp as pipeline

    # the driver's extraction code is "newer" than what the freshly started worker processes import
    monkeypatch.setattr(pipeline, "CODE_VERSION", pipeline.CODE_VERSION + "-driver")
    with pytest.raises(cluster.PipelineMismatch, match="install the same spaCy model"):
        process([SAMPLE / "csv"], tmp_path, progress=False, cluster="local:1")
    assert Store(tmp_path).current() is None


def _worker_settings() -> tuple:
    import os

    import dask

    return (
        os.environ.get("MALLOC_ARENA_MAX"),
        os.environ.get("MALLOC_TRIM_THRESHOLD_"),
        dask.config.get("distributed.worker.profile.enabled"),
        dask.config.get("distributed.admin.tick.interval"),
        dask.config.get("distributed.worker.memory.monitor-interval"),
    )


def _scheduler_settings(dask_scheduler) -> tuple:
    return "stealing" in dask_scheduler.extensions, dask_scheduler.WORKER_SATURATION


def test_local_workers_run_with_one_arena_no_profiler_and_quiet_servers_and_leave_this_process_as_it_was():
    import os

    import dask

    before = {k: os.environ.get(k) for k in ("MALLOC_ARENA_MAX", "MALLOC_TRIM_THRESHOLD_")}
    tick = dask.config.get("distributed.admin.tick.interval")
    with cluster.connect("local:1") as client:
        settings = list(client.run(_worker_settings).values())
        scheduler = client.run_on_scheduler(_scheduler_settings)
    assert settings == [("1", None, False, "1s", "1s")]
    assert scheduler == (False, 1.0)  # no work stealing: one batch at a time per worker
    assert {k: os.environ.get(k) for k in before} == before
    assert dask.config.get("distributed.admin.tick.interval") == tick


def _pipelines_loaded() -> int:
    from lib import nlp

    return nlp.load.cache_info().currsize


def test_every_worker_has_the_pipeline_loaded_before_it_is_given_a_batch():
    with cluster.Workers("local:2") as workers:
        workers.start()
        loaded = workers.client().run(_pipelines_loaded)
    assert len(loaded) == 2 and set(loaded.values()) == {1}


def test_a_run_starts_its_cluster_only_when_it_has_releases_to_process(tmp_path, monkeypatch):
    corpus = tmp_path / "corpus"
    shutil.copytree(SAMPLE / "csv", corpus)
    first = process([corpus], tmp_path / "store", progress=False)
    started, connect = [], cluster.connect
    monkeypatch.setattr(cluster, "connect", lambda address: started.append(address) or connect(address))
    again = process([corpus], tmp_path / "store", progress=False, cluster="local:1")
    assert (again.processed, again.version, started) == (0, first.version, [])
    shutil.copy(SAMPLE / "jsonl" / sorted(p.name for p in (SAMPLE / "jsonl").iterdir())[0], corpus)
    more = process([corpus], tmp_path / "store", progress=False, cluster="local:1")
    assert more.processed > 0 and started == ["local:1"]
