"""Frame -> frame: counts and groupings the pages show. No streamlit, no plotting.

The dashboard no longer calls overview_counts, releases_per_period, top_topics, top_speakers,
latest_figures (latest_citing) and latest on whole frames: lib/query.py counts in SQL and rank_topics,
rank_speakers and fill_periods finish its counts. They stay as the reference tests/test_query.py compares
the SQL with (and lib.briefing.inputs and bench/export.py use releases_per_period)."""

from __future__ import annotations

import pandas as pd

from lib.filters import is_in

PERIODS = {"day": "D", "week": "W-MON", "month": "MS", "quarter": "QS", "fiscal year": "YS-OCT", "year": "YS"}


def overview_counts(releases: pd.DataFrame, quotes: pd.DataFrame, figures: pd.DataFrame) -> dict[str, int]:
    """Headline numbers: releases, quotes, distinct speakers, cited figures."""
    return {
        "releases": len(releases),
        "quotes": len(quotes),
        "speakers": int(quotes["speaker"].nunique()),
        "figures": len(figures),
    }


def period_label(start: pd.Series, period: str) -> pd.Series:
    """How a period starting at `start` is written: 14 Nov 2018, week of 12 Nov 2018, Nov 2018, Q4 2018,
    FY2019 (October 2018 to September 2019), 2018."""
    if period == "quarter":
        return "Q" + start.dt.quarter.astype(str) + " " + start.dt.year.astype(str)
    if period == "fiscal year":
        return "FY" + (start.dt.year + 1).astype(str)
    formats = {"day": "%d %b %Y", "week": "week of %d %b %Y", "month": "%b %Y", "year": "%Y"}
    return start.dt.strftime(formats[period])


def period_start(dates: pd.Series, period: str) -> pd.Series:
    """The first day of the period each date falls in (weeks start on Monday, fiscal years on 1 October)."""
    if period == "day":
        return dates.dt.normalize()
    if period == "week":
        return (dates - pd.to_timedelta(dates.dt.weekday, unit="D")).dt.normalize()
    if period == "fiscal year":
        return pd.to_datetime((dates.dt.year + (dates.dt.month >= 10) - 1).astype(str) + "-10-01")
    freq = {"month": "M", "quarter": "Q", "year": "Y"}[period]
    return dates.dt.to_period(freq).dt.start_time


def count_per_period(
    frame: pd.DataFrame,
    period: str,
    by: str | None = None,
    date: str = "date",
    name: str = "count",
    span: tuple | None = None,
) -> pd.DataFrame:
    """Rows per period (and per value of `by`), every period from the first to the last (or over `span`, a
    pair of timestamps) present, empty ones as 0: columns period, label, [by], count."""
    return fill_periods(counts_per_period(frame, period, by, date, name), period, by, name, span)


def counts_per_period(
    frame: pd.DataFrame, period: str, by: str | None = None, date: str = "date", name: str = "count"
) -> pd.DataFrame:
    """Rows per period (and per value of `by`) that has any: columns period (its first day), [by], name."""
    dated = frame.dropna(subset=[date])
    keys = [period_start(dated[date], period).rename("period")] + ([dated[by]] if by else [])
    return dated.groupby(keys, observed=True).size().rename(name).reset_index()


def fill_periods(
    counts: pd.DataFrame, period: str, by: str | None = None, name: str = "count", span: tuple | None = None
) -> pd.DataFrame:
    """`counts` (period: the first day of each, [by], name) of the periods (and values of `by`) that have any,
    completed: every period from the first to the last (or over `span`) and every value of `by` present, empty
    ones as 0, each period's label: columns period, label, [by], name."""
    if counts.empty and span is None:
        cols = {"period": pd.Series(dtype="datetime64[ns]"), "label": pd.Series(dtype="str")}
        return pd.DataFrame(
            {**cols, **({by: pd.Series(dtype="str")} if by else {}), name: pd.Series(dtype="int64")}
        )
    if len(counts):  # counted elsewhere (in SQL): drawn with the same timestamps as counted here
        counts = counts.assign(period=counts["period"].astype(_start_dtype(period)))
    lo, hi = (
        (counts["period"].min(), counts["period"].max())
        if span is None
        else tuple(period_start(pd.Series(pd.to_datetime(list(span))), period))
    )
    periods = pd.Series(
        pd.date_range(lo, hi, freq=PERIODS[period]) if period != "week" else pd.date_range(lo, hi, freq="7D"),
        name="period",
    )
    keys = ["period", by] if by else ["period"]
    found = counts.set_index(keys)[name].astype("int64")
    groups = sorted(counts[by].dropna().unique()) if by else None
    index = pd.MultiIndex.from_product([periods, groups], names=["period", by]) if by else pd.Index(periods)
    out = found.reindex(index, fill_value=0).reset_index()
    out.insert(1, "label", period_label(out["period"], period))
    return out


def _start_dtype(period: str):
    """The dtype (its time resolution) of the first days period_start() gives of nanosecond dates."""
    return period_start(pd.Series(pd.DatetimeIndex(["2000-01-01"]).astype("datetime64[ns]")), period).dtype


def releases_per_period(
    releases: pd.DataFrame, period: str = "month", span: tuple | None = None
) -> pd.DataFrame:
    """Releases per period (period, label, releases); undated releases left out, empty periods 0."""
    return count_per_period(releases, period, name="releases", span=span)


def date_span(releases: pd.DataFrame) -> str:
    """'Nov 2018 to Sep 2025': the months the releases' dates cover, or '' when none is dated."""
    dates = releases["date"].dropna()
    return months(dates.min(), dates.max()) if len(dates) else ""


def months(first: pd.Timestamp, last: pd.Timestamp) -> str:
    """'Nov 2018 to Sep 2025': the months from `first` to `last`, or '' when there is no date."""
    if pd.isna(first) or pd.isna(last):
        return ""
    first, last = f"{first:%b %Y}", f"{last:%b %Y}"
    return first if first == last else f"{first} to {last}"


def top_topics(about: pd.DataFrame, mentions: pd.DataFrame | None = None, n: int = 10) -> pd.DataFrame:
    """Topics by the number of releases about them (rows of topic_about whose about is true): topic,
    releases, mentions (of the topic in all the releases of `mentions`, 0 without it)."""
    releases = about.groupby("topic", observed=True)["release_id"].nunique().rename("releases")
    counted = (
        mentions.groupby("topic", observed=True).size()
        if mentions is not None
        else pd.Series(0, index=releases.index)
    )
    return rank_topics(releases, counted, n)


def rank_topics(releases: pd.Series, mentions: pd.Series, n: int = 10) -> pd.DataFrame:
    """top_topics from its counts: releases about each topic and mentions, each a Series by topic."""
    grouped = pd.DataFrame({"releases": releases}).join(mentions.rename("mentions"), how="left")
    grouped["mentions"] = grouped["mentions"].fillna(0).astype(int)
    grouped.index = grouped.index.astype(str)
    grouped.index.name = "topic"
    return grouped.sort_values(["releases", "mentions"], ascending=False).head(n).reset_index()


def top_speakers(quotes: pd.DataFrame, n: int = 10) -> pd.DataFrame:
    """Speakers by number of quotes: speaker, quotes, releases (unattributed quotes left out)."""
    named = quotes[quotes["speaker"].fillna("") != ""]
    grouped = named.groupby("speaker", observed=True)["release_id"].agg(quotes="size", releases="nunique")
    return rank_speakers(grouped, n)


def rank_speakers(grouped: pd.DataFrame, n: int = 10) -> pd.DataFrame:
    """top_speakers from its counts: quotes and releases, indexed by speaker (in name order)."""
    return grouped.sort_values(["quotes", "releases"], ascending=False).head(n).reset_index()


def latest_citing(figures: pd.DataFrame, releases: pd.DataFrame, n: int = 10) -> pd.DataFrame:
    """The releases that hold the n most recently published figures with a metric (not "other"): the n latest
    releases citing one, and any release dated as the n-th: id, date, title. `figures` needs only release_id
    and metric, so the figures' text is read for these releases alone (see latest_figures)."""
    figures = figures[figures["metric"] != "other"]
    citing = releases.loc[is_in(releases["id"], figures["release_id"]), ["id", "date", "title"]]
    dates = citing["date"].dropna().nlargest(n)
    if len(dates) == n:
        citing = citing[citing["date"] >= dates.iloc[-1]]
    return citing.reset_index(drop=True)


def latest_figures(figures: pd.DataFrame, citing: pd.DataFrame, n: int = 10) -> pd.DataFrame:
    """The n most recently published cited figures with a metric (not "other"), from `figures` (release_id,
    text, start, metric, period) of the releases `citing` gives (latest_citing): date, figure as written,
    metric, period referred to, release title, id."""
    figures = figures[(figures["metric"] != "other") & is_in(figures["release_id"], citing["id"])]
    joined = figures.merge(citing, left_on="release_id", right_on="id")
    joined = joined.sort_values(["date", "start"], ascending=[False, True]).head(n)
    return joined[["date", "text", "metric", "period", "title", "release_id"]].reset_index(drop=True)


def latest(releases: pd.DataFrame, n: int = 10) -> pd.DataFrame:
    """The n most recent releases: date, title, agency, id (releases of the same day in the store's order)."""
    latest = releases.sort_values("date", ascending=False, kind="stable").head(n)
    return latest[["date", "title", "agency", "id"]]
