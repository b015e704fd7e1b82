"""Speakers: who is quoted, how often, as what, over time; a profile with every quote."""

import streamlit as st

from lib import speakers, ui
from lib.charts import speakers as sc
from lib.highlight import escape_markdown
from lib.metrics import speakers as sm

ui.through_app()

DATE, TEXT = st.column_config.DateColumn, st.column_config.TextColumn

f, aliases = ui.filters(), ui.speaker_aliases()
everyone = ui.speakers.ranking(f, "speaker")
st.title("Speakers")
if everyone.empty:
    ui.empty("No quote in the selected releases names its speaker.")
    st.stop()
source, span = ui.source(ui.summary(f)["releases"], f), ui.date_span(f)
st.caption(ui.speakers.counted(f, speakers.shown(aliases[0])))


kind = ui.choice(
    st,
    "Speakers",
    sm.KINDS,
    "person",
    "speakers_kind",
    help="People quoted by name; organisations and documents (“the group said”, “the statement read”); "
    "groups of people (“airline CEOs”); or everyone.",
)
people = everyone if kind == sm.EVERYONE else ui.speakers.ranking(f, "speaker", kind)
left, right = st.columns(2)
by = ui.choice(left, "Rank", sm.GROUPS, "speaker", "speakers_by")
measure = ui.choice(right, "Measure", sm.MEASURES, "quotes", "speakers_measure")
table = people if by == "speaker" else ui.speakers.ranking(f, by, kind)
if people.empty:
    ui.empty(f"No quote in the selected releases is by {sm.A_KIND[kind]}.")
elif table.empty:
    ui.empty(f"No quote in the selected releases gives its speaker's {sm.GROUPS[by].lower()}.")
else:
    top = sm.top(table, measure)
    ui.chart(sc.ranking(top, by, measure, source, span, kind), top, "speakers_ranking")
    st.dataframe(
        table,
        hide_index=True,
        key="speakers_table",
        column_config={
            by: TEXT(sm.GROUPS[by], pinned=True),
            **sm.MEASURES,
            "first": DATE("First quoted"),
            "last": DATE("Last quoted"),
            "title": "Usual title",
            "organisation": "Usual organisation",
            "people": "People",
        },
    )

people = people if not people.empty else everyone  # the chart and profile below show someone
chosen = tuple(f.speakers) or tuple(people["speaker"].head(5))
counts = ui.speakers.over_time(f, chosen)
ui.chart(
    sc.over_time(counts, f.period, source, "selected speakers" if f.speakers else "top 5 speakers"),
    counts,
    "speakers_over_time",
)

st.header("Speaker profile")
who = st.selectbox("Speaker", people["speaker"].tolist(), key="speakers_profile", bind="query-params")
profile = ui.speakers.profile(f, who, ui.link("releases", release=""))
st.subheader(escape_markdown(who))
st.caption(
    f"Quoted {profile['facts'].pop('Quoted')}; names, titles and organisations as the releases give them."
)
for column, (label, value) in zip(st.columns(4), profile["facts"].items(), strict=True):
    column.metric(label, value)
for name, label in (("names", "Name as written"), ("titles", "Title"), ("organisations", "Organisation")):
    st.dataframe(
        profile[name],
        hide_index=True,
        key=f"speakers_{name}",
        width="content",
        column_config={
            "value": label,
            "from": DATE("First used"),
            "to": DATE("Last used"),
            "quotes": "Quotes",
        },
    )
st.dataframe(
    profile["quotes"],
    hide_index=True,
    key="speakers_quotes",
    column_config={
        "date": DATE("Published", pinned=True),
        "open": st.column_config.LinkColumn("Read", display_text="Open"),
        "text": TEXT("Quote", width=520),
        "kind": "Kind",
        "cue": "Cue",
        "speaker_title": "Title then",
        "release": "Release",
    },
)
