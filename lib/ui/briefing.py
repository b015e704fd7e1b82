"""The Briefing page's charts' data (lib.briefing.inputs) from lib.query, through the caches the other pages
fill: a chart on the Briefing page draws what its page draws."""

from __future__ import annotations

from lib import briefing
from lib import filters as flt
from lib.ui import cache, figures, speakers, topics


def _figures(f: flt.Filters) -> tuple:
    metric = (figures.metric_choices(f) or ["other"])[0]
    found = figures.placed(metric, "period", f)
    return metric, found.points, found.families


SOURCES = {
    "per_period": cache.releases_per_period,
    "top_topics": lambda f: cache.top_topics(f)[0],
    "span": cache.date_span,
    "share_trend": topics.share_trend,
    "ranking": speakers.ranking,
    "figures": _figures,
}


def data(chart: str, f: flt.Filters) -> dict:
    """What one briefing chart (a key of lib.briefing.CHARTS) draws of the selection."""
    return {name: SOURCES[name](f) for name in briefing.CHARTS[chart].needs}
