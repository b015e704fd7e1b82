"""Frames kept per store version: each table column read once, the selected releases and their related rows,
the speakers as the alias file merges them; and reads not kept, for what only one cached result needs."""

from __future__ import annotations

import contextlib
import os
from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import streamlit as st

from lib import filters as flt
from lib import schema, speakers
from lib.metrics.speakers import words
from lib.store import Store
from lib.ui.pinning import Key, key, per_version, pinned_store


def _arrow_memory() -> None:
    """Arrow allocates through jemalloc here (unless ARROW_DEFAULT_MEMORY_POOL says otherwise): pyarrow's
    default, mimalloc, kept about 300 MB of freed memory resident at 200,000 releases."""
    if os.environ.get("ARROW_DEFAULT_MEMORY_POOL"):
        return
    with contextlib.suppress(NotImplementedError):  # a pyarrow built without jemalloc
        pa.set_memory_pool(pa.jemalloc_memory_pool())


_arrow_memory()

# Caching (see BENCHMARKS.md): frames are kept once per store version with st.cache_resource, which hands out
# the cached object itself rather than a pickled copy (st.cache_data copied every frame on every call: 2.4 GB
# at 200,000 releases). Each table column is read once, whatever set of columns a page asks for. Callers get a
# shallow copy (pandas copy-on-write): adding or changing a column in it never reaches the cached frame.

# Short labels repeated on every row, kept as categoricals (a tenth of the memory). Only columns whose readers
# take them as text (lib.metrics.speakers turns them into labels itself): value_counts() of a categorical
# lists every category, seen or not, so topic and metric stay text.
CATEGORICAL = {"quotes": ("speaker_title", "speaker_org", "kind", "cue")}

# Columns computed from a table's column when read, a batch at a time, so the column itself is not kept:
# the words of each quote (its text is 62 MB at 700,000 quotes; a profile reads its own speaker's).
DERIVED = {"quotes": {"words": ("text", words)}}


@per_version(max_entries=256)
def _column(k: Key, table: str, column: str) -> pd.Series:
    if column in DERIVED.get(table, {}):
        source, count = DERIVED[table][column]
        counted = Store(k.root).read_mapped(table, source, count, k.version or None)
        return pd.Series(counted.astype("int64"), name=column)
    values = Store(k.root).read(table, [column], k.version)[column]
    return values.astype("category") if column in CATEGORICAL.get(table, ()) else values


def _columns(table: str) -> list[str]:
    return [c.name for c in schema.TABLES[table]] + list(DERIVED.get(table, {}))


def read(k: Key, table: str, columns: tuple[str, ...] | None) -> pd.DataFrame:
    """The table's columns (all stored ones when None; derived ones only when asked for) from the per-column
    cache, in the schema's order as Store.read gives them; the frame shares their memory."""
    stored = [c.name for c in schema.TABLES[table]]
    names = [c for c in _columns(table) if c in columns] if columns else stored
    unknown = sorted(set(columns or ()) - set(names))
    if unknown:
        raise schema.SchemaError(f"table {table!r} has no columns {unknown}")
    return pd.DataFrame({c: _column(k.of_store(), table, c) for c in names}, columns=names)


def table(name: str, columns: list[str] | None = None) -> pd.DataFrame:
    """A store table, cached per store version: a new processing run shows at once."""
    return read(key(), name, tuple(columns) if columns else None)


def read_once(name: str, columns: list[str]) -> pd.DataFrame:
    """A table's columns read afresh, not kept in the column cache: for what only one cached result needs (the
    Data page's summary of formats, pipeline versions and files)."""
    s, version = pinned_store()
    return s.read(name, columns, version)


def lengths(name: str, column: str) -> np.ndarray:
    """The number of items in each row of a list column (e.g. the release ids read from each file), read a
    batch at a time, without turning every list into a Python object."""
    s, version = pinned_store()

    def count(lists):
        return pc.list_value_length(lists).fill_null(0).to_numpy(zero_copy_only=False)

    return s.read_mapped(name, column, count, version).astype("int64")


def bodies(chars: int | None = None, ids: list[str] | None = None) -> pd.DataFrame:
    """Every release's id and body (its first `chars` characters only, when given; of the releases `ids` only,
    when given), read afresh, not cached: the caller caches what it computes from them (300 MB at 200k
    releases, too much to keep a copy of)."""
    if chars is None:
        return read_once("releases", ["id", "body"])
    s, version = pinned_store()
    return s.read_heads("releases", "id", "body", chars, version, keys=ids)


def rows_where(name: str, column: str, value, columns: list[str]) -> pd.DataFrame:
    """The rows of a table whose column has the value (or one of the values, a list), read in batches and not
    cached (the caller caches what it makes of them): e.g. one topic's mentions with their passages, without
    keeping every passage in memory."""
    s, version = pinned_store()
    return s.read(name, columns, version, where=(column, value))


@st.cache_data(show_spinner=False, max_entries=64)
def _rows_of(k: Key, name: str, release_id: str) -> pd.DataFrame:
    return Store(k.root).read(
        name, None, k.version, where=("id" if name == "releases" else "release_id", release_id)
    )


def rows_of(name: str, release_id: str) -> pd.DataFrame:
    """One release's row (name="releases") or its rows of an extraction table, whatever the filters."""
    return _rows_of(key(), name, release_id)


SELECTED = ("id", "title", "date", "agency", "url", "source", "words")
TOPICS = ("topic_mentions", "topic_about")  # the tables a topic filter narrows


@per_version(max_entries=32)
def _selected(k: Key, f: flt.Filters) -> pd.DataFrame:
    releases = read(k, "releases", SELECTED)
    if f.query:  # the bodies only for this selection, not kept: 300 MB at 200,000 releases
        releases["body"] = Store(k.root).read("releases", ["body"], k.version)["body"]  # same rows and order
    mentions = None
    if f.topics:  # a topic selects the releases about it, not every release that mentions it
        about = read(k, "topic_about", ("release_id", "topic", "about"))
        mentions = about[about["about"].to_numpy(dtype=bool)]
    quotes = read(k, "quotes", ("release_id", "speaker")) if f.speakers else None
    chosen = flt.select(f, releases, mentions, quotes).drop(columns=["body"], errors="ignore")
    return releases.drop(columns=["body"], errors="ignore") if len(chosen) == len(releases) else chosen


def selected(f: flt.Filters) -> pd.DataFrame:
    """The releases the filters keep (no body column), cached per store version and filters."""
    return _selected(key(), _as_written(f)).copy(deep=False)


@per_version(max_entries=64)
def _related(k: Key, f: flt.Filters, name: str, columns: tuple[str, ...]) -> pd.DataFrame:
    ids = _selected(k.of_store(), f)["id"]
    about = (
        name == "topic_about"
    )  # its rows only for the topics each release is about, not those only mentioned
    frame = read(k, name, tuple(dict.fromkeys(("release_id", *columns, *(("about",) if about else ())))))
    keep = None
    every = Store(k.root).manifest(k.version)["counts"]["releases"]
    if len(ids) < every:  # every release selected: every row is related
        keep = flt.is_in(frame["release_id"], ids)
    if name == "quotes" and f.speakers:
        keep = flt.is_in(frame["speaker"], f.speakers) & (True if keep is None else keep)
    if name in TOPICS and f.topics:
        keep = flt.is_in(frame["topic"], f.topics) & (True if keep is None else keep)
    if about:
        keep = frame["about"].to_numpy(dtype=bool) & (True if keep is None else keep)
    frame = frame if keep is None else frame[keep].reset_index(drop=True)
    if about and "about" not in columns:
        frame = frame.drop(columns="about")
    if k.files:  # quotes with their speaker: canonical speakers, the names as written kept
        frame = speakers.apply(frame, _speakers(k)[0])
    return frame


def related(name: str, columns: list[str], f: flt.Filters) -> pd.DataFrame:
    """Rows of an extraction table (quotes, figures, topic_mentions, topic_about, entities) from the selected
    releases; with a speaker (topic) filter, quotes (mentions) are only those of the chosen speakers (topics).
    topic_about gives only the topics each release is about."""
    f = _as_written(f)
    if name == "quotes" and f.speakers:
        columns = [*columns, "speaker"]
    if name in TOPICS and f.topics:
        columns = [*columns, "topic"]
    k = key("speakers") if name == "quotes" and "speaker" in columns else key()
    return _related(k, f, name, tuple(dict.fromkeys(columns))).copy(deep=False)


def speaker_aliases() -> tuple[str, str]:
    """(the alias file, a hash of its content), as key("speakers") holds them."""
    return key("speakers").files[0]


@st.cache_data(show_spinner=False, max_entries=8)
def _speakers(k: Key) -> tuple[pd.DataFrame, str]:
    """Every name as written in the store with its canonical speaker (lib.speakers.table), and what is wrong
    with the alias file ("" when nothing is): a bad file is reported, and speakers merged without it."""
    counts = _column(k.of_store(), "quotes", "speaker").value_counts()
    ((path, _),) = k.files
    try:
        found, problem = speakers.load(Path(path) if path else None), ""
    except speakers.AliasError as exc:
        found, problem = speakers.NO_ALIASES, f"{exc} Speakers are merged without it until it is fixed."
    return speakers.table(counts, found), problem


def speaker_names() -> tuple[pd.DataFrame, str]:
    """Every name as written with its canonical speaker, and what is wrong with the alias file (if any)."""
    return _speakers(key("speakers"))


def _as_written(f: flt.Filters) -> flt.Filters:
    """The filters with each chosen speaker replaced by its names as written, as the store holds them."""
    if not f.speakers:
        return f
    return replace(f, speakers=speakers.variants(speaker_names()[0], f.speakers))
