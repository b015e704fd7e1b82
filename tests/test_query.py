"""The dashboard reads the store through lib/query.py (DuckDB over the version's Parquet files). Every frame a
page draws equals the one the metric functions compute in pandas from the whole tables (the way the pages
computed them before), on the sample store, with the default filters and narrower ones; and values a user
types (filters, searched words, release ids) are data, never SQL."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest
import streamlit as st

from lib import briefing, metrics, query, schema, speakers, taxonomy
from lib import filters as flt
from lib.charts import figures as fc
from lib.metrics import data as dm
from lib.metrics import discover
from lib.metrics import figures as fm
from lib.metrics import releases as rel
from lib.metrics import speakers as sm
from lib.metrics import topics as tm
from lib.store import Store

DEFAULT = flt.Filters()
NARROW = flt.Filters(start=date(2021, 1, 1), end=date(2021, 12, 31), topics=("narcotics",))
OTHER = flt.Filters(agencies=("U.S. Customs and Border Protection",), query="port", period="quarter")
FILTERS = {"default": DEFAULT, "narrow": NARROW, "other": OTHER}


# ------------------------------------------------------------------------------------------ the pandas path


class Pandas:
    """The frames the pages drew before lib.query, from whole tables: the releases the filters select
    (lib.filters.select), the related rows of the extraction tables, the speakers merged in pandas."""

    def __init__(self, root: Path):
        self.store = Store(root)
        self.tables = {name: self.store.read(name) for name in schema.TABLES}
        aliases = speakers.load(speakers.configured())
        self.speakers = speakers.table(self.tables["quotes"]["speaker"].value_counts(), aliases)
        self._selected: dict[flt.Filters, pd.DataFrame] = {}

    def written(self, f: flt.Filters) -> flt.Filters:
        if not f.speakers:
            return f
        return replace(f, speakers=speakers.variants(self.speakers, f.speakers))

    def selected(self, f: flt.Filters) -> pd.DataFrame:
        f = self.written(f)
        if f not in self._selected:  # selected once per filters: every frame of a test reads it
            releases = self.tables["releases"]
            about = self.tables["topic_about"]
            chosen = flt.select(f, releases, about[about["about"]], self.tables["quotes"])
            self._selected[f] = chosen.drop(columns="body").reset_index(drop=True)
        return self._selected[f].copy()

    def related(self, name: str, f: flt.Filters) -> pd.DataFrame:
        f = self.written(f)
        frame = self.tables[name]
        keep = flt.is_in(frame["release_id"], self.selected(f)["id"])
        if name == "quotes" and f.speakers:
            keep &= flt.is_in(frame["speaker"], f.speakers)
        if name in ("topic_mentions", "topic_about") and f.topics:
            keep &= flt.is_in(frame["topic"], f.topics)
        if name == "topic_about":
            keep &= frame["about"].to_numpy(dtype=bool)
        frame = frame[keep].reset_index(drop=True)
        return speakers.apply(frame, self.speakers) if name == "quotes" else frame


@pytest.fixture(scope="module")
def pandas_path(sample_store) -> Pandas:
    return Pandas(sample_store)


@pytest.fixture
def dashboard(sample_store, monkeypatch):
    """lib.ui reading the sample store, as a page does (the store pinned, the caches empty)."""
    from lib import ui

    monkeypatch.setenv("PRESSROOM_STORE", str(sample_store))
    st.cache_data.clear()
    ui.pin()
    yield ui
    st.cache_data.clear()


def plain(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame with plain dtypes (text as objects with None for missing, timestamps in ns, integers as
    int64), so that frames from DuckDB and from pandas compare by value."""
    out = frame.reset_index(drop=True).copy()
    for column in out.columns:
        values = out[column]
        if isinstance(values.dtype, pd.CategoricalDtype) or pd.api.types.is_string_dtype(values.dtype):
            out[column] = values.astype(object).where(values.notna(), None)
        elif pd.api.types.is_datetime64_any_dtype(values.dtype):
            out[column] = values.astype("datetime64[ns]")
        elif pd.api.types.is_bool_dtype(values.dtype):
            out[column] = values.astype(bool)
        elif pd.api.types.is_integer_dtype(values.dtype):
            out[column] = values.astype("int64")
    return out


def same(got: pd.DataFrame, expected: pd.DataFrame, what: str) -> None:
    assert list(got.columns) == list(expected.columns), what
    if expected.empty:  # nothing drawn: the dtypes of no rows do not matter
        assert got.empty, what
        return
    pd.testing.assert_frame_equal(plain(got), plain(expected), obj=what, check_column_type=False)


def span(f: flt.Filters) -> tuple | None:
    return (f.start, f.end) if f.start and f.end else None


# ------------------------------------------------------------------------------------------ every page


@pytest.mark.parametrize("name", FILTERS)
def test_the_overview_draws_the_same_frames(dashboard, pandas_path, name):
    f, p = FILTERS[name], pandas_path
    releases = p.selected(f)
    quotes, figures = p.related("quotes", f), p.related("figures", f)
    mentions, about = p.related("topic_mentions", f), p.related("topic_about", f)
    assert dashboard.overview_counts(f) == metrics.overview_counts(releases, quotes, figures)
    assert dashboard.summary(f)["releases"] == len(releases) > 0
    same(dashboard.releases_per_period(f), metrics.releases_per_period(releases, f.period, span(f)), name)
    topics, mentioned = dashboard.top_topics(f)
    same(topics, metrics.top_topics(about, mentions), name)
    assert mentioned == len(mentions)
    same(dashboard.top_speakers(f), metrics.top_speakers(quotes), name)
    citing = metrics.latest_citing(figures, releases, 10)
    same(dashboard.latest_figures(f), metrics.latest_figures(figures, citing, 10), name)
    same(dashboard.latest(f), metrics.latest(releases), name)
    assert dashboard.date_span(f) == metrics.date_span(releases)


@pytest.mark.parametrize("name", FILTERS)
def test_the_topics_page_draws_the_same_frames(dashboard, pandas_path, name):
    f, p = FILTERS[name], pandas_path
    releases, every = p.selected(f), replace(f, topics=())
    tagged = tm.within(p.related("topic_mentions", every), releases)
    about = tm.within(p.related("topic_about", every), releases)
    compared = tm.chosen_topics(about, f.topics)
    base = p.selected(every)[["date"]] if f.topics else None
    table, order = dashboard.topics.topic_summary(f)
    for measure in tm.MEASURES:
        expected = tm.trend(
            releases, tagged if measure == "mentions" else about, compared, f.period, measure, span(f), base
        )
        same(dashboard.topics.trend(f, measure), expected, f"{name} {measure}")
    same(table, tm.cooccurrence(about), name)
    assert list(table.index) == list(tm.cooccurrence(about).index)
    assert order == tm.topic_order(about, tm.topic_order(tagged, compared))
    for topic in order[:3]:
        mentions = p.tables["topic_mentions"]
        lines, total = dashboard.topics.passages(f, topic, "")
        expected, count = tm.topic_kwic(mentions[mentions["topic"] == topic], releases, topic)
        same(lines, expected, f"{name} {topic}")
        assert total == count
    for term in ("border", "CBP officers", "Port"):
        bodies = p.tables["releases"][["id", "body"]]
        lines, total = dashboard.topics.passages(f, order[0], term)
        expected, count = tm.kwic(tm.texts(bodies, releases), [term])
        same(lines, expected, f"{name} {term}")
        assert total == count


@pytest.mark.parametrize("name", ["default", "other"])
def test_the_suggested_terms_are_the_same(dashboard, pandas_path, name):
    f, p = FILTERS[name], pandas_path
    terms = taxonomy.PATH.read_text(encoding="utf-8")
    mentions = p.related("topic_mentions", replace(f, topics=()))
    leads = p.tables["releases"][["id", "body"]]
    for recent in (3, 12):
        expected = discover.discover(
            p.selected(f), leads, mentions, taxonomy.load_text(terms), f.period, recent
        )
        got = dashboard.topics.suggested(f, recent, terms)
        same(got.suggestions, expected.suggestions, f"{name} {recent}")
        assert (got.since, got.recent_label, got.analysed, got.selected, got.reason) == (
            expected.since,
            expected.recent_label,
            expected.analysed,
            expected.selected,
            expected.reason,
        )


def test_the_suggested_terms_of_a_sample_are_the_same(dashboard, pandas_path, monkeypatch):
    """A selection larger than discover.MAX_RELEASES is read as a sample: SQL takes the same releases."""
    monkeypatch.setattr(discover, "MAX_RELEASES", 40)
    p, terms, f = pandas_path, taxonomy.PATH.read_text(encoding="utf-8"), flt.Filters(period="quarter")
    leads, mentions = p.tables["releases"][["id", "body"]], p.related("topic_mentions", f)
    expected = discover.discover(
        p.selected(f), leads, mentions, taxonomy.load_text(terms), "quarter", limit=40
    )
    got = dashboard.topics.suggested(f, 3, terms)
    assert (got.analysed, got.selected) == (expected.analysed, expected.selected) == (40, 72)
    assert len(expected.suggestions) > 0, expected.reason
    same(got.suggestions, expected.suggestions, "sample")


@pytest.mark.parametrize("name", FILTERS)
def test_the_speakers_page_draws_the_same_frames(dashboard, pandas_path, name):
    f, p = FILTERS[name], pandas_path
    quoted = sm.quoted(p.related("quotes", f), p.selected(f))
    for by in sm.GROUPS:
        same(dashboard.speakers.ranking(f, by), sm.ranking(quoted, by), f"{name} {by}")
        for kind in sm.KINDS:  # people, organisations and groups ranked apart
            expected = sm.ranking(sm.of_kind(quoted, kind), by)
            same(dashboard.speakers.ranking(f, by, kind), expected, f"{name} {by} {kind}")
    assert dashboard.speakers.counted(f, "data/speakers.yml") == sm.counted(quoted, "data/speakers.yml")
    people = sm.ranking(quoted)["speaker"]
    chosen = tuple(people.head(5))
    same(
        dashboard.speakers.over_time(f, chosen),
        sm.over_time(quoted, list(chosen), f.period, f.start, f.end),
        name,
    )
    for who in people.head(3):
        got, expected = dashboard.speakers.profile(f, who, "releases?release="), sm.profile(quoted, who, "l")
        assert got["facts"] == expected["facts"]
        for part in ("names", "titles", "organisations"):
            same(got[part], expected[part], f"{name} {who} {part}")
        same(got["quotes"].drop(columns="open"), expected["quotes"].drop(columns="open"), f"{name} {who}")


def test_a_version_written_without_the_words_of_its_quotes_counts_them(sample_store, tmp_path, monkeypatch):
    """The words of each quote are written with a version (lib/derived.py); one written before has none, and
    the dashboard counts them from the text instead, to the same numbers."""
    import shutil

    from lib import derived, ui

    store = tmp_path / "store"
    shutil.copytree(sample_store, store)
    src = query.Source(str(store), Store(store).current())
    assert query.has_quote_words(src)
    monkeypatch.setenv("PRESSROOM_STORE", str(store))
    st.cache_data.clear()
    ui.pin()
    stored = ui.speakers.ranking(DEFAULT)
    (store / "versions" / src.version / f"{derived.QUOTE_WORDS}.parquet").unlink()
    assert not query.has_quote_words(src)
    st.cache_data.clear()
    assert stored["words"].sum() > 0
    same(ui.speakers.ranking(DEFAULT), stored, "counted")
    assert list(query.quote_words(src).column("words").to_numpy()) == list(
        derived.words(pa.array(Store(store).read("quotes")["text"].astype("string"), from_pandas=True))
    )


def test_a_speaker_filter_selects_the_same_releases_and_quotes(dashboard, pandas_path):
    p = pandas_path
    quoted = sm.quoted(p.related("quotes", DEFAULT), p.selected(DEFAULT))
    who = tuple(sm.ranking(quoted)["speaker"].head(2))
    f = flt.Filters(speakers=who, period="year")
    releases, quotes = p.selected(f), p.related("quotes", f)
    assert dashboard.overview_counts(f) == metrics.overview_counts(releases, quotes, p.related("figures", f))
    same(dashboard.top_speakers(f), metrics.top_speakers(quotes), "speakers")
    same(dashboard.speakers.ranking(f), sm.ranking(sm.quoted(quotes, releases)), "ranking")
    same(dashboard.listing(f, 2000), listing(p, f), "listing")


def _official(placed: pd.DataFrame) -> pd.DataFrame:
    """An official monthly series over every month the placed figures refer to (a gap in one month)."""
    months = pd.date_range("2016-01-01", "2026-12-01", freq="MS")
    values = np.arange(len(months), dtype="float64") * 1000 + 25_000
    return pd.DataFrame({"month": months, "value": values}).drop(index=40).reset_index(drop=True)


@pytest.mark.parametrize("name", FILTERS)
def test_the_figures_page_draws_the_same_frames(dashboard, pandas_path, name):
    f, p = FILTERS[name], pandas_path
    figures, releases = p.related("figures", f)[["release_id", *fm.PLACED]], p.selected(f)
    choices = dashboard.figures.metric_choices(f)
    assert choices == fm.metric_choices(figures) and choices
    for metric in choices:
        for by in fm.PLACEMENTS.values():
            placed = fm.place(figures, releases, metric, by)
            got = dashboard.figures.placed(metric, by, f)
            what = f"{name} {metric} {by}"
            same(got.points, fc.with_hover(fm.points(placed)), what)
            assert got.families == fm.families(placed), what
            assert (got.claims, got.figures) == (fm.claims(placed), len(placed)), what
            assert got.releases == placed["release_id"].nunique(), what
            same(got.listing, fm.table(placed), what)
            chosen = [int(i) for i in got.points["point"].iloc[::3]]
            same(dashboard.figures.members(metric, by, f, chosen), fm.members(placed, chosen), what)
            total = _official(placed)
            same(dashboard.figures.gaps(metric, by, f, total), fm.gaps(placed, total), what)


def test_the_figures_of_many_claims_are_the_most_cited_and_latest(dashboard, pandas_path, monkeypatch):
    """Beyond MAX_POINTS claims the page draws the most cited, then the latest: the same ones."""
    monkeypatch.setattr(fm, "MAX_POINTS", 7)
    figures = pandas_path.related("figures", DEFAULT)[["release_id", *fm.PLACED]]
    releases = pandas_path.selected(DEFAULT)
    metric = fm.metric_choices(figures)[0]
    placed = fm.place(figures, releases, metric)
    assert fm.claims(placed) > 7
    same(dashboard.figures.placed(metric, "period", DEFAULT).points, fc.with_hover(fm.points(placed, 7)), "7")


def listing(p: Pandas, f: flt.Filters, limit: int = 2000) -> pd.DataFrame:
    return rel.listing(
        p.selected(f), p.related("quotes", f), p.related("figures", f), p.related("topic_about", f), limit
    )


@pytest.mark.parametrize("name", FILTERS)
def test_the_releases_page_lists_the_same_rows(dashboard, pandas_path, name):
    f = FILTERS[name]
    same(dashboard.listing(f, 2000), listing(pandas_path, f), name)
    same(dashboard.listing(f, 7), listing(pandas_path, f, 7), name)
    expected = listing(pandas_path, f)
    same(dashboard.listing(f, 5, offset=3), expected.iloc[3:8], f"{name}: a later page")


def test_one_release_reads_the_same_rows(dashboard, pandas_path):
    release = pandas_path.tables["releases"]["id"].iloc[5]
    for name in ("releases", "quotes", "figures", "topic_mentions", "topic_about", "entities"):
        table = pandas_path.tables[name]
        expected = table[table["id" if name == "releases" else "release_id"] == release]
        pd.testing.assert_frame_equal(
            dashboard.rows_of(name, release), expected.reset_index(drop=True), obj=name
        )


@pytest.mark.parametrize("name", FILTERS)
def test_the_briefing_draws_the_same_frames(dashboard, pandas_path, name):
    f, p = FILTERS[name], pandas_path
    frames = {
        "releases": p.selected(f),
        **{t: p.related(t, f) for t in ("topic_about", "topic_mentions", "quotes", "figures")},
    }
    frames["figures"] = frames["figures"][["release_id", *fm.PLACED]]
    expected = briefing.inputs(frames, f)
    for key, spec in briefing.CHARTS.items():
        got = dashboard.briefing.data(key, f)
        for part in spec.needs:
            if part == "figures":
                assert got[part][0] == expected[part][0] and got[part][2] == expected[part][2]
                same(got[part][1], expected[part][1], f"{name} {key}")
            elif isinstance(expected[part], pd.DataFrame):
                same(got[part], expected[part], f"{name} {key} {part}")
            else:
                assert got[part] == expected[part], (name, key, part)
        fig, data = spec.build(got, f, "Source: test")
        fig_expected, data_expected = spec.build(expected, f, "Source: test")
        same(data, data_expected, f"{name} {key}")
        assert fig.to_json() == fig_expected.to_json(), (name, key)
    assert briefing.stamp(f, dashboard.summary(f), "v1") == briefing.stamp(f, frames["releases"], "v1")


def test_the_data_page_and_the_sidebar_show_the_same_store(dashboard, pandas_path):
    p = pandas_path
    releases, files = p.tables["releases"], p.tables["files"]
    got, expected = dashboard.data_summary(), dm.summary(releases, files)
    assert got.keys() == expected.keys()
    for key, value in expected.items():
        if isinstance(value, pd.DataFrame):
            same(got[key], value, key)
        else:
            assert got[key] == value, key
    options = query.options(query.Source(str(p.store.root), p.store.current()))
    dates = releases["date"].dropna()
    assert options == {
        "first": dates.min().date(),
        "last": dates.max().date(),
        "agencies": sorted(a for a in releases["agency"].dropna().unique() if a),
    }


# ---------------------------------------------------------------------------------- user input is data

HOSTILE = (
    "'; DROP TABLE releases; --",
    "x' OR '1'='1",
    "\") OR 1=1; SELECT * FROM read_csv('/etc/passwd'); --",
    "$p0",
    "?",
    "%",
    "_",
    "a.b*",
    "port') UNION SELECT id, id, id FROM releases --",
    "\\",
)


def _store_files(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("value", HOSTILE)
def test_typed_filter_values_are_data_not_sql(dashboard, pandas_path, sample_store, value):
    before = _store_files(sample_store)
    for f in (
        flt.Filters(query=value),
        flt.Filters(agencies=(value,)),
        flt.Filters(topics=(value, "narcotics")),
        flt.Filters(speakers=(value,)),
    ):
        releases = pandas_path.selected(f)
        assert dashboard.summary(f)["releases"] == len(releases), f
        same(dashboard.latest(f), metrics.latest(releases), str(f))
        same(dashboard.listing(f, 50), listing(pandas_path, f, 50), str(f))
        assert dashboard.overview_counts(f)["quotes"] == len(pandas_path.related("quotes", f))
    lines, total = dashboard.topics.passages(DEFAULT, value, value)
    expected, count = tm.kwic(
        tm.texts(pandas_path.tables["releases"][["id", "body"]], pandas_path.selected(DEFAULT)), [value]
    )
    same(lines, expected, value)
    assert total == count
    assert dashboard.rows_of("releases", value).empty and dashboard.rows_of("quotes", value).empty
    assert dashboard.figures.placed(value, "period", DEFAULT).points.empty
    assert dashboard.speakers.profile(DEFAULT, value, "l")["quotes"].empty
    assert _store_files(sample_store) == before


def test_a_literal_search_matches_what_pandas_matches(dashboard, pandas_path):
    """Text contains is literal and ignores case, as pandas' str.contains(case=False, regex=False)."""
    for text in ("fentanyl", "FENTANYL", "U.S.", "(", "Port of", "100%", "a.m."):
        f = flt.Filters(query=text)
        assert dashboard.summary(f)["releases"] == len(pandas_path.selected(f)), text


def test_names_in_sql_come_only_from_the_schema(sample_store):
    src = query.Source(str(sample_store), Store(sample_store).current())
    with pytest.raises(schema.SchemaError):
        query.distinct(src, "quotes", 'speaker" FROM releases; --')
    with pytest.raises(KeyError):
        query.rows_of(src, "releases; DROP TABLE quotes", "x")
    with pytest.raises(KeyError):
        query.Query(src).table("releases; DROP")
    with pytest.raises(ValueError, match="unknown period"):
        query.period_of("month'); --", "date")
    with pytest.raises(ValueError, match="groups by"):
        query.ranking(src, DEFAULT, pd.DataFrame(), {}, None, "speaker; --")


def test_a_large_selection_is_selected_in_every_query_to_the_same_frames(dashboard, pandas_path, monkeypatch):
    """A selection of more than KEEP_SELECTED releases is not read with its columns: only the row numbers of
    its releases are kept, and each query reads those releases by them, to the same frames."""
    monkeypatch.setattr(query, "KEEP_SELECTED", 0)
    f, p = OTHER, pandas_path
    releases = p.selected(f)
    rows, selected = query.select(query.Source(str(p.store.root), p.store.current()), f)
    assert selected is None and len(rows) == len(releases) > 0
    same(
        dashboard.releases_per_period(f),
        metrics.releases_per_period(releases, f.period, span(f)),
        "per period",
    )
    same(dashboard.listing(f, 2000), listing(p, f), "listing")
    quoted = sm.quoted(p.related("quotes", f), releases)
    same(dashboard.speakers.ranking(f), sm.ranking(quoted), "ranking")
