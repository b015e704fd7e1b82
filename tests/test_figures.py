"""The Figures page: cited figures placed in time, qualifiers as bounds, repeats collapsed, official gaps."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from conftest import SHARED
from test_app import values

from lib.charts import figures as charts
from lib.metrics import figures as fm

OHSS = SHARED / "stats" / "ohss-usbp-monthly" / "derived_monthly_region.csv"


def _figures(*rows: dict) -> pd.DataFrame:
    base = {
        "release_id": "r1",
        "text": "100",
        "start": 0,
        "value": 100.0,
        "low": 100.0,
        "high": 100.0,
        "qualifier": "exact",
        "unit": "people",
        "metric": "encounters",
        "period": "",
        "sentence": "s.",
    }
    return pd.DataFrame([{**base, **r} for r in rows])


def _releases(**dates: str) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "id": list(dates),
            "title": [f"Title {i}" for i in dates],
            "date": pd.to_datetime(list(dates.values())),
        }
    )


def _official(**months: int) -> pd.DataFrame:
    """month 'YYYY-MM' (as keyword m2019_05) -> value."""
    return pd.DataFrame(
        {
            "month": pd.to_datetime([m[1:].replace("_", "-") + "-01" for m in months]),
            "value": list(months.values()),
        }
    )


# --- periods, qualifiers, placement -------------------------------------------------------------------------


def test_metrics_are_offered_most_frequent_first_with_other_last():
    figures = pd.DataFrame({"metric": ["other"] * 5 + ["rescues"] * 2 + ["encounters"] * 3 + ["arrests"] * 2})
    assert fm.metric_choices(figures) == ["encounters", "arrests", "rescues", "other"]


def test_periods_become_spans_of_months():
    bounds = fm.period_bounds(
        pd.Series(
            [
                "FY2019",
                "CY2021",
                "2020-02",
                "2019-08/2020-01",
                "FY2017/FY2021",
                "",
                None,
                "2020-13",
                "2020-05/2020-01",
            ]
        )
    )
    assert list(bounds["kind"]) == ["fiscal year", "calendar year", "month", "range", "range", "", "", "", ""]
    assert list(bounds["start"][:5]) == list(
        pd.to_datetime(["2018-10-01", "2021-01-01", "2020-02-01", "2019-08-01", "2016-10-01"])
    )
    assert list(bounds["end"][:5]) == list(
        pd.to_datetime(["2019-10-01", "2022-01-01", "2020-03-01", "2020-02-01", "2021-10-01"])
    )
    assert bounds["start"][5:].isna().all()


def test_qualifiers_say_on_which_side_the_true_value_lies():
    figures = _figures(
        {"qualifier": "more_than", "high": None},
        {"qualifier": "at_least", "high": None},
        {"qualifier": "approx", "low": None},
        {"qualifier": "less_than", "low": None},
        {"qualifier": "at_most", "low": None},
        {"qualifier": "exact"},
        {"qualifier": "range", "high": 200.0},
        {"qualifier": "approx", "high": None},
        {"qualifier": "approx", "low": None, "high": None},
    )
    assert list(fm.direction(figures)) == [
        "above",
        "above",
        "below",
        "below",
        "below",
        "exact",
        "exact",
        "above",
        "approx",
    ]


def test_figures_sit_at_the_middle_of_their_period_or_at_the_release_date():
    figures = _figures(
        {"period": "2020-02"}, {"period": "FY2019", "value": 5.0}, {"period": "", "value": 7.0}
    )
    placed = fm.place(figures, _releases(r1="2020-03-11"), "encounters")
    assert list(placed["x"]) == [
        pd.Timestamp("2020-02-15 12:00"),
        pd.Timestamp("2019-04-01 12:00"),
        pd.Timestamp("2020-03-11"),
    ]
    assert list(placed["placed_by"]) == ["period", "period", "release date"]
    by_date = fm.place(figures, _releases(r1="2020-03-11"), "encounters", "release")
    assert (by_date["x"] == pd.Timestamp("2020-03-11")).all()


def test_only_the_chosen_metric_is_placed_and_shares_are_not_drawn():
    figures = _figures(
        {"unit": "percent", "value": 30.0},
        {"metric": "rescues"},
        {"unit": "times", "value": 3.0},
        {"unit": "", "value": 500.0},
    )
    placed = fm.place(figures, _releases(r1="2021-01-05"), "encounters")
    assert len(placed) == 3 and list(placed["amount"]) == [False, False, True]
    assert list(fm.points(placed)["value"]) == [500.0]


def test_a_claim_repeated_in_several_releases_is_one_point_with_its_count():
    figures = _figures(
        {"release_id": "r2", "period": "2021-02", "value": 97600.0, "sentence": "later"},
        {"release_id": "r1", "period": "2021-02", "value": 97600.0, "sentence": "first"},
        {"release_id": "r1", "period": "2021-01", "value": 97600.0},
        {"release_id": "r1", "period": "", "value": 12.0},
        {"release_id": "r2", "period": "", "value": 12.0},
    )
    placed = fm.place(figures, _releases(r1="2021-03-09", r2="2021-03-10"), "encounters")
    drawn = fm.points(placed)
    assert len(drawn) == 4
    repeated = drawn[drawn["period"] == "2021-02"].iloc[0]
    assert repeated["releases"] == 2 and repeated["sentence"] == "first"  # the earliest release speaks for it
    assert sorted(drawn["releases"]) == [1, 1, 1, 2]  # same number, no period, different days: two claims
    both = fm.members(placed, [int(repeated["point"])])
    assert list(both["release_id"]) == ["r1", "r2"] and list(both["sentence"]) == ["first", "later"]
    assert list(both["published"]) == ["09 Mar 2021", "10 Mar 2021"]
    undated = fm.place(
        _figures({"period": "2021-02"}), _releases(r1="2021-03-09").assign(date=pd.NaT), "encounters"
    )
    assert list(fm.members(undated, [0])["published"]) == ["undated"]  # placed by its period, though undated


def test_beyond_the_limit_the_most_cited_claims_are_drawn_and_the_title_says_so():
    figures = _figures(
        *(
            {"release_id": f"r{i % 3}", "value": float(v), "period": "2020-01"}
            for i, v in enumerate([1, 2, 3, 4, 2, 2, 3])
        )
    )
    placed = fm.place(figures, _releases(r0="2020-02-01", r1="2020-02-02", r2="2020-02-03"), "encounters")
    drawn = fm.points(placed, limit=2)
    assert fm.claims(placed) == 4 and sorted(drawn["value"]) == [2.0, 3.0]  # cited in 3 and 2 releases
    fig = charts.over_time(drawn, "encounters", "period", "Source: test", claims=fm.claims(placed))
    assert fig.layout.title.text.startswith("Cited encounters figures (the 2 most cited of 4) by the period")
    assert fm.listed(2, 2) == "all 2" and fm.listed(2000, 31234) == "the latest 2,000 of 31,234"


def test_selected_points_are_read_from_the_plotly_event():
    event = {
        "selection": {
            "points": [
                {"customdata": [4, "x"]},
                {"customdata": [4, "x"]},
                {"x": 1},
                {"customdata": ["Oct 2020"]},
                {"customdata": [2]},
            ]
        }
    }
    assert fm.selected_points(event) == [4, 2]
    assert fm.selected_points(None) == [] and fm.selected_points({"selection": {"points": []}}) == []


def test_release_links_keep_the_filters_and_quote_the_id():
    ids = pd.Series(["ab12", "a b&c"])
    assert list(fm.links("releases?", ids)) == ["releases?release=ab12", "releases?release=a%20b%26c"]
    assert fm.links("releases?topic=x", ids)[0] == "releases?topic=x&release=ab12"


def test_release_text_is_escaped_for_markdown():
    text = fm.markdown_text("[click](http://x) <b>*bold*</b> $5 :smile:\nnext")
    assert text == r"\[click\]\(http\:\/\/x\) \<b\>\*bold\*\<\/b\> \$5 \:smile\: next"


# --- the official comparison --------------------------------------------------------------------------------


def test_cited_figures_meet_the_official_total_of_their_month_or_fiscal_year():
    months = {f"m{d:%Y_%m}": 10 for d in pd.date_range("2018-10-01", "2019-09-01", freq="MS")}
    official = _official(**{**months, "m2019_05": 132860})
    figures = _figures(
        {"period": "2019-05", "value": 132800.0, "qualifier": "more_than", "high": None},
        {"period": "FY2019", "value": 200000.0, "qualifier": "more_than", "high": None},
        {"period": "FY2020", "value": 1.0},  # the file does not cover it: left out
        {"period": "2019-04/2019-05", "value": 5.0},  # a run of months: not compared
        {"period": "2019-05", "value": 34.0, "unit": "percent"},
    )
    gaps = fm.gaps(fm.place(figures, _releases(r1="2019-06-05"), "encounters"), official)
    assert list(gaps["period"]) == ["2019-05", "FY2019"]
    assert list(gaps["official"]) == [132860, 132860 + 11 * 10]
    assert list(gaps["difference"]) == [-60.0, 200000.0 - 132970]
    assert gaps["difference_pct"][0] == 0.0 and gaps["difference_pct"][1] == pytest.approx(50.4)
    assert list(gaps["holds"]) == [True, False]


def test_a_claim_holds_as_its_qualifier_says():
    frame = pd.DataFrame(
        {
            "qualifier": [
                "more_than",
                "at_least",
                "less_than",
                "at_most",
                "approx",
                "approx",
                "exact",
                "exact",
                "range",
            ],
            "cited": [100.0, 100, 100, 100, 100, 100, 100, 100, 100],
            "official": [100.0, 100, 99, 101, 104, 94, 100.5, 102, 150],
            "low": [None] * 8 + [90.0],
            "high": [None] * 8 + [160.0],
        }
    )
    assert list(fm.holds(frame)) == [False, True, True, False, True, False, True, False, True]


def test_no_gap_table_says_why():
    assert "no rescues series" in fm.no_gaps("rescues", _official())
    assert "Oct 2019 to Feb 2023" in fm.no_gaps("encounters", _official(m2019_10=1, m2023_02=2))


def test_the_official_line_sits_at_month_middles_over_the_figures_span():
    official = _official(m2019_01=1, m2019_05=5, m2019_06=6, m2019_07=7, m2020_01=9)
    placed = fm.place(_figures({"period": "2019-06"}), _releases(r1="2019-07-10"), "encounters")
    line = fm.official_line(official, fm.points(placed))
    assert list(line["label"]) == ["May 2019", "Jun 2019", "Jul 2019"]
    assert line["x"][1] == pd.Timestamp("2019-06-16")
    whole = fm.official_line(official)  # months the file lacks are gaps in the line, not a straight segment
    assert len(whole) == 13 and whole["value"].isna().sum() == 8 and whole["value"].iloc[-1] == 9
    data = fm.chart_data(fm.points(placed), line, "test")
    assert list(data["series"]) == ["cited", "official: test", "official: test", "official: test"]
    assert list(data["value"]) == [100.0, 5, 6, 7]


# --- the chart ----------------------------------------------------------------------------------------------


def _drawn() -> tuple[pd.DataFrame, pd.DataFrame]:
    figures = _figures(
        {
            "text": "more than 132,800",
            "value": 132800.0,
            "high": None,
            "qualifier": "more_than",
            "period": "2019-05",
            "sentence": "Agents <b>apprehended</b> more than 132,800 " + "word " * 30,
        },
        {
            "release_id": "r2",
            "text": "more than 132,800",
            "value": 132800.0,
            "high": None,
            "qualifier": "more_than",
            "period": "2019-05",
        },
        {
            "text": "nearly 600,000",
            "value": 600000.0,
            "low": None,
            "high": 600000.0,
            "qualifier": "approx",
            "period": "FY2019",
        },
        {
            "text": "between 1,500 and 2,000",
            "value": 1500.0,
            "low": 1500.0,
            "high": 2000.0,
            "qualifier": "range",
            "period": "",
        },
    )
    placed = fm.place(figures, _releases(r1="2019-06-05", r2="2019-06-06"), "encounters")
    return placed, fm.points(placed)


def test_the_chart_shows_bounds_repeats_and_periods():
    placed, drawn = _drawn()
    fig = charts.over_time(drawn, "encounters", "period", "Source: test", fm.span_label(drawn))
    traces = {t.name: t for t in fig.data}
    assert (
        fig.layout.title.text == "Cited encounters figures by the period they refer to, Oct 2018 to Sep 2019"
    )
    assert fig.layout.xaxis.title.text == "Period referred to (middle)"
    assert fig.layout.yaxis.title.text == "Encounters as cited"
    assert fig.layout.annotations[0].text == "Source: test"
    above, below, exact = (traces[charts.NAMES[k]] for k in ("above", "below", "exact"))
    assert above.marker.symbol == "triangle-up" and below.marker.symbol == "triangle-down"
    assert exact.marker.symbol == "circle"
    assert list(above.marker.size) == [13.0]  # two releases: larger than the single-release 9
    assert list(exact.error_y.array) == [500.0] and list(exact.error_y.arrayminus) == [0.0]
    span = traces["period covered"]  # the fiscal year drawn across its twelve months
    assert list(span.x) == ["2018-10-01", "2019-10-01", None]


def test_the_hover_shows_the_figure_sentence_and_release_escaped_and_wrapped():
    _, drawn = _drawn()
    fig = charts.over_time(drawn, "encounters", "period", "Source: test")
    custom = next(t for t in fig.data if t.name == charts.NAMES["above"]).customdata[0]
    assert custom[1] == "more than 132,800" and custom[3] == "Title r1" and custom[4] == "05 Jun 2019"
    assert custom[5] == 2 and custom[6] == "2019-05"
    assert "&lt;b&gt;apprehended&lt;/b&gt;" in custom[2] and "<b>" not in custom[2]
    assert charts.escape(pd.Series(["\"q\" & 's' %{x}"]))[0] == "&#34;q&#34; &amp; &#39;s&#39; %\u200b{x}"
    assert all(len(line) <= 80 for line in custom[2].split("<br>")) and custom[2].count("<br>") >= 2


def test_a_single_day_of_figures_still_gets_a_readable_time_axis():
    placed = fm.place(_figures({"value": 500.0}), _releases(r1="2021-03-03"), "encounters", "release")
    fig = charts.over_time(fm.points(placed), "encounters", "release", "Source: test")
    assert list(fig.layout.xaxis.range) == [pd.Timestamp("2021-01-17"), pd.Timestamp("2021-04-17")]


def test_the_official_series_is_a_line_on_the_chart():
    _, drawn = _drawn()
    line = fm.official_line(_official(m2019_05=132860, m2019_06=104000))
    fig = charts.over_time(drawn, "encounters", "release", "Source: test", line=line, official="USBP")
    official = next(t for t in fig.data if t.name == "official: USBP")
    assert official.mode == "lines" and list(official.y) == [132860, 104000]
    assert fig.layout.xaxis.title.text == "Release date"


# --- the page -----------------------------------------------------------------------------------------------


def _spec(at) -> dict:
    return json.loads(at.get("plotly_chart")[0].proto.spec)


def _frame(at, column: str) -> pd.DataFrame:
    """The first table on the page with this column (AppTest does not expose st.dataframe keys)."""
    return next(d.value for d in at.dataframe if column in d.value.columns)


def _cited(spec: dict) -> list[float]:
    return sorted(v for t in spec["data"] if t.get("mode") == "markers" for v in values(t["y"]))


def test_the_page_shows_the_most_cited_metric_over_time_and_its_table(open_app):
    at = open_app("pages/figures.py")
    assert not at.exception
    assert at.selectbox(key="figures_metric").value == "encounters"
    spec = _spec(at)
    assert spec["layout"]["title"]["text"].startswith("Cited encounters figures by the period they refer to")
    assert 132800.0 not in _cited(spec) and 97600.0 in _cited(spec)
    table = _frame(at, "metric")
    assert (table["metric"] == "encounters").all() and table["link"].str.startswith("releases?").all()
    assert "percent" in set(table["unit"])  # shares are listed though not drawn
    assert at.get("download_button")[0].proto.label == "Download the chart's data (CSV)"


def test_changing_metric_or_placement_changes_the_chart_and_the_url_restores_it(open_app):
    at = open_app("pages/figures.py")
    encounters = _cited(_spec(at))
    at.selectbox(key="figures_metric").set_value("apprehensions").run()
    spec = _spec(at)
    assert not at.exception and _cited(spec) != encounters and 132800.0 in _cited(spec)
    at.segmented_control(key="figures_by").set_value("release date").run()
    assert _spec(at)["layout"]["xaxis"]["title"]["text"] == "Release date"
    again = open_app("pages/figures.py", figures_metric="apprehensions", figures_by="release date")
    assert again.selectbox(key="figures_metric").value == "apprehensions"
    assert _spec(again)["layout"]["title"]["text"].startswith("Cited apprehensions figures by release date")


def test_a_sidebar_filter_narrows_the_figures(open_app):
    everything = _cited(_spec(open_app("pages/figures.py")))
    at = open_app("pages/figures.py", q="July 2021")
    narrowed = _cited(_spec(at))
    assert not at.exception and 0 < len(narrowed) < len(everything) and 200600.0 in narrowed


def test_no_figure_says_so(open_app):
    at = open_app("pages/figures.py", q="no release says this 7c1f")
    assert not at.exception and "cite no figure" in at.info[0].value


def test_a_missing_official_file_is_a_sentence_not_a_traceback(open_app, monkeypatch, tmp_path):
    monkeypatch.setenv("PRESSROOM_OFFICIAL_STATS", str(tmp_path / "absent.csv"))
    at = open_app("pages/figures.py")
    assert not at.exception and "absent.csv" in at.error[0].value
    assert len(at.get("plotly_chart")) == 1 and "metric" in _frame(at, "metric")


def _official_trace(spec: dict) -> dict:
    return next(
        t for t in spec["data"] if t.get("mode") == "lines" and t["name"].startswith("official: OHSS")
    )


@pytest.mark.shared
def test_the_official_series_is_drawn_and_compared(open_app, monkeypatch, shared):
    monkeypatch.setenv("PRESSROOM_OFFICIAL_STATS", str(OHSS))
    at = open_app("pages/figures.py", figures_metric="apprehensions")
    assert not at.exception
    spec = _spec(at)
    line = _official_trace(spec)
    nationwide = values(line["y"])
    gaps = _frame(at, "holds")
    may = gaps[(gaps["period"] == "2019-05") & (gaps["text"] == "more than 132,800")].iloc[0]
    assert may["official"] > 132860  # all regions
    at.selectbox(key="figures_region").set_value("Southwest Land Border").run()
    southwest = _official_trace(_spec(at))
    assert values(southwest["y"]) != nationwide and "Southwest Land Border" in southwest["name"]
    gaps = _frame(at, "holds")
    may = gaps[(gaps["period"] == "2019-05") & (gaps["text"] == "more than 132,800")].iloc[0]
    assert may["official"] == 132860 and bool(may["holds"]) and may["difference"] == -60


# --- unit families ------------------------------------------------------------------------------------------


def _mixed():
    figures = _figures(
        {
            "text": "3,500",
            "value": 3500.0,
            "low": 3500.0,
            "high": 3500.0,
            "unit": "pounds of methamphetamine",
            "metric": "drug seizures",
            "period": "2024-01",
        },
        {
            "release_id": "r2",
            "text": "1,000",
            "value": 1000.0,
            "low": 1000.0,
            "high": 1000.0,
            "unit": "kilograms of cocaine",
            "metric": "drug seizures",
            "period": "2024-02",
        },
        {
            "release_id": "r2",
            "text": "369 million",
            "value": 369e6,
            "low": 369e6,
            "high": 369e6,
            "unit": "lethal doses",
            "metric": "drug seizures",
            "period": "2024-02",
        },
        {
            "text": "$4 billion",
            "value": 4e9,
            "low": 4e9,
            "high": 4e9,
            "unit": "USD",
            "metric": "drug seizures",
            "period": "2024-01",
        },
        {
            "release_id": "r2",
            "text": "2,200",
            "value": 2200.0,
            "low": 2200.0,
            "high": 2200.0,
            "unit": "pounds of fentanyl",
            "metric": "drug seizures",
            "period": "2024-03",
        },
    )
    return fm.place(figures, _releases(r1="2024-03-05", r2="2024-03-06"), "drug seizures")


def test_units_of_one_metric_fall_into_families_the_one_with_most_claims_first():
    placed = _mixed()
    assert fm.families(placed) == {"weight": 3, "pills and doses": 1, "currency": 1}
    assert fm.family_of("2,000 kilograms of cocaine") == ("weight", 2.20462)
    assert fm.family_of("migrants") == (fm.COUNT, 1.0)


def test_one_family_is_drawn_at_a_time_scaled_to_its_unit_with_the_unit_on_the_axis():
    placed = _mixed()
    weight = fm.of_family(fm.points(placed), "weight")
    assert sorted(weight["value"]) == [2200.0, pytest.approx(2204.62), 3500.0]  # 1,000 kg drawn as pounds
    assert weight["text"].tolist() == ["3,500", "1,000", "2,200"]  # the figure as written is kept
    fig = charts.over_time(
        weight, "drug seizures", "period", "Source: test", unit=fm.axis_label("weight"), log=True
    )
    assert fig.layout.yaxis.title.text == "Drug seizures as cited, pounds"
    assert fig.layout.yaxis.type == "log"
    values = [v for t in fig.data if t.mode == "markers" for v in t.y]
    assert max(values) < 10_000  # no dollar amount or dose count squashes the pounds


def test_only_counts_are_compared_with_an_official_series():
    placed = _mixed()
    total = _official(m2024_01=100, m2024_02=100, m2024_03=100)
    assert fm.gaps(placed, total).empty  # pounds and dollars are never set against a count of people
