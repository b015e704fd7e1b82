"""Frame -> plotly Figure. One template, set once, for every chart."""
from __future__ import annotations

import math

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio

TEMPLATE = "pressroom"
pio.templates[TEMPLATE] = go.layout.Template(
    layout=go.Layout(
        font=dict(family="Inter, Helvetica, Arial, sans-serif", size=14, color="#1f2933"),
        title=dict(font=dict(size=18), x=0, xanchor="left"),
        colorway=["#1d4e89", "#d1495b", "#edae49", "#00798c", "#66a182", "#8d6a9f", "#30638e", "#a44a3f"],
        plot_bgcolor="white", paper_bgcolor="white",
        xaxis=dict(showgrid=False, linecolor="#9aa5b1"), yaxis=dict(gridcolor="#e4e7eb", zeroline=False),
        margin=dict(l=60, r=20, t=60, b=70),
    )
)
SOURCE = "Source: Pressroom store {version}"


def releases_over_time(counts: pd.DataFrame, period: str, version: str) -> go.Figure:
    """Bars of releases per period, titled with the period covered and captioned with the store version."""
    fig = go.Figure(go.Bar(x=counts["period"], y=counts["releases"], name="Releases", customdata=counts["label"],
                           hovertemplate="%{customdata}: %{y:,} releases<extra></extra>"))
    span = ""
    if len(counts):
        span = f", {counts['label'].iloc[0]} to {counts['label'].iloc[-1]}"
    fig.update_layout(template=TEMPLATE, title=f"Releases per {period}{span}",
                      xaxis_title=period.capitalize(), yaxis_title="Releases")
    top = int(counts["releases"].max()) if len(counts) else 1
    fig.update_yaxes(rangemode="tozero", tickformat=",d", dtick=max(1, math.ceil(top / 5)))
    fig.update_layout(height=340)
    fig.add_annotation(text=SOURCE.format(version=version), xref="paper", yref="paper", x=0, y=-0.22,
                       showarrow=False, font=dict(size=11, color="#52606d"), xanchor="left")
    return fig
