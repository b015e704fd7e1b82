"""The Topics page's counts (lib.metrics.topics) from lib.query, cached: trends, co-occurrence, passages and
the terms no topic finds. The Briefing page shares the trend."""

from __future__ import annotations

from dataclasses import replace

import pandas as pd
import streamlit as st

from lib import filters as flt
from lib import metrics, query, taxonomy
from lib.metrics import discover
from lib.metrics import topics as tm
from lib.ui.cache import cached, keyed, source, summary_of

KWIC_LIMIT = 500  # passages listed


def _span(k, f: flt.Filters) -> tuple | None:
    """The span a trend covers: the filters' dates, else those of the selected releases (None: no date)."""
    if f.start and f.end:
        return f.start, f.end
    found = summary_of(k, f)
    return None if pd.isna(found["first"]) else (found["first"], found["last"])


@cached(32)
def _about(k, f: flt.Filters) -> pd.Series:
    """Per topic, the selected releases about it (lib.query.topic_releases)."""
    return query.topic_releases(source(k, f), f, "topic_about")


@cached(32)
def _periods(k, f: flt.Filters, table: str) -> pd.DataFrame:
    """Per period, the compared topics' releases about them (topic_about) or mentions (topic_mentions)."""
    compared = tm.chosen_topics(_about(k, f), f.topics)
    return query.topic_periods(source(k, f), f, table, compared, f.period)


def _trend(k, f: flt.Filters, measure: str, base: flt.Filters) -> pd.DataFrame:
    """tm.trend of the compared topics in one measure; shares of the releases `base` selects."""
    compared, span = tm.chosen_topics(_about(k, f), f.topics), _span(k, f)
    table = "topic_mentions" if measure == "mentions" else "topic_about"  # releases and shares: the same
    counts = metrics.fill_periods(_periods(k, f, table), f.period, by="topic", name="value", span=span)
    total = None
    if measure == "share" and len(counts):
        base_counts = query.per_period(source(k, base), base, f.period).rename(columns={"releases": "total"})
        total = metrics.fill_periods(base_counts, f.period, name="total", span=span)
    return tm.finish_trend(counts, compared, total)


@cached(32)
def _trend_of(k, f: flt.Filters, measure: str) -> pd.DataFrame:
    return _trend(k, f, measure, replace(f, topics=()) if f.topics else f)  # of the releases whatever topic


def trend(f: flt.Filters, measure: str) -> pd.DataFrame:
    """The compared topics (those chosen, else the five most releases are about) per period, in a measure of
    tm.MEASURES (a share is of every release the other filters keep), computed when first asked for."""
    return _trend_of(*keyed(f, "topics"), measure)


@cached(32)
def _summary(k, f: flt.Filters):
    about = _about(k, f)  # what each release is about
    tagged = query.topic_releases(source(k, f), f, "topic_mentions")
    table = tm.cooccurrence_table(query.cooccurrence(source(k, f), f))
    return table, tm.topic_order(about, tm.topic_order(tagged, tm.chosen_topics(about, f.topics)))


def topic_summary(f: flt.Filters) -> tuple[pd.DataFrame, list[str]]:
    """Which topics the same selected releases are about, and the topics in order (those compared first)."""
    return _summary(*keyed(f, "topics"))


@cached(32)
def _share_trend(k, f: flt.Filters) -> pd.DataFrame:
    return _trend(k, f, "share", f)


def share_trend(f: flt.Filters) -> pd.DataFrame:
    """The Briefing's trend: the compared topics' share of the selected releases, period by period."""
    return _share_trend(*keyed(f, "topics"))


@cached(32)
def _passages(k, f: flt.Filters, topic: str, term: str) -> tuple[pd.DataFrame, int]:
    src = source(k, f)
    if term.strip():
        texts, total = query.texts_holding(src, f, term.strip(), KWIC_LIMIT)
        return tm.kwic(texts, [term], limit=KWIC_LIMIT)[0], total
    mentions, releases, total = query.newest_mentions(src, f, topic, KWIC_LIMIT)
    return tm.topic_kwic(mentions, releases, topic, KWIC_LIMIT)[0], total


def passages(f: flt.Filters, topic: str, term: str) -> tuple[pd.DataFrame, int]:
    """Keyword in context: the newest passages of any words (`term`, in the full text) or of a topic's
    matched terms in the selected releases, and how many there are in all."""
    return _passages(*keyed(f), topic, term)


@st.cache_data(show_spinner="Reading the selected releases for terms no topic finds…", max_entries=16)
def _suggested(k, f: flt.Filters, recent: int, terms: str) -> discover.Discovery:
    src = source(k, f)
    first, last, dated = query.dated_span(src, f, f.period)
    if not dated:
        return discover.no_dates()
    since = discover.since_of(first, last, f.period, recent)
    if since is None:
        return discover.too_short(f.period, recent, dated)
    docs = query.sample_of(src, f, f.period, since, discover.MAX_RELEASES).astype({"id": "string"})
    leads = query.leads(src, docs["id"].tolist(), discover.TEXT_CHARS).astype({"id": "string"})
    docs = docs.merge(leads[["id", "title"]], on="id", how="left")  # keeps the sample's order
    text = discover.texts(docs, leads[["id", "body"]])
    mentions = query.mentions_of(src, docs["id"].tolist())
    found = discover.sampled(docs, f.period, since, dated)
    return discover.analyse(found, text, mentions, taxonomy.load_text(terms), f.period)


def suggested(f: flt.Filters, recent: int, terms: str) -> discover.Discovery:
    """Terms rising in the latest `recent` periods that no topic of the taxonomy (`terms`: its text) finds."""
    return _suggested(*keyed(f, "topics"), recent, terms)
