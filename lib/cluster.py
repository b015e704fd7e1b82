"""Processing on a Dask distributed cluster. The driver keeps the scan, the diff and the commits; each worker
loads the spaCy pipeline once (a worker plugin fills the `nlp.load` cache of its process as the worker joins)
and turns batches of releases into table rows. Releases travel as tuples one way and rows as dicts back, never
Docs."""

from __future__ import annotations

import asyncio
import logging
import os
import re
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack, contextmanager

from distributed import WorkerPlugin

from lib import nlp as pipeline
from lib import settings
from lib.errors import PressroomError

CONNECT_SECONDS = 10  # a scheduler that has not answered by then is taken as unreachable
IN_FLIGHT = 4  # batches queued per worker thread: enough to keep it busy, few to hold in memory
_LOCAL = re.compile(r"local:(\d+)")
_ADDRESS = next(s.pattern for s in settings.SETTINGS if s.name == "PRESSROOM_CLUSTER")


class ClusterUnreachable(PressroomError):
    """The scheduler named by --cluster or PRESSROOM_CLUSTER does not answer."""


class PipelineMismatch(PressroomError):
    """A worker runs another spaCy pipeline than the driver's, so its rows would be stamped wrongly."""


def check(address: str) -> None:
    """Raise SettingsError unless the address is `local:N` (N >= 1) or a scheduler URL."""
    if re.fullmatch(_ADDRESS, address):
        return
    raise settings.SettingsError(
        f"The cluster address {address!r} is neither local:N (N worker processes, N >= 1) nor a scheduler "
        "address such as tcp://host:8786; fix --cluster or PRESSROOM_CLUSTER."
    )


# How the workers of a local cluster run. A Dask worker runs its tasks on a thread of its own, so spaCy's
# arrays come from a second glibc arena, which hands freed memory back to the system and faults it in again
# for each Doc; and the worker's statistical profiler (for a dashboard this cluster does not have) takes the
# GIL from the task 100 times a second. In a 300-page run on one worker, the task's thread spent 12.4 s in the
# kernel where one process spends 3.9 s; with one arena and no profiler, 4.5 s (BENCHMARKS.md). Dask's
# MALLOC_TRIM_THRESHOLD_=65536 is left out too: giving freed arrays back each time made the NLP of 150 pages
# on two workers take 39.0 s instead of 32.7 s.
# The rest quiets the servers' periodic work, which on a machine whose every core runs a worker takes the
# cores (and each worker's GIL) from the tasks: the event-loop tick every 20 ms, the memory monitors every
# 100 ms, the system monitor every 500 ms and work stealing every 100 ms. Without stealing, each worker is
# given one batch at a time and the scheduler keeps the rest, so a worker that finishes early takes the next
# one. 300 pages on two workers: 48.8-49.0 s without these, 44.1-48.7 s with them (BENCHMARKS.md).
ENVIRON = "distributed.nanny.pre-spawn-environ"
CLUSTER_CONFIG = {
    "distributed.worker.profile.enabled": False,
    "distributed.admin.tick.interval": "1s",
    "distributed.worker.memory.monitor-interval": "1s",
    "distributed.admin.system-monitor.interval": "5s",
    "distributed.scheduler.work-stealing": False,
    "distributed.scheduler.worker-saturation": 1.0,
}


def worker_environ(environ: dict) -> dict:
    """The environment a local worker process starts with: Dask's, with one malloc arena, without its trim."""
    return {k: v for k, v in environ.items() if k != "MALLOC_TRIM_THRESHOLD_"} | {"MALLOC_ARENA_MAX": "1"}


@contextmanager
def _environ_kept(names):
    """This process's values of the variables named, put back when the block ends."""
    before = {name: os.environ.get(name) for name in names}
    try:
        yield
    finally:
        for name, value in before.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


@contextmanager
def connect(address: str):
    """A distributed Client: of a LocalCluster of N single-threaded worker processes for `local:N`, else of
    the running scheduler at the address."""
    check(address)
    import dask
    from distributed import Client, LocalCluster

    local = _LOCAL.fullmatch(address)
    if local:
        environ = worker_environ(dask.config.get(ENVIRON))
        with (
            _environ_kept(environ),  # the nannies set the workers' environment in this process
            dask.config.set(CLUSTER_CONFIG | {ENVIRON: environ}),
            LocalCluster(
                n_workers=int(local.group(1)),
                threads_per_worker=1,
                processes=True,
                dashboard_address=None,
                silence_logs=logging.CRITICAL,  # a worker restarted after a fault is no news for the user
            ) as cluster,
            Client(cluster) as client,
        ):
            client.wait_for_workers(int(local.group(1)))
            yield client
        return
    try:
        client = Client(address, timeout=CONNECT_SECONDS)
    except (OSError, TimeoutError) as exc:
        raise ClusterUnreachable(
            f"The Dask scheduler at {address} cannot be reached within {CONNECT_SECONDS} s; start it "
            "(`dask scheduler`) or fix --cluster or PRESSROOM_CLUSTER."
        ) from exc
    with client:
        yield client


class _ModelLoader(WorkerPlugin):
    """Loads the pipeline on each worker as it joins (one restarted after a fault too), on a thread so the
    worker's event loop keeps answering the scheduler. Registered once per cluster (a running scheduler's
    workers keep their loaded model from run to run)."""

    name = "pressroom-model"
    idempotent = True

    async def setup(self, worker) -> None:
        await asyncio.to_thread(pipeline.load)


class Workers:
    """The cluster of one run, as a context. `start()` begins connecting on a thread of its own (for
    `local:N`: starting the worker processes) and has every worker load the pipeline, so that this happens
    while the driver reads the files; `client()` waits for it and raises ClusterUnreachable if it failed. A
    run that never calls either starts nothing."""

    def __init__(self, address: str):
        check(address)
        self.address = address
        self._stack = ExitStack()
        self._pool: ThreadPoolExecutor | None = None
        self._future = None

    def start(self) -> None:
        if self._future is None:
            self._pool = ThreadPoolExecutor(1, thread_name_prefix="pressroom-cluster")
            self._future = self._pool.submit(self._open)

    def _open(self):
        client = self._stack.enter_context(connect(self.address))
        client.register_plugin(_ModelLoader())
        return client

    def client(self):
        self.start()
        return self._future.result()

    def release(self) -> None:
        """Begin closing the cluster (on its thread); the context's end waits for it."""
        if self._future is not None:
            self._pool.submit(self._stack.close)

    def __enter__(self) -> Workers:
        return self

    def __exit__(self, *exc) -> None:
        if self._future is None:
            return
        try:
            self._future.exception()  # a start under way is waited for; client() raised its error if asked
            self._pool.submit(self._stack.close).result()  # the client is left on the thread it was made on
        finally:
            self._pool.shutdown()


def threads(client) -> int:
    """Worker threads of the cluster, at least one (a scheduler with no worker yet waits for one)."""
    return max(1, sum(w["nthreads"] for w in client.scheduler_info()["workers"].values()))


def batch_rows(chunk: list[tuple]) -> tuple[str, list[dict[str, list[dict]]]]:
    """On a worker: the pipeline version it runs and the table rows of each release of the chunk."""
    from lib.process import _rows_of

    return pipeline.pipeline_version(), _rows_of(chunk)


def rows(
    client, chunks: list[list[tuple]], pv: str, done: Callable[[int], None]
) -> Iterator[list[dict[str, list[dict]]]]:
    """The rows of each chunk, in the order of the chunks. Batches are submitted a few per worker thread at
    a time and collected with `as_completed`; `done(n)` is called with the releases of each batch as it
    completes, and a batch finished before an earlier one waits for it, so the writer gets the rows in the
    order of the releases and the store is the same as a run without the cluster. A worker that dies has its
    batches run again on another (the scheduler does this)."""
    from distributed import as_completed

    limit = threads(client) * IN_FLIGHT
    futures = {}  # future -> chunk index
    ready: dict[int, list] = {}
    following, submitted = 0, 0

    def submit() -> object:
        nonlocal submitted
        future = client.submit(batch_rows, chunks[submitted], pure=False)
        futures[future] = submitted
        submitted += 1
        return future

    pending = as_completed([submit() for _ in range(min(limit, len(chunks)))])
    for future in pending:
        worker_pv, chunk_rows = future.result()
        if worker_pv != pv:
            raise PipelineMismatch(
                f"A Dask worker runs pipeline version {worker_pv}, this run {pv}: install the same spaCy "
                "model, Pressroom code and data files on the workers as here."
            )
        ready[futures.pop(future)] = chunk_rows
        done(len(chunk_rows))
        if submitted < len(chunks):
            pending.add(submit())
        while following in ready:
            yield ready.pop(following)
            following += 1
