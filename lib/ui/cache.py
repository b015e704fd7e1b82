"""What the pages read from the store: lib/query.py's SQL over the pinned version's Parquet files, cached per
store version, filters and vocabulary files. Results are small frames (counts, rankings, a page of rows), kept
with st.cache_data; no whole table is held in memory, so a store larger than memory can be read."""

from __future__ import annotations

import contextlib
import os
from dataclasses import replace
from pathlib import Path

import pandas as pd
import pyarrow as pa
import streamlit as st

from lib import filters as flt
from lib import metrics, query, speakers
from lib.metrics import data as dm
from lib.metrics import speakers as sm
from lib.store import Store
from lib.ui.pinning import Key, key


def _arrow_memory() -> None:
    """Arrow allocates through jemalloc here (unless ARROW_DEFAULT_MEMORY_POOL says otherwise): pyarrow's
    default, mimalloc, kept freed memory resident."""
    if os.environ.get("ARROW_DEFAULT_MEMORY_POOL"):
        return
    with contextlib.suppress(NotImplementedError):  # a pyarrow built without jemalloc
        pa.set_memory_pool(pa.jemalloc_memory_pool())


_arrow_memory()


def cached(max_entries: int):
    """st.cache_data for a result computed from the store: small frames, handed out as copies."""
    return st.cache_data(show_spinner=False, max_entries=max_entries)


def source(k: Key, f: flt.Filters | None = None) -> query.Source:
    """The store version a key names, as lib.query reads it; with the releases the filters `f` (as written)
    keep, selected once for every query of the page (lib.query.select)."""
    src = query.Source(k.root, k.version)
    if f is None or not query.narrows(f):
        return src
    rows, selected = _selected(k.of_store(), f)
    return src._replace(selected=selected, selected_by=f, rows=rows)


@st.cache_resource(show_spinner=False, max_entries=4)  # kept, not copied: tens of MB at most
def _selected(k: Key, f: flt.Filters):
    return query.select(query.Source(k.root, k.version), f)


def keyed(f: flt.Filters, *vocabularies: str) -> tuple[Key, flt.Filters]:
    """The cache key of a result computed from the filters (the alias file first: a chosen speaker selects
    the names it merges; then the vocabulary files named) and the filters with each chosen speaker replaced
    by its names as written, as the store holds them."""
    return key("speakers", *vocabularies), _as_written(f)


# ------------------------------------------------------------------------------------------ speakers' names


@cached(8)
def speakers_of(k: Key) -> tuple[pd.DataFrame, str, pd.DataFrame]:
    """Every name as written in the store with its canonical speaker (lib.speakers.table), what is wrong with
    the alias file ("" when nothing is: a bad file is reported, and speakers merged without it), and each
    name as stored with its speaker as lib.metrics.speakers.quoted labels them (raw, speaker,
    speaker_as_written, speaker_id): what lib.query joins quotes with."""
    counts = query.raw_speakers(source(k))
    ((path, _),) = k.files
    try:
        found, problem = speakers.load(Path(path) if path else None), ""
    except speakers.AliasError as exc:
        found, problem = speakers.NO_ALIASES, f"{exc} Speakers are merged without it until it is fixed."
    named = counts.dropna(subset=["speaker"])
    table = speakers.table(pd.Series(named["quotes"].to_numpy(), index=named["speaker"].to_numpy()), found)
    merged = speakers.apply(pd.DataFrame({"speaker": named["speaker"].astype(object)}), table)
    names = pd.DataFrame(
        {
            "raw": named["speaker"].astype(object).to_numpy(),
            "speaker": sm.cleaned(pd.Index(merged["speaker"].astype(str))).to_numpy(dtype=object),
            "speaker_as_written": sm.cleaned(pd.Index(merged["speaker_as_written"].astype(str))).to_numpy(
                dtype=object
            ),
            "speaker_id": merged["speaker_id"].astype(str).to_numpy(dtype=object),
        }
    )
    return table, problem, names


def speaker_names() -> tuple[pd.DataFrame, str]:
    """Every name as written with its canonical speaker, and what is wrong with the alias file (if any)."""
    table, problem, _ = speakers_of(key("speakers"))
    return table, problem


def names_of(k: Key) -> pd.DataFrame:
    """Each name as stored with its canonical speaker (see speakers_of), under the alias file of a key from
    keyed()."""
    return speakers_of(k.of("speakers"))[2]


def speaker_aliases() -> tuple[str, str]:
    """(the alias file, a hash of its content), as key("speakers") holds them."""
    return key("speakers").files[0]


def _as_written(f: flt.Filters) -> flt.Filters:
    """The filters with each chosen speaker replaced by its names as written, as the store holds them."""
    if not f.speakers:
        return f
    return replace(f, speakers=speakers.variants(speaker_names()[0], f.speakers))


@cached(4)
def labels(k: Key) -> dict[str, pd.DataFrame]:
    """Each speaker title and organisation as stored (raw) with its label as lib.metrics.speakers.quoted gives
    it (stripped, curly apostrophes straight): what lib.query joins quotes with."""
    out = {}
    for column in ("speaker_title", "speaker_org"):
        raw = query.distinct(source(k), "quotes", column).dropna().astype(object)
        out[column] = pd.DataFrame(
            {"raw": raw.to_numpy(), "label": sm.cleaned(pd.Index(raw), straight=True).to_numpy(dtype=object)}
        )
    return out


# ------------------------------------------------------------------------------------------ the selection


@cached(64)
def summary_of(k: Key, f: flt.Filters) -> dict:
    return query.summary(source(k, f), f)


def summary(f: flt.Filters) -> dict:
    """The selected releases: how many (releases), the first and last date."""
    return summary_of(*keyed(f))


def date_span(f: flt.Filters) -> str:
    """'Nov 2018 to Sep 2025': the months the selected releases cover."""
    found = summary(f)
    return metrics.months(found["first"], found["last"])


@cached(32)
def _per_period(k: Key, f: flt.Filters) -> pd.DataFrame:
    counts = query.per_period(source(k, f), f, f.period)
    span = (f.start, f.end) if f.start and f.end else None
    return metrics.fill_periods(counts, f.period, name="releases", span=span)


def releases_per_period(f: flt.Filters) -> pd.DataFrame:
    """Selected releases per period of f.period (lib.metrics.releases_per_period)."""
    return _per_period(*keyed(f))


@cached(32)
def _overview_counts(k: Key, f: flt.Filters) -> dict[str, int]:
    return query.overview_counts(source(k, f), f, names_of(k))


def overview_counts(f: flt.Filters) -> dict[str, int]:
    """releases, quotes, speakers, figures of the selection (lib.metrics.overview_counts)."""
    return _overview_counts(*keyed(f))


@cached(32)
def _top_topics(k: Key, f: flt.Filters) -> tuple[pd.DataFrame, int]:
    releases, mentions = query.topic_totals(source(k, f), f)
    return metrics.rank_topics(releases, mentions), int(mentions.sum())


def top_topics(f: flt.Filters) -> tuple[pd.DataFrame, int]:
    """The top topics of the selection (lib.metrics.top_topics) and how many mentions it holds."""
    return _top_topics(*keyed(f))


@cached(32)
def _top_speakers(k: Key, f: flt.Filters) -> pd.DataFrame:
    return metrics.rank_speakers(query.speaker_totals(source(k, f), f, names_of(k)))


def top_speakers(f: flt.Filters) -> pd.DataFrame:
    """The most quoted speakers of the selection (lib.metrics.top_speakers)."""
    return _top_speakers(*keyed(f))


@cached(32)
def _latest_figures(k: Key, f: flt.Filters) -> pd.DataFrame:
    return query.latest_figures(source(k, f), f)


def latest_figures(f: flt.Filters) -> pd.DataFrame:
    """The 10 latest cited figures of the selection (lib.metrics.latest_figures)."""
    return _latest_figures(*keyed(f))


@cached(32)
def _latest(k: Key, f: flt.Filters) -> pd.DataFrame:
    return query.latest(source(k, f), f)


def latest(f: flt.Filters) -> pd.DataFrame:
    """The 10 latest releases of the selection (lib.metrics.latest)."""
    return _latest(*keyed(f))


@cached(16)
def _listing(k: Key, f: flt.Filters, limit: int, offset: int) -> pd.DataFrame:
    return query.listing(source(k, f), f, limit, offset)


LIST_PAGE = 2000  # rows of the releases list a page holds


def listing(f: flt.Filters, limit: int, offset: int = 0) -> pd.DataFrame:
    """A page of the releases list (lib.metrics.releases.listing), newest first."""
    return _listing(*keyed(f), limit, offset)


# ------------------------------------------------------------------------------------------ single releases


@cached(64)
def _rows_of(k: Key, name: str, release_id: str) -> pd.DataFrame:
    return query.rows_of(source(k), name, release_id)


def rows_of(name: str, release_id: str) -> pd.DataFrame:
    """One release's row (name="releases") or its rows of an extraction table, whatever the filters."""
    return _rows_of(key(), name, release_id)


@cached(8)
def _table(k: Key, name: str, columns: tuple[str, ...] | None) -> pd.DataFrame:
    return Store(k.root).read(name, list(columns) if columns else None, k.version or None)


def table(name: str, columns: list[str] | None = None) -> pd.DataFrame:
    """A small store table (rejects), whole, cached per store version."""
    return _table(key(), name, tuple(columns) if columns else None)


@cached(4)
def _data_summary(k: Key) -> dict:
    return dm.summary_of(query.data_summary(source(k)))


def data_summary() -> dict:
    """What the Data page shows of the store (lib.metrics.data.summary), whatever the filters."""
    return _data_summary(key())
