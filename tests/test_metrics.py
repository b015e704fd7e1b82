"""Counts per period: each period labelled by its first day, weeks from Monday, empty periods counted as 0."""

from __future__ import annotations

import pandas as pd

from lib import charts, metrics


def _releases(*dates: str) -> pd.DataFrame:
    return pd.DataFrame({"id": [f"r{i}" for i in range(len(dates))], "date": pd.to_datetime(list(dates))})


def test_weeks_start_on_monday_and_a_monday_release_counts_in_its_own_week():
    # 2020-03-02 is a Monday, 2020-03-08 the Sunday of that week, 2020-03-09 the next Monday
    counts = metrics.releases_per_period(_releases("2020-03-02", "2020-03-08", "2020-03-09"), "week")
    assert list(counts["period"]) == [pd.Timestamp("2020-03-02"), pd.Timestamp("2020-03-09")]
    assert list(counts["releases"]) == [2, 1]
    assert list(counts["label"]) == ["week of 02 Mar 2020", "week of 09 Mar 2020"]


def test_quarters_are_labelled_and_empty_ones_count_zero():
    counts = metrics.releases_per_period(_releases("2019-11-14", "2020-05-01", "2020-06-30"), "quarter")
    assert list(counts["label"]) == ["Q4 2019", "Q1 2020", "Q2 2020"]
    assert list(counts["releases"]) == [1, 0, 2]


def test_undated_releases_are_left_out_and_nothing_dated_gives_an_empty_frame():
    frame = _releases("2021-01-05")
    frame.loc[0, "date"] = pd.NaT
    counts = metrics.releases_per_period(frame, "month")
    assert counts.empty and list(counts.columns) == ["period", "label", "releases"]


def test_chart_title_names_the_span_and_hover_uses_the_period_label():
    counts = metrics.releases_per_period(_releases("2019-11-14", "2020-05-01"), "quarter")
    fig = charts.releases_over_time(counts, "quarter", charts.caption("v000007", 2))
    assert fig.layout.title.text == "Releases per quarter, Q4 2019 to Q2 2020"
    assert list(fig.data[0].customdata) == ["Q4 2019", "Q1 2020", "Q2 2020"]
    assert "v000007" in fig.layout.annotations[0].text


def test_fiscal_years_start_in_october():
    counts = metrics.releases_per_period(_releases("2019-09-30", "2019-10-01", "2021-02-01"), "fiscal year")
    assert list(counts["label"]) == ["FY2019", "FY2020", "FY2021"]
    assert list(counts["releases"]) == [1, 1, 1]


def test_counts_per_period_and_group_fill_every_combination_over_a_span():
    frame = _releases("2020-01-15", "2020-03-02").assign(topic=["narcotics", "trade"])
    counts = metrics.count_per_period(
        frame, "month", by="topic", span=(pd.Timestamp("2019-12-01"), pd.Timestamp("2020-03-31"))
    )
    assert len(counts) == 4 * 2 and counts["count"].sum() == 2
    assert counts.set_index(["label", "topic"]).loc[("Mar 2020", "trade"), "count"] == 1


def test_latest_figures_come_from_the_latest_releases_citing_one_read_for_those_alone():
    releases = pd.DataFrame(
        {
            "id": ["a", "b", "c", "d"],
            "title": ["A", "B", "C", "D"],
            "date": pd.to_datetime(["2020-01-01", "2020-03-01", "2020-02-01", "2020-04-01"]),
        }
    )
    figures = pd.DataFrame(
        {
            "release_id": ["a", "b", "b", "c", "d"],
            "metric": ["seizures", "other", "seizures", "deaths", "other"],
            "text": ["1", "2", "3", "4", "5"],
            "start": [5, 1, 9, 2, 3],
            "period": ["", "", "", "", ""],
        }
    )
    citing = metrics.latest_citing(figures[["release_id", "metric"]], releases, 2)
    assert citing["id"].tolist() == ["b", "c"]  # d cites only "other"; a is older than the two latest
    latest = metrics.latest_figures(figures, citing, 2)
    assert latest["text"].tolist() == ["3", "4"] and latest["title"].tolist() == ["B", "C"]
    tie = metrics.latest_citing(figures, releases.assign(date=pd.Timestamp("2020-01-01")), 1)
    assert sorted(tie["id"]) == ["a", "b", "c"]  # every release dated as the n-th
