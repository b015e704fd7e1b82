"""The Figures page's placed figures of one metric (lib.metrics.figures.place) from lib.query, cached: the
claims drawn, their unit families, the latest figures listed, the releases behind a marker and the gaps to an
official series. The Briefing page shares them."""

from __future__ import annotations

from typing import NamedTuple

import pandas as pd

from lib import filters as flt
from lib import query, schema
from lib.charts import figures as fc
from lib.metrics import figures as fm
from lib.ui.cache import cached, keyed, source
from lib.ui.pinning import Key


@cached(32)
def _metrics(k: Key, f: flt.Filters) -> list[str]:
    return fm.rank_metrics(query.metric_counts(source(k, f), f))


def metric_choices(f: flt.Filters) -> list[str]:
    """The metrics the selected releases cite, most cited first, "other" last (empty: none cited)."""
    return _metrics(*keyed(f))


@cached(4)
def _bounds(k: Key) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Every period and every unit the store's figures name, placed and classed as place() does (units read
    data/units.yml: the key names it)."""
    src = source(k)
    periods = pd.Series(query.distinct(src, "figures", "period").fillna("").unique(), dtype="string")
    bounds = fm.period_bounds(periods).assign(period=periods.astype(object).to_numpy())
    units = pd.Series(query.distinct(src, "figures", "unit").fillna("").unique(), dtype="string")
    return bounds[["period", "start", "end", "kind"]], fm.unit_table(units)


def _placing(k: Key, metric: str, by: str) -> query.Placing:
    bounds, units = _bounds(k.of("units"))  # a key of keyed(f, "units")
    return query.Placing(metric, by, bounds, units)


class Placed(NamedTuple):
    """One metric's figures of the selected releases, placed: the claims drawn (at most fm.MAX_POINTS: the
    first figure of each, with place()'s columns and their hover texts), the claims per unit family (most
    first), how many claims and figures there are and how many releases cite them, the latest figures for
    the table (fm.table)."""

    points: pd.DataFrame
    families: dict[str, int]
    claims: int
    figures: int
    releases: int
    listing: pd.DataFrame


def _points(rows: pd.DataFrame, by: str) -> pd.DataFrame:
    """place()'s columns of the claims' figures from lib.query (figure columns, date, title, point,
    releases)."""
    figures = schema.conform(rows, "figures", list(query.FIGURE_COLUMNS))  # typed as Store.read gives them
    figures["date"] = rows["date"].astype("datetime64[ns]").to_numpy()
    figures["title"] = rows["title"].astype("string").to_numpy()
    placed = fm.placing(figures, by)
    return placed.assign(point=rows["point"].to_numpy(), releases=rows["releases"].to_numpy())


@cached(16)
def _placed(k: Key, f: flt.Filters, metric: str, by: str) -> Placed:
    p, src = _placing(k, metric, by), source(k, f)
    points, latest, families, figures, releases = query.placed(src, f, p, fm.MAX_POINTS, fm.LIMIT)
    ranked = fm.rank_families(families.set_index("family")["claims"].sort_index())
    return Placed(
        fc.with_hover(_points(points, by)),
        ranked,
        int(families["claims"].sum()),
        figures,
        releases,
        fm.listed_rows(latest),
    )


def placed(metric: str, by: str, f: flt.Filters) -> Placed:
    """One metric's figures of the selected releases placed in time ("period" referred to, or "release" date),
    cached per store version, filters, metric, placement and the vocabularies they read (the speakers a
    filter selects, the unit families)."""
    return _placed(*keyed(f, "units"), metric, by)


@cached(16)
def _members(k: Key, f: flt.Filters, metric: str, by: str, chosen: tuple[int, ...]) -> pd.DataFrame:
    rows = query.members(source(k, f), f, _placing(k, metric, by), chosen)
    return fm.members(rows, list(chosen))


def members(metric: str, by: str, f: flt.Filters, chosen: list[int]) -> pd.DataFrame:
    """The figures drawn as the chosen points (lib.metrics.figures.members)."""
    if not chosen:
        none = pd.DataFrame({"date": pd.Series(dtype="datetime64[ns]"), "point": pd.Series(dtype="int64")})
        return fm.members(none.assign(title="", text="", sentence="", release_id=""), [])
    return _members(*keyed(f, "units"), metric, by, tuple(chosen))


@cached(16)
def _gaps(k: Key, f: flt.Filters, metric: str, by: str, total: pd.DataFrame) -> pd.DataFrame:
    p, src = _placing(k, metric, by), source(k, f)
    spans = query.comparable_periods(src, f, p, fm.COUNT)
    if spans.empty or total.empty:
        return fm.no_gap_rows()
    official = fm.official_of(spans, total)
    return fm.gap_rows(query.comparable_rows(src, f, p, fm.COUNT, list(official.index), fm.LIMIT), official)


def gaps(metric: str, by: str, f: flt.Filters, total: pd.DataFrame) -> pd.DataFrame:
    """Cited counts beside the official series `total` (lib.metrics.figures.gaps)."""
    return _gaps(*keyed(f, "units"), metric, by, total)
