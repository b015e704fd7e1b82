"""The Parquet store: every run writes a new version directory, then one atomic rename makes it current."""

from __future__ import annotations

import fcntl
import json
import os
import shutil
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from lib import derived, schema
from lib.errors import PressroomError, reason

KEEP_VERSIONS = 2


class StoreBusy(PressroomError):
    """Another processing run holds the store's lock."""


class StoreUnusable(PressroomError):
    """The store path cannot hold a store (a file, a folder of other files, a place we may not write), or its
    files cannot be read or written."""


class StoreMissing(PressroomError):
    """No processed store at the given directory."""


class VersionGone(PressroomError):
    """The version asked for was removed by a later run (only the newest versions are kept): read the current
    one."""


class StoreOutdated(PressroomError):
    """The store was written in a format this code does not read."""


def version_gone(root: Path | str, version: str) -> VersionGone:
    """The error of a read of a store version that a later run removed."""
    return VersionGone(
        f"Store version {version} in {root} was replaced by a newer run and removed; "
        "read the current version."
    )


def unreadable(where: Path | str, why: str) -> StoreUnusable:
    """The error of a store file that cannot be read (`why`: the reason in words)."""
    return StoreUnusable(
        f"The store at {where} cannot be read ({why}); check its permissions, or process your releases again "
        "into a new store directory (--store)."
    )


class Store:
    def __init__(self, root: Path):
        self.root = Path(root)
        self._checked: set[str] = set()

    @property
    def versions(self) -> Path:
        return self.root / "versions"

    def current(self) -> str | None:
        """The current version's name, or None when nothing was written yet."""
        try:
            name = (self.root / "CURRENT").read_text(encoding="utf-8").strip()
        except FileNotFoundError:
            return None
        except NotADirectoryError as exc:
            raise StoreUnusable(self._is_a_file()) from exc
        except (PermissionError, IsADirectoryError, UnicodeDecodeError) as exc:
            raise StoreUnusable(
                f"The store pointer {self.root / 'CURRENT'} cannot be read ({type(exc).__name__}); "
                "check the directory's permissions or set PRESSROOM_STORE (or --store) to another "
                "directory."
            ) from exc
        return name if (self.versions / name / "manifest.json").is_file() else None

    def manifest(self, version: str | None = None) -> dict:
        version = version or self._require()
        try:
            return json.loads((self.versions / version / "manifest.json").read_text(encoding="utf-8"))
        except OSError as exc:
            self._gone(version, exc)
            raise self._unreadable(exc, self.versions / version) from exc

    def read(
        self,
        table: str,
        columns: list[str] | None = None,
        version: str | None = None,
        where: tuple[str, object] | None = None,
    ) -> pd.DataFrame:
        """One table of the current (or given) version, validated against the schema; `where` = (column,
        value) keeps only the rows with that value (or with any of several values: a list, tuple or set), read
        from Parquet without loading the rest."""
        version = version or self.current()
        if version is None:
            return schema.conform(schema.empty(table), table, columns)
        with self._reading(version) as directory:
            path = directory / f"{table}.parquet"
            if not path.is_file() and (directory / "manifest.json").is_file():
                # a table added to the schema since this version was written: empty until reprocessed
                return schema.conform(schema.empty(table), table, columns)
            wanted = columns if columns is not None else [c.name for c in schema.TABLES[table]]
            present = set(pq.read_schema(path).names)
            have = [c for c in wanted if c in present]
            frame = _read_where(path, have, where) if where else pd.read_parquet(path, columns=have)
            for name in (
                wanted
            ):  # a column added to the schema since this version was written: empty until reprocessed
                if name not in present:
                    frame[name] = pd.NA
        return schema.conform(frame, table, columns)

    @contextmanager
    def _reading(self, version: str):
        """The version's directory, its format checked; a read that fails because the version was pruned
        meanwhile raises VersionGone, so a page reruns on the current one."""
        try:
            self.check_format(version)
            yield self.versions / version
        except (OSError, pa.ArrowException) as exc:
            self._gone(version, exc)
            if isinstance(exc, OSError):
                raise self._unreadable(exc, self.versions / version) from exc
            raise

    def _gone(self, version: str, exc: Exception) -> None:
        """Raise VersionGone when a read failed because the version was pruned while (or before) it was
        read."""
        # a file missing from a version no longer current: pruned, the manifest perhaps not yet
        pruning = isinstance(exc, FileNotFoundError) and version != self.current()
        if pruning or not (self.versions / version / "manifest.json").is_file():
            raise version_gone(self.root, version) from exc

    def _unreadable(self, exc: OSError, where: Path) -> StoreUnusable:
        return unreadable(exc.filename or where, reason(exc))

    def read_heads(
        self,
        table: str,
        key: str,
        column: str,
        chars: int,
        version: str | None = None,
        keys: list[str] | None = None,
    ) -> pd.DataFrame:
        """`key` and the first `chars` characters of the text column `column` (of the rows whose key is one of
        `keys`, when given), read in batches: at most one batch of whole texts is in memory at a time (every
        release body at once is 300 MB at 200,000 releases)."""
        version = version or self.current()
        if version is None:
            return schema.conform(schema.empty(table), table, [key, column])
        with self._reading(version) as directory:
            parquet = _parquet(directory / f"{table}.parquet")
            wanted = None if keys is None else pa.array(list(keys), type=pa.string())
            batches = [
                pa.RecordBatch.from_arrays(
                    [b.column(key), pc.utf8_slice_codeunits(b.column(column), 0, chars)], names=[key, column]
                )
                for b in parquet.iter_batches(batch_size=BATCH, columns=[key, column])
                for b in [b if wanted is None else b.filter(pc.is_in(b.column(key), value_set=wanted))]
            ]
        fields = [parquet.schema_arrow.field(key), parquet.schema_arrow.field(column)]
        return schema.conform(
            pa.Table.from_batches(batches, schema=pa.schema(fields)).to_pandas(), table, [key, column]
        )

    def read_mapped(self, table: str, column: str, fn, version: str | None = None) -> np.ndarray:
        """fn(Arrow array) -> NumPy array, applied to `column` a batch at a time and concatenated: one value
        per row computed from a big text column without holding the column (e.g. the words of every quote). A
        column the version was written without gives zeros."""
        version = version or self.current()
        if version is None:
            return np.zeros(0, dtype="int64")
        with self._reading(version) as directory:
            parquet = _parquet(directory / f"{table}.parquet")
            if column not in parquet.schema_arrow.names:
                return np.zeros(parquet.metadata.num_rows, dtype="int64")
            parts = [
                np.asarray(fn(b.column(0))) for b in parquet.iter_batches(batch_size=BATCH, columns=[column])
            ]
        return np.concatenate(parts) if parts else np.zeros(0, dtype="int64")

    def check_format(self, version: str) -> None:
        """Raise StoreOutdated when the version was written in another store format (once per version)."""
        if version in self._checked:
            return
        manifest = json.loads((self.versions / version / "manifest.json").read_text(encoding="utf-8"))
        found = manifest.get("store_format")
        if found != schema.STORE_FORMAT:
            raise StoreOutdated(
                f"The store in {self.root} has format {found}, this version of Pressroom reads format "
                f"{schema.STORE_FORMAT}; process your releases again into a new store directory (--store)."
            )
        self._checked.add(version)

    def _require(self) -> str:
        version = self.current()
        if version is None:
            raise StoreMissing(
                f"No processed store in {self.root}. Run `python -m lib process` (or `make run`) to build it."
            )
        return version

    def write(self, tables: dict[str, pd.DataFrame], meta: dict) -> str:
        """Write every table into a new version and make it current; returns the version name."""
        try:
            return self._write(tables, meta)
        except OSError as exc:  # the disk full, say: the current version stays as it was
            raise self._unwritable(exc) from exc

    def _unwritable(self, exc: OSError) -> StoreUnusable:
        return StoreUnusable(
            f"A new store version could not be written in {self.versions} ({reason(exc)}); free disk "
            "space, or set PRESSROOM_STORE (or --store) to a directory Pressroom may write."
        )

    def _write(self, tables: dict[str, pd.DataFrame], meta: dict) -> str:
        version, staging = self._staging()
        counts = {}
        for table in schema.TABLES:
            frame = schema.conform(tables.get(table, schema.empty(table)), table)
            frame.to_parquet(staging / f"{table}.parquet", index=False)
            _fsync_file(staging / f"{table}.parquet")
            counts[table] = len(frame)
            for name, part in derived.of(table, frame).items():  # the words of each quote, for the dashboard
                part.to_parquet(staging / f"{name}.parquet", index=False)
                _fsync_file(staging / f"{name}.parquet")
        return self._commit(version, staging, counts, meta)

    def write_batches(self, batches, meta: dict) -> str:
        """Write a new version from batches of rows (an iterable of {table: frame}; each table's frames in
        order, of any size), a batch at a time, and make it current: a store larger than memory can be
        written (bench/synth.py does). Returns the version name."""
        try:
            version, staging = self._staging()
            writers: dict[str, pq.ParquetWriter] = {}
            counts = dict.fromkeys(schema.TABLES, 0)
            try:
                for batch in batches:
                    for table, frame in batch.items():
                        frame = schema.conform(frame, table)
                        for name, part in {table: frame, **derived.of(table, frame)}.items():
                            rows = pa.Table.from_pandas(part, preserve_index=False)
                            if name not in writers:
                                writers[name] = pq.ParquetWriter(staging / f"{name}.parquet", rows.schema)
                            writers[name].write_table(rows.cast(writers[name].schema))
                        counts[table] += len(frame)
            finally:
                for writer in writers.values():
                    writer.close()
            empty = {t: schema.empty(t) for t in schema.TABLES} | {derived.QUOTE_WORDS: derived.empty()}
            for name, frame in empty.items():
                if name not in writers:
                    frame.to_parquet(staging / f"{name}.parquet", index=False)
                _fsync_file(staging / f"{name}.parquet")
            return self._commit(version, staging, counts, meta)
        except OSError as exc:
            raise self._unwritable(exc) from exc

    def _staging(self) -> tuple[str, Path]:
        """The next version's name and its empty staging directory."""
        self.versions.mkdir(parents=True, exist_ok=True)
        version = self._next_name()
        staging = self.versions / f".{version}.tmp"
        shutil.rmtree(staging, ignore_errors=True)
        staging.mkdir()
        return version, staging

    def _commit(self, version: str, staging: Path, counts: dict[str, int], meta: dict) -> str:
        """Write the manifest into the staged version, move it into place and make it current."""
        manifest = {
            "version": version,
            "created": datetime.now(UTC).isoformat(timespec="seconds"),
            "store_format": schema.STORE_FORMAT,
            "counts": counts,
            **meta,
        }
        (staging / "manifest.json").write_text(json.dumps(manifest, indent=1), encoding="utf-8")
        _fsync_file(staging / "manifest.json")
        _fsync_dir(staging)
        os.replace(staging, self.versions / version)
        _fsync_dir(self.versions)
        pointer = self.root / "CURRENT.tmp"
        pointer.write_text(version, encoding="utf-8")
        _fsync_file(pointer)
        os.replace(pointer, self.root / "CURRENT")
        _fsync_dir(self.root)
        self._prune(version)
        return version

    def _next_name(self) -> str:
        numbers = [int(p.name[1:]) for p in self.versions.glob("v*") if p.name[1:].isdigit()]
        return f"v{max(numbers, default=0) + 1:06d}"

    def _prune(self, keep: str) -> None:
        names = sorted(p.name for p in self.versions.glob("v*") if p.name[1:].isdigit())
        for name in names[:-KEEP_VERSIONS]:
            if name != keep:
                shutil.rmtree(self.versions / name, ignore_errors=True)
        for stale in self.versions.glob(".v*.tmp"):
            shutil.rmtree(stale, ignore_errors=True)

    def _is_a_file(self) -> str:
        return (
            f"The store path {self.root} is a file, not a directory; set PRESSROOM_STORE (or --store) to a "
            "directory."
        )

    def prepare(self) -> None:
        """Create the store directory for a writer (a run, or a job of lib/jobs.py), refusing a file, a folder
        of other files, or no permission."""
        if self.root.exists() and not self.root.is_dir():
            raise StoreUnusable(self._is_a_file())
        if self.root.is_dir():
            names = {p.name for p in self.root.iterdir()}
            if names and not names & {"CURRENT", "versions", "lock"}:
                raise StoreUnusable(
                    f"{self.root} holds other files and is not a Pressroom store; set PRESSROOM_STORE "
                    "(or --store) to a new or empty directory."
                )
        try:
            self.root.mkdir(parents=True, exist_ok=True)
            (self.root / "lock").touch()
        except OSError as exc:
            raise StoreUnusable(
                f"Pressroom cannot write its store in {self.root} ({exc.strerror or exc}); set "
                "PRESSROOM_STORE (or --store) to a directory it may write."
            ) from exc

    @contextmanager
    def lock(self):
        """Exclusive lock for a writer; a second writer fails at once with a clear message."""
        self.prepare()
        with open(self.root / "lock", "a+") as fh:
            try:
                fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError as exc:
                raise StoreBusy(
                    f"Another processing run is writing to {self.root}; wait for it to finish and run again."
                ) from exc
            try:
                yield
            finally:
                fcntl.flock(fh, fcntl.LOCK_UN)


BATCH = 8192  # rows per batch of the batch readers


def _parquet(path: Path) -> pq.ParquetFile:
    """A Parquet file read a batch at a time, with a small read buffer."""
    return pq.ParquetFile(path, buffer_size=1 << 20, pre_buffer=False)


def _read_where(path: Path, columns: list[str], where: tuple[str, object]) -> pd.DataFrame:
    """The rows whose column where[0] equals where[1] (or is one of them, when it is a list, tuple or set),
    read in batches: Parquet filters would decode the whole table first (600 MB of Arrow memory for one
    release of 200,000)."""
    key, value = where
    parquet = _parquet(path)
    names = list(dict.fromkeys([*columns, key]))
    if isinstance(value, (list, tuple, set, frozenset)):
        values = pa.array(sorted(set(value)), type=parquet.schema_arrow.field(key).type)
        match = lambda column: pc.is_in(column, value_set=values)  # noqa: E731
    else:
        match = lambda column: pc.equal(column, value)  # noqa: E731
    parts = [
        batch.filter(found)
        for batch in parquet.iter_batches(batch_size=BATCH, columns=names)
        if pc.any(found := match(batch.column(key))).as_py()
    ]
    arrow = pa.schema([parquet.schema_arrow.field(n) for n in names])
    return pa.Table.from_batches(parts, schema=arrow).to_pandas()


def _fsync_file(path: Path) -> None:
    with open(path, "rb") as fh:
        os.fsync(fh.fileno())


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
