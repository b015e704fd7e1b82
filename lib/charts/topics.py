"""Topic charts: trends compared, co-occurrence."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from lib.charts import PALETTE, finish, integer_axis, safe, span_title, topic_colours
from lib.metrics.topics import MEASURES

TITLES = {
    "releases": "Releases about",
    "share": "Share of releases about",
    "mentions": "Mentions of",
}


def names(topics: list[str]) -> str:
    """'narcotics, weapons smuggling and technology'."""
    topics = [str(t) for t in topics]
    return topics[0] if len(topics) == 1 else ", ".join(topics[:-1]) + " and " + topics[-1] if topics else ""


def trend(counts: pd.DataFrame, measure: str, period: str, source: str) -> go.Figure:
    """One line with markers per topic over the periods, in the topic's colour; hover gives period and
    value."""
    colours, fig = topic_colours(), go.Figure()
    unit = "%" if measure == "share" else ""
    topics = list(dict.fromkeys(counts["topic"]))
    for topic in topics:
        rows = counts[counts["topic"] == topic]
        fig.add_trace(
            go.Scatter(
                x=rows["period"],
                y=rows["value"],
                name=safe(topic),
                mode="lines+markers",
                line=dict(color=colours.get(topic, PALETTE[0]), width=2.5),
                marker=dict(size=7),
                customdata=rows["label"],
                hovertemplate=f"{safe(topic)}<br>%{{customdata}}: %{{y:,}}{unit}<extra></extra>",
            )
        )
    span = span_title(counts.drop_duplicates("period").sort_values("period"))
    title = f"{TITLES[measure]} each topic per {period}{span}<br><sup>{safe(names(topics))}</sup>"
    finish(fig, title, period.capitalize(), MEASURES[measure], source, height=440)
    fig.update_layout(margin=dict(t=110), legend=dict(y=1.02))
    periods = counts.drop_duplicates("period").sort_values("period")
    if 1 < len(periods) <= 16:  # few periods: tick each with its own label (FY2019, Q3 2024…)
        fig.update_xaxes(tickvals=list(periods["period"]), ticktext=list(periods["label"]))
    if measure == "share":
        fig.update_yaxes(rangemode="tozero", ticksuffix="%")
    else:
        integer_axis(fig, counts["value"].max() if len(counts) else 1)
    return fig


def cooccurrence(table: pd.DataFrame, source: str, span: str = "") -> go.Figure:
    """Heatmap: releases about both topics; the diagonal is each topic's own count of releases."""
    topics = [str(t) for t in table.index]
    z = table.to_numpy()
    hover = [
        [
            f"{safe(a)}: {z[i][i]:,} releases" if i == j else f"{safe(a)} and {safe(b)}: {z[i][j]:,} releases"
            for j, b in enumerate(topics)
        ]
        for i, a in enumerate(topics)
    ]
    labels = [safe(t) for t in topics]
    fig = go.Figure(
        go.Heatmap(
            z=z,
            x=labels,
            y=labels,
            colorscale="Blues",
            text=z,
            texttemplate="%{text}",
            customdata=hover,
            hovertemplate="%{customdata}<extra></extra>",
            xgap=1,
            ygap=1,
            colorbar=dict(title="Releases", thickness=14),
        )
    )
    longest = max((len(t) for t in topics), default=0)
    bottom = 40 + int(4.6 * longest)  # room for the slanted topic names, then the source line
    finish(
        fig,
        f"Topics of the same release{', ' + span if span else ''}: releases about both",
        "",
        "",
        source,
        height=max(360, 120 + bottom + 30 * len(topics)),
    )
    fig.update_layout(margin=dict(b=bottom, l=20), title=dict(xref="container", x=0.01))
    fig.layout.annotations[-1].yshift = -(bottom - 22)
    fig.update_xaxes(tickangle=-40, showgrid=False, automargin=False, side="bottom")
    fig.update_yaxes(autorange="reversed", showgrid=False)
    return fig


def suggestions(table: pd.DataFrame, recent: str, source: str) -> go.Figure:
    """Paired horizontal bars per suggested term, best first: its share of releases before and in the recent
    periods; hover gives the releases counted."""
    rows = table.iloc[::-1]
    terms = [safe(t) for t in rows["term"]]
    fig = go.Figure()
    for side, name, colour in (("before", "Before", "#9aa5b1"), ("recent", recent, PALETTE[0])):
        fig.add_trace(
            go.Bar(
                x=rows[f"share_{side}"],
                y=terms,
                orientation="h",
                name=safe(name),
                marker_color=colour,
                customdata=rows[f"releases_{side}"],
                hovertemplate=f"%{{y}}, {safe(name)}: %{{x}}% of releases (%{{customdata:,}})<extra></extra>",
            )
        )
    finish(
        fig,
        f"Terms rising in {safe(recent)} that no topic finds: share of releases, before and then",
        "Share of releases (%)",
        "",
        source,
        height=120 + 44 * max(len(table), 4),
    )
    fig.update_layout(barmode="group", legend=dict(traceorder="reversed"))
    fig.update_xaxes(rangemode="tozero", ticksuffix="%")
    return fig
