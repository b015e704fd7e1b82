"""Frame -> frame: counts and groupings the pages show. No streamlit, no plotting."""
from __future__ import annotations

import pandas as pd

PERIODS = {"day": "D", "week": "W-MON", "month": "MS", "quarter": "QS", "year": "YS"}


def overview_counts(releases: pd.DataFrame, quotes: pd.DataFrame, figures: pd.DataFrame) -> dict[str, int]:
    """Headline numbers: releases, quotes, distinct speakers, cited figures."""
    return {"releases": len(releases), "quotes": len(quotes),
            "speakers": int(quotes["speaker"].nunique()), "figures": len(figures)}


def period_label(start: pd.Series, period: str) -> pd.Series:
    """How a period starting at `start` is written: 14 Nov 2018, week of 12 Nov 2018, Nov 2018, Q4 2018, 2018."""
    if period == "quarter":
        return "Q" + start.dt.quarter.astype(str) + " " + start.dt.year.astype(str)
    formats = {"day": "%d %b %Y", "week": "week of %d %b %Y", "month": "%b %Y", "year": "%Y"}
    return start.dt.strftime(formats[period])


def releases_per_period(releases: pd.DataFrame, period: str = "month") -> pd.DataFrame:
    """Number of releases per period, each labelled by its first day (weeks start on Monday);
    undated releases left out; periods without releases count 0."""
    dated = releases.dropna(subset=["date"])
    if dated.empty:
        return pd.DataFrame({"period": pd.Series(dtype="datetime64[ns]"), "label": pd.Series(dtype="str"),
                             "releases": pd.Series(dtype="int64")})
    counts = dated.set_index("date").resample(PERIODS[period], label="left", closed="left")["id"].count()
    out = counts.rename("releases").rename_axis("period").reset_index()
    out.insert(1, "label", period_label(out["period"], period))
    return out


def top(frame: pd.DataFrame, column: str, n: int = 10) -> pd.DataFrame:
    """The n most frequent values of a column with their counts."""
    counts = frame[column].dropna().value_counts().head(n)
    return counts.rename_axis(column).reset_index(name="count")


def latest(releases: pd.DataFrame, n: int = 10) -> pd.DataFrame:
    """The n most recent releases: date, title, agency."""
    return releases.sort_values("date", ascending=False).head(n)[["date", "title", "agency"]]
