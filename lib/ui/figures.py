"""The Figures page's placed figures (lib.metrics.figures.place) of one metric, cached."""

from __future__ import annotations

import pandas as pd

from lib import filters as flt
from lib.charts import figures as fc
from lib.metrics import figures as fm
from lib.ui.cache import rows_where, selected
from lib.ui.pinning import Key, key, per_version

PLACED_COLUMNS = ["release_id", *fm.PLACED]


@per_version(max_entries=16)  # kept as is, not copied: placed() hands out shallow copies
def _placed(k: Key, f: flt.Filters, metric: str, by: str):
    figures = rows_where("figures", "metric", metric, PLACED_COLUMNS)  # one metric's, not kept beyond this
    placed = fm.place(figures, selected(f), metric, by)  # only those of the selected releases
    return placed, fc.with_hover(fm.points(placed)), fm.claims(placed)


def placed(metric: str, by: str, f: flt.Filters) -> tuple[pd.DataFrame, pd.DataFrame, int]:
    """One metric's figures of the selected releases placed in time, the points drawn with their hover texts,
    and the number of claims; cached per store version, filters, metric, placement and the vocabularies they
    read (the speakers a filter selects, the unit families), and dropped when a new version is pinned."""
    frames, drawn, claims = _placed(key("speakers", "units"), f, metric, by)
    return frames.copy(deep=False), drawn.copy(deep=False), claims
