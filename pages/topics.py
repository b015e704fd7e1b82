"""Topics: how often each comes up, period by period, which come together, the passages behind the counts, and
title words rising without a topic yet."""
from dataclasses import replace

import streamlit as st

from lib import metrics, ui
from lib.charts import topics as tc
from lib.metrics import topics as tm

ui.through_app()

cc = st.column_config


@st.cache_data(show_spinner=False, max_entries=32)
def summary(store: tuple, f):  # store = (root, version): a new processing run recomputes
    """Compared topics, their trend in every measure, co-occurrence, and the topics in KWIC order."""
    releases, every = ui.selected(f), replace(f, topics=())  # `every`: the same selection, whatever the topics
    tagged = tm.within(ui.related("topic_mentions", ["topic"], every), releases)
    compared, span = tm.chosen_topics(tagged, f.topics), (f.start, f.end) if f.start and f.end else None
    base = ui.selected(every)[["date"]] if f.topics else None
    trends = {m: tm.trend(releases, tagged, compared, f.period, m, span, base) for m in tm.MEASURES}
    return trends, tm.cooccurrence(tagged), tm.topic_order(tagged, compared)


@st.cache_data(show_spinner=False, max_entries=32)
def passages(store: tuple, f, topic: str, term: str):
    if term:
        return tm.kwic(tm.texts(ui.table("releases", ["id", "body"]), ui.selected(f)), [term])
    mentions = ui.related("topic_mentions", ["topic", "term", "start", "passage"], replace(f, topics=()))
    return tm.topic_kwic(mentions, ui.selected(f), topic)


@st.cache_data(show_spinner=False, max_entries=32)
def rising(store: tuple, f):
    return tm.rising_terms(ui.selected(f), title_index(store))


@st.cache_data(show_spinner=False, max_entries=2)
def title_index(store: tuple):
    return tm.title_index(ui.table("releases", ["id", "title"]), tm.taxonomy_terms())


f, store = ui.filters(), (str(ui.store().root), ui.version())
st.title("Topics")
releases = ui.selected(f)
trends, table, order = summary(store, f) if len(releases) else ({}, None, [])
if not order:
    ui.empty("No release matches the current filters." if releases.empty else
             "No topic from the taxonomy is mentioned in the selected releases.")
    st.stop()

source = ui.source(len(releases), f)
measure = (st.segmented_control("Measure", ["Releases", "Share", "Mentions"], default="Releases", bind="query-params",
                                key="topics_measure", help=" · ".join(tm.MEASURES.values())) or "Releases").lower()
ui.chart(tc.trend(trends[measure], measure, f.period, source), trends[measure], "topic_trend")
st.caption(("The topics chosen in the sidebar" if f.topics else "The five topics in most releases (choose others in "
            "the sidebar)") + ". A release counts once per topic, except in Mentions; Share is of all the period's "
           "releases that the other filters keep.")
ui.chart(tc.cooccurrence(table, source, metrics.date_span(releases)), tm.cooccurrence_long(table), "topic_cooccurrence")

st.subheader("Passages in context")
left, right = st.columns(2)
topic = left.selectbox("A topic's matched terms", order, key="topics_kwic_topic", bind="query-params")
term = right.text_input("…or any words (literal, in the full text)", key="topics_kwic_term", bind="query-params",
                        placeholder="e.g. tractor-trailer").strip()
lines, total = passages(store, f, topic, term)
if lines.empty:
    ui.empty(f"“{term or topic}” does not occur in the selected releases.")
else:
    st.caption(f"{total:,} {'occurrences' if term else 'mentions'} of “{term or topic}”" + (
        f", the newest {len(lines):,} shown" if total > len(lines) else "") + ". Open a release with its link.")
    lines["open"] = [ui.link("releases", release=i) for i in lines.pop("release_id")]
    st.dataframe(lines, hide_index=True, key="topics_kwic", column_config={
        "date": cc.DateColumn("Published", width=95), "left": cc.TextColumn("Before", width=250, alignment="right"),
        "match": "Match", "right": cc.TextColumn("After", width=250), "title": "Release",
        "open": cc.LinkColumn("Read", display_text="open", width="small")})

st.subheader("Rising words without a topic")
words, cut = rising(store, f)
if words.empty:
    ui.empty("Too few dated releases on both sides of the latest third of the span to compare words.")
else:
    st.caption(f"Words and two-word phrases of release titles (which name what a release is about; lower-case, stop "
               f"words and numbers left out) whose share of releases rose most after {cut:%d %b %Y} (the latest "
               "third of the span), against before, and that no term of data/topics.yml finds: only suggestions "
               "of terms to add to data/topics.yml.")
    st.dataframe(words, hide_index=True, key="topics_rising", column_config={
        "term": "Word or phrase", "releases_before": "Releases before", "releases_after": "Releases after",
        "share_before": cc.NumberColumn("Share before", format="%.1f%%"), "share_after": cc.NumberColumn(
            "Share after", format="%.1f%%"), "rise": cc.NumberColumn("Rise (points)", format="%+.1f")})
