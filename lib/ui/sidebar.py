"""The filter widgets every page shares, each bound to a URL query parameter, and links that keep them."""

from __future__ import annotations

from urllib.parse import urlencode

import pandas as pd
import streamlit as st

from lib import filters as flt
from lib import query, speakers, taxonomy
from lib.ui import internals
from lib.ui.cache import source, speaker_names
from lib.ui.pinning import Key, key

FILTER_KEYS = ("dates", "agency", "topic", "speaker", "q", "period")  # URL query parameter names


@st.cache_data(show_spinner=False, max_entries=8)
def _options(k: Key) -> dict:
    return {
        **query.options(source(k)),  # first and last date, agencies
        "topics": list(taxonomy.load()),  # in the taxonomy's order, as charts colour them
    }


def sidebar() -> flt.Filters:
    """The filter widgets every page shares, each bound to a URL query parameter so a copied URL reopens the
    view."""
    opts = _options(key("topics"))
    with st.sidebar:
        st.header("Filters")
        span = (opts["first"], opts["last"]) if opts["first"] else ()
        dates = st.date_input(
            "Published between",
            value=span,
            min_value=opts["first"],
            max_value=opts["last"],
            key="dates",
            bind="query-params",
            format="YYYY-MM-DD",
        )
        agencies = st.multiselect("Agency", opts["agencies"], key="agency", bind="query-params")
        topics = st.multiselect("Topic", opts["topics"], key="topic", bind="query-params")
        names, problem = speaker_names()
        if problem:
            st.warning(problem)
        _canonical_speakers_in_url(names)
        chosen = st.multiselect(
            "Speaker", speakers.names(names), key="speaker", bind="query-params", placeholder="Any speaker"
        )
        query = st.text_input("Text contains", key="q", bind="query-params", placeholder="e.g. fentanyl")
        period = (
            st.segmented_control(
                "Group by", flt.PERIOD_NAMES, default="month", key="period", bind="query-params"
            )
            or "month"
        )
    dates = tuple(dates) if isinstance(dates, (tuple, list)) else (dates,) if dates else ()
    start = dates[0] if dates and dates[0] != opts["first"] else None
    end = dates[1] if len(dates) > 1 and dates[1] != opts["last"] else None
    current = flt.Filters(start, end, tuple(agencies), tuple(topics), tuple(chosen), query.strip(), period)
    st.session_state["_filters"] = current
    return current


def _canonical_speakers_in_url(names: pd.DataFrame) -> None:
    """A link with a name as written ('?speaker=Daniel Whitcomb', from before the names were merged or from
    another alias file) opens on its speaker ('Daniel R. Whitcomb') instead of dropping it: the widget only
    takes its options, and Streamlit drops a bound parameter whose value is not one. Before the widget first
    runs, the URL is rewritten and the script reruns, so the widget starts from the canonical speakers and the
    address bar (and a link copied from it) keeps them."""
    wanted = st.query_params.get_all("speaker")
    if not wanted or "speaker" in st.session_state:
        return
    speaker_of = dict(zip(names["speaker_as_written"], names["speaker"], strict=True))
    known = set(speakers.names(names))
    fixed = list(dict.fromkeys(w if w in known else speaker_of.get(w, w) for w in wanted))
    if fixed == wanted:  # speakers kept as they are
        return
    try:
        st.query_params["speaker"] = fixed
    except internals.QueryParamBound:  # bound to the widget in this session: set it, the URL follows
        st.session_state["speaker"] = fixed
        return
    st.rerun()


def filters() -> flt.Filters:
    """The filters the sidebar set in this run (app.py draws it before the page), or drawn now."""
    return st.session_state.get("_filters") or sidebar()


def link(page: str, **params: str) -> str:
    """A relative URL to a page that keeps the current filters, plus `params` (e.g. release=<id>)."""
    keep = {k: st.query_params.get_all(k) for k in FILTER_KEYS if st.query_params.get_all(k)}
    return f"{page}?{urlencode({**keep, **params}, doseq=True)}"
