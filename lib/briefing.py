"""The charts a briefing can hold: each a pure builder from the selected frames to (figure, its data)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

import pandas as pd
import plotly.graph_objects as go

from lib import charts, metrics
from lib.charts import figures as figure_charts
from lib.charts import speakers as speaker_charts
from lib.charts import topics as topic_charts
from lib.filters import Filters
from lib.metrics import figures as fm
from lib.metrics import speakers as sm
from lib.metrics import topics as tm


@dataclass(frozen=True)
class BriefingChart:
    title: str
    needs: tuple[str, ...]  # what build() reads of the chart's data (see inputs())
    build: Callable[[dict, Filters, str], tuple[go.Figure, pd.DataFrame]]


def _releases(data, f, source):
    counts = data["per_period"]
    return charts.releases_over_time(counts, f.period, source), counts


def _topics(data, f, source):
    top = data["top_topics"]
    return charts.top_topics(top, source, data["span"]), top


def _span(f: Filters) -> tuple | None:
    return (f.start, f.end) if f.start and f.end else None


def _topic_trend(data, f, source):
    counts = data["share_trend"]
    return topic_charts.trend(counts, "share", f.period, source), counts


def _speakers(data, f, source):
    top = sm.top(data["ranking"], "quotes", 10)
    return speaker_charts.ranking(top, "speaker", "quotes", source, data["span"]), top


def _figures(data, f, source):
    """The cited figures of the metric cited most (besides "other"), by the period they refer to, in the unit
    family with most claims (as the Figures page opens)."""
    metric, points, families = data["figures"]
    family = next(iter(families), fm.COUNT)
    drawn = fm.of_family(points, family)
    fig = figure_charts.over_time(
        drawn, metric, "period", source, fm.span_label(drawn), unit=fm.axis_label(family)
    )
    return fig, fm.chart_data(drawn)


CHARTS: dict[str, BriefingChart] = {
    "releases": BriefingChart("Releases per period", ("per_period",), _releases),
    "topics": BriefingChart("Top topics", ("top_topics", "span"), _topics),
    "topic_trend": BriefingChart(
        "Topics over time (share of releases about each)", ("share_trend",), _topic_trend
    ),
    "speakers": BriefingChart("Most quoted speakers", ("ranking", "span"), _speakers),
    "figures": BriefingChart("Cited figures of the most cited metric", ("figures",), _figures),
}


def inputs(frames: dict[str, pd.DataFrame], f: Filters) -> dict:
    """Every chart's data computed in pandas from whole frames (releases, topic_about, topic_mentions,
    quotes, figures of the selection, each narrowed by the filters as lib.query.related narrows them):
    per_period, top_topics, span, share_trend, ranking, figures (the most cited metric, its points with their
    hovers, its unit families). The dashboard no longer calls it: it gets the same from lib.query
    (lib/ui/briefing.py); this stays as the reference tests/test_query.py compares the SQL with, and
    bench/export.py uses it."""
    releases = frames["releases"]
    tagged = tm.within(frames["topic_about"], releases)
    metric = (fm.metric_choices(frames["figures"]) or ["other"])[0]
    placed = fm.place(frames["figures"], releases, metric)
    return {
        "per_period": metrics.releases_per_period(releases, f.period, _span(f)),
        "top_topics": metrics.top_topics(frames["topic_about"], frames["topic_mentions"]),
        "span": metrics.date_span(releases),
        "share_trend": tm.trend(
            releases, tagged, tm.chosen_topics(tagged, f.topics), f.period, "share", _span(f)
        ),
        "ranking": sm.ranking(sm.quoted(frames["quotes"], releases)),
        "figures": (metric, figure_charts.with_hover(fm.points(placed)), fm.families(placed)),
    }


def _published(releases: pd.DataFrame | dict) -> tuple[str, str]:
    """'published 14 Nov 2019 to 01 Jul 2021' (or 'no dated release') and '3 releases', of the releases (a
    frame with their dates, or their count and first and last date: releases, first, last)."""
    if isinstance(releases, pd.DataFrame):
        dates = releases["date"].dropna()
        n, first, last = len(releases), dates.min(), dates.max()
    else:
        n, first, last = releases["releases"], releases["first"], releases["last"]
    span = "no dated release" if pd.isna(first) else f"published {first:%d %b %Y} to {last:%d %b %Y}"
    return span, f"{n:,} release{'s' if n != 1 else ''}"


def stamp(f: Filters, releases: pd.DataFrame | dict, version: str) -> str:
    """The caption every briefing chart carries: filters, dates covered, how many releases, store version."""
    span, count = _published(releases)
    return f"Pressroom · {f.describe()} · {span} · {count} · grouped by {f.period} · store version {version}"


def cover(f: Filters, releases: pd.DataFrame | dict, version: str, made: date) -> tuple[str, ...]:
    """A deck's title slide, line by line: the selection, what it holds, the store version, the date made."""
    span, count = _published(releases)
    return (
        f"Selection: {f.describe()}",
        f"{count}, {span}, grouped by {f.period}",
        f"Store version {version} · made {made:%d %b %Y}",
    )
