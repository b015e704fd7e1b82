"""Official statistics: the published layouts read into one tidy monthly frame; other files refused by
name."""

from __future__ import annotations

import io

import pandas as pd
import pytest

from lib import official

DASHBOARD = "cbp_encounters_dashboard_1_official_update-march_10_2023.csv"
CBP_HEADER = (
    "Fiscal Year,Month Grouping,Month (abbv),Component,Demographic,Citizenship Grouping,"
    "Title of Authority,Encounter Type,Encounter Count\n"
)


def _read(text: str, name: str = "test.csv") -> pd.DataFrame:
    return official.read(io.StringIO(text), name)


def _monthly(frame: pd.DataFrame, metric: str, region: str | None = None) -> dict[str, int]:
    total = official.metric_total(frame, metric, region)
    return dict(zip(total["month"].dt.strftime("%Y-%m"), total["value"], strict=True))


# --- hand-made files ----------------------------------------------------------------------------------------


def test_fiscal_months_become_calendar_months_and_types_become_metrics():
    frame = _read(
        CBP_HEADER
        + '2022,FYTD,OCT,U.S. Border Patrol,Single Adults,Mexico,Title 8,Apprehensions,"1,200"\n'
        + "2022,FYTD,OCT,Office of Field Operations,FMUA,Other,Title 8,Inadmissibles,30\n"
        + "2025 (FYTD),FYTD,MAR,U.S. Border Patrol,UAC,Honduras,Title 42,Expulsions,5\n"
    )
    assert _monthly(frame, "encounters") == {"2021-10": 1230, "2025-03": 5}
    assert _monthly(frame, "apprehensions") == {"2021-10": 1200}
    assert _monthly(frame, "inadmissibles") == {"2021-10": 30}
    assert _monthly(frame, "expulsions") == {"2025-03": 5}
    assert _monthly(frame, "apprehensions + inadmissibles") == {"2021-10": 1230}  # a figure counting both
    assert _monthly(frame, "apprehensions + rescues") == {}  # a part the file does not count: no series
    assert official.label(frame) == "CBP Southwest Land Border encounters"
    assert list(frame.columns) == list(official.COLUMNS) and set(frame["region"]) == {"Southwest Land Border"}


def test_dashboard_rollup_rows_are_not_counted_twice():
    text = (
        "Fiscal Year-value,Fiscal Year-alias,Month (abbv)-value,Month (abbv)-alias,SUM(Encounter "
        "Count)-alias,Citizenship Grouping,Component,Demographic,Title of Authority\n"
        "2020,2020,SEP,SEP,100,all,all,all,all\n"
        "2020,2020,SEP,SEP,60,all,U.S. Border Patrol,all,all\n"
        "2020,2020,SEP,SEP,60,Mexico,U.S. Border Patrol,Single Adults,Title 8\n"
        "2020,2020,SEP,SEP,40,Other,Office of Field Operations,FMUA,Title 42\n"
        "2020,2020,AUG,AUG,70,all,all,all,all\n"
    )  # a month with only its total
    frame = _read(text)
    assert _monthly(frame, "encounters") == {"2020-08": 70, "2020-09": 100}
    assert _monthly(frame, "apprehensions") == {"2020-09": 60} and _monthly(frame, "expulsions") == {
        "2020-09": 40
    }


def test_ohss_months_and_the_title_42_window():
    text = (
        "Fiscal Year,Month,Region,Quantity\n2020,05 February,Southwest Land Border,30080\n"
        "2020,06 March,Southwest Land Border,30390\n2020,06 March,Coastal Border,100\n"
        "2023,09 June,Southwest Land Border,99540\n"
    )
    frame = _read(text)
    assert _monthly(frame, "encounters") == {"2020-02": 30080, "2020-03": 30490, "2023-06": 99540}
    # apprehensions only where no Title 42 expulsion was counted among the encounters
    assert _monthly(frame, "apprehensions") == {"2020-02": 30080, "2023-06": 99540}
    assert _monthly(frame, "encounters", "Coastal Border") == {"2020-03": 100}
    assert official.regions(frame) == ["all regions", "Coastal Border", "Southwest Land Border"]
    total, name = official.series(frame, "encounters", "Coastal Border")
    assert list(total["value"]) == [100] and name == "OHSS U.S. Border Patrol encounters, Coastal Border"
    assert official.series(None, "encounters") == (None, "")


@pytest.mark.parametrize(
    "text, reason",
    [
        ("", "the file is empty"),
        ("Fiscal Year,Month,Region,Quantity\n", "has a header but no rows"),
        ("sector,fiscal_year,deaths\nyuma,2019,3\n", "unknown layout (columns sector, fiscal_year, deaths)"),
        ("Fiscal Year,Quantity\n2019,859500\n", "yearly totals, not monthly"),
        (
            "Fiscal Year,Month,Region,Quantity\n2019,01 October,SW,10\n2019,Brumaire,SW,10\n",
            "row 3 has fiscal year '2019' and month 'Brumaire'",
        ),
        ("Fiscal Year,Month,Region,Quantity\n2019,01 October,SW,ten\n", "row 2 has the count 'ten'"),
    ],
)
def test_files_that_cannot_be_used_are_named_with_the_reason(text, reason):
    with pytest.raises(official.OfficialStatsError) as caught:
        _read(text, "stats/upload.csv")
    assert str(caught.value).startswith("stats/upload.csv: ") and reason in str(caught.value)


def test_a_binary_file_is_refused_and_a_workbook_is_called_one():
    with pytest.raises(official.OfficialStatsError, match=r"book\.xlsx: is an Excel workbook"):
        official.read_bytes(b"PK\x03\x04\xd8\xff\x00\x9f junk", "book.xlsx")
    with pytest.raises(official.OfficialStatsError, match=r"blob\.csv: not a readable CSV"):
        official.read_bytes(b"\xd8\xff\x9f\x00\xfe", "blob.csv")


def test_the_setting_or_an_upload_names_the_file(monkeypatch, tmp_path):
    monkeypatch.setenv("PRESSROOM_OFFICIAL_STATS", "")
    assert official.configured() is None and official.source() is None
    path = tmp_path / "stats.csv"
    path.write_text("Fiscal Year,Month,Region,Quantity\n2019,08 May,Southwest Land Border,132860\n")
    monkeypatch.setenv("PRESSROOM_OFFICIAL_STATS", str(path))
    name, data = official.source()
    assert name == str(path) and _monthly(official.read_bytes(data, name), "encounters") == {
        "2019-05": 132860
    }

    class Upload(io.BytesIO):
        name = "mine.csv"

    assert official.source(Upload(b"x")) == ("mine.csv", b"x")
    monkeypatch.setenv("PRESSROOM_OFFICIAL_STATS", str(tmp_path / "gone.csv"))
    with pytest.raises(
        official.OfficialStatsError, match=r"gone\.csv: cannot be read.*PRESSROOM_OFFICIAL_STATS"
    ):
        official.source()


# --- the real files in ../shared ----------------------------------------------------------------------------


@pytest.mark.shared
def test_cbp_dashboard_export_totals_match_its_own_rollups(shared):
    path = shared / "stats" / "cbp-sw-border-encounters" / DASHBOARD
    frame = official.read(path)
    raw = pd.read_csv(path)
    dims = ["Citizenship Grouping", "Component", "Demographic", "Title of Authority"]
    rollups = raw[(raw[dims] == "all").all(axis=1)]
    totals = official.read(io.StringIO(rollups.to_csv(index=False)), "rollups")  # a file of month totals only
    assert _monthly(frame, "encounters") == _monthly(totals, "encounters") and len(totals) > 40
    assert (
        _monthly(frame, "encounters")["2019-10"] == 45139
        and _monthly(frame, "encounters")["2023-02"] == 154998
    )
    encounters = pd.Series(_monthly(frame, "encounters"))
    parts = sum(
        pd.Series(_monthly(frame, m)).reindex(encounters.index, fill_value=0)
        for m in ("apprehensions", "inadmissibles", "expulsions")
    )
    assert (parts == encounters).all()
    assert not (frame[["component", "demographic", "citizenship", "authority"]] == "all").any().any()


@pytest.mark.shared
def test_cbp_encounter_type_export_agrees_with_the_dashboard_where_both_report(shared):
    folder = shared / "stats" / "cbp-sw-border-encounters"
    later = official.read(folder / "sbo-encounters-fy22-fy25-aug.csv")
    earlier = official.read(folder / DASHBOARD)
    for month in ("2021-10", "2022-05", "2022-09"):
        assert _monthly(later, "encounters")[month] == _monthly(earlier, "encounters")[month]
        assert _monthly(later, "apprehensions")[month] == _monthly(earlier, "apprehensions")[month]
    assert max(_monthly(later, "encounters")) == "2025-08" and "2025-09" not in _monthly(later, "encounters")


@pytest.mark.shared
def test_ohss_monthly_files_give_the_published_border_patrol_counts(shared):
    folder = shared / "stats" / "ohss-usbp-monthly"
    region = official.read(folder / "derived_monthly_region.csv")
    assert official.label(region) == "OHSS U.S. Border Patrol encounters"
    assert _monthly(region, "encounters", "Southwest Land Border")["2019-05"] == 132860
    annual = pd.read_csv(folder / "derived_annual_count.csv").set_index("Fiscal Year")["Quantity"]
    fy2021 = official.metric_total(region, "encounters")
    fy2021 = fy2021[(fy2021["month"] >= "2020-10-01") & (fy2021["month"] < "2021-10-01")]["value"].sum()
    assert abs(fy2021 - annual[2021]) <= 50  # the files round each count to tens
    apprehensions = _monthly(region, "apprehensions")
    assert "2019-05" in apprehensions and "2021-05" not in apprehensions and "2023-07" in apprehensions
    for name in ("derived_monthly_rgn_and_sector.csv", "derived_monthly_rgn_and_citp.csv"):
        detail = official.read(folder / name)
        may = _monthly(detail, "encounters", "Southwest Land Border")["2019-05"]
        assert abs(may - 132860) <= 300
    assert (official.read(folder / "derived_monthly_rgn_and_sector.csv")["sector"] != "all").all()


@pytest.mark.shared
def test_other_shared_statistics_are_refused_with_the_reason(shared):
    with pytest.raises(official.OfficialStatsError, match="yearly totals"):
        official.read(shared / "stats" / "ohss-usbp-monthly" / "derived_annual_count.csv")
    with pytest.raises(official.OfficialStatsError, match="Excel workbook"):
        official.read(shared / "stats" / "ohss-usbp-monthly" / "khsm_encounters_usbp_fy25m11.xlsx")
    path = shared / "stats" / "usbp-historical" / "southwest_border_deaths_1998_2019.csv"
    with pytest.raises(
        official.OfficialStatsError, match=r"southwest_border_deaths_1998_2019\.csv: unknown layout"
    ):
        official.read(path)
