"""Topics: how often each comes up, period by period, which come together, the passages behind the counts, and
terms rising that no topic finds yet, with a way to add one to the taxonomy."""

import streamlit as st

from lib import taxonomy, ui
from lib.charts import topics as tc
from lib.metrics import discover
from lib.metrics import topics as tm

ui.through_app()

cc = st.column_config


@st.cache_data(show_spinner=False, max_entries=16)
def suggested_chart(store: tuple, f, recent: int, terms: str, source: str):  # cached: building it costs 50 ms
    found = ui.topics.suggested(f, recent, terms)
    return tc.suggestions(found.suggestions, found.recent_label, source)


f, store = ui.filters(), ui.key("speakers", "topics")
st.title("Topics")
selected = ui.summary(f)["releases"]
table, order = ui.topics.topic_summary(f) if selected else (None, [])
if not order:
    ui.empty(
        "No release matches the current filters."
        if not selected
        else "No topic from the taxonomy is mentioned in the selected releases."
    )
    st.stop()

source = ui.source(selected, f)
measure = ui.choice(
    st,
    "Measure",
    ["Releases", "Share", "Mentions"],
    "Releases",
    "topics_measure",
    " · ".join(tm.MEASURES.values()),
).lower()
trend = ui.topics.trend(f, measure)  # the compared topics, in the measure chosen
ui.chart(tc.trend(trend, measure, f.period, source), trend, "topic_trend")
st.caption(
    (
        "The topics chosen in the sidebar"
        if f.topics
        else "The five topics in most releases (choose others in the sidebar)"
    )
    + ". Releases and Share count the releases about a topic: its title names it or enough of the "
    "release's sentences do (a passing mention or an item of a list is not enough); Mentions counts every "
    "passage naming it. Share is of all the period's releases that the other filters keep."
)
ui.chart(
    tc.cooccurrence(table, source, ui.date_span(f)),
    tm.cooccurrence_long(table),
    "topic_cooccurrence",
)

st.subheader("Passages in context")
left, right = st.columns(2)
topic = left.selectbox("A topic's matched terms", order, key="topics_kwic_topic", bind="query-params")
term = right.text_input(
    "…or any words (literal, in the full text)",
    key="topics_kwic_term",
    bind="query-params",
    placeholder="e.g. tractor-trailer",
).strip()
lines, total = ui.topics.passages(f, topic, term)
if lines.empty:
    ui.empty(f"“{term or topic}” does not occur in the selected releases.")
else:
    st.caption(
        f"{total:,} {'occurrences' if term else 'mentions'} of “{term or topic}”"
        + (f", the newest {len(lines):,} shown" if total > len(lines) else "")
        + ". Open a release with its link."
    )
    lines["open"] = [ui.link("releases", release=i) for i in lines.pop("release_id")]
    st.dataframe(
        lines,
        hide_index=True,
        key="topics_kwic",
        column_config={
            "date": cc.DateColumn("Published", width=95),
            "left": cc.TextColumn("Before", width=250, alignment="right"),
            "match": "Match",
            "right": cc.TextColumn("After", width=250),
            "title": "Release",
            "open": cc.LinkColumn("Read", display_text="open", width="small"),
        },
    )

st.subheader("Suggested terms")
if not st.toggle(
    "Find words and phrases rising that no topic finds",
    key="topics_discover",
    bind="query-params",
    help="Words and phrases whose share of releases rose in the latest periods that no term of "
    "data/topics.yml finds, to add to it. Runs only when switched on: the first time for a selection it "
    "reads the releases, a few seconds (over 10 at 200,000 releases); then it is kept.",
):
    st.stop()
recent = st.number_input(f"Recent {f.period}s", 1, 24, 3, key="topics_recent", bind="query-params", width=200)
if "topics_added" in st.session_state:
    st.success(st.session_state.pop("topics_added"))
terms = taxonomy.PATH.read_text(encoding="utf-8")
found = ui.topics.suggested(f, int(recent), terms)
if found.suggestions.empty:
    ui.empty(found.reason)
    st.stop()
table = found.suggestions
source = ui.source(found.analysed, f) + (
    f" · a fixed sample of {found.analysed:,} of {found.selected:,} dated releases"
    if found.analysed < found.selected
    else ""
)
ui.chart(
    suggested_chart(store, f, int(recent), terms, source),
    table.drop(columns=["example"]),
    "topic_suggestions",
)
st.caption(
    f"Words and phrases of release titles and the first {discover.TEXT_CHARS} characters of their text "
    f"whose share of releases rose in {found.recent_label} against before, ranked by class-based TF-IDF "
    "with the periods as classes, that no term of data/topics.yml finds. Topic: the one tagged in most "
    "releases with the term, or a new topic."
)
shown = table.drop(columns="release_id").assign(
    open=[ui.link("releases", release=i) for i in table["release_id"]]
)
st.dataframe(
    shown,
    hide_index=True,
    key="topics_suggested",
    column_config={
        "term": "Term",
        "releases_recent": "Releases, recent",
        "releases_before": "Releases before",
        "share_recent": cc.NumberColumn("Share, recent", format="%.1f%%"),
        "share_before": cc.NumberColumn("Share before", format="%.1f%%"),
        "score": cc.NumberColumn("Score", format="%.2f"),
        "topic": "Suggested topic",
        "example": cc.TextColumn("Example", width=320),
        "title": "Release",
        "date": cc.DateColumn("Published", width=95),
        "open": cc.LinkColumn("Read", display_text="open"),
    },
)
left, middle = st.columns(2)
term = left.selectbox("Term to add", table["term"], key="topics_add_term")
guess = table.loc[table["term"] == term, "topic"].iloc[0]
topics = [guess] + [
    t for t in [*taxonomy.load(), discover.NEW_TOPIC] if t != guess
]  # the suggested one first
topic = middle.selectbox("To the topic", topics, key="topics_add_topic")
if topic == discover.NEW_TOPIC:
    topic = st.text_input("Name of the new topic", value=term, key="topics_new_name")
add, download = st.columns(2)
if add.button("Add to taxonomy", key="topics_add", type="primary"):
    try:
        st.session_state["topics_added"] = taxonomy.add_term(topic, term)
        st.rerun()  # the suggestions again, without the term just added
    except taxonomy.TaxonomyError as exc:
        st.error(str(exc))
download.download_button(
    "…or download the YAML line",
    taxonomy.snippet(topic, term),
    "topics-addition.yml",
    "application/yaml",
    key="topics_add_yaml",
)
