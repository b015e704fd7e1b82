"""The one filter set every page shares, and what it selects from the store's frames. No streamlit."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

PERIOD_NAMES = ("day", "week", "month", "quarter", "fiscal year", "year")


@dataclass(frozen=True)
class Filters:
    """Date range (inclusive), agencies, topics, speakers, a text query, and the period charts group by.
    Empty tuples and an empty query mean "no restriction"."""

    start: date | None = None
    end: date | None = None
    agencies: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()
    speakers: tuple[str, ...] = ()
    query: str = ""
    period: str = "month"

    def describe(self) -> str:
        """The filters in words, for chart captions: 'Jan 2019 to Dec 2020 · topic: narcotics · text
        "cartel"'."""
        parts = []
        if self.start or self.end:
            start = f"{self.start:%d %b %Y}" if self.start else "the first release"
            end = f"{self.end:%d %b %Y}" if self.end else "the latest"
            parts.append(f"{start} to {end}")
        for label, values in (("agency", self.agencies), ("topic", self.topics), ("speaker", self.speakers)):
            if values:
                parts.append(f"{label}: {', '.join(values)}")
        if self.query:
            parts.append(f'text "{self.query}"')
        return " · ".join(parts) or "all releases"


def is_in(values: pd.Series, wanted) -> np.ndarray:
    """values.isin(wanted) as a boolean array, computed by Arrow: pandas' isin on Arrow strings turns every
    value into a Python string first, seconds at hundreds of thousands of rows."""
    wanted = pa.array(pd.Series(wanted, dtype="string").dropna().unique(), type=pa.string())
    return (
        pc.is_in(_strings(values), value_set=wanted).to_numpy(zero_copy_only=False).astype(bool, copy=False)
    )


def positions(values: pd.Series, ids: pd.Series) -> np.ndarray:
    """The row in `ids` of each value (-1 where it is not there), computed by Arrow: a join on release ids
    without the hash table of Python strings a pandas merge builds."""
    found = pc.index_in(_strings(values), value_set=_strings(ids))
    return found.fill_null(-1).to_numpy(zero_copy_only=False).astype(np.int64)


def _strings(values: pd.Series) -> pa.Array:
    return pa.array(values.astype("string"), type=pa.string())


def select(
    f: Filters,
    releases: pd.DataFrame,
    mentions: pd.DataFrame | None = None,
    quotes: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """The releases the filters keep. `releases` needs id, date, agency (and title, body for a query);
    `mentions` (release_id, topic) is needed for a topic filter, `quotes` (release_id, speaker) for a speaker
    one."""
    keep = pd.Series(True, index=releases.index)
    if f.start is not None:
        keep &= releases["date"] >= pd.Timestamp(f.start)
    if f.end is not None:
        keep &= releases["date"] < pd.Timestamp(f.end) + pd.Timedelta(days=1)
    if f.agencies:
        keep &= is_in(releases["agency"], f.agencies)
    if f.topics and mentions is not None:
        keep &= is_in(releases["id"], mentions.loc[is_in(mentions["topic"], f.topics), "release_id"])
    if f.speakers and quotes is not None:
        keep &= is_in(releases["id"], quotes.loc[is_in(quotes["speaker"], f.speakers), "release_id"])
    if f.query:
        text = releases.loc[keep, "title"].str.cat(releases.loc[keep, "body"], sep="\n")
        hits = text.str.contains(f.query, case=False, regex=False, na=False)
        keep &= hits.reindex(releases.index, fill_value=False)
    return releases[keep]
