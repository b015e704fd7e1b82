"""Speaker charts: prominence ranking and prominence over time."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from lib.charts import PALETTE, finish, integer_axis, safe, span_title
from lib.metrics.speakers import EVERYONE, GROUPS, KINDS, MEASURES

PLURAL = {"speaker": "people", "speaker_title": "titles", "speaker_org": "organisations"}
SINGULAR = {"speaker": "person", "speaker_title": "title", "speaker_org": "organisation"}
# the speakers of a ranking by speaker, by their kind (lib.metrics.speakers.KINDS; "" is every speaker)
SPEAKERS = {
    "person": ("people", "person"),
    "organisation": ("organisations", "organisation"),
    "group": ("groups", "group"),
    EVERYONE: ("speakers", "speaker"),
}
LABEL_CHARS = (
    40  # longer bar labels are shortened (the hover keeps the full text) so the bars keep their room
)


def _labels(values: pd.Series) -> list[str]:
    """Escaped axis labels, shortened when long, unless shortening would make two of them the same."""
    full = [str(v) for v in values]
    short = [v if len(v) <= LABEL_CHARS else v[: LABEL_CHARS - 1].rstrip() + "…" for v in full]
    return [safe(v) for v in (short if len(set(short)) == len(set(full)) else full)]


def ranking(
    top: pd.DataFrame, by: str, measure: str, source: str, span: str = "", kind: str = "person"
) -> go.Figure:
    """Horizontal bars of a ranking's rows (already the top n) by the measure, the largest on top; `kind`
    the speakers ranked (lib.metrics.speakers.KINDS), as the title says."""
    rows = top.iloc[::-1]
    name = MEASURES[measure].lower()
    plural, singular = SPEAKERS[kind] if by == "speaker" else (PLURAL[by], SINGULAR[by])
    # grouped by title or organisation, the quotes of people unless it says so
    of = f" ({KINDS[kind].lower()} only)" if kind not in ("person", EVERYONE) and by != "speaker" else ""
    fig = go.Figure(
        go.Bar(
            x=rows[measure],
            y=_labels(rows[by]),
            orientation="h",
            marker_color=PALETTE[0],
            text=rows[measure],
            texttemplate="%{text:,}",
            textposition="outside",
            cliponaxis=False,
            customdata=[safe(v) for v in rows[by]],
            hovertemplate=f"%{{customdata}}: %{{x:,}} {name}<extra></extra>",
        )
    )
    lead = f"Top {len(rows)} {plural}" if len(rows) > 1 else f"The only {singular}"
    finish(
        fig,
        f"{lead}{of} quoted, by {name}{', ' + span if span else ''}",
        MEASURES[measure],
        singular.capitalize() if by == "speaker" else GROUPS[by],
        source,
        height=150 + 28 * max(len(rows), 4),
    )
    # room for the value printed after the longest bar; the title starts at the chart's left edge, not the
    # plot's (long names push the plot right and would cut a long title off)
    top = max(float(rows[measure].max()) if len(rows) else 0, 1)
    # whole-number ticks: one a unit for small counts (a ranking of ones had "0 0 0 1 1 1" under its bars),
    # plotly's round steps for larger ones
    fig.update_xaxes(range=[0, 1.15 * top], tickformat=",d", dtick=1 if top <= 5 else None)
    fig.update_yaxes(type="category")
    fig.update_layout(title=dict(xref="container", x=0.01))
    return fig


def over_time(counts: pd.DataFrame, period: str, source: str, who: str = "top speakers") -> go.Figure:
    """Quotes per period, one line with markers per speaker, in the order the speakers come in `counts`."""
    fig = go.Figure()
    for i, (speaker, rows) in enumerate(counts.groupby("speaker", sort=False, observed=True)):
        label = safe(speaker)
        fig.add_trace(
            go.Scatter(
                x=rows["period"],
                y=rows["quotes"],
                name=label,
                mode="lines+markers",
                line=dict(color=PALETTE[i % len(PALETTE)], width=2.5),
                customdata=rows["label"],
                hovertemplate=f"{label}<br>%{{customdata}}: %{{y:,}} quotes<extra></extra>",
            )
        )
    periods = counts.drop_duplicates("period")
    finish(
        fig,
        f"Quotes per {period}, {who}{span_title(periods)}",
        period.capitalize(),
        "Quotes",
        source,
        height=420,
    )
    integer_axis(fig, counts["quotes"].max() if len(counts) else 1)
    fig.update_layout(showlegend=True, legend=dict(y=1.02))
    return fig
