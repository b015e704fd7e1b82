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
    needs: dict[str, tuple[str, ...]]  # extraction table -> columns, besides the selected releases
    build: Callable[[dict[str, pd.DataFrame], Filters, str], tuple[go.Figure, pd.DataFrame]]


def _releases(frames, f, source):
    counts = metrics.releases_per_period(
        frames["releases"], f.period, (f.start, f.end) if f.start and f.end else None
    )
    return charts.releases_over_time(counts, f.period, source), counts


def _topics(frames, f, source):
    top = metrics.top_topics(frames["topic_about"], frames["topic_mentions"])
    return charts.top_topics(top, source, metrics.date_span(frames["releases"])), top


def _span(f: Filters) -> tuple | None:
    return (f.start, f.end) if f.start and f.end else None


def _topic_trend(frames, f, source):
    tagged = tm.within(frames["topic_about"], frames["releases"])
    counts = tm.trend(
        frames["releases"], tagged, tm.chosen_topics(tagged, f.topics), f.period, "share", _span(f)
    )
    return topic_charts.trend(counts, "share", f.period, source), counts


def _speakers(frames, f, source):
    quoted = frames["quoted"] if "quoted" in frames else sm.quoted(frames["quotes"], frames["releases"])
    top = sm.top(sm.ranking(quoted), "quotes", 10)
    return speaker_charts.ranking(
        top, "speaker", "quotes", source, metrics.date_span(frames["releases"])
    ), top


def _figures(frames, f, source):
    """The cited figures of the metric cited most (besides "other"), by the period they refer to, in the unit
    family with most claims (as the Figures page opens)."""
    metric = (fm.metric_choices(frames["figures"]) or ["other"])[0]
    placed = fm.place(frames["figures"], frames["releases"], metric)
    family = next(iter(fm.families(placed)), fm.COUNT)
    drawn = figure_charts.with_hover(fm.of_family(fm.points(placed), family))
    fig = figure_charts.over_time(
        drawn, metric, "period", source, fm.span_label(drawn), unit=fm.axis_label(family)
    )
    return fig, fm.chart_data(drawn)


CHARTS: dict[str, BriefingChart] = {
    "releases": BriefingChart("Releases per period", {}, _releases),
    "topics": BriefingChart("Top topics", {"topic_about": ("topic",), "topic_mentions": ("topic",)}, _topics),
    "topic_trend": BriefingChart(
        "Topics over time (share of releases about each)", {"topic_about": ("topic",)}, _topic_trend
    ),
    "speakers": BriefingChart("Most quoted speakers", {"quotes": tuple(sm.QUOTE_COLUMNS)}, _speakers),
    "figures": BriefingChart(
        "Cited figures of the most cited metric",
        {"figures": fm.PLACED},
        _figures,
    ),
}


def _published(releases: pd.DataFrame) -> tuple[str, str]:
    """'published 14 Nov 2019 to 01 Jul 2021' (or 'no dated release') and '3 releases'."""
    dates = releases["date"].dropna()
    span = f"published {dates.min():%d %b %Y} to {dates.max():%d %b %Y}" if len(dates) else "no dated release"
    n = len(releases)
    return span, f"{n:,} release{'s' if n != 1 else ''}"


def stamp(f: Filters, releases: pd.DataFrame, version: str) -> str:
    """The caption every briefing chart carries: filters, dates covered, how many releases, store version."""
    span, count = _published(releases)
    return f"Pressroom · {f.describe()} · {span} · {count} · grouped by {f.period} · store version {version}"


def cover(f: Filters, releases: pd.DataFrame, version: str, made: date) -> tuple[str, ...]:
    """A deck's title slide, line by line: the selection, what it holds, the store version, the date made."""
    span, count = _published(releases)
    return (
        f"Selection: {f.describe()}",
        f"{count}, {span}, grouped by {f.period}",
        f"Store version {version} · made {made:%d %b %Y}",
    )
