"""Every SQL query of the dashboard. DuckDB reads one store version's Parquet files (lib/store.py's layout,
versions/<v>/<table>.parquet) with the sidebar's filters pushed into the SQL, groups and counts there, and
returns the small pandas frames the pages draw; lib/metrics finishes them (empty periods, rankings, labels).
No streamlit: lib/ui caches what these functions return, per store version and filters.

Only names from lib/schema.py and constants of this module are written into SQL text (tables, columns, period
expressions, the names frames are registered under); every value from the store path, the filters or a page
(dates, agencies, topics, speakers, the text searched, a metric, release ids, limits) is a bound parameter."""

from __future__ import annotations

import os
import tempfile
import threading
from collections.abc import Sequence
from datetime import datetime, time, timedelta
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

import duckdb
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from lib import schema
from lib.derived import QUOTE_WORDS as WORDS_FILE
from lib.derived import words
from lib.filters import PERIOD_NAMES, Filters
from lib.metrics import figures as fm
from lib.metrics import speakers as sm
from lib.store import Store, unreadable, version_gone

# DuckDB's own memory (hash tables, sorts; beyond it, it spills to TEMP): the server's peak stays under 1.5 GB
# at 2,000,000 releases with this (see BENCHMARKS.md). Threads: one per core, as DuckDB's default.
MEMORY_LIMIT = "1GB"
TEMP = Path(tempfile.gettempdir()) / "pressroom-duckdb"
ROW = "_row"  # the row number of a table's row in its Parquet file: the store's order, for stable ties

TYPES = {
    "string": "VARCHAR",
    "int64": "BIGINT",
    "float64": "DOUBLE",
    "bool": "BOOLEAN",
    "datetime64[ns]": "TIMESTAMP_NS",
    "list": "VARCHAR[]",
}
# The first day of the period a timestamp falls in, as lib.metrics.period_start computes it: weeks from
# Monday, fiscal years from 1 October.
PERIODS = {
    "day": "date_trunc('day', {0})",
    "week": "date_trunc('week', {0})",
    "month": "date_trunc('month', {0})",
    "quarter": "date_trunc('quarter', {0})",
    "fiscal year": "make_timestamp(year({0}) - CASE WHEN month({0}) >= 10 THEN 0 ELSE 1 END, 10, 1, 0, 0, 0)",
    "year": "date_trunc('year', {0})",
}
assert tuple(PERIODS) == PERIOD_NAMES, "a period of lib.filters without its SQL here"
QUOTE_WORDS = "quote_words"  # words: the words of each quote, in the store's order (quote_words())
TOPIC_TABLES = ("topic_mentions", "topic_about")  # the tables a topic filter narrows
# The releases per topic: topic_about has one row per release and topic (lib.nlp.topics.about), so its rows
# are the releases; a release mentions a topic in as many rows of topic_mentions as it names it
RELEASES = {"topic_about": "count(*)", "topic_mentions": "count(DISTINCT t.release_id)"}

# The relations of names cleaned in Python, registered for one query (constant names, never user input)
NAMES = "speaker_names"  # raw (as stored), speaker (canonical), speaker_as_written, speaker_id
TITLES = "title_labels"  # raw, label: speaker titles as lib.metrics.speakers labels them
ORGS = "org_labels"  # raw, label: organisations
PERIOD_BOUNDS = "period_bounds"  # period, start, end, kind: lib.metrics.figures.period_bounds of each period
UNITS = "unit_families"  # unit, amount, family, factor: lib.metrics.figures of each unit
CHOSEN = "chosen_ids"  # id: release ids asked for
SELECTED = "selected_releases"  # the releases the filters keep, read once (select()): SELECTED_COLUMNS, ROW
SELECTED_COLUMNS = ("id", "date", "title", "agency", "words")
SELECTED_ROWS = "selected_rows"  # ROW: the row numbers of the releases the filters keep (select())
KEEP_SELECTED = 250_000  # a selection of up to this many releases is read once with its columns (tens of MB)


class Source(NamedTuple):
    """The store version a query reads: its root and version ("" when nothing was written yet); and the
    releases the query's filters keep, when they were read once for every query of a page (select())."""

    root: str
    version: str
    selected: pa.Table | None = None
    selected_by: Filters | None = None  # the filters that keep `selected` and `rows`
    rows: pa.Table | None = None  # ROW of every release the filters keep (8 bytes a release)

    def path(self, table: str) -> Path:
        return Path(self.root) / "versions" / self.version / f"{table}.parquet"


# ------------------------------------------------------------------------------------------ running queries

_DB: list[duckdb.DuckDBPyConnection] = []
_LOCK = threading.Lock()


def _database() -> duckdb.DuckDBPyConnection:
    """The process's one in-memory database; each query runs on a cursor of its own (one per thread)."""
    with _LOCK:
        if not _DB:
            TEMP.mkdir(parents=True, exist_ok=True)
            _DB.append(
                duckdb.connect(
                    config={
                        "memory_limit": MEMORY_LIMIT,
                        "temp_directory": str(TEMP),
                        "preserve_insertion_order": False,  # every query that needs an order says it
                        "threads": os.cpu_count() or 1,
                    }
                )
            )
        return _DB[0]


@lru_cache(maxsize=256)
def _stored_columns(path: Path, mtime_ns: int) -> frozenset[str] | None:
    del mtime_ns  # the cache key: a rewritten file is read again
    try:
        return frozenset(pq.read_schema(path).names)
    except FileNotFoundError:
        return None


class Query:
    """SQL text and the parameters and frames it binds, built together."""

    def __init__(self, src: Source):
        self.src = src
        self.params: dict[str, object] = {}
        self.frames: dict[str, pd.DataFrame] = {}

    def param(self, value) -> str:
        """A bound parameter holding `value`: its placeholder."""
        name = f"p{len(self.params)}"
        self.params[name] = value
        return f"${name}"

    def any_of(self, column: str, values) -> str:
        """SQL true where `column` is one of the strings `values`: an IN list of bound parameters (which
        DuckDB pushes into the Parquet scan) for a few, a bound list for many."""
        values = [str(v) for v in values]
        if not values:
            return "false"
        if len(values) > 64:
            return f"list_contains({self.strings(values)}, {column})"
        return f"{column} IN ({', '.join(self.param(v) for v in values)})"

    def strings(self, values) -> str:
        """A bound parameter holding a list of strings (possibly empty): its placeholder, typed."""
        return f"CAST({self.param([str(v) for v in values])} AS VARCHAR[])"

    def frame(self, name: str, frame: pd.DataFrame) -> str:
        """`frame` registered for this query as the relation `name` (one of this module's constants)."""
        self.frames[name] = frame
        return name

    def table(self, name: str) -> str:
        """A subquery of every schema column of the table, plus ROW; a table or column the version was written
        without reads as empty (NULL), as Store.read gives them."""
        columns = schema.TABLES[name]
        path = self.src.path(name)
        present = None
        if self.src.version:
            try:
                present = _stored_columns(path, path.stat().st_mtime_ns)
            except FileNotFoundError:
                self._check_version()
        if present is None:
            typed = ", ".join(f'NULL::{TYPES[c.dtype]} AS "{c.name}"' for c in columns)
            return f"(SELECT {typed}, NULL::BIGINT AS {ROW} WHERE false)"
        picked = ", ".join(
            f'"{c.name}"' if c.name in present else f'NULL::{TYPES[c.dtype]} AS "{c.name}"' for c in columns
        )
        return self._read(path, picked)

    def derived(self, name: str) -> str | None:
        """A subquery of a derived table written with the version (lib/derived.py), None when the version was
        written without it."""
        path = self.src.path(name)
        if not self.src.version:
            return None
        if not path.is_file():
            self._check_version()  # the version is gone, not written without it
            return None
        return self._read(path, "*")

    def _read(self, path: Path, picked: str) -> str:
        """A subquery of the columns `picked` of the Parquet file `path`, plus ROW (its row number)."""
        source = f"read_parquet({self.param(str(path))}, file_row_number = true)"
        return f"(SELECT {picked}, file_row_number AS {ROW} FROM {source})"

    def _check_version(self) -> None:
        if not (Path(self.src.root) / "versions" / self.src.version / "manifest.json").is_file():
            raise version_gone(self.src.root, self.src.version)

    def run(self, sql: str) -> pd.DataFrame:
        """The query's result as a pandas frame, timestamps in nanoseconds as the store's."""
        out = self._result(sql, lambda result: result.df())
        for column in out.columns:
            if pd.api.types.is_datetime64_any_dtype(out[column]):
                out[column] = out[column].astype("datetime64[ns]")
        return out

    def arrow(self, sql: str) -> pa.Table:
        """The query's result as an Arrow table."""
        return self._result(sql, lambda result: result.to_arrow_table())

    def _result(self, sql: str, fetch):
        try:
            with _database().cursor() as cursor:
                for name, frame in self.frames.items():
                    cursor.register(name, frame)
                return fetch(cursor.sql(sql, params=self.params))
        except duckdb.IOException as exc:
            self._check_version()
            raise unreadable(self.src.root, str(exc)) from exc


# ------------------------------------------------------------------------------------------ the filters


def _day(value) -> datetime:
    return datetime.combine(value, time())


def narrows(f: Filters) -> bool:
    """Whether the filters keep fewer than every release (the period to group by keeps them all)."""
    return bool(f.start or f.end or f.agencies or f.topics or f.speakers or f.query)


def select(src: Source, f: Filters) -> tuple[pa.Table | None, pa.Table | None]:
    """The releases the filters keep, selected once for every query of a page (as Source.rows and
    Source.selected): the row number (ROW) of each, and, when they are KEEP_SELECTED or fewer,
    SELECTED_COLUMNS and ROW of each; (None, None) when the filters keep every release. Every later query
    then reads the releases by row number instead of applying the filters again: a text search scans the
    bodies once."""
    if not narrows(f):
        return None, None
    q = Query(src._replace(selected=None, selected_by=None, rows=None))
    rows = q.arrow(f"SELECT {ROW} FROM {selection(q, f, ())}")
    if len(rows) > KEEP_SELECTED:
        return rows, None
    q = Query(src._replace(selected=None, selected_by=f, rows=rows))
    return rows, q.arrow(f"SELECT * FROM {selection(q, f, SELECTED_COLUMNS)}")


def selection(q: Query, f: Filters, columns: Sequence[str] = ("id",)) -> str:
    """A subquery of the releases the filters keep (lib.filters.select): id, `columns` and ROW. `f.speakers`
    holds names as written. They are the source's selected releases, when it has them and they have the
    columns, else the releases of the source's selected rows, when it has them."""
    picked = ", ".join(f'"{c}"' for c in dict.fromkeys(["id", *columns]))
    if q.src.selected_by == f and q.src.selected is not None and set(columns) <= set(SELECTED_COLUMNS):
        return f"(SELECT {picked}, {ROW} FROM {q.frame(SELECTED, q.src.selected)})"
    if q.src.selected_by == f and q.src.rows is not None:
        rows = q.frame(SELECTED_ROWS, q.src.rows)
        return (
            f"(SELECT {picked}, {ROW} FROM {q.table('releases')} WHERE {ROW} IN (SELECT {ROW} FROM {rows}))"
        )
    where = []
    if f.start is not None:
        where.append(f"date >= {q.param(_day(f.start))}")
    if f.end is not None:
        where.append(f"date < {q.param(_day(f.end) + timedelta(days=1))}")
    if f.agencies:
        where.append(q.any_of("agency", f.agencies))
    if f.topics:
        about = q.table("topic_about")
        where.append(f"id IN (SELECT release_id FROM {about} WHERE about AND {q.any_of('topic', f.topics)})")
    if f.speakers:
        quotes = q.table("quotes")
        where.append(f"id IN (SELECT release_id FROM {quotes} WHERE {q.any_of('speaker', f.speakers)})")
    if f.query:  # as pandas' str.contains(case=False, regex=False) on Arrow strings: RE2, literal, any case
        where.append(f"regexp_matches(title || chr(10) || body, regexp_escape({q.param(f.query)}), 'i')")
    return (
        f"(SELECT {picked}, {ROW} FROM {q.table('releases')}"
        + (f" WHERE {' AND '.join(where)}" if where else "")
        + ")"
    )


def related(q: Query, f: Filters, table: str, alias: str = "t", narrow: bool = True, joins: str = "") -> str:
    """`FROM <table> alias WHERE ...` (more conditions may follow with AND): the table's rows of the selected
    releases; with a speaker (topic) filter, only the quotes (mentions, about rows) of the chosen speakers
    (topics), unless not `narrow`; topic_about only the topics each release is about. `joins` follow the
    table."""
    where = ["true"]
    if narrows(f):
        where.append(f"{alias}.release_id IN (SELECT id FROM {selection(q, f)})")
    if table == "quotes" and f.speakers and narrow:
        where.append(q.any_of(f"{alias}.speaker", f.speakers))
    if table in TOPIC_TABLES and f.topics and narrow:
        where.append(q.any_of(f"{alias}.topic", f.topics))
    if table == "topic_about":
        where.append(f"{alias}.about")
    return f"FROM {q.table(table)} {alias} {joins} WHERE {' AND '.join(where)}"


def period_of(period: str, column: str) -> str:
    """SQL of the first day of the period (lib.filters.PERIOD_NAMES) `column` falls in."""
    if period not in PERIODS:
        raise ValueError(f"unknown period {period!r}; one of {', '.join(PERIODS)}")
    return f"CAST({PERIODS[period].format(column)} AS TIMESTAMP)"


# ------------------------------------------------------------------------------------------ the store


def raw_speakers(src: Source) -> pd.DataFrame:
    """Every name as written in the quotes (blank ones too), with its quotes: speaker, quotes."""
    q = Query(src)
    return q.run(
        f"SELECT speaker, count(*) AS quotes FROM {q.table('quotes')} GROUP BY speaker ORDER BY speaker"
    )


def has_quote_words(src: Source) -> bool:
    """Whether the version was written with the words of its quotes (lib/derived.py)."""
    return Query(src).derived(WORDS_FILE) is not None


def quote_words(src: Source) -> pa.Table:
    """The words of every quote (lib.derived.words), in the store's order, for a version written without them:
    an int32 column (28 MB at 7 million quotes) and its row number, that a query joins by position or by row
    number. Counting them reads every quote's text, about 4 s of CPU at 7 million quotes (in SQL, through a
    Python function, three times as long), which is why a version is written with them."""
    counted = Store(src.root).read_mapped("quotes", "text", words, src.version or None)
    return pa.table({"words": counted.astype(np.int32), ROW: np.arange(len(counted), dtype=np.int64)})


def distinct(src: Source, table: str, column: str) -> pd.Series:
    """The distinct values of a column (its missing value once, as None), sorted."""
    names = [c.name for c in schema.TABLES[table]]
    if column not in names:
        raise schema.SchemaError(f"table {table!r} has no column {column!r}")
    q = Query(src)
    return q.run(f'SELECT DISTINCT "{column}" AS value FROM {q.table(table)} ORDER BY value NULLS FIRST')[
        "value"
    ]


def options(src: Source) -> dict:
    """What the sidebar offers: the first and last release date, the agencies named."""
    q = Query(src)
    span = q.run(f"SELECT min(date) AS first, max(date) AS last FROM {q.table('releases')}")
    q = Query(src)
    agencies = q.run(
        f"SELECT DISTINCT agency FROM {q.table('releases')} WHERE agency IS NOT NULL AND agency <> '' "
        "ORDER BY agency"
    )
    first, last = span["first"].iloc[0], span["last"].iloc[0]
    return {
        "first": None if pd.isna(first) else first.date(),
        "last": None if pd.isna(last) else last.date(),
        "agencies": sorted(agencies["agency"].tolist()),
    }


def rows_of(src: Source, table: str, release_id: str) -> pd.DataFrame:
    """One release's row (table "releases") or its rows of an extraction table, in the store's order, typed as
    Store.read gives them."""
    q = Query(src)
    key = "id" if table == "releases" else "release_id"
    columns = ", ".join(f'"{c.name}"' for c in schema.TABLES[table])
    found = q.run(
        f'SELECT {columns} FROM {q.table(table)} WHERE "{key}" = {q.param(release_id)} ORDER BY {ROW}'
    )
    return schema.conform(found, table)


# ------------------------------------------------------------------------------------------ releases


def summary(src: Source, f: Filters) -> dict:
    """The selected releases: how many, the first and last date."""
    q = Query(src)
    found = q.run(
        f"SELECT count(*) AS releases, min(date) AS first, max(date) AS last "
        f"FROM {selection(q, f, ('date',))}"
    )
    row = found.iloc[0]
    return {"releases": int(row["releases"]), "first": row["first"], "last": row["last"]}


def per_period(src: Source, f: Filters, period: str) -> pd.DataFrame:
    """Selected releases per period, the periods that have any: period, releases (lib.metrics.fill_periods
    adds the empty ones)."""
    q = Query(src)
    start = period_of(period, "date")
    return q.run(
        f"SELECT {start} AS period, count(*) AS releases FROM {selection(q, f, ('date',))} "
        "WHERE date IS NOT NULL GROUP BY period ORDER BY period"
    )


def latest(src: Source, f: Filters, n: int = 10) -> pd.DataFrame:
    """The n most recent selected releases: date, title, agency, id (ties in the store's order)."""
    q = Query(src)
    return q.run(
        f"SELECT date, title, agency, id FROM {selection(q, f, ('date', 'title', 'agency'))} "
        f"ORDER BY date DESC NULLS LAST, {ROW} LIMIT {q.param(n)}"
    )


def overview_counts(src: Source, f: Filters, names: pd.DataFrame) -> dict[str, int]:
    """releases, quotes, speakers (distinct canonical names, the unattributed quotes' blank name counting as
    one, as lib.metrics.overview_counts counts them), figures."""
    q = Query(src)
    names_ = q.frame(NAMES, names)
    found = q.run(
        f"SELECT (SELECT count(*) FROM {selection(q, f)}) AS releases, "
        f"(SELECT count(*) {related(q, f, 'quotes', 'q')}) AS quotes, "
        "(SELECT count(DISTINCT coalesce(n.speaker, '')) "
        f"{related(q, f, 'quotes', 'q', joins=f'LEFT JOIN {names_} n ON q.speaker = n.raw')}) AS speakers, "
        f"(SELECT count(*) {related(q, f, 'figures', 'g')}) AS figures"
    )
    return {k: int(v) for k, v in found.iloc[0].items()}


def speaker_totals(src: Source, f: Filters, names: pd.DataFrame) -> pd.DataFrame:
    """Per speaker (canonical) of the attributed quotes among the related rows: quotes, releases, indexed by
    speaker in the order each first appears in the store (lib.metrics.top_speakers breaks ties so)."""
    q = Query(src)
    names_ = q.frame(NAMES, names)
    return q.run(
        f"SELECT n.speaker, count(*) AS quotes, count(DISTINCT q.release_id) AS releases "
        f"{related(q, f, 'quotes', 'q', joins=f'LEFT JOIN {names_} n ON q.speaker = n.raw')} "
        f"AND coalesce(n.speaker, '') <> '' GROUP BY n.speaker ORDER BY min(q.{ROW})"
    ).set_index("speaker")


def latest_figures(src: Source, f: Filters, n: int = 10) -> pd.DataFrame:
    """The n most recently published figures with a metric (not "other") among the related rows: date,
    text, metric, period, title, release_id (lib.metrics.latest_figures: ties by position in the text, then
    the store's order)."""
    q = Query(src)
    newest = (  # found on dates and positions; their text and titles read for them alone
        f"SELECT g.release_id, g.start, g.{ROW}, s.date FROM {q.table('figures')} g "
        f"JOIN {selection(q, f, ('date',))} s ON g.release_id = s.id WHERE g.metric <> 'other' "
        f"ORDER BY s.date DESC NULLS LAST, g.start, g.{ROW} LIMIT {q.param(n)}"
    )
    texts = (
        f"(SELECT text, metric, period, {ROW} FROM {q.table('figures')} "
        "WHERE release_id IN (SELECT release_id FROM newest))"
    )
    titles = f"(SELECT id, title FROM {q.table('releases')} WHERE id IN (SELECT release_id FROM newest))"
    return q.run(
        f"WITH newest AS ({newest}) SELECT n.date, g.text, g.metric, g.period, r.title, n.release_id "
        f"FROM newest n JOIN {texts} g ON g.{ROW} = n.{ROW} JOIN {titles} r ON r.id = n.release_id "
        f"ORDER BY n.date DESC NULLS LAST, n.start, n.{ROW}"
    )


def listing(src: Source, f: Filters, limit: int, offset: int = 0) -> pd.DataFrame:
    """A page of the releases list, newest first (ties by title, then the store's order): date, title, agency,
    words, quotes, figures (counted among the related rows), topics (those it is about, by name), id."""
    q = Query(src)
    page = (
        f"SELECT id, date, title, agency, words, {ROW} "
        f"FROM {selection(q, f, ('date', 'title', 'agency', 'words'))} "
        f"ORDER BY date DESC NULLS LAST, title NULLS LAST, {ROW} "
        f"LIMIT {q.param(limit)} OFFSET {q.param(offset)}"
    )
    quotes, figures, about = (related(q, f, t, "t") for t in ("quotes", "figures", "topic_about"))
    return q.run(
        f"WITH listed AS ({page}), "
        f"quoted AS (SELECT t.release_id, count(*) AS n {quotes} AND t.release_id IN (SELECT id FROM listed) "
        "GROUP BY t.release_id), "
        f"cited AS (SELECT t.release_id, count(*) AS n {figures} AND t.release_id IN (SELECT id FROM listed) "
        "GROUP BY t.release_id), "
        f"tagged AS (SELECT t.release_id, t.topic, count(*) AS n {about} "
        "AND t.release_id IN (SELECT id FROM listed) "
        "GROUP BY t.release_id, t.topic), "
        "topics AS (SELECT release_id, string_agg(topic, ', ' ORDER BY n DESC, topic) AS topics FROM tagged "
        "GROUP BY release_id) "
        "SELECT l.date, l.title, l.agency, l.words, coalesce(a.n, 0) AS quotes, coalesce(b.n, 0) AS figures, "
        "coalesce(c.topics, '') AS topics, l.id FROM listed l LEFT JOIN quoted a ON a.release_id = l.id "
        "LEFT JOIN cited b ON b.release_id = l.id LEFT JOIN topics c ON c.release_id = l.id "
        f"ORDER BY l.date DESC NULLS LAST, l.title NULLS LAST, l.{ROW}"
    ).astype({"quotes": "int64", "figures": "int64"})


# ------------------------------------------------------------------------------------------ topics


def topic_totals(src: Source, f: Filters) -> tuple[pd.Series, pd.Series]:
    """Per topic, the releases about it and its mentions among the related rows (a topic filter narrows
    both): what lib.metrics.top_topics ranks."""
    q = Query(src)
    about = q.run(
        f"SELECT t.topic, count(*) AS n {related(q, f, 'topic_about')} "
        "AND t.topic IS NOT NULL GROUP BY t.topic"
    )
    q = Query(src)
    mentions = q.run(
        f"SELECT t.topic, count(*) AS n {related(q, f, 'topic_mentions')} AND t.topic IS NOT NULL "
        "GROUP BY t.topic"
    )
    return (
        about.set_index("topic")["n"].rename("releases").sort_index(),
        mentions.set_index("topic")["n"].rename("mentions").sort_index(),
    )


def topic_releases(src: Source, f: Filters, table: str) -> pd.Series:
    """Per topic, the selected releases mentioning it (table topic_mentions) or about it (topic_about), every
    topic whatever the topic filter: topic -> releases."""
    q = Query(src)
    found = q.run(
        f"SELECT t.topic, {RELEASES[table]} AS releases {related(q, f, table, narrow=False)} "
        "AND t.topic IS NOT NULL GROUP BY t.topic ORDER BY t.topic"
    )
    return found.set_index("topic")["releases"]


def topic_periods(src: Source, f: Filters, table: str, topics: Sequence[str], period: str) -> pd.DataFrame:
    """Per period and topic of `topics`: the selected releases about it (topic_about) or its mentions
    (topic_mentions), the periods that have any: period, topic, value."""
    q = Query(src)
    about = " AND t.about" if table == "topic_about" else ""
    return q.run(
        f"SELECT {period_of(period, 's.date')} AS period, t.topic, count(*) AS value "
        f"FROM {q.table(table)} t JOIN {selection(q, f, ('date',))} s ON t.release_id = s.id "
        f"WHERE {q.any_of('t.topic', topics)} AND s.date IS NOT NULL{about} "
        "GROUP BY period, t.topic ORDER BY period, t.topic"
    )


def cooccurrence(src: Source, f: Filters) -> pd.DataFrame:
    """Pairs of topics the same selected releases are about (each topic with itself too, whatever the topic
    filter): topic, other, releases."""
    q = Query(src)
    return q.run(
        f"WITH a AS (SELECT t.release_id, t.topic {related(q, f, 'topic_about', narrow=False)} "
        "AND t.topic IS NOT NULL) "
        "SELECT x.topic, y.topic AS other, count(*) AS releases "
        "FROM a x JOIN a y ON x.release_id = y.release_id "
        "GROUP BY x.topic, y.topic ORDER BY x.topic, y.topic"
    )


def newest_mentions(
    src: Source, f: Filters, topic: str, limit: int
) -> tuple[pd.DataFrame, pd.DataFrame, int]:
    """The topic's newest `limit` mentions in the selected releases (newest release first, then the store's
    order of releases and the mention's position): release_id, topic, term, start, passage; their releases
    (id, date, title, in the store's order); and how many mentions the topic has there in all."""
    q = Query(src)
    mentions = (  # without their passages and titles, read for the newest only
        f"SELECT m.release_id, m.start, m.{ROW} AS mention_row, s.date, s.{ROW} AS release_row "
        f"FROM {q.table('topic_mentions')} m JOIN {selection(q, f, ('date',))} s ON m.release_id = s.id "
        f"WHERE m.topic = {q.param(topic)}"
    )
    newest = (
        f"SELECT *, (SELECT count(*) FROM m) AS total FROM m "
        f"ORDER BY date DESC NULLS LAST, release_row, start, mention_row LIMIT {q.param(limit)}"
    )
    texts = (
        f"(SELECT topic, term, passage, {ROW} FROM {q.table('topic_mentions')} "
        f"WHERE topic = {q.param(topic)} AND release_id IN (SELECT release_id FROM newest))"
    )
    titles = f"(SELECT id, title FROM {q.table('releases')} WHERE id IN (SELECT release_id FROM newest))"
    found = q.run(
        f"WITH m AS ({mentions}), newest AS ({newest}) SELECT n.release_id, t.topic, t.term, n.start, "
        "t.passage, n.date, r.title, n.release_row, n.total FROM newest n "
        f"JOIN {texts} t ON t.{ROW} = n.mention_row JOIN {titles} r ON r.id = n.release_id "
        "ORDER BY n.date DESC NULLS LAST, n.release_row, n.start, n.mention_row"
    )
    total = int(found["total"].iloc[0]) if len(found) else 0
    releases = (
        found[["release_id", "date", "title", "release_row"]]
        .drop_duplicates("release_id")
        .sort_values("release_row")
        .rename(columns={"release_id": "id"})[["id", "date", "title"]]
        .reset_index(drop=True)
    )
    return found[["release_id", "topic", "term", "start", "passage"]], releases, total


def texts_holding(src: Source, f: Filters, term: str, limit: int) -> tuple[pd.DataFrame, int]:
    """The selected releases whose body holds `term` (literal, any case), newest first (ties by id), as many
    as the first `limit` occurrences need: release_id, date, title, text (the body); and the occurrences in
    every selected release."""
    q = Query(src)
    pattern = f"regexp_escape({q.param(term)})"
    sel = selection(q, f, ("date", "title", "body"))
    counted = (
        f"SELECT id AS release_id, date, title, len(regexp_extract_all(body, {pattern}, 0, 'i')) AS n "
        f"FROM {sel} WHERE regexp_matches(body, {pattern}, 'i')"
    )
    ordered = (
        "SELECT *, sum(n) OVER (ORDER BY date DESC NULLS LAST, release_id ROWS UNBOUNDED PRECEDING) - n "
        "AS before "
        "FROM counted"
    )
    found = q.run(
        f"WITH counted AS ({counted}), ordered AS ({ordered}) "
        "SELECT o.release_id, o.date, o.title, r.body AS text, (SELECT sum(n) FROM counted) AS total "
        f"FROM ordered o JOIN {q.table('releases')} r ON r.id = o.release_id "
        f"WHERE o.before < {q.param(limit)} "
        "ORDER BY o.date DESC NULLS LAST, o.release_id"
    )
    total = int(found["total"].iloc[0]) if len(found) else 0
    return found.drop(columns="total"), total


# ---------------------------------------------------------------------------------- terms no topic finds


def dated_span(src: Source, f: Filters, period: str) -> tuple[pd.Timestamp, pd.Timestamp, int]:
    """The first day of the first and of the last period of the selected releases' dates, and how many have
    a date."""
    q = Query(src)
    found = q.run(
        f"SELECT min({period_of(period, 'date')}) AS first, max({period_of(period, 'date')}) AS last, "
        f"count(*) AS n FROM {selection(q, f, ('date',))} WHERE date IS NOT NULL"
    ).iloc[0]
    return found["first"], found["last"], int(found["n"])


def sample_of(src: Source, f: Filters, period: str, since: pd.Timestamp, limit: int) -> pd.DataFrame:
    """The dated selected releases suggested terms read (lib.metrics.discover._sample): every one when they
    are `limit` or fewer; else, on each side of `since` (the first day of the recent periods), those with the
    lowest MD5 of their id, up to half the limit for the recent side. id, date, in (date, id) order."""
    q = Query(src)
    counts = q.run(
        f"SELECT count(*) AS n, count(*) FILTER (WHERE {period_of(period, 'date')} >= {q.param(since)}) AS r "
        f"FROM {selection(q, f, ('date',))} WHERE date IS NOT NULL"
    ).iloc[0]
    n, quota = int(counts["n"]), min(int(counts["r"]), limit // 2)
    q = Query(src)
    dated = f"SELECT id, date FROM {selection(q, f, ('date',))} WHERE date IS NOT NULL"
    if n <= limit:
        return q.run(f"{dated} ORDER BY date, id")
    recent = f"{period_of(period, 'date')} >= {q.param(since)}"
    return q.run(  # the lowest MD5s of each side: a top-n each, no sort of every release
        f"SELECT * FROM (({dated} AND {recent} ORDER BY md5(id), id LIMIT {q.param(quota)}) UNION ALL "
        f"({dated} AND NOT ({recent}) ORDER BY md5(id), id LIMIT {q.param(limit - quota)})) "
        "ORDER BY date, id"
    )


def leads(src: Source, ids: Sequence[str], chars: int) -> pd.DataFrame:
    """The releases `ids`: id, title, the first `chars` characters of the body (in no particular order)."""
    q = Query(src)
    chosen = q.frame(CHOSEN, pd.DataFrame({"id": pd.Series(list(ids), dtype=object)}))
    return q.run(
        f"SELECT r.id, r.title, substring(r.body, 1, {q.param(chars)}) AS body FROM {q.table('releases')} r "
        f"JOIN {chosen} c ON r.id = c.id"
    )


def mentions_of(src: Source, ids: Sequence[str]) -> pd.DataFrame:
    """The topic mentions of the releases `ids`: release_id, topic, in the store's order."""
    q = Query(src)
    chosen = q.frame(CHOSEN, pd.DataFrame({"id": pd.Series(list(ids), dtype=object)}))
    return q.run(
        f"SELECT m.release_id, m.topic FROM {q.table('topic_mentions')} m "
        f"JOIN {chosen} c ON m.release_id = c.id "
        f"ORDER BY m.{ROW}"
    )


# ------------------------------------------------------------------------------------------ speakers

GROUPS = tuple(sm.GROUPS)  # what a speaker ranking groups by: speaker, speaker_title, speaker_org


def _named(
    q: Query,
    f: Filters,
    names: pd.DataFrame,
    labels: dict[str, pd.DataFrame] | None = None,
    joins: str = "",
    counted: pa.Table | bool = False,
    kind: str = sm.EVERYONE,
) -> str:
    """`FROM quotes x JOIN names n ... WHERE ...`: the attributed quotes of the selected releases (of the
    chosen speakers; with `kind`, of speakers of that kind only), n.speaker their speaker (canonical) and
    n.speaker_as_written the name as written, as lib.metrics.speakers.quoted labels them; with `labels`,
    t.label and o.label their title and organisation (NULL when missing); with `counted` (True, or
    quote_words() for a version written without them), w.words the words of each. `joins` follow. More
    conditions may follow with AND."""
    names_ = q.frame(NAMES, names[names["speaker"] != ""])
    joined = f"JOIN {names_} n ON x.speaker = n.raw {joins}"
    if counted is not False:
        stored = q.derived(WORDS_FILE)
        if stored is None and not isinstance(counted, pa.Table):
            raise ValueError("this store version has no words of its quotes: pass quote_words()")
        words = stored or q.frame(QUOTE_WORDS, counted)
        if narrows(f):  # by row number: the quotes of the selection are found first
            joined += f" JOIN {words} w ON w.{ROW} = x.{ROW}"
        else:  # every quote: read beside its words, by position
            joined = f"POSITIONAL JOIN {words} w " + joined
    if labels is not None:
        titles, orgs = q.frame(TITLES, labels["speaker_title"]), q.frame(ORGS, labels["speaker_org"])
        joined += (
            f" LEFT JOIN {titles} t ON x.speaker_title = t.raw LEFT JOIN {orgs} o ON x.speaker_org = o.raw"
        )
    return related(q, f, "quotes", "x", joins=joined) + _of_kind(q, kind)


def _of_kind(q: Query, kind: str) -> str:
    """` AND ...`: the quotes x whose speaker is of `kind` (lib.metrics.speakers.KINDS, EVERYONE: every
    quote); a version written without speaker_kind has people's quotes."""
    if kind not in sm.KINDS:
        raise ValueError(f"a speaker is one of {', '.join(sm.KINDS)}, not {kind!r}")
    return f" AND coalesce(x.speaker_kind, 'person') = {q.param(kind)}" if kind != sm.EVERYONE else ""


LABELS = {
    "speaker": "n.speaker",
    "speaker_title": "coalesce(t.label, '')",
    "speaker_org": "coalesce(o.label, '')",
}


def ranking(
    src: Source,
    f: Filters,
    names: pd.DataFrame,
    labels: dict[str, pd.DataFrame],
    counted: pa.Table | None,
    by: str,
    kind: str = sm.EVERYONE,
) -> pd.DataFrame:
    """Per person (or title, or organisation) among the attributed quotes of the selection (of speakers of
    `kind`): quotes, releases, words (as the version stores them, else `counted`: quote_words()), first,
    last, indexed by `by` (lib.metrics.speakers.ranked takes them, with held())."""
    if by not in GROUPS:
        raise ValueError(f"a ranking groups by one of {', '.join(GROUPS)}, not {by!r}")
    labelled = labels if by != "speaker" else None  # titles and organisations joined only when grouped by
    q = Query(src)
    per_release = (  # per value and release first: the releases are counted, and dated, once each
        f"SELECT {LABELS[by]} AS value, x.release_id, count(*) AS n "
        f"{_named(q, f, names, labelled, kind=kind)} AND {LABELS[by]} <> '' GROUP BY value, x.release_id"
    )
    grouped = q.run(
        f"SELECT p.value AS {by}, CAST(sum(p.n) AS BIGINT) AS quotes, count(*) AS releases, "
        "min(s.date) AS first, max(s.date) AS last "
        f"FROM ({per_release}) p JOIN {selection(q, f, ('date',))} s ON s.id = p.release_id "
        "GROUP BY p.value"
    ).set_index(by)
    q = Query(src)  # the words apart: joined by position, the quotes are read in one stream
    counted = _named(q, f, names, labelled, counted=True if counted is None else counted, kind=kind)
    words = q.run(
        f"SELECT {LABELS[by]} AS value, CAST(sum(w.words) AS BIGINT) AS words {counted} "
        f"AND {LABELS[by]} <> '' GROUP BY value"
    ).set_index("value")["words"]
    grouped.insert(2, "words", words.reindex(grouped.index).fillna(0).astype("int64"))
    return grouped


def held(
    src: Source, f: Filters, names: pd.DataFrame, labels: dict[str, pd.DataFrame], kind: str = sm.EVERYONE
) -> pd.DataFrame:
    """The quotes of the selection (of the chosen speakers; of speakers of `kind`) per speaker, name as
    written, title and organisation as lib.metrics.speakers.quoted labels them ('' for a quote without a
    speaker): speaker, speaker_as_written, speaker_title, speaker_org, n. Grouped as written, then
    labelled."""
    q = Query(src)
    raw = (
        f"SELECT speaker, speaker_title, speaker_org, count(*) AS n {related(q, f, 'quotes', 'x')}"
        f"{_of_kind(q, kind)} GROUP BY ALL"
    )
    names_ = q.frame(NAMES, names[names["speaker"] != ""])
    titles, orgs = q.frame(TITLES, labels["speaker_title"]), q.frame(ORGS, labels["speaker_org"])
    return q.run(
        "SELECT coalesce(n.speaker, '') AS speaker, "
        "coalesce(n.speaker_as_written, '') AS speaker_as_written, "
        "coalesce(t.label, '') AS speaker_title, coalesce(o.label, '') AS speaker_org, "
        f"CAST(sum(x.n) AS BIGINT) AS n FROM ({raw}) x LEFT JOIN {names_} n ON x.speaker = n.raw "
        f"LEFT JOIN {titles} t ON x.speaker_title = t.raw LEFT JOIN {orgs} o ON x.speaker_org = o.raw "
        "GROUP BY ALL"
    )


def speaker_periods(
    src: Source, f: Filters, names: pd.DataFrame, chosen: Sequence[str], period: str
) -> pd.DataFrame:
    """Quotes per period of each chosen speaker (canonical names), the periods that have any: period,
    speaker, quotes."""
    q = Query(src)
    dated = f"JOIN {selection(q, f, ('date',))} s ON s.id = x.release_id"
    return q.run(
        f"SELECT {period_of(period, 's.date')} AS period, n.speaker, count(*) AS quotes "
        f"{_named(q, f, names, joins=dated)} AND {q.any_of('n.speaker', chosen)} "
        "AND s.date IS NOT NULL GROUP BY period, n.speaker ORDER BY period, n.speaker"
    )


def quotes_of(src: Source, f: Filters, raws: Sequence[str]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The quotes of the selection written with one of the names `raws` (of the chosen speakers, with a
    speaker filter), every column, in the store's order; and their releases (id, date, title) in the store's
    order: what lib.metrics.speakers.quoted takes for one speaker's profile."""
    if not raws:
        return schema.empty("quotes"), pd.DataFrame({"id": [], "date": [], "title": []})
    q = Query(src)
    chosen = f" AND {q.any_of('x.speaker', f.speakers)}" if f.speakers else ""
    columns = ", ".join(f'x."{c.name}"' for c in schema.TABLES["quotes"])
    mine = f"SELECT {columns}, x.{ROW} FROM {q.table('quotes')} x WHERE {q.any_of('x.speaker', raws)}{chosen}"
    sel = selection(q, f, ("date", "title"))  # only the releases of these quotes: their titles are read
    found = q.run(
        f"WITH mine AS ({mine}) SELECT mine.* EXCLUDE ({ROW}), s.date AS release_date, "
        f"s.title AS release_title, s.{ROW} AS release_row FROM mine "
        f"JOIN (SELECT * FROM {sel} WHERE id IN (SELECT release_id FROM mine)) s ON mine.release_id = s.id "
        f"ORDER BY mine.{ROW}"
    )
    releases = (
        found[["release_id", "release_date", "release_title", "release_row"]]
        .drop_duplicates("release_id")
        .sort_values("release_row")
        .set_axis(["id", "date", "title", "release_row"], axis=1)[["id", "date", "title"]]
        .reset_index(drop=True)
    )
    return schema.conform(found, "quotes"), releases


# ------------------------------------------------------------------------------------------ figures

FIGURE_COLUMNS = tuple(c.name for c in schema.TABLES["figures"] if c.name not in ("end", "change"))


def metric_counts(src: Source, f: Filters) -> pd.Series:
    """Figures per metric among the related rows: metric -> figures (lib.metrics.figures.metric_choices)."""
    q = Query(src)
    found = q.run(
        f"SELECT t.metric, count(*) AS figures {related(q, f, 'figures')} AND t.metric IS NOT NULL "
        "GROUP BY t.metric ORDER BY t.metric"
    )
    return found.set_index("metric")["figures"]


class Placing(NamedTuple):
    """What places one metric's figures (lib.metrics.figures.place): the metric, "period" or "release", and
    the bounds of every period (period, start, end, kind) and the family of every unit (unit, amount, family,
    factor) the store's figures name."""

    metric: str
    by: str
    bounds: pd.DataFrame
    units: pd.DataFrame


def _placed(q: Query, f: Filters, p: Placing) -> str:
    """`WITH placed, drawn, claims, points`: the metric's figures of the selected releases in the order
    place() gives them (i: earliest release first, undated last, then the position in the text, then the
    store's order), those drawn, and their claims numbered in order of first appearance (point), with the
    releases citing each."""
    bounds = q.frame(PERIOD_BOUNDS, p.bounds)
    units = q.frame(UNITS, p.units)
    by_period = q.param(p.by == "period")
    return (
        "WITH placed AS (SELECT g.release_id, g.start, g.value, g.qualifier, g.period, "
        f"g.{ROW} AS figure_row, s.date, coalesce(g.unit, '') AS unit_key, "
        "coalesce(g.period, '') AS period_key, "
        "coalesce(g.qualifier, '') AS qualifier_key, b.start AS period_start, b.end AS period_end, "
        f"coalesce(b.kind, '') AS kind, (b.start IS NOT NULL AND {by_period}) AS by_period, "
        "u.amount, u.family, "
        f"row_number() OVER (ORDER BY s.date NULLS LAST, g.start, g.{ROW}) - 1 AS i "
        f"FROM {q.table('figures')} g JOIN {selection(q, f, ('date',))} s ON g.release_id = s.id "
        f"LEFT JOIN {bounds} b ON coalesce(g.period, '') = b.period "
        f"LEFT JOIN {units} u ON coalesce(g.unit, '') = u.unit "
        f"WHERE g.metric = {q.param(p.metric)}), "
        "drawn AS (SELECT *, "
        "CASE WHEN by_period THEN 'p' || period_key ELSE 'd' || CAST(date AS VARCHAR) END AS claim_at "
        "FROM placed WHERE amount AND value IS NOT NULL AND (by_period OR date IS NOT NULL)), "
        # the releases citing each claim: one when its figures are all of one release (most are), else
        # counted apart (a distinct count over every claim took longer than the rest of the query)
        "single AS (SELECT value, unit_key, qualifier_key, claim_at, any_value(family) AS family, "
        "min(i) AS first, min(release_id) AS lo, max(release_id) AS hi FROM drawn "
        "GROUP BY value, unit_key, qualifier_key, claim_at), "
        "several AS (SELECT d.value, d.unit_key, d.qualifier_key, d.claim_at, "
        "count(DISTINCT d.release_id) AS releases FROM drawn d "
        "SEMI JOIN (SELECT * FROM single WHERE lo <> hi) c ON d.value = c.value AND d.unit_key = c.unit_key "
        "AND d.qualifier_key = c.qualifier_key AND d.claim_at = c.claim_at "
        "GROUP BY d.value, d.unit_key, d.qualifier_key, d.claim_at), "
        "claims AS (SELECT c.value, c.unit_key, c.qualifier_key, c.claim_at, c.family, c.first, "
        "coalesce(m.releases, 1) AS releases FROM single c LEFT JOIN several m ON c.value = m.value "
        "AND c.unit_key = m.unit_key AND c.qualifier_key = m.qualifier_key AND c.claim_at = m.claim_at), "
        "points AS (SELECT *, row_number() OVER (ORDER BY first) - 1 AS point FROM claims) "
    )


def _with_columns(q: Query, p: Placing, wanted: str, order: str, also: str = "") -> str:
    """`, wanted AS (...) SELECT ...`: the figures of `wanted` (a subquery with figure_row, release_id, date
    and more) with every figure column and their release's title (and the rows of the subquery `also`, by
    name: `order` then names the result's columns), ordered by `order`. The figures and releases are read for
    the wanted releases only: their text is not decoded for the others."""
    columns = ", ".join(f'g."{c}"' for c in FIGURE_COLUMNS)
    figures = (
        f"(SELECT * FROM {q.table('figures')} WHERE metric = {q.param(p.metric)} "
        "AND release_id IN (SELECT release_id FROM wanted))"
    )
    releases = f"(SELECT id, title FROM {q.table('releases')} WHERE id IN (SELECT release_id FROM wanted))"
    return (
        f", wanted AS ({wanted}) SELECT {columns}, w.date, r.title, "
        "w.* EXCLUDE (figure_row, release_id, date) "
        f"FROM wanted w JOIN {figures} g ON g.{ROW} = w.figure_row JOIN {releases} r ON r.id = g.release_id "
        + (f" UNION ALL BY NAME ({also})" if also else "")
        + f" ORDER BY {order}"
    )


def placed(
    src: Source, f: Filters, p: Placing, points: int, latest: int
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, int, int]:
    """The claims to draw, each its first figure with `point` and `releases` (beyond `points` claims, the most
    cited, then the latest: lib.metrics.figures.points), earliest first; the `latest` figures most recently
    published (undated last), with every figure column, date and title; the claims per unit family (family,
    claims); how many figures of the metric the selected releases cite, and how many releases cite them.
    One query: the figures are placed once."""
    q = Query(src)
    ranked = (
        "SELECT d.figure_row, d.release_id, d.date, c.point, c.releases, c.first AS i, 'point' AS part "
        "FROM points c JOIN placed d ON d.i = c.first "
        f"ORDER BY c.releases DESC, d.date DESC NULLS LAST, c.first LIMIT {q.param(points)}"
    )
    newest = (
        "SELECT figure_row, release_id, date, -1 AS point, 1 AS releases, i, 'latest' AS part FROM placed "
        f"ORDER BY date DESC NULLS LAST, i LIMIT {q.param(latest)}"
    )
    totals = (
        "SELECT 'family' AS part, family, count(*) AS n FROM points GROUP BY family "
        "UNION ALL SELECT 'figures', NULL, count(*) FROM placed "
        "UNION ALL SELECT 'releases', NULL, count(DISTINCT release_id) FROM placed"
    )
    wanted = f"(SELECT * FROM ({ranked})) UNION ALL (SELECT * FROM ({newest}))"
    found = q.run(_placed(q, f, p) + _with_columns(q, p, wanted, "part, i", also=totals))
    n = found.loc[found["part"].isin(["figures", "releases"])].set_index("part")["n"]
    families = found.loc[found["part"] == "family", ["family", "n"]].rename(columns={"n": "claims"})
    rows = found.drop(columns=["family", "n"])
    drawn = rows[rows["part"] == "point"].drop(columns="part").reset_index(drop=True)
    recent = rows[rows["part"] == "latest"].drop(columns=["part", "point", "releases"])
    recent = recent.sort_values(["date", "i"], ascending=[False, True], na_position="last")
    return (
        drawn.astype({"point": "int64", "releases": "int64"}),
        recent.reset_index(drop=True),
        families.reset_index(drop=True).astype({"claims": "int64"}),
        int(n["figures"]),
        int(n["releases"]),
    )


def members(src: Source, f: Filters, p: Placing, chosen: Sequence[int]) -> pd.DataFrame:
    """The figures drawn as the chosen points, earliest first, with every figure column, date and title."""
    q = Query(src)
    wanted = (
        "SELECT d.figure_row, d.release_id, d.date, c.point, c.releases, d.i FROM drawn d JOIN points c "
        "ON d.value = c.value AND d.unit_key = c.unit_key AND d.qualifier_key = c.qualifier_key "
        "AND d.claim_at = c.claim_at "
        f"WHERE list_contains(CAST({q.param([int(c) for c in chosen])} AS BIGINT[]), c.point)"
    )
    return q.run(_placed(q, f, p) + _with_columns(q, p, wanted, "w.i"))


COMPARABLE = fm.COMPARABLE  # the periods an official monthly series sums over


def comparable_periods(src: Source, f: Filters, p: Placing, family: str) -> pd.DataFrame:
    """The periods of the metric's amounts of `family` (counts) that are a month, fiscal year or calendar
    year, each once: period, period_start, period_end (lib.metrics.figures.gaps)."""
    q = Query(src)
    return q.run(
        _placed(q, f, p) + "SELECT DISTINCT period, period_start, period_end FROM placed "
        f"WHERE amount AND value IS NOT NULL AND family = {q.param(family)} "
        f"AND {q.any_of('kind', COMPARABLE)} ORDER BY period"
    )


def comparable_rows(
    src: Source, f: Filters, p: Placing, family: str, periods: Sequence[str], limit: int
) -> pd.DataFrame:
    """The metric's amounts of `family` referring to one of `periods`, the latest period first (then the
    latest release), at most `limit`, with every figure column, date and title."""
    q = Query(src)
    wanted = (
        "SELECT figure_row, release_id, date, i, period_start FROM placed WHERE amount AND value IS NOT NULL "
        f"AND family = {q.param(family)} AND {q.any_of('kind', COMPARABLE)} "
        f"AND {q.any_of('period', periods)} "
        f"ORDER BY period_start DESC NULLS LAST, date DESC NULLS LAST, i LIMIT {q.param(limit)}"
    )
    return q.run(
        _placed(q, f, p)
        + _with_columns(q, p, wanted, "w.period_start DESC NULLS LAST, w.date DESC NULLS LAST, w.i")
    )


# ------------------------------------------------------------------------------------------ the Data page


def data_summary(src: Source) -> dict[str, pd.DataFrame | int]:
    """What the Data page shows of the whole store: releases per source directory and format (directory,
    format, releases, files), per year and format (year, format, releases), per pipeline version
    (pipeline_version, releases), and the files table per format (format, files, bytes, releases)."""
    q = Query(src)
    releases = q.table("releases")
    source = "CASE WHEN source IS NULL THEN NULL ELSE regexp_replace(source, '#.*$', '') END"
    sources = q.run(
        "SELECT coalesce(regexp_replace(file, '/[^/]*$', ''), '') AS directory, format, "
        "count(*) AS releases, "
        f"count(DISTINCT file) AS files FROM (SELECT {source} AS file, coalesce(format, 'unknown') AS format "
        f"FROM {releases}) GROUP BY directory, format ORDER BY directory, format"
    )
    q = Query(src)
    years = q.run(
        "SELECT coalesce(CAST(year(date) AS VARCHAR), 'undated') AS year, "
        "coalesce(format, 'unknown') AS format, "
        f"count(*) AS releases FROM {q.table('releases')} GROUP BY year, format ORDER BY year, format"
    )
    q = Query(src)
    versions = q.run(
        "SELECT coalesce(pipeline_version, '') AS pipeline_version, count(*) AS releases "
        f"FROM {q.table('releases')} GROUP BY pipeline_version ORDER BY releases DESC, pipeline_version"
    )
    q = Query(src)
    files = q.run(
        "SELECT coalesce(format, 'unknown') AS format, count(*) AS files, "
        "CAST(sum(size) AS BIGINT) AS bytes, CAST(sum(coalesce(len(ids), 0)) AS BIGINT) AS releases "
        f"FROM {q.table('files')} GROUP BY 1 ORDER BY 1"
    )
    return {"sources": sources, "years": years, "versions": versions, "files": files}
