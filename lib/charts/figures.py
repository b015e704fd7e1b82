"""Cited figures of one metric over time: qualifiers as marker shapes and bars, repeats as larger markers, the
periods they span as segments, and an official monthly series as a line."""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from lib.charts import PALETTE, finish
from lib.metrics.figures import ABOVE, APPROX, BELOW, EXACT

SYMBOLS = {ABOVE: "triangle-up", BELOW: "triangle-down", APPROX: "diamond", EXACT: "circle"}
NAMES = {
    ABOVE: "more than, at least",
    BELOW: "nearly, fewer than, at most",
    APPROX: "about, roughly",
    EXACT: "exact (a bar: a range)",
}
COLOURS = {ABOVE: PALETTE[0], BELOW: PALETTE[1], APPROX: PALETTE[2], EXACT: PALETTE[3]}
OFFICIAL = "#52606d"
SPAN = "rgba(29, 78, 137, 0.28)"
HOVER = (
    "<b>%{customdata[1]}</b> · %{customdata[6]}<br>%{customdata[2]}<br><i>%{customdata[3]}</i>, "
    "%{customdata[4]}<br>cited in %{customdata[5]} release(s)<extra></extra>"
)


def escape(text: pd.Series) -> pd.Series:
    """Release text for plotly hovers (which read some HTML): escaped, and no %{…} template left to expand."""
    out = text.astype("string").fillna("")
    # numeric entities for quotes: plotly's hover decodes &#34; but shows &quot; as written
    for a, b in (
        ("&", "&amp;"),
        ("<", "&lt;"),
        (">", "&gt;"),
        ('"', "&#34;"),
        ("'", "&#39;"),
        ("%{", "%\u200b{"),
    ):
        out = out.str.replace(a, b, regex=False)
    return out


def wrap(text: pd.Series, width: int = 80) -> pd.Series:
    """Lines of at most about `width` characters joined by <br> (break at spaces; a longer word stays
    whole)."""
    flat = text.astype("string").fillna("").str.replace(r"\s+", " ", regex=True).str.strip()
    return flat.str.replace(rf"(.{{1,{width}}})(?: |$)", r"\1<br>", regex=True).str.replace(
        r"(?:<br>)+$", "", regex=True
    )


HOVER_COLUMNS = ("hover_text", "hover_sentence", "hover_title", "hover_date", "hover_period")


def with_hover(drawn: pd.DataFrame) -> pd.DataFrame:
    """The hover texts of each point, escaped and wrapped (worth caching with the points: the string work is
    most of a chart's cost)."""
    period = drawn["period"].astype("string").fillna("")
    return drawn.assign(
        hover_text=escape(drawn["text"]),
        hover_sentence=wrap(escape(drawn["sentence"])),
        hover_title=escape(drawn["title"]),
        hover_date=drawn["date"].dt.strftime("%d %b %Y").astype("string").fillna("undated"),
        hover_period=escape(period.where(period != "", "no period stated")),
    )


def _customdata(rows: pd.DataFrame) -> np.ndarray:
    hover = rows[list(HOVER_COLUMNS)]
    return np.column_stack(
        [
            rows["point"].to_numpy(),
            *(hover[c].to_numpy(dtype=object) for c in HOVER_COLUMNS[:4]),
            rows["releases"].to_numpy(),
            hover["hover_period"].to_numpy(dtype=object),
        ]
    )


def _bars(rows: pd.DataFrame) -> dict | None:
    """Vertical bars from low to high where both are known and differ from the value (ranges)."""
    up = (rows["high"] - rows["value"]).where(rows["low"].notna(), 0).fillna(0).clip(lower=0)
    down = (rows["value"] - rows["low"]).where(rows["high"].notna(), 0).fillna(0).clip(lower=0)
    if not (up.any() or down.any()):
        return None
    return dict(
        type="data", symmetric=False, array=up.to_numpy(), arrayminus=down.to_numpy(), thickness=2, width=6
    )


def _spans(drawn: pd.DataFrame) -> go.Scatter | None:
    """One line segment per figure whose period is longer than a month, across that period."""
    long = drawn[
        (drawn["placed_by"] == "period") & ((drawn["x_end"] - drawn["x_start"]) > pd.Timedelta(days=32))
    ]
    if long.empty:
        return None
    n = len(long)
    x = np.empty(3 * n, dtype=object)
    y = np.empty(3 * n, dtype=object)
    # ISO strings: an object array of numpy datetimes would reach plotly as nanosecond integers
    x[0::3], x[1::3], x[2::3] = (
        long["x_start"].dt.strftime("%Y-%m-%d"),
        long["x_end"].dt.strftime("%Y-%m-%d"),
        None,
    )
    y[0::3], y[1::3], y[2::3] = long["value"].to_numpy(), long["value"].to_numpy(), None
    return go.Scatter(
        x=x,
        y=y,
        mode="lines",
        name="period covered",
        line=dict(color=SPAN, width=4),
        hoverinfo="skip",
        connectgaps=False,
    )


def _widen(fig: go.Figure, drawn: pd.DataFrame) -> None:
    """A few weeks either side when every point falls within a month or so (plotly would zoom to
    milliseconds)."""
    lo, hi = drawn["x_start"].min(), drawn["x_end"].max()
    if pd.notna(lo) and hi - lo < pd.Timedelta(days=60):
        mid = lo + (hi - lo) / 2
        fig.update_xaxes(range=[mid - pd.Timedelta(days=45), mid + pd.Timedelta(days=45)])


def over_time(
    drawn: pd.DataFrame,
    metric: str,
    by: str,
    source: str,
    span: str = "",
    line: pd.DataFrame | None = None,
    official: str = "",
    claims: int | None = None,
    unit: str = "",
    log: bool = False,
) -> go.Figure:
    """Each claim a marker at the middle of the period it refers to (or at its release date): its shape says
    where the true value lies, its size how many releases cite it; the official series a line. `claims`: how
    many there were, when only the most cited are drawn; `unit`: what the values count, in the axis title;
    `log`: a logarithmic value axis."""
    if not set(HOVER_COLUMNS) <= set(drawn.columns):
        drawn = with_hover(drawn)
    fig = go.Figure()
    spans = _spans(drawn)
    if spans is not None:
        fig.add_trace(spans)
    if line is not None and len(line):
        fig.add_trace(
            go.Scatter(
                x=line["x"],
                y=line["value"],
                mode="lines",
                name=f"official: {official}" if official else "official",
                legendrank=1,  # first in the legend, drawn under the markers
                line=dict(color=OFFICIAL, width=2),
                customdata=line["label"],
                hovertemplate="official, %{customdata}: %{y:,.0f}<extra></extra>",
            )
        )
    for side in (ABOVE, BELOW, APPROX, EXACT):
        rows = drawn[drawn["direction"] == side]
        if rows.empty:
            continue
        size = 9 + 4 * np.log2(rows["releases"].clip(lower=1).to_numpy())
        fig.add_trace(
            go.Scatter(
                x=rows["x"],
                y=rows["value"],
                mode="markers",
                name=NAMES[side],
                error_y=_bars(rows),
                marker=dict(
                    symbol=SYMBOLS[side], color=COLOURS[side], size=size, line=dict(width=1, color="white")
                ),
                customdata=_customdata(rows),
                hovertemplate=HOVER,
            )
        )
    placed = "by the period they refer to" if by == "period" else "by release date"
    some = f" (the {len(drawn):,} most cited of {claims:,})" if claims and claims > len(drawn) else ""
    finish(
        fig,
        f"Cited {metric} figures{some} {placed}{', ' + span if span else ''}",
        "Period referred to (middle)" if by == "period" else "Release date",
        f"{metric.capitalize()} as cited" + (f", {unit}" if unit else ""),
        source,
        height=540,
    )
    if log:
        fig.update_yaxes(type="log", tickformat="~s")
    else:
        fig.update_yaxes(rangemode="tozero", tickformat="~s")
    _widen(fig, drawn)
    # title at the top, then the legend one entry a row (up to five): a horizontal legend wraps by the width
    # the browser first lays the chart out at, and then may run into the title
    fig.update_layout(
        title=dict(y=0.98, yref="container", yanchor="top"),
        margin=dict(t=150),
        legend=dict(orientation="v", x=0, y=1.02, yanchor="bottom"),
        hoverlabel=dict(font_size=13),
        clickmode="event+select",
    )
    return fig
