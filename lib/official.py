"""Official monthly statistics to set beside cited figures: readers for the published layouts, one tidy frame.

Two layouts are known:

- CBP "Southwest Land Border Encounters" (the dashboard export, with `-value`/`-alias` columns and "all"
  rollup rows, or the later export with an Encounter Type column): Fiscal Year, Month (abbv), Component,
  Demographic, Citizenship Grouping, Title of Authority, [Encounter Type], Encounter Count.
- OHSS monthly U.S. Border Patrol encounters (derived_monthly_region.csv and the per-sector or per-citizenship
  files): Fiscal Year, Month ("01 October"), Region, [Sector | Citizenship], Quantity (rounded to tens).

The tidy frame has one row per month, metric and breakdown: month (first day), metric, value, and the
breakdown columns (region, component, sector, citizenship, demographic, authority; "all" where the file does
not break down by it). Rollup rows are dropped, so summing any subset of one metric's rows is right. Metrics
overlap: "encounters" counts every row; "apprehensions" (Border Patrol, Title 8), "inadmissibles" (Field
Operations, Title 8) and "expulsions" (Title 42) count their part of it. OHSS Border Patrol encounters are
also apprehensions in the months Title 42 was wholly out of force (before March 2020, after May 2023).
"""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import IO

import pandas as pd

from lib import schema, settings
from lib.errors import PressroomError
from lib.ingest.base import MONTH_NUMBER

BREAKDOWNS = ("region", "component", "sector", "citizenship", "demographic", "authority")
COLUMNS = ("month", "metric", "value", *BREAKDOWNS)
TITLE42 = (pd.Timestamp("2020-03-01"), pd.Timestamp("2023-05-01"))  # months with any Title 42 expulsion
CBP = ("fiscal year", "month (abbv)", "encounter count")
OHSS = ("fiscal year", "month", "quantity")
LAYOUTS = {
    "cbp": "CBP Southwest Land Border encounters",
    "ohss": "OHSS U.S. Border Patrol encounters",
}
EXPECTED = (
    "a CBP Southwest Land Border Encounters CSV (Fiscal Year, Month (abbv), Component, Demographic, "
    "Citizenship Grouping, Title of Authority, Encounter Count) or an OHSS monthly Border Patrol "
    "encounters CSV (Fiscal Year, Month, Region, Quantity)"
)


HELP = (
    "A CBP Southwest Land Border Encounters export or an OHSS monthly Border Patrol encounters CSV "
    "(derived_monthly_region.csv); the setting PRESSROOM_OFFICIAL_STATS names one to load by default."
)
ALL_REGIONS = "all regions"


class OfficialStatsError(PressroomError):
    """An official statistics file that cannot be read; the message names the file and says why."""


def configured() -> Path | None:
    """The file PRESSROOM_OFFICIAL_STATS names, or None when the setting is empty."""
    return (
        settings.path("PRESSROOM_OFFICIAL_STATS")
        if settings.get("PRESSROOM_OFFICIAL_STATS").strip()
        else None
    )


def source(upload=None) -> tuple[str, bytes] | None:
    """(name, bytes) of an uploaded file (anything with .name and .getvalue()), else of the configured file,
    else None."""
    if upload is not None:
        return upload.name, upload.getvalue()
    path = configured()
    if path is None:
        return None
    try:
        return str(path), path.read_bytes()
    except OSError as exc:
        raise OfficialStatsError(
            f"{path}: cannot be read ({exc.strerror or exc}); fix PRESSROOM_OFFICIAL_STATS "
            "or upload the file instead."
        ) from exc


def read(file: str | Path | IO, name: str | None = None) -> pd.DataFrame:
    """The tidy monthly frame of an official statistics CSV (path or file object); OfficialStatsError when the
    file is unreadable or of an unknown layout. frame.attrs["layout"] says which layout it was."""
    name = name or str(getattr(file, "name", file))
    raw = _csv(file, name)
    columns = {_normal(c): c for c in raw.columns}
    if all(c in columns for c in CBP):
        frame, layout = _cbp(raw.rename(columns={v: k for k, v in columns.items()}), name), "cbp"
    elif all(c in columns for c in OHSS):
        frame, layout = _ohss(raw.rename(columns={v: k for k, v in columns.items()}), name), "ohss"
    elif "fiscal year" in columns and "month" not in columns and "quantity" in columns:
        raise OfficialStatsError(
            f"{name}: holds yearly totals, not monthly counts; use a monthly file "
            "(for OHSS, derived_monthly_region.csv)."
        )
    else:
        raise OfficialStatsError(
            f"{name}: unknown layout (columns {', '.join(map(str, raw.columns))}); expected {EXPECTED}."
        )
    frame.attrs["layout"] = LAYOUTS[layout]
    return frame


def label(frame: pd.DataFrame) -> str:
    """What the frame counts, for legends and captions."""
    return frame.attrs.get("layout", "Official statistics")


def metric_total(frame: pd.DataFrame, metric: str, region: str | None = None) -> pd.DataFrame:
    """One metric summed per month (over one region, or all): month, value. A joined metric ('apprehensions +
    inadmissibles') is the sum of its parts, and empty unless the file counts every part."""
    parts = metric.split(schema.JOINED)
    counted = set(frame["metric"].dropna().unique())
    rows = frame[frame["metric"].isin(parts)] if all(p in counted for p in parts) else frame.iloc[:0]
    if region and region != ALL_REGIONS:
        rows = rows[rows["region"] == region]
    return rows.groupby("month", as_index=False)["value"].sum().sort_values("month", ignore_index=True)


def regions(frame: pd.DataFrame | None) -> list[str]:
    """The choices of region: all regions, then each region the file has (when it has several)."""
    found = sorted(frame["region"].dropna().unique()) if frame is not None else []
    return [ALL_REGIONS, *found] if len(found) > 1 else [ALL_REGIONS]


def series(
    frame: pd.DataFrame | None, metric: str, region: str | None = None
) -> tuple[pd.DataFrame | None, str]:
    """(month, value) of one metric over a region, and its name for a legend; (None, "") without a file.
    A metric the file does not count gives an empty frame."""
    if frame is None:
        return None, ""
    places = sorted(frame["region"].dropna().unique())
    where = region if region and region != ALL_REGIONS else (places[0] if len(places) == 1 else ALL_REGIONS)
    return metric_total(frame, metric, region), f"{label(frame)}, {where}"


def _csv(file, name: str) -> pd.DataFrame:
    try:
        raw = pd.read_csv(file, dtype=str, skipinitialspace=True, encoding="utf-8-sig")
    except FileNotFoundError as exc:
        raise OfficialStatsError(f"{name}: no such file.") from exc
    except pd.errors.EmptyDataError as exc:
        raise OfficialStatsError(f"{name}: the file is empty.") from exc
    except (UnicodeDecodeError, pd.errors.ParserError) as exc:
        if name.lower().endswith((".xlsx", ".xls")):
            raise OfficialStatsError(f"{name}: is an Excel workbook; save its monthly sheet as CSV.") from exc
        raise OfficialStatsError(
            f"{name}: not a readable CSV text file ({str(exc).splitlines()[0]})."
        ) from exc
    except OSError as exc:
        raise OfficialStatsError(f"{name}: cannot be read ({exc}).") from exc
    if raw.empty:
        raise OfficialStatsError(f"{name}: has a header but no rows.")
    return raw


def _normal(column) -> str:
    """'SUM(Encounter Count)-alias' -> 'encounter count', 'Fiscal Year-value' -> 'fiscal year'."""
    text = re.sub(r"-(value|alias)$", "", str(column).strip(), flags=re.I).lower()
    return re.sub(r"^sum\((.*)\)$", r"\1", text)


def _per_value(values: pd.Series, parse) -> pd.Series:
    """parse() of each distinct value, spread back over the rows (the columns repeat a few values)."""
    codes, uniques = pd.factorize(values, use_na_sentinel=False)
    return pd.Series([parse(u) for u in uniques], dtype="object").iloc[codes].set_axis(values.index)


def _fiscal_year(text) -> int | None:
    m = re.match(r"\s*(\d{4})\b", str(text))
    return int(m.group(1)) if m else None


def _month_number(text) -> int | None:
    m = re.search(r"[A-Za-z]{3}", str(text))
    return MONTH_NUMBER.get(m.group(0).lower()) if m else None


def _months(fiscal: pd.Series, month: pd.Series, name: str) -> pd.Series:
    """First day of each (fiscal year '2023 (FYTD)', month 'OCT' / '01 October') pair."""
    year, number = _per_value(fiscal, _fiscal_year), _per_value(month, _month_number)
    bad = year.isna() | number.isna()
    if bad.any():
        i = bad.idxmax()
        raise OfficialStatsError(
            f"{name}: row {i + 2} has fiscal year {fiscal[i]!r} and month {month[i]!r}, "
            "which are not a fiscal year and a month name."
        )
    year, number = year.astype("int64"), number.astype("int64")
    calendar = year - (number >= 10)
    return pd.to_datetime(pd.DataFrame({"year": calendar, "month": number, "day": 1})).astype(
        "datetime64[ns]"
    )


def _counts(values: pd.Series, name: str) -> pd.Series:
    numbers = pd.to_numeric(values, errors="coerce")
    if numbers.isna().any():  # thousands separators, stray spaces
        numbers = pd.to_numeric(values.str.replace(",", "", regex=False).str.strip(), errors="coerce")
    bad = numbers.isna()
    if bad.any():
        i = bad.idxmax()
        raise OfficialStatsError(f"{name}: row {i + 2} has the count {values[i]!r}, which is not a number.")
    return numbers.round().astype("int64")


def _cbp(raw: pd.DataFrame, name: str) -> pd.DataFrame:
    dims = {
        "component": "component",
        "demographic": "demographic",
        "citizenship grouping": "citizenship",
        "title of authority": "authority",
    }
    frame = pd.DataFrame(
        {
            "month": _months(raw["fiscal year"], raw["month (abbv)"], name),
            "value": _counts(raw["encounter count"], name),
            "region": "Southwest Land Border",
            "sector": "all",
        }
    )
    for column, target in dims.items():
        frame[target] = raw[column].fillna("all").str.strip() if column in raw else "all"
    # The dashboard export mixes rollup rows ("all") with the detail; keep the detail, or a month's total
    # alone.
    rollup = frame[list(dims.values())].eq("all")
    detail = ~rollup.any(axis=1)
    has_detail = detail.groupby(frame["month"]).transform("any")
    frame = frame[detail | (rollup.all(axis=1) & ~has_detail)]
    kind = _encounter_type(frame, raw.loc[frame.index, "encounter type"] if "encounter type" in raw else None)
    return _tidy(
        pd.concat([frame.assign(metric="encounters"), frame.assign(metric=kind).dropna(subset="metric")])
    )


def _encounter_type(frame: pd.DataFrame, given: pd.Series | None) -> pd.Series:
    """apprehensions / inadmissibles / expulsions, from the Encounter Type column or Component and Title."""
    if given is not None:
        kinds = {"apprehensions", "inadmissibles", "expulsions"}
        return _per_value(
            given, lambda v: str(v).strip().lower() if str(v).strip().lower() in kinds else None
        )
    return _per_value(frame["component"] + "|" + frame["authority"], _kind)


def _kind(component_authority: str) -> str | None:
    component, authority = component_authority.lower().split("|")
    if authority == "title 42":
        return "expulsions"
    if authority == "title 8" and "border patrol" in component:
        return "apprehensions"
    if authority == "title 8" and "field operations" in component:
        return "inadmissibles"
    return None


def _ohss(raw: pd.DataFrame, name: str) -> pd.DataFrame:
    frame = pd.DataFrame(
        {
            "month": _months(raw["fiscal year"], raw["month"], name),
            "value": _counts(raw["quantity"], name),
            "component": "U.S. Border Patrol",
        }
    )
    for column in ("region", "sector", "citizenship"):
        frame[column] = raw[column].fillna("all").str.strip() if column in raw else "all"
    frame["demographic"] = frame["authority"] = "all"
    outside = (frame["month"] < TITLE42[0]) | (frame["month"] > TITLE42[1])
    return _tidy(
        pd.concat([frame.assign(metric="encounters"), frame[outside].assign(metric="apprehensions")])
    )


def _tidy(frame: pd.DataFrame) -> pd.DataFrame:
    """Detail rows summed per month, metric and breakdown (a file may repeat a key), sorted."""
    keys = ["month", "metric", *BREAKDOWNS]
    out = frame.groupby(keys, as_index=False, sort=True)["value"].sum()
    return out[list(COLUMNS)].astype({"metric": "string", **{b: "string" for b in BREAKDOWNS}})


def read_bytes(data: bytes, name: str) -> pd.DataFrame:
    """read() of a file's bytes (an upload)."""
    return read(io.BytesIO(data), name)
