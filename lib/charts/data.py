"""Charts of the Data page: what the store holds."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from lib.charts import PALETTE, finish, integer_axis


def releases_per_year(frame: pd.DataFrame, order: list[str], source: str) -> go.Figure:
    """Stacked bars: releases per publication year (and 'undated'), one colour per source format."""
    years = list(dict.fromkeys(frame["year"]))
    fig = go.Figure()
    for i, fmt in enumerate(order):
        rows = frame[frame["format"] == fmt]
        fig.add_bar(
            x=rows["year"],
            y=rows["releases"],
            name=fmt,
            marker_color=PALETTE[i % len(PALETTE)],
            hovertemplate=f"{fmt}: " + "%{y:,} releases in %{x}<extra></extra>",
        )
    dated = [y for y in years if y.isdigit()]
    span = f", {dated[0]} to {dated[-1]}" if len(dated) > 1 else f", {dated[0]}" if dated else ""
    finish(
        fig,
        f"Releases in the store per year of publication, by source format{span}",
        "Year",
        "Releases",
        source,
    )
    fig.update_layout(barmode="stack")
    fig.update_xaxes(type="category", categoryorder="array", categoryarray=years)
    integer_axis(fig, frame.groupby("year")["releases"].sum().max() if len(frame) else 1)
    return fig
