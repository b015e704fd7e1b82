"""Cited figures of one metric as a time series: placed by the period they refer to (or the release date),
repeated claims collapsed, qualifiers kept as bounds, and the gap to an official monthly series.

The dashboard no longer calls metric_choices, place, points, families, table and gaps on whole frames:
lib/query.py places the figures in SQL, and rank_metrics, placing, rank_families, listed_rows and gap_rows
finish its results. They stay as the reference tests/test_query.py compares the SQL with (and
lib.briefing.inputs uses metric_choices, place, points and families)."""

from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import quote

import numpy as np
import pandas as pd
import yaml

from lib.filters import positions
from lib.settings import ROOT

UNITS = ROOT / "data" / "units.yml"
COUNT = "count"  # the family of every amount no other family claims; the one official series count

PLACEMENTS = {"period referred to": "period", "release date": "release"}  # the choice (and URL value) -> by
OTHER = "other"
# The columns of the figures table that place() and the charts of placed figures read, besides release_id
PLACED = ("text", "start", "value", "low", "high", "qualifier", "unit", "metric", "period", "sentence")
# Units that are not amounts of the metric (shares, multiples, durations): listed, not plotted or compared.
NOT_AMOUNTS = (
    r"(?i)^(?:percent|per cent|%|times|consecutive|decades?|years?|months?|weeks?|days?|hours?|degrees)\b"
)
# Where the true value lies against the figure as cited; APPROX: on either side ("about 500").
ABOVE, BELOW, EXACT, APPROX = "above", "below", "exact", "approx"
COMPARABLE = ("month", "fiscal year", "calendar year")
TABLE_LABELS = {
    "text": "Figure as written",
    "qualifier": "Qualifier",
    "unit": "Unit",
    "metric": "Metric",
    "period": "Period referred to",
    "sentence": "Sentence",
}
NUMBER_LABELS = {"value": "Value", "cited": "Cited", "official": "Official", "difference": "Cited − official"}
GAP_LABELS = {
    "date": None,
    "qualifier": None,
    "low": None,
    "high": None,
    "period": "Period",
    "text": "Figure as written",
    "unit": "Unit",
    "holds": "Holds",
}
GAP_CAPTION = (
    "Official: the file's months summed over the period the figure refers to (only months, fiscal years "
    "and calendar years the file wholly covers). Holds: more than / fewer than as worded, "
    "“about” and “nearly” within 5 %, exact figures within 1 %, ranges containing it. A figure may count "
    "a part (a sector, children) or another series (Border Patrol only, or with ports of entry): check "
    "its sentence before reading a gap as an error. At most 2,000 rows, latest periods first."
)
_EPOCH = 1970 * 12
LIMIT = 2000  # rows a table sends to the browser
MAX_POINTS = 3000  # markers a chart can show and a reader can still hover
CAPTION = (
    "Each marker is a claim, at the middle of the period it refers to (a month, a fiscal year from 1 "
    "October, a calendar year or a run of months; the shaded segment spans periods longer than a month) or, "
    "when no period is stated or you place by release date, at the release date. ▲ the true value is above "
    "the figure (more than, at least), ▼ below it (nearly, fewer than, at most), ◆ either side (about, "
    "roughly), ● exact; a bar spans a "
    "range. A larger marker is a claim repeated in several releases. Percentages, multiples and durations "
    "are listed in the table, not drawn. Click a marker to see the releases citing it."
)


def metric_choices(figures: pd.DataFrame) -> list[str]:
    """Metrics with figures, most frequent first (ties by name), "other" last: the first is the default."""
    return rank_metrics(figures["metric"].dropna().value_counts())


def rank_metrics(counts: pd.Series) -> list[str]:
    """metric_choices from the figures per metric (metric -> figures)."""
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    return [m for m, _ in ranked if m != OTHER] + ([OTHER] if OTHER in counts.index else [])


def _months(idx: pd.Series) -> pd.Series:
    """Months counted from year 0 -> the first day of each month (NaT where missing)."""
    out = pd.Series(pd.NaT, index=idx.index, dtype="datetime64[ns]")
    valid = idx.notna()
    out[valid] = (
        (idx[valid].astype("int64") - _EPOCH).to_numpy().astype("datetime64[M]").astype("datetime64[ns]")
    )
    return out


def _edges(token: pd.Series) -> tuple[pd.Series, pd.Series, pd.Series]:
    """First month, month after the last, and kind of each 'FY2019' / 'CY2019' / '2019-05' token (months from
    0)."""
    fy = pd.to_numeric(token.str.extract(r"^FY(\d{4})$", expand=False), errors="coerce")
    cy = pd.to_numeric(token.str.extract(r"^CY(\d{4})$", expand=False), errors="coerce")
    ym = token.str.extract(r"^(\d{4})-(\d{2})$").apply(pd.to_numeric, errors="coerce")
    month = (ym[0] * 12 + ym[1] - 1).where(ym[1].between(1, 12))
    first = ((fy - 1) * 12 + 9).fillna(cy * 12).fillna(month)
    after = (fy * 12 + 9).fillna((cy + 1) * 12).fillna(month + 1)
    kind = pd.Series(
        np.select([month.notna(), fy.notna(), cy.notna()], list(COMPARABLE), ""), index=token.index
    )
    return first, after, kind


def period_bounds(period: pd.Series) -> pd.DataFrame:
    """start, end (the day after) and kind (month, fiscal year, calendar year, range, or "" when unknown) of
    each period string: 'FY2019', 'CY2019', '2020-01', '2019-08/2020-01', 'FY2017/FY2021'."""
    # a corpus repeats a few hundred periods: parse each once
    codes, uniques = pd.factorize(period.astype("string").fillna(""), use_na_sentinel=False)
    bounds = _bounds(pd.Series(uniques, dtype="string"))
    return bounds.iloc[codes].set_axis(period.index)


def _bounds(period: pd.Series) -> pd.DataFrame:
    if period.empty:  # no figure of the metric (one asked for by name, say)
        none = pd.Series(dtype="datetime64[ns]")
        return pd.DataFrame({"start": none, "end": none, "kind": pd.Series(dtype=object)})
    text = period.str.strip()
    head, tail = text.str.extract(r"^([^/]*)", expand=False), text.str.extract(r"([^/]*)$", expand=False)
    first, _, kind = _edges(head)
    _, after, _ = _edges(tail)
    ok = first.notna() & after.notna() & (after > first)
    kind = kind.where(ok & ~text.str.contains("/", regex=False), np.where(ok, "range", ""))
    return pd.DataFrame({"start": _months(first.where(ok)), "end": _months(after.where(ok)), "kind": kind})


def direction(figures: pd.DataFrame) -> pd.Series:
    """Where the true value lies against the cited one: above (more than, at least), below (nearly, fewer
    than, at most), either side (about, roughly: approximate with no bound) or exact (exact figures and
    ranges)."""
    q, low, high, value = figures["qualifier"].fillna(""), figures["low"], figures["high"], figures["value"]
    above = q.isin(["more_than", "at_least"]) | ((q == "approx") & (low == value) & high.isna())
    below = q.isin(["less_than", "at_most"]) | ((q == "approx") & (high == value) & low.isna())
    either = (q == "approx") & low.isna() & high.isna()
    return pd.Series(np.select([above, below, either], [ABOVE, BELOW, APPROX], EXACT), index=figures.index)


def place(figures: pd.DataFrame, releases: pd.DataFrame, metric: str, by: str = "period") -> pd.DataFrame:
    """The metric's figures with their release (date, title) and where they go on a time axis: x_start..x_end
    is the period referred to (placed_by "period") or, by release date or when the period is unknown, the
    release date; x is its middle. `amount` is False for shares, multiples and durations. Earliest first."""
    mine = (figures["metric"] == metric).to_numpy(dtype=bool, na_value=False)
    position = positions(
        figures["release_id"], releases["id"]
    )  # each figure's release, by position: no merge
    keep = np.flatnonzero(mine & (position >= 0))
    dates = releases["date"].to_numpy()[position[keep]]
    start = figures["start"].to_numpy()[keep] if "start" in figures else np.zeros(len(keep))
    order = keep[
        np.lexsort((start, dates))
    ]  # earliest first (undated last), in the text's order: one copy made
    rows, position = figures.take(order).reset_index(drop=True), position[order]
    rows["date"] = releases["date"].to_numpy()[position]
    rows["title"] = releases["title"].take(position).reset_index(drop=True)
    return _claims(placing(rows, by))


def placing(rows: pd.DataFrame, by: str = "period") -> pd.DataFrame:
    """Figures (with their release's date) with where they go on a time axis and how they are drawn, the
    columns place() adds before the claims: x_start, x_end, x, placed_by, kind, period_start, period_end,
    direction, amount, family, factor."""
    bounds = period_bounds(rows["period"])
    by_period = bounds["start"].notna() & (by == "period")
    rows = rows.assign(x_start=bounds["start"].where(by_period, rows["date"]))
    rows["x_end"] = bounds["end"].where(by_period, rows["date"])
    rows["x"] = rows["x_start"] + (rows["x_end"] - rows["x_start"]) / 2
    rows["placed_by"] = np.where(by_period, "period", "release date")
    rows["kind"], rows["period_start"], rows["period_end"] = bounds["kind"], bounds["start"], bounds["end"]
    rows["direction"] = direction(rows)
    codes, units = pd.factorize(rows["unit"].astype("string").fillna(""), use_na_sentinel=False)
    table = unit_table(pd.Series(units, dtype="string"))
    rows["amount"] = table["amount"].to_numpy()[codes]
    rows["family"] = table["family"].to_numpy(dtype=object)[codes]
    rows["factor"] = table["factor"].to_numpy(dtype="float64")[codes]
    return rows


def unit_table(units: pd.Series) -> pd.DataFrame:
    """unit, amount (False for shares, multiples and durations), family and factor (family_of) of each
    distinct unit ('' for none)."""
    text = _units_text()  # read once for every unit
    family, factor = zip(*(family_of(u, text) for u in units), strict=True) if len(units) else ((), ())
    return pd.DataFrame(
        {
            "unit": units.astype(object).to_numpy(),
            "amount": ~units.str.contains(NOT_AMOUNTS, regex=True).to_numpy(dtype=bool),
            "family": pd.Series(family, dtype=object),
            "factor": pd.Series(factor, dtype="float64"),
        }
    )


def unit_families() -> dict[str, dict]:
    """data/units.yml: family -> {axis: label, words: {word: factor to the family's unit}}, in the file's
    order. Read again when the file changes (the dashboard's cache keys carry a hash of it)."""
    return _unit_families(_units_text())


def _units_text() -> str:
    return UNITS.read_text(encoding="utf-8")


@lru_cache(maxsize=2)
def _unit_families(text: str) -> dict[str, dict]:
    return yaml.safe_load(text)


def family_of(unit: str, units: str | None = None) -> tuple[str, float]:
    """(family, factor to the family's unit) of a figure's unit: '2,000 kilograms of cocaine' → ('weight',
    2.2). `units`: the text of data/units.yml, when the caller has read it already."""
    return _family_of(unit, _units_text() if units is None else units)


@lru_cache(maxsize=4096)
def _family_of(unit: str, units: str) -> tuple[str, float]:
    words = re.findall(r"[a-z]+", str(unit).lower())[:3]
    for family, spec in _unit_families(units).items():
        for word in words:
            if word in (spec.get("words") or {}):
                return family, float(spec["words"][word])
    return COUNT, 1.0


def families(placed: pd.DataFrame) -> dict[str, int]:
    """The unit families of the figures drawn, each with its claims, the one with most claims first."""
    drawn = placed[placed["point"] >= 0]
    return rank_families(drawn.groupby("family")["point"].nunique())


def rank_families(claims: pd.Series) -> dict[str, int]:
    """families() from the claims per family (family -> claims, in name order)."""
    counts = claims.sort_values(ascending=False, kind="stable")
    return {str(k): int(v) for k, v in counts.items()}


def axis_label(family: str) -> str:
    return str(unit_families().get(family, {}).get("axis") or family)


def of_family(drawn: pd.DataFrame, family: str) -> pd.DataFrame:
    """The points of one unit family, value and bounds scaled to the family's unit (kilograms as pounds)."""
    rows = drawn[drawn["family"] == family]
    scale = rows["factor"].to_numpy()
    return rows.assign(value=rows["value"] * scale, low=rows["low"] * scale, high=rows["high"] * scale)


def _codes(values: pd.Series) -> np.ndarray:
    """One integer per distinct value, missing values one more."""
    return pd.factorize(values, use_na_sentinel=False)[0]


def _claims(rows: pd.DataFrame) -> pd.DataFrame:
    """`point`: one id per claim drawn (same value, unit, qualifier and period, or same release date when the
    period is unknown), numbered in order of first appearance, -1 for figures not drawn; `releases`: how many
    releases cite the claim. Grouped on integer codes, not on the rows: 160,000 figures with their sentences
    are not copied, nor a key string made for each."""
    drawn = (rows["amount"] & rows["x"].notna() & rows["value"].notna()).to_numpy(dtype=bool, na_value=False)
    periods = _codes(rows["period"].astype("string").fillna(""))
    when = np.where(
        (rows["placed_by"] == "period").to_numpy(),
        periods,
        periods.max(initial=-1) + 1 + _codes(rows["date"]),
    )
    keys = pd.DataFrame(
        {
            "value": rows["value"].to_numpy()[drawn],
            "unit": _codes(rows["unit"].fillna(""))[drawn],
            "qualifier": _codes(rows["qualifier"].fillna(""))[drawn],
            "when": when[drawn],
            "release": _codes(rows["release_id"])[drawn],
        }
    )
    point, releases = np.full(len(rows), -1, dtype="int64"), np.ones(len(rows), dtype="int64")
    if drawn.any():
        groups = keys.groupby(["value", "unit", "qualifier", "when"], sort=False)
        point[drawn] = groups.ngroup().to_numpy()
        releases[drawn] = groups["release"].transform("nunique").to_numpy()
    return rows.assign(point=point, releases=releases)


def points(placed: pd.DataFrame, limit: int = MAX_POINTS) -> pd.DataFrame:
    """The claims drawn: per point, the earliest release's figure, with `releases` citing it; beyond `limit`
    claims, the most cited (then the latest) `limit`."""
    ids, first = np.unique(placed["point"].to_numpy(), return_index=True)  # each point's first figure
    first = np.sort(first[ids >= 0])
    if len(first) > limit:  # chosen on two columns, then only those rows taken: not a copy of every claim
        ranked = placed[["releases", "date"]].iloc[first].reset_index(drop=True)
        first = np.sort(
            first[ranked.sort_values(["releases", "date"], ascending=False, kind="stable").index[:limit]]
        )
    return placed.take(first).reset_index(drop=True)


def claims(placed: pd.DataFrame) -> int:
    """How many claims there are to draw (points() may draw fewer)."""
    return int(placed["point"].max()) + 1 if len(placed) else 0


def members(placed: pd.DataFrame, chosen: list[int]) -> pd.DataFrame:
    """The figures drawn as the chosen points, earliest first: date, published ('05 Jun 2019' or 'undated'),
    title, text, sentence, release_id."""
    rows = placed[placed["point"].isin(chosen)]
    published = rows["date"].dt.strftime("%d %b %Y").astype("string").fillna("undated")
    return (
        rows[["date", "title", "text", "sentence", "release_id"]]
        .assign(published=published)
        .reset_index(drop=True)
    )


def table(placed: pd.DataFrame, limit: int = LIMIT) -> pd.DataFrame:
    """The metric's figures for the table, the latest `limit`: date, text, value, qualifier, unit, metric,
    period, release_id, sentence."""
    latest = placed["date"].sort_values(ascending=False, kind="stable", na_position="last").index[:limit]
    return listed_rows(placed.loc[latest])


def listed_rows(rows: pd.DataFrame) -> pd.DataFrame:
    """table() of the figures chosen, in the order shown."""
    cols = ["date", "text", "value", "qualifier", "unit", "metric", "period", "release_id", "sentence"]
    return rows[cols].fillna({"unit": "", "period": "", "qualifier": ""}).reset_index(drop=True)


def listed(shown: int, total: int) -> str:
    """'all 111' or 'the latest 2,000 of 301,234': how much of a table is shown."""
    return f"all {total:,}" if shown >= total else f"the latest {shown:,} of {total:,}"


def with_links(frame: pd.DataFrame, base: str) -> pd.DataFrame:
    """The frame with its release_id column turned into a `link` column to the release (see links)."""
    return frame.assign(link=links(base, frame["release_id"])).drop(columns="release_id")


def links(base: str, ids: pd.Series) -> pd.Series:
    """Links to releases: `base` is ui.link("releases") (a URL ending in '?' or in filter parameters)."""
    join = "" if base.endswith("?") else "&"
    ids = ids.astype("string").fillna("")
    if not ids.str.fullmatch(r"[A-Za-z0-9_.~-]*").all():  # store ids are hex; quote anything else
        ids = ids.map(lambda i: quote(str(i), safe=""))
    return base + join + "release=" + ids


def official_line(total: pd.DataFrame, drawn: pd.DataFrame | None = None) -> pd.DataFrame:
    """The official monthly series to draw (month, x = the month's middle, value, label), every month from its
    first to its last (a month the file lacks is a gap, not a straight line), cut to the months the drawn
    points span (a month either side) when there are any."""
    if total.empty:
        return pd.DataFrame(
            {"month": total["month"], "x": total["month"], "value": total["value"], "label": ""}
        )
    months = pd.date_range(total["month"].min(), total["month"].max(), freq="MS")
    line = total.set_index("month")["value"].reindex(months).rename_axis("month").reset_index()
    if drawn is not None and drawn["x_start"].notna().any():
        lo = drawn["x_start"].min() - pd.DateOffset(months=1)
        hi = drawn["x_end"].max() + pd.DateOffset(months=1)
        line = line[(line["month"] >= lo) & (line["month"] < hi)]
        known = line["value"].notna()
        line = line[known.cummax() & known[::-1].cummax()[::-1]]  # no empty months at either end
    line = line.assign(
        x=line["month"] + pd.to_timedelta(line["month"].dt.days_in_month, unit="D") / 2,
        label=line["month"].dt.strftime("%b %Y"),
    )
    return line[["month", "x", "value", "label"]].reset_index(drop=True)


def _official_per_period(total: pd.DataFrame, periods: pd.DataFrame) -> pd.DataFrame:
    """Official sum over each distinct period's months, and how many of its months the file has."""
    spans = periods.drop_duplicates("period")
    months = [
        pd.date_range(s, e, freq="MS", inclusive="left")
        for s, e in zip(spans["start"], spans["end"], strict=True)
    ]
    exploded = pd.DataFrame(
        {
            "period": spans["period"].repeat([len(m) for m in months]).to_numpy(),
            "month": np.concatenate([m.to_numpy() for m in months]) if months else [],
        }
    )
    exploded["needed"] = exploded.groupby("period")["month"].transform("size")
    joined = exploded.merge(total[["month", "value"]], on="month", how="left")
    return joined.groupby("period", as_index=False).agg(
        official=("value", "sum"), have=("value", "count"), needed=("needed", "first")
    )


def no_gaps(metric: str, total: pd.DataFrame) -> str:
    """Why the comparison table is empty, in a sentence."""
    if total.empty:
        return (
            f"The official file has no {metric} series; it counts encounters and apprehensions "
            "(and, for CBP files, inadmissibles and expulsions)."
        )
    return (
        f"No cited {metric} amount refers to a month, fiscal year or calendar year the official file wholly "
        f"covers ({total['month'].min():%b %Y} to {total['month'].max():%b %Y})."
    )


def holds(gaps: pd.DataFrame) -> pd.Series:
    """Whether the official number bears the claim out: more than / at least / fewer than / at most as worded,
    ranges contain it, "about"/"nearly" within 5 %, exact figures within 1 % (releases round)."""
    q, cited, official = gaps["qualifier"].fillna(""), gaps["cited"], gaps["official"]
    off = (official - cited).abs() / official.where(official != 0)
    rules = [
        (q == "more_than", official > cited),
        (q == "at_least", official >= cited),
        (q == "less_than", official < cited),
        (q == "at_most", official <= cited),
        (q == "range", (official >= gaps["low"]) & (official <= gaps["high"])),
        (q == "approx", off <= 0.05),
    ]
    return pd.Series(
        np.select([r[0] for r in rules], [r[1] for r in rules], off <= 0.01), index=gaps.index, dtype="bool"
    )


GAP_COLUMNS = [
    "date",
    "period",
    "text",
    "unit",
    "qualifier",
    "cited",
    "low",
    "high",
    "official",
    "difference",
    "difference_pct",
    "holds",
    "release_id",
]


def comparable(placed: pd.DataFrame) -> pd.Series:
    """The placed figures an official series can be set beside: counted amounts of a month, fiscal year or
    calendar year."""
    return (
        placed["amount"]
        & placed["kind"].isin(COMPARABLE)
        & placed["value"].notna()
        & (placed["family"] == COUNT)
    )


def gaps(placed: pd.DataFrame, total: pd.DataFrame, limit: int = LIMIT) -> pd.DataFrame:
    """Cited amounts that refer to a month, fiscal year or calendar year the official file wholly covers,
    beside the official number for that period: date, period, text, unit, qualifier, cited, low, high,
    official, difference (cited - official), difference_pct, holds, release_id. Latest period first, at most
    `limit`. Only counts are compared: an official series counts people, never pounds or dollars."""
    keep = comparable(placed)
    if not keep.any() or total.empty:
        return no_gap_rows()
    official = official_of(placed.loc[keep, ["period", "period_start", "period_end"]], total)
    keep &= placed["period"].isin(official.index)
    # the latest `limit` first, then the string columns: a big corpus has many comparable figures
    order = (
        placed.loc[keep, ["period_start", "date"]]
        .sort_values(["period_start", "date"], ascending=False, kind="stable")
        .index[:limit]
    )
    return gap_rows(placed.loc[order], official)


def no_gap_rows() -> pd.DataFrame:
    return pd.DataFrame({c: [] for c in GAP_COLUMNS})


def official_of(spans: pd.DataFrame, total: pd.DataFrame) -> pd.Series:
    """period -> the official sum over its months, for the periods of `spans` (period, period_start,
    period_end) the official file wholly covers."""
    spans = spans.drop_duplicates("period")
    per = _official_per_period(total, spans.rename(columns={"period_start": "start", "period_end": "end"}))
    return per[per["have"] == per["needed"]].set_index("period")["official"]


def gap_rows(rows: pd.DataFrame, official: pd.Series) -> pd.DataFrame:
    """gaps() of the chosen comparable figures (in the order shown) and the official sums of their periods."""
    out = rows[[c for c in GAP_COLUMNS if c in rows] + ["value"]].rename(columns={"value": "cited"})
    out["official"] = out["period"].map(official).astype("float64")
    out["difference"] = out["cited"] - out["official"]
    out["difference_pct"] = (100 * out["difference"] / out["official"].where(out["official"] != 0)).round(
        1
    ) + 0.0
    out["holds"] = holds(out)
    return out[GAP_COLUMNS].reset_index(drop=True)


def chart_data(drawn: pd.DataFrame, line: pd.DataFrame | None = None, official: str = "") -> pd.DataFrame:
    """Exactly what the chart draws, one row per point or official month: series, x, x_start, x_end, value,
    low, high, text, qualifier, unit, period, releases, date, title, release_id."""
    cols = [
        "series",
        "x",
        "x_start",
        "x_end",
        "value",
        "low",
        "high",
        "text",
        "qualifier",
        "unit",
        "period",
        "releases",
        "date",
        "title",
        "release_id",
    ]
    cited = drawn.assign(series="cited")
    frames = [cited]
    if line is not None and len(line):
        frames.append(
            line.assign(
                series=f"official: {official}" if official else "official",
                x_start=line["month"],
                period=line["label"],
                x_end=line["month"] + pd.offsets.MonthBegin(1),
            )
        )
    data = pd.concat([f.reindex(columns=cols) for f in frames if len(f)], ignore_index=True)
    return data.reindex(columns=cols)


def selected_points(event) -> list[int]:
    """The point ids of the markers selected on the chart (a plotly selection event), in order, once each."""
    chosen = []
    for p in ((event or {}).get("selection") or {}).get("points") or []:
        data = p.get("customdata")
        if isinstance(data, (list, tuple)) and data and str(data[0]).lstrip("-").isdigit():
            chosen.append(int(data[0]))
    return list(dict.fromkeys(chosen))


def markdown_text(text) -> str:
    """Release text for st.markdown: every ASCII punctuation mark backslash-escaped (no links, emphasis, HTML,
    LaTeX or :emoji: codes), newlines folded."""
    return re.sub(r"([!-/:-@\[-`{-~])", r"\\\1", " ".join(str(text).split()))


def span_label(placed: pd.DataFrame) -> str:
    """'Oct 2018 to Sep 2025': the months the placed figures cover, or ''."""
    lo, hi = placed["x_start"].min(), (placed["x_end"] - pd.Timedelta(days=1)).max()
    if pd.isna(lo):
        return ""
    first, last = f"{lo:%b %Y}", f"{max(hi, lo):%b %Y}"
    return first if first == last else f"{first} to {last}"
