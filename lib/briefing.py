"""The charts a briefing can hold: each a pure builder from the selected frames to (figure, its data)."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import pandas as pd
import plotly.graph_objects as go

from lib import charts, metrics
from lib.filters import Filters


@dataclass(frozen=True)
class BriefingChart:
    title: str
    needs: dict[str, tuple[str, ...]]  # extraction table -> columns, besides the selected releases
    build: Callable[[dict[str, pd.DataFrame], Filters, str], tuple[go.Figure, pd.DataFrame]]


def _releases(frames, f, source):
    counts = metrics.releases_per_period(frames["releases"], f.period, (f.start, f.end) if f.start and f.end else None)
    return charts.releases_over_time(counts, f.period, source), counts


def _topics(frames, f, source):
    top = metrics.top_topics(frames["topic_mentions"])
    return charts.top_topics(top, source, metrics.date_span(frames["releases"])), top


CHARTS: dict[str, BriefingChart] = {
    "releases": BriefingChart("Releases per period", {}, _releases),
    "topics": BriefingChart("Top topics", {"topic_mentions": ("topic",)}, _topics),
}


def stamp(f: Filters, releases: pd.DataFrame, version: str) -> str:
    """The caption every briefing chart carries: filters, the dates covered, how many releases, store version."""
    dates = releases["date"].dropna()
    span = f"published {dates.min():%d %b %Y} to {dates.max():%d %b %Y}" if len(dates) else "no dated release"
    n = len(releases)
    return (f"Pressroom · {f.describe()} · {span} · {n:,} release{'s' if n != 1 else ''} · "
            f"grouped by {f.period} · store version {version}")
