"""The only cached loader (keyed by store version), the shared sidebar filters bound to the URL, and the
build-on-first-run step. Only this module and pages/ import streamlit."""

from __future__ import annotations

import contextlib
import os
from dataclasses import replace
from pathlib import Path
from urllib.parse import urlencode

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pyarrow as pa
import pyarrow.compute as pc
import streamlit as st
from streamlit.errors import StreamlitAPIException

from lib import charts, schema, settings, speakers
from lib import filters as flt
from lib.errors import PressroomError
from lib.store import Store


def _arrow_memory() -> None:
    """Arrow allocates through jemalloc here (unless ARROW_DEFAULT_MEMORY_POOL says otherwise): pyarrow's
    default, mimalloc, kept about 300 MB of freed memory resident at 200,000 releases."""
    if os.environ.get("ARROW_DEFAULT_MEMORY_POOL"):
        return
    with contextlib.suppress(NotImplementedError):  # a pyarrow built without jemalloc
        pa.set_memory_pool(pa.jemalloc_memory_pool())


_arrow_memory()

FILTER_KEYS = ("dates", "agency", "topic", "speaker", "q", "period")  # URL query parameter names


def through_app() -> None:
    """Every page calls this first. Streamlit decides per server whether the app uses `st.navigation` only
    when app.py first runs; a link straight to a page (e.g. /speakers) as the first request of a fresh server
    would run the page alone, in the old folder-of-pages mode, without app.py's navigation and settings. Here
    that first run switches the mode and reruns, so the same URL goes through app.py."""
    from streamlit.runtime.pages_manager import PagesManager

    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        st.rerun()


def store() -> Store:
    return Store(settings.path("PRESSROOM_STORE"))


_PIN = "_pressroom_version"


_NEWEST: dict[str, str] = {}  # store root -> the newest version pinned in this process


def pin() -> None:
    """Choose the store version this script run reads (app.py, before the page): every table a page shows then
    comes from one version, even while a processing run writes the next one."""
    s = store()
    root, version = str(s.root), s.current() or ""
    if _NEWEST.get(root, version) != version:  # a new version: the old one's frames would stay in memory
        for cached in (_column, _selected, _related, _quoted, _placed):
            cached.clear()
    _NEWEST[root] = version
    st.session_state[_PIN] = (root, version)


def _pinned() -> tuple[str, str]:
    """(store root, version) of this run; pinned again when the store setting points elsewhere."""
    root = str(store().root)
    found = st.session_state.get(_PIN)
    if not found or found[0] != root:
        pin()
        found = st.session_state[_PIN]
    return found


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
DERIVED = {"quotes": {"words": "text"}}


@st.cache_resource(show_spinner=False, max_entries=256)
def _column(root: str, version: str, table: str, column: str) -> pd.Series:
    if column in DERIVED.get(table, {}):
        from lib.metrics.speakers import words

        counted = Store(root).read_mapped(table, DERIVED[table][column], words, version or None)
        return pd.Series(counted.astype("int64"), name=column)
    values = Store(root).read(table, [column], version)[column]
    return values.astype("category") if column in CATEGORICAL.get(table, ()) else values


def _columns(table: str) -> list[str]:
    return [c.name for c in schema.TABLES[table]] + list(DERIVED.get(table, {}))


def _read(root: str, version: str, table: str, columns: tuple[str, ...] | None) -> pd.DataFrame:
    """The table's columns (all stored ones when None; derived ones only when asked for) from the per-column
    cache, in the schema's order as Store.read gives them; the frame shares their memory."""
    names = (
        [c for c in _columns(table) if c in columns] if columns else [c.name for c in schema.TABLES[table]]
    )
    unknown = sorted(set(columns or ()) - set(names))
    if unknown:
        raise schema.SchemaError(f"table {table!r} has no columns {unknown}")
    return pd.DataFrame({c: _column(root, version, table, c) for c in names}, columns=names)


def table(name: str, columns: list[str] | None = None) -> pd.DataFrame:
    """A store table, cached per store version: a new processing run shows at once."""
    return _read(*_pinned(), name, tuple(columns) if columns else None)


def _pinned_store() -> tuple[Store, str | None]:
    """The store and the version this run reads, for reads that are not cached here."""
    root, pinned = _pinned()
    return Store(root), pinned or None


def read_once(name: str, columns: list[str]) -> pd.DataFrame:
    """A table's columns read afresh, not kept in the column cache: for what only one cached result needs (the
    Data page's summary of formats, pipeline versions and files)."""
    s, pinned = _pinned_store()
    return s.read(name, columns, pinned)


def lengths(name: str, column: str) -> np.ndarray:
    """The number of items in each row of a list column (e.g. the release ids read from each file), read a
    batch at a time, without turning every list into a Python object."""
    s, pinned = _pinned_store()
    count = lambda lists: pc.list_value_length(lists).fill_null(0).to_numpy(zero_copy_only=False)  # noqa: E731
    return s.read_mapped(name, column, count, pinned).astype("int64")


def bodies(chars: int | None = None) -> pd.DataFrame:
    """Every release's id and body (its first `chars` characters only, when given), read afresh, not cached:
    the caller caches what it computes from them (at 200k releases they are 300 MB, too much to keep a copy
    of)."""
    if chars is None:
        return read_once("releases", ["id", "body"])
    s, pinned = _pinned_store()
    return s.read_heads("releases", "id", "body", chars, pinned)


def version() -> str:
    return _pinned()[1] or "(none)"


def ensure_store() -> None:
    """Build the store from the sample corpus when there is none, with a progress bar."""
    s = store()
    if s.current() is not None:
        return
    from lib.process import process

    bar = st.progress(0.0, text="No processed store yet: processing the sample corpus…")
    process(
        [settings.path("PRESSROOM_SAMPLE")],
        s.root,
        progress=False,
        report=lambda done, total: bar.progress(done / total, text=f"Processing release {done} of {total}"),
    )
    bar.empty()


def load_or_stop() -> None:
    """Make sure a store exists; on failure say why in one sentence and stop the page."""
    try:
        ensure_store()
        settings.check_all()
        pin()
    except PressroomError as exc:
        st.error(f"The processed store could not be loaded: {exc}")
        st.stop()


@st.cache_data(show_spinner=False, max_entries=8)
def _options(root: str, version: str) -> dict:
    releases = _read(root, version, "releases", ("date", "agency"))
    dates = releases["date"].dropna()
    return {
        "first": dates.min().date() if len(dates) else None,
        "last": dates.max().date() if len(dates) else None,
        "agencies": sorted(a for a in releases["agency"].dropna().unique() if a),
        "topics": list(charts.topic_colours()),
    }


def sidebar() -> flt.Filters:
    """The filter widgets every page shares, each bound to a URL query parameter so a copied URL reopens the
    view."""
    opts = _options(*_pinned())
    with st.sidebar:
        st.header("Filters")
        span = (opts["first"], opts["last"]) if opts["first"] else ()
        dates = st.date_input(
            "Published between",
            value=span,
            min_value=opts["first"],
            max_value=opts["last"],
            key="dates",
            bind="query-params",
            format="YYYY-MM-DD",
        )
        agencies = st.multiselect("Agency", opts["agencies"], key="agency", bind="query-params")
        topics = st.multiselect("Topic", opts["topics"], key="topic", bind="query-params")
        names, problem = _speakers(*_pinned(), speaker_aliases())
        if problem:
            st.warning(problem)
        _canonical_speakers_in_url(names)
        chosen = st.multiselect(
            "Speaker", speakers.names(names), key="speaker", bind="query-params", placeholder="Any speaker"
        )
        query = st.text_input("Text contains", key="q", bind="query-params", placeholder="e.g. fentanyl")
        period = (
            st.segmented_control(
                "Group by", flt.PERIOD_NAMES, default="month", key="period", bind="query-params"
            )
            or "month"
        )
    dates = tuple(dates) if isinstance(dates, (tuple, list)) else (dates,) if dates else ()
    start = dates[0] if dates and dates[0] != opts["first"] else None
    end = dates[1] if len(dates) > 1 and dates[1] != opts["last"] else None
    current = flt.Filters(start, end, tuple(agencies), tuple(topics), tuple(chosen), query.strip(), period)
    st.session_state["_filters"] = current
    return current


def _canonical_speakers_in_url(names: pd.DataFrame) -> None:
    """A link with a name as written ('?speaker=Daniel Whitcomb', from before the names were merged or from
    another alias file) opens on its speaker ('Daniel R. Whitcomb') instead of dropping it: the widget only
    takes its options, and Streamlit drops a bound parameter whose value is not one. Before the widget first
    runs, the URL is rewritten and the script reruns, so the widget starts from the canonical speakers and the
    address bar (and a link copied from it) keeps them."""
    wanted = st.query_params.get_all("speaker")
    if not wanted or "speaker" in st.session_state:
        return
    speaker_of, known = (
        dict(zip(names["speaker_as_written"], names["speaker"], strict=True)),
        set(speakers.names(names)),
    )
    fixed = list(
        dict.fromkeys(w if w in known else speaker_of.get(w, w) for w in wanted)
    )  # speakers kept as they are
    if fixed == wanted:
        return
    try:
        st.query_params["speaker"] = fixed
    except (
        StreamlitAPIException
    ):  # already bound to the widget in this session: set it, the URL follows later
        st.session_state["speaker"] = fixed
        return
    st.rerun()


def filters() -> flt.Filters:
    """The filters the sidebar set in this run (app.py draws it before the page); a page run alone draws
    it."""
    return st.session_state.get("_filters") or sidebar()


SELECTED = ("id", "title", "date", "agency", "url", "source", "words")


@st.cache_resource(show_spinner=False, max_entries=32)
def _selected(root: str, version: str, f: flt.Filters) -> pd.DataFrame:
    releases = _read(root, version, "releases", SELECTED)
    if f.query:  # the bodies only for this selection, not kept: 300 MB at 200,000 releases
        releases["body"] = Store(root).read("releases", ["body"], version)["body"]  # same rows, same order
    mentions = _read(root, version, "topic_mentions", ("release_id", "topic")) if f.topics else None
    quotes = _read(root, version, "quotes", ("release_id", "speaker")) if f.speakers else None
    chosen = flt.select(f, releases, mentions, quotes).drop(columns=["body"], errors="ignore")
    return releases.drop(columns=["body"], errors="ignore") if len(chosen) == len(releases) else chosen


def selected(f: flt.Filters | None = None) -> pd.DataFrame:
    """The releases the current filters keep (no body column), cached per store version and filters."""
    return _selected(*_pinned(), _as_written(f or filters())).copy(deep=False)


@st.cache_resource(show_spinner=False, max_entries=64)
def _related(
    root: str,
    version: str,
    f: flt.Filters,
    name: str,
    columns: tuple[str, ...],
    aliases: tuple[str, str] | None = None,
) -> pd.DataFrame:
    ids = _selected(root, version, f)["id"]
    frame = _read(root, version, name, ("release_id", *columns))
    keep = None
    if (
        len(ids) < Store(root).manifest(version)["counts"]["releases"]
    ):  # every release selected: every row is related
        keep = flt.is_in(frame["release_id"], ids)
    if name == "quotes" and f.speakers:
        keep = flt.is_in(frame["speaker"], f.speakers) & (True if keep is None else keep)
    if name == "topic_mentions" and f.topics:
        keep = flt.is_in(frame["topic"], f.topics) & (True if keep is None else keep)
    frame = frame if keep is None else frame[keep].reset_index(drop=True)
    if aliases is not None:  # quotes with their speaker: canonical speakers, the names as written kept
        frame = speakers.apply(frame, _speakers(root, version, aliases)[0])
    return frame


def related(name: str, columns: list[str], f: flt.Filters | None = None) -> pd.DataFrame:
    """Rows of an extraction table (quotes, figures, topic_mentions, entities) from the selected releases;
    with a speaker (topic) filter, quotes (mentions) are only those of the chosen speakers (topics)."""
    f = _as_written(f or filters())
    if name == "quotes" and f.speakers:
        columns = [*columns, "speaker"]
    if name == "topic_mentions" and f.topics:
        columns = [*columns, "topic"]
    aliases = speaker_aliases() if name == "quotes" and "speaker" in columns else None
    return _related(*_pinned(), f, name, tuple(dict.fromkeys(columns)), aliases).copy(deep=False)


def speaker_aliases() -> tuple[str, str]:
    """(the alias file, a hash of its content): in the cache key of whatever shows speakers, so an edited file
    shows at the next rerun, without a restart or processing."""
    path = speakers.configured()
    return str(path or ""), speakers.fingerprint(path)


@st.cache_data(show_spinner=False, max_entries=8)
def _speakers(root: str, version: str, aliases: tuple[str, str]) -> tuple[pd.DataFrame, str]:
    """Every name as written in the store with its canonical speaker (lib.speakers.table), and what is wrong
    with the alias file ("" when nothing is): a bad file is reported and the speakers are merged without
    it."""
    counts = _column(root, version, "quotes", "speaker").value_counts()
    try:
        found, problem = speakers.load(Path(aliases[0]) if aliases[0] else None), ""
    except speakers.AliasError as exc:
        found, problem = speakers.NO_ALIASES, f"{exc} Speakers are merged without it until it is fixed."
    return speakers.table(counts, found), problem


def _as_written(f: flt.Filters) -> flt.Filters:
    """The filters with each chosen speaker replaced by its names as written, as the store holds them."""
    if not f.speakers:
        return f
    return replace(f, speakers=speakers.variants(_speakers(*_pinned(), speaker_aliases())[0], f.speakers))


@st.cache_resource(show_spinner=False, max_entries=4)
def _quoted(root: str, version: str, f: flt.Filters, aliases: tuple[str, str]) -> pd.DataFrame:
    from lib.metrics import speakers as sm

    return sm.quoted(related("quotes", sm.QUOTE_COLUMNS, f), selected(f))


def quoted(f: flt.Filters | None = None) -> pd.DataFrame:
    """The attributed quotes of the selected releases with their dates, titles and words
    (lib.metrics.speakers.quoted), canonical speakers as the alias file says, cached per store version,
    filters and alias file: the Speakers and Briefing pages share it."""
    return _quoted(*_pinned(), f or filters(), speaker_aliases()).copy(deep=False)


PLACED_COLUMNS = [
    "release_id",
    "text",
    "start",
    "value",
    "low",
    "high",
    "qualifier",
    "unit",
    "metric",
    "period",
    "sentence",
]


@st.cache_resource(
    show_spinner=False, max_entries=16
)  # kept as is, not copied: placed() hands out shallow copies
def _placed(root: str, version: str, f: flt.Filters, metric: str, by: str, aliases: tuple[str, str]):
    from lib.charts import figures as fc
    from lib.metrics import figures as fm

    figures = rows_where("figures", "metric", metric, PLACED_COLUMNS)  # one metric's, not kept beyond this
    placed = fm.place(figures, selected(f), metric, by)  # only those of the selected releases
    return placed, fc.with_hover(fm.points(placed)), fm.claims(placed)


def placed(metric: str, by: str, f: flt.Filters | None = None) -> tuple[pd.DataFrame, pd.DataFrame, int]:
    """One metric's figures of the selected releases placed in time (lib.metrics.figures.place), the points
    drawn with their hover texts, and the number of claims; cached per store version, filters, metric and
    placement, and dropped with the other frames when a new version is pinned."""
    f = f or filters()
    frames, drawn, claims = _placed(*_pinned(), f, metric, by, speaker_aliases())
    return frames.copy(deep=False), drawn.copy(deep=False), claims


def rows_where(name: str, column: str, value, columns: list[str]) -> pd.DataFrame:
    """The rows of a table whose column has the value (or one of the values, a list), read in batches and not
    cached (the caller caches what it makes of them): e.g. one topic's mentions with their passages, without
    keeping every passage in memory."""
    s, pinned = _pinned_store()
    return s.read(name, columns, pinned, where=(column, value))


@st.cache_data(show_spinner=False, max_entries=64)
def _rows_of(root: str, version: str, name: str, release_id: str) -> pd.DataFrame:
    return Store(root).read(
        name, None, version, where=("id" if name == "releases" else "release_id", release_id)
    )


def rows_of(name: str, release_id: str) -> pd.DataFrame:
    """One release's row (name="releases") or its rows of an extraction table, whatever the filters."""
    return _rows_of(*_pinned(), name, release_id)


def source(releases: int | None = None, f: flt.Filters | None = None) -> str:
    """The caption under a chart: store version, release count, filters in words."""
    return charts.caption(version(), releases, (f or filters()).describe())


def link(page: str, **params: str) -> str:
    """A relative URL to a page that keeps the current filters, plus `params` (e.g. release=<id>)."""
    keep = {k: st.query_params.get_all(k) for k in FILTER_KEYS if st.query_params.get_all(k)}
    return f"{page}?{urlencode({**keep, **params}, doseq=True)}"


def chart(fig: go.Figure, data: pd.DataFrame, name: str, on_select: str = "ignore"):
    """A chart, and below it a CSV download of exactly the data it draws. Returns the selection event."""
    config = {"displaylogo": False, "toImageButtonOptions": {"format": "png", "filename": name, "scale": 2}}
    event = st.plotly_chart(
        fig, key=f"{name}_chart", config=config, on_select=on_select, selection_mode="points"
    )
    st.download_button(
        "Download the chart's data (CSV)", charts.to_csv(data), f"{name}.csv", "text/csv", key=f"{name}_csv"
    )
    return event


def empty(message: str) -> None:
    """An empty result said in a sentence, with a hint to widen the filters."""
    st.info(f"{message} Widen the filters in the sidebar to see more.")
