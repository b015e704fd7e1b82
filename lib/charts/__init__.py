"""Frame -> plotly Figure. One template, one colour map, one way to title and caption, set here for every
chart."""

from __future__ import annotations

import html
import math
from functools import lru_cache

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio

from lib import taxonomy

TEMPLATE = "pressroom"
# Sixteen colours; a topic keeps its colour on every chart (topic_colours). One blue: three shades of it were
# hard to tell apart in a legend.
PALETTE = [
    "#1d4e89",
    "#d1495b",
    "#edae49",
    "#00798c",
    "#66a182",
    "#8d6a9f",
    "#c05299",
    "#2ca02c",
    "#8c564b",
    "#3d405b",
    "#7fb800",
    "#b5838d",
    "#6d597a",
    "#f2cc8f",
    "#bcbd22",
    "#17becf",
]
pio.templates[TEMPLATE] = go.layout.Template(
    layout=go.Layout(
        font=dict(family="Inter, Helvetica, Arial, sans-serif", size=14, color="#1f2933"),
        title=dict(font=dict(size=18), x=0, xanchor="left", xref="paper"),
        colorway=PALETTE,
        plot_bgcolor="white",
        paper_bgcolor="white",
        xaxis=dict(showgrid=False, linecolor="#9aa5b1", automargin=True),
        yaxis=dict(gridcolor="#e4e7eb", zeroline=False, automargin=True),
        margin=dict(l=60, r=20, t=60, b=80),
        legend=dict(orientation="h", yanchor="bottom", y=1.0, x=0, title_text=""),
        hoverlabel=dict(align="left"),
    )
)
SOURCE = "Source: Pressroom store {version}"
HEIGHT = 380


def topic_colours() -> dict[str, str]:
    """A topic keeps its colour on every chart: the taxonomy's order picks it from the palette. Read again
    when the file changes (a topic added from the Topics page gets its colour without a restart)."""
    return dict(_colours(tuple(taxonomy.load())))


@lru_cache(maxsize=4)
def _colours(topics: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    return tuple((topic, PALETTE[i % len(PALETTE)]) for i, topic in enumerate(topics))


def safe(text) -> str:
    """Release text for plotly labels and hovers, which read a subset of HTML: escaped, and no %{…}
    templates."""
    return html.escape(str(text)).replace("%{", "%\u200b{")


_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def to_csv(data: pd.DataFrame) -> str:
    """A chart's data as CSV that a spreadsheet shows as text: a text cell starting like a formula (=, +, -,
    @, tab, carriage return) gets a leading apostrophe, so release text cannot run as a formula when
    opened."""
    out = data.copy()
    for column in out.columns:
        if out[column].dtype == object or pd.api.types.is_string_dtype(out[column]):
            out[column] = out[column].map(
                lambda v: f"'{v}" if isinstance(v, str) and v.startswith(_FORMULA) else v
            )
    return out.to_csv(index=False)


def caption(version: str, releases: int | None = None, filters: str = "") -> str:
    """The source line under a chart: store version, how many releases, which filters."""
    parts = [SOURCE.format(version=version)]
    if releases is not None:
        parts.append(f"{releases:,} release{'s' if releases != 1 else ''}")
    if filters:
        parts.append(filters)
    return " · ".join(parts)


def finish(fig: go.Figure, title: str, x: str, y: str, source: str, height: int = HEIGHT) -> go.Figure:
    """Template, title, axis titles and the source caption under the plot: every chart ends here."""
    fig.update_layout(template=TEMPLATE, title=title, xaxis_title=x, yaxis_title=y, height=height)
    fig.add_annotation(
        text=source,
        xref="paper",
        yref="paper",
        x=0,
        y=0,
        yshift=-62,
        showarrow=False,
        font=dict(size=11, color="#52606d"),
        xanchor="left",
        yanchor="top",
    )
    return fig


def integer_axis(fig: go.Figure, top: float) -> None:
    """Counts: start at zero, whole-number ticks, about five of them."""
    fig.update_yaxes(rangemode="tozero", tickformat=",d", dtick=max(1, math.ceil((top or 1) / 5)))


FEW_PERIODS = 16


def span_title(counts: pd.DataFrame) -> str:
    """', Q4 2018 to Q3 2025' from the labels of a per-period frame, or '' when it is empty."""
    return f", {counts['label'].iloc[0]} to {counts['label'].iloc[-1]}" if len(counts) else ""


def releases_over_time(counts: pd.DataFrame, period: str, source: str) -> go.Figure:
    """Bars of releases per period, titled with the period covered."""
    few = (
        len(counts) <= FEW_PERIODS
    )  # few bars: one labelled category each (FY2024, Q3 2025…), not a time axis
    fig = go.Figure(
        go.Bar(
            x=counts["label"] if few else counts["period"],
            y=counts["releases"],
            name="Releases",
            customdata=counts["label"],
            hovertemplate="%{customdata}: %{y:,} releases<extra></extra>",
        )
    )
    finish(
        fig, f"Releases per {period}{span_title(counts)}", period.capitalize(), "Releases", source, height=340
    )
    integer_axis(fig, counts["releases"].max() if len(counts) else 1)
    if few:
        fig.update_xaxes(type="category")  # else plotly reads "Oct 2025" as a date again
    return fig


def top_topics(frame: pd.DataFrame, source: str, span: str = "") -> go.Figure:
    """Horizontal bars: releases about each topic, most first, each topic in its own colour."""
    ordered = frame.iloc[::-1]
    colours = topic_colours()
    fig = go.Figure(
        go.Bar(
            x=ordered["releases"],
            y=ordered["topic"],
            orientation="h",
            marker_color=[colours.get(t, PALETTE[0]) for t in ordered["topic"]],
            customdata=ordered["mentions"],
            hovertemplate="%{y}: %{x:,} releases, %{customdata:,} mentions<extra></extra>",
        )
    )
    finish(
        fig,
        f"Top topics{', ' + span if span else ''}: releases about each",
        "Releases",
        "",
        source,
        height=60 + 32 * max(len(frame), 4),
    )
    fig.update_xaxes(rangemode="tozero", tickformat=",d")
    return fig


SLIDE = (1600, 900)  # pixels of an exported slide


def slide(fig: go.Figure, stamp: str, scale: float = 1.0) -> go.Figure:
    """The chart re-laid for a 16:9 briefing slide of SLIDE pixels times `scale` (1 for export; a smaller
    scale gives a preview that looks exactly like the export, shrunk): larger type, the stamp (filters, dates,
    releases, store version) as the only caption under the plot."""
    out = go.Figure(fig)
    out.layout.annotations = [a for a in out.layout.annotations if not str(a.text).startswith("Source:")]
    px = lambda n: max(1, round(n * scale))  # noqa: E731
    legend = sum(1 for t in out.data if t.showlegend is not False) > 1 and out.layout.showlegend is not False
    out.update_layout(
        width=px(SLIDE[0]),
        height=px(SLIDE[1]),
        autosize=False,
        font=dict(size=px(20)),
        title=dict(font=dict(size=px(30)), yref="container", y=1, yanchor="top", pad=dict(t=px(30))),
        legend=dict(font=dict(size=px(18)), orientation="h", x=0, xanchor="left", y=1.02, yanchor="bottom"),
        margin=dict(l=px(110), r=px(50), t=px(165 if legend else 120), b=px(150)),
    )
    out.add_annotation(
        text=stamp,
        xref="paper",
        yref="paper",
        x=0,
        y=0,
        yshift=-px(95),
        showarrow=False,
        font=dict(size=px(15), color="#52606d"),
        xanchor="left",
        yanchor="top",
        align="left",
    )
    return out
