"""The Speakers page's rankings, counts and profiles (lib.metrics.speakers) from lib.query, cached: the
Speakers and Briefing pages share them."""

from __future__ import annotations

import pandas as pd
import pyarrow as pa
import streamlit as st

from lib import filters as flt
from lib import query, speakers
from lib.metrics import speakers as sm
from lib.ui.cache import cached, keyed, labels, names_of, source, speakers_of
from lib.ui.pinning import Key


@st.cache_resource(show_spinner=False, max_entries=2)
def _words(k: Key) -> pa.Table:
    """The words of every quote of a store version written without them (lib.query.quote_words): kept, not
    copied (28 MB at 7 million quotes), and counted again only for another version."""
    return query.quote_words(source(k))


@cached(32)
def _ranking(k: Key, f: flt.Filters, by: str, kind: str) -> pd.DataFrame:
    counted = None if query.has_quote_words(source(k)) else _words(k.of_store())
    grouped = query.ranking(source(k, f), f, names_of(k), labels(k.of_store()), counted, by, kind)
    held = _held(k, f, kind)
    named = held[held["speaker"] != ""]
    if by == "speaker":
        return sm.ranked(grouped, by, *sm.held_modes(named))
    people = named[named[by] != ""].groupby(by)["speaker"].nunique().rename("people")
    return sm.ranked(grouped.join(people), by)


@cached(32)
def _held(k: Key, f: flt.Filters, kind: str = sm.EVERYONE) -> pd.DataFrame:
    """The quotes per speaker, name as written, title and organisation (lib.query.held)."""
    return query.held(source(k, f), f, names_of(k), labels(k.of_store()), kind)


def ranking(f: flt.Filters, by: str = "speaker", kind: str = sm.EVERYONE) -> pd.DataFrame:
    """Speakers (or titles, or organisations) of the selected releases' attributed quotes, most quoted first
    (lib.metrics.speakers.ranking); with `kind`, of speakers of that kind only (people, organisations,
    groups: lib.metrics.speakers.KINDS)."""
    return _ranking(*keyed(f), by, kind)


def counted(f: flt.Filters, aliases: str) -> str:
    """What the page counts, in sentences (lib.metrics.speakers.counted)."""
    held = _held(*keyed(f))
    named = held[held["speaker"] != ""]
    return sm.counted_text(
        int(named["n"].sum()),
        named["speaker"].nunique(),
        named["speaker_as_written"].nunique(),
        int(held.loc[held["speaker"] == "", "n"].sum()),
        aliases,
    )


@cached(32)
def _over_time(k: Key, f: flt.Filters, chosen: tuple[str, ...]) -> pd.DataFrame:
    counts = query.speaker_periods(source(k, f), f, names_of(k), chosen, f.period)
    people = _ranking(
        k, f, "speaker", sm.EVERYONE
    )  # the first and last date any attributed quote was published
    lo = pd.Timestamp(f.start) if f.start is not None else people["first"].min()
    hi = pd.Timestamp(f.end) if f.end is not None else people["last"].max()
    return sm.over_time_of(counts, list(chosen), f.period, lo, hi)


def over_time(f: flt.Filters, chosen: tuple[str, ...]) -> pd.DataFrame:
    """Quotes per period of f.period of each chosen speaker (lib.metrics.speakers.over_time)."""
    return _over_time(*keyed(f), tuple(chosen))


@cached(32)
def _profile(k: Key, f: flt.Filters, who: str, link: str) -> dict:
    table, _, names = speakers_of(k.of("speakers"))  # names_of(k) with the speakers' table
    raws = names.loc[names["speaker"] == who, "raw"].tolist()
    quotes, releases = query.quotes_of(source(k, f), f, raws)
    return sm.profile(sm.quoted(speakers.apply(quotes, table), releases), who, link)


def profile(f: flt.Filters, who: str, link: str) -> dict:
    """One speaker's profile (lib.metrics.speakers.profile) from the quotes of the selected releases."""
    return _profile(*keyed(f), who, link)
