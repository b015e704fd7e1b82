"""A processing run: read files, run spaCy over releases not yet processed, write a new store version."""

from __future__ import annotations

import contextlib
import multiprocessing
import sys
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd
from tqdm import tqdm

from lib import nlp as pipeline
from lib import schema, settings
from lib.ingest import FileResult, Release, read_file, walk
from lib.ingest.furniture import split_footer
from lib.store import Store

DERIVED = ("quotes", "figures", "topic_mentions", "topic_about", "entities")


@dataclass
class Summary:
    files: int = 0
    files_read: int = 0
    releases: int = 0
    processed: int = 0
    duplicates: int = 0
    rejects: list[tuple[str, str]] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    version: str = ""
    seconds: float = 0.0
    words: int = 0


def _file_of(source: str) -> str:
    return source.split("#", 1)[0]


def _now() -> pd.Timestamp:
    return pd.Timestamp(datetime.now(UTC).replace(tzinfo=None))


def _unchanged(path: Path, size: int, mtime_ns: int, ids, known_ids: set[str]) -> bool:
    """The file has the size and time the files table gives it, and its releases are all in the store."""
    try:
        stat = path.stat()
    except OSError:
        return False
    return stat.st_size == size and stat.st_mtime_ns == mtime_ns and set(ids) <= known_ids


class _Tables(dict):
    """The current store's tables, each read on first use (a no-op run never reads the big ones)."""

    def __init__(self, store: Store):
        super().__init__()
        self.store = store

    def __missing__(self, table: str) -> pd.DataFrame:
        self[table] = self.store.read(table)
        return self[table]


class Run:
    """State of one run: the old store's tables and what this run read."""

    def __init__(
        self, store: Store, paths: list[Path], progress: bool, retry_rejects: bool = False, workers=None
    ):
        self.store, self.paths, self.progress, self.retry_rejects = store, paths, progress, retry_rejects
        self.workers = workers  # a cluster, started at the first file read so it is up when the scan ends
        self.pv = pipeline.pipeline_version()
        self.old = _Tables(store)
        self.summary = Summary()
        self.tried: set[str] = set()  # paths outside the files (fetched URLs) whose old rejects are replaced

    def scan(self) -> tuple[dict[str, Release], pd.DataFrame, list[tuple[str, str]]]:
        """Read new and changed files; reuse unchanged ones. Returns releases read, the files table,
        rejects."""
        files, self.summary.skipped = walk(self.paths)
        rejects = [(str(p), "path does not exist") for p in self.paths if not p.exists()]
        old = self.old["files"]
        # The old files table looked up by position (a dict of rows cost 0.45 s at 14,000 files).
        old_paths = old["path"].tolist()
        position = dict(zip(old_paths, range(len(old_paths)), strict=True))
        sizes, mtimes, old_ids = old["size"].tolist(), old["mtime_ns"].tolist(), old["ids"].tolist()
        retry = set(self.old["rejects"]["path"].map(_file_of)) if self.retry_rejects else set()
        max_bytes = int(settings.get("PRESSROOM_MAX_FILE_MB") * 1e6)
        # Ids, processing state and sources only: a run with nothing to do never reads the release bodies.
        self.light = self.store.read("releases", ["id", "pipeline_version", "sources"])
        known_ids = set(self.light["id"].tolist())
        order, new_rows, read = [], [], {}  # order: a row of the old table (>= 0) or -1 - a new row's index
        bar = tqdm(
            files, desc="Reading", unit="file", disable=not self.progress, file=sys.stderr, leave=False
        )
        for path in bar:
            key = str(path)
            i = position.get(key)
            if (
                i is not None
                and key not in retry
                and _unchanged(path, sizes[i], mtimes[i], old_ids[i], known_ids)
            ):
                order.append(i)  # a rejected file is read again when it changes, or on request
                continue
            if self.workers:
                self.workers.start()
            result: FileResult = read_file(path, max_bytes)
            self.summary.files_read += 1
            rejects += result.rejects
            if result.skipped:
                self.summary.skipped.append((key, result.skipped))
            for release in result.releases:
                if release.id in read:
                    read[release.id].sources.append(release.source)
                else:
                    read[release.id] = release
            order.append(-1 - len(new_rows))
            new_rows.append(
                {
                    "path": key,
                    "size": result.size,
                    "mtime_ns": result.mtime_ns,
                    "format": result.format,
                    "ids": sorted({r.id for r in result.releases}),
                }
            )
        self.summary.files = len(files)
        self.walked = {str(p) for p in files}
        self.reread = {r["path"] for r in new_rows}
        roots = [str(p.resolve()) for p in self.paths if p.is_dir()]
        self.gone = {
            p
            for p in old_paths  # files once under a walked directory, now deleted
            if p not in self.walked and any(p.startswith(r + "/") for r in roots)
        }
        seen = self.walked | self.gone
        order += [i for i, p in enumerate(old_paths) if p not in seen]
        columns = [c.name for c in schema.TABLES["files"]]
        both = old[columns]
        if new_rows:
            both = pd.concat([both, pd.DataFrame(new_rows, columns=columns)], ignore_index=True)
        table = both.iloc[[i if i >= 0 else len(old) - 1 - i for i in order]].reset_index(drop=True)
        return read, table, rejects


def _combine(run: Run, read: dict[str, Release]) -> tuple[dict[str, Release], set[str]]:
    """Every release the store will hold after this run, with all its source paths, and the ids whose
    date changed (their figures' periods are resolved against the date, so they need NLP again).
    A release read again in this run replaces its stored record: a file's new metadata wins."""
    invalid = run.reread | run.gone
    releases: dict[str, Release] = {}
    for row in run.old["releases"].itertuples(index=False):
        kept = [s for s in row.sources if _file_of(s) not in invalid]
        if kept or row.id in read:
            # a footer pattern added since the release was read applies on the next run (the id stays)
            body, footer = split_footer(row.body)
            stored_footer = row.footer if isinstance(row.footer, str) else ""
            releases[row.id] = Release(
                title=row.title,
                body=body,
                date=None if pd.isna(row.date) else row.date.date().isoformat(),
                date_source=row.date_source,
                agency=row.agency,
                agency_acronym=row.agency_acronym,
                url=row.url,
                source=(kept or row.sources)[0],
                format=row.format,
                id=row.id,
                sources=kept,
                footer="\n\n".join(p for p in (footer, stored_footer) if p),
                stored=True,
            )
    redated = set()
    for rid, release in read.items():
        stored = releases.get(rid)
        if stored is not None:
            release.sources = sorted(set(stored.sources) | set(release.sources))
            if stored.date != release.date:
                redated.add(rid)
        releases[rid] = release
    return releases, redated


def process(
    paths: list[Path],
    store_dir: Path,
    progress: bool = True,
    report: Callable[[int, int], None] | None = None,
    retry_rejects: bool = False,
    outside_rejects: Iterable[tuple[str, str]] = (),
    outside_tried: Iterable[str] = (),
    cluster: str | None = None,
) -> Summary:
    """Bring the store up to date with the files under `paths`; NLP runs only on releases it has not seen.
    Rejected files are read again when they change, or when `retry_rejects` is set.
    `outside_rejects` are failures from before the files (URLs a fetch could not get), kept in the rejects
    table; the old rejects of every path in `outside_tried` (URLs tried again) leave it. `cluster` (default:
    PRESSROOM_CLUSTER) runs the NLP on Dask: `local:N` or a scheduler's address."""
    started = time.perf_counter()
    cluster = settings.get("PRESSROOM_CLUSTER") if cluster is None else cluster
    store = Store(store_dir)
    # a bad cluster address stops the run before it reads anything
    with _workers(cluster) as workers, store.lock():
        run = Run(store, paths, progress, retry_rejects, workers)
        run.tried = set(outside_tried)
        read, files_table, rejects = run.scan()
        rejects = list(outside_rejects) + rejects
        if unchanged := _nothing_to_do(run, read, rejects):
            run.summary.version, run.summary.rejects = unchanged, rejects
            run.summary.seconds = time.perf_counter() - started
            return run.summary
        releases, redated = _combine(run, read)
        old = run.old["releases"]
        done = set(old.loc[old["pipeline_version"] == run.pv, "id"]) - redated
        todo = [r for rid, r in releases.items() if rid not in done]
        summary = run.summary
        summary.releases, summary.rejects = len(releases), rejects
        summary.duplicates = sum(len(r.sources) - 1 for r in releases.values())
        done &= set(releases)
        rejects_table = _rejects(run, rejects)
        client = workers.client() if todo and workers else None  # an unreachable scheduler stops it here
        writer = _Writer(store, run.pv, releases, done, run.old, files_table, rejects_table)
        for release, rows in _analysed(todo, progress, client):
            writer.add(release, rows)
            summary.processed += 1
            if report:
                report(summary.processed, len(todo))
            summary.words += len(release.body.split())
        if client is not None:
            workers.release()  # the workers stop while the store is written
        same_rejects = _pairs(rejects_table) == _pairs(run.old["rejects"])
        nothing_changed = not (todo or run.reread or run.gone) and same_rejects and store.current()
        summary.version = store.current() if nothing_changed else writer.commit()
    summary.seconds = time.perf_counter() - started
    return summary


def _workers(cluster: str):
    """The run's cluster (lib.cluster.Workers) for an address, or None (a context either way)."""
    if not cluster:
        return contextlib.nullcontext()
    from lib.cluster import Workers

    return Workers(cluster)


def _nothing_to_do(run: Run, read: dict, rejects: list[tuple[str, str]]) -> str:
    """The current store version when this run changes nothing (no file new, changed or gone, no release
    waiting for NLP, the same rejects), counting the summary from the light columns; else ''."""
    current = run.store.current()
    light = run.light
    if read or run.reread or run.gone or not current or (light["pipeline_version"] != run.pv).any():
        return ""
    if _pairs(_rejects(run, rejects)) != _pairs(run.old["rejects"]):
        return ""
    run.summary.releases = len(light)
    run.summary.duplicates = sum(len(sources) - 1 for sources in light["sources"])
    return current


def _pairs(rejects: pd.DataFrame) -> set[tuple[str, str]]:
    return set(zip(rejects["path"], rejects["reason"], strict=True))


def _rejects(run: Run, rejects: list[tuple[str, str]]) -> pd.DataFrame:
    """Old rejects of files not read again (and not deleted), then this run's."""
    old = run.old["rejects"]
    old = old[
        ~old["path"].map(_file_of).isin(run.reread | run.gone | {str(p) for p in run.paths})
        & ~old["path"].isin(run.tried)
    ]
    new = pd.DataFrame(rejects, columns=["path", "reason"]).assign(time=_now())
    return pd.concat([old, new], ignore_index=True) if len(old) else new


def _bar(total: int, progress: bool) -> tqdm:
    """The progress bar of a run, in releases/s, on stderr."""
    return tqdm(
        total=total, desc="Processing", unit="release", disable=not progress, file=sys.stderr, smoothing=0.05
    )


def _docs(todo: list[Release], progress: bool):
    """(release, doc) pairs from nlp.pipe, with a progress bar in releases/s."""
    if not todo:
        return
    nlp = pipeline.load()
    jobs, batch = settings.get("PRESSROOM_JOBS"), settings.get("PRESSROOM_BATCH_SIZE")
    texts = ((r.body[: nlp.max_length - 1], r) for r in todo)
    bar = _bar(len(todo), progress)
    for doc, release in nlp.pipe(texts, as_tuples=True, batch_size=batch, n_process=jobs):
        yield release, doc
        bar.update()
    bar.close()


def _analysed(todo: list[Release], progress: bool, client=None):
    """(release, rows) pairs, the rows of each extraction table built where spaCy ran. With PRESSROOM_JOBS > 1
    the worker processes send back rows rather than Docs: spaCy's n_process serialises every Doc (with its
    tensor) in the worker and reads it back here, which cost more than building the rows. With a Dask
    `client`, the cluster's workers do the same (lib/cluster.py)."""
    jobs = settings.get("PRESSROOM_JOBS")
    if client is None and (jobs == 1 or len(todo) < 2):
        from lib import records  # imports spaCy: a driver with a cluster or nothing to process never needs it

        for release, doc in _docs(todo, progress):
            agency = (release.agency_acronym, release.agency)
            yield release, records.doc_rows(release.id, doc, release.date, agency, release.title)
        return
    if client is not None:
        from lib import cluster

        jobs = cluster.threads(client)
    chunks = _chunks(todo, jobs)
    bar = _bar(len(todo), progress)
    if client is not None:
        batches = cluster.rows(client, chunks, pipeline.pipeline_version(), bar.update)
    else:
        pipeline.load()  # fork: the workers start with the pipeline loaded here, as spaCy's n_process does
        pool = multiprocessing.get_context("fork").Pool(min(jobs, len(chunks)))
        batches = (bar.update(len(rows)) or rows for rows in pool.imap(_rows_of, chunks))
    try:
        done = 0
        for rows in batches:
            for release_rows in rows:
                yield todo[done], release_rows
                done += 1
    finally:
        if client is None:
            pool.terminate()
        bar.close()


def _chunks(todo: list[Release], workers: int) -> list[list[tuple]]:
    """The releases as (id, body, date, (agency acronym, agency), title) tuples in chunks. Small chunks keep
    every worker busy to the end (chunks of 64 leave one idle for a quarter of a 300-release run), and the
    releases of the last two rounds go in chunks of a quarter of the size, so the workers finish together: a
    worker that runs out of chunks waits for the others' last ones."""
    size = max(1, min(settings.get("PRESSROOM_BATCH_SIZE"), -(-len(todo) // (workers * 8))))
    head = max(0, len(todo) - 2 * workers * size)
    starts = [*range(0, head, size), *range(head, len(todo), max(1, size // 4))]
    return [
        [(r.id, r.body, r.date, (r.agency_acronym, r.agency), r.title) for r in todo[i:j]]
        for i, j in zip(starts, [*starts[1:], len(todo)], strict=True)
    ]


def _rows_of(chunk: list[tuple[str, str, str | None, tuple[str, str], str]]) -> list[dict[str, list[dict]]]:
    """In a worker process: the table rows of each (id, body, date, (agency acronym, agency), title), in
    order."""
    from lib import records

    nlp = pipeline.load()
    texts = (
        (body[: nlp.max_length - 1], (rid, date, agency, title)) for rid, body, date, agency, title in chunk
    )
    return [
        records.doc_rows(rid, doc, date, agency, title)
        for doc, (rid, date, agency, title) in nlp.pipe(texts, as_tuples=True, batch_size=len(chunk))
    ]


class _Writer:
    """Collects rows of processed releases and commits store versions, also every few minutes of a long run,
    so that a killed run loses little; releases not yet processed are written with an empty pipeline
    version."""

    def __init__(
        self,
        store: Store,
        pv: str,
        releases: dict[str, Release],
        done: set[str],
        old: _Tables,
        files: pd.DataFrame,
        rejects: pd.DataFrame,
    ):
        self.store, self.pv, self.releases, self.done = store, pv, releases, set(done)
        self.kept, self.old, self.kept_rows = set(done), old, {}
        self.files, self.rejects = files, rejects
        # New rows wait as dicts only until there are FRAME_ROWS of a table, then become a frame (Arrow
        # strings): the rows of the 14,239 White House releases held as dicts took 1,067 MB, as frames 426 MB
        # (BENCHMARKS.md).
        self.new_rows: dict[str, list[dict]] = {t: [] for t in DERIVED}
        self.new_frames: dict[str, list[pd.DataFrame]] = {t: [] for t in DERIVED}
        self.last = time.monotonic()
        self.interval = settings.get("PRESSROOM_CHECKPOINT_SECONDS")

    FRAME_ROWS = 20_000

    def add(self, release: Release, rows: dict[str, list[dict]]) -> None:
        for table, table_rows in rows.items():
            self.new_rows[table].extend(table_rows)
            if len(self.new_rows[table]) >= self.FRAME_ROWS:
                self._flush(table)
        self.done.add(release.id)
        if time.monotonic() - self.last > self.interval:
            self.commit()

    def _flush(self, table: str) -> None:
        """The rows waiting as dicts become a frame."""
        columns = [c.name for c in schema.TABLES[table]]
        self.new_frames[table].append(
            schema.conform(pd.DataFrame(self.new_rows[table], columns=columns), table)
        )
        self.new_rows[table].clear()

    def _framed(self, table: str) -> pd.DataFrame:
        """Every new row of the table as one frame, kept as that one frame for the next commit."""
        frames = self.new_frames[table]
        if self.new_rows[table] or not frames:
            self._flush(table)
        if len(frames) > 1:
            frames[:] = [pd.concat(frames, ignore_index=True)]
        return frames[0]

    def commit(self) -> str:
        from lib import records

        self.last = time.monotonic()
        if not self.kept_rows:  # rows of releases processed before this run, read once on first commit
            self.kept_rows = {t: self.old[t][self.old[t]["release_id"].isin(self.kept)] for t in DERIVED}
        tables = {t: pd.concat([self.kept_rows[t], self._framed(t)], ignore_index=True) for t in DERIVED}
        rows = [
            records.release_row(r, self.pv if rid in self.done else "") for rid, r in self.releases.items()
        ]
        tables["releases"] = pd.DataFrame(rows, columns=[c.name for c in schema.TABLES["releases"]])
        tables["files"], tables["rejects"] = self.files, self.rejects
        return self.store.write(tables, {"pipeline_version": self.pv})
