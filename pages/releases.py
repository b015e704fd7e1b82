"""Releases: search and list the selected releases; read one with its quotes, figures and topics marked."""

import streamlit as st

from lib import charts, highlight, ui
from lib.metrics import releases as rel

ui.through_app()

LIMIT = ui.LIST_PAGE  # rows a page of the list holds (newest first): enough to browse, small enough to send

f = ui.filters()
selected = ui.summary(f)["releases"]
pages = max(1, -(-selected // LIMIT))
if st.session_state.get("_releases_listed") != f:  # other filters: another list, from its first page
    st.session_state["_releases_listed"] = f
    st.session_state["releases_page"] = 1
page = st.session_state["releases_page"] = min(st.session_state.get("releases_page", 1), pages)
listing = ui.listing(f, LIMIT, (page - 1) * LIMIT)
titles = rel.choices(listing)


def pick():
    st.session_state["release"] = st.session_state["releases_pick"] or ""


def select_row():
    rows, ids = (
        st.session_state["releases_list"]["selection"]["rows"],
        st.session_state.get("_releases_ids", []),
    )
    if rows and rows[0] < len(ids):
        st.session_state["release"] = ids[rows[0]]


st.title("Releases")
st.caption(
    f"{selected:,} release{'' if selected == 1 else 's'} selected · "
    f"{highlight.escape_markdown(f.describe())} · search their text with “Text contains” in the sidebar; "
    "choose one to read it with its quotes, figures and topics marked"
)
left, right = st.columns([3, 1])
chosen = right.text_input("Release id", key="release", bind="query-params", placeholder="paste an id").strip()
st.session_state["releases_pick"] = chosen if chosen in titles else None
left.selectbox(
    "Read a release",
    list(titles),
    index=None,
    format_func=titles.get,
    key="releases_pick",
    on_change=pick,
    placeholder="Choose a release, or select a row of the list",
)
if not selected:
    ui.empty("No release matches the current filters.")
else:
    if pages > 1:
        first = (page - 1) * LIMIT + 1
        shown, pager = st.columns([4, 1], vertical_alignment="bottom")
        pager.number_input(f"Page (of {pages:,})", min_value=1, max_value=pages, step=1, key="releases_page")
        shown.caption(
            f"Listing {first:,}–{min(page * LIMIT, selected):,} of {selected:,}, newest first; "
            "page through them, or narrow the filters."
        )
    st.session_state["_releases_ids"] = listing["id"].tolist()
    listing["open"] = rel.links(listing.pop("id"), ui.link("releases", release=""))
    st.dataframe(
        listing,
        hide_index=True,
        key="releases_list",
        on_select=select_row,
        selection_mode="single-row",
        column_order=["open", "date", "title", "quotes", "figures", "topics", "words", "agency"],
        column_config={
            "date": st.column_config.DateColumn("Published", width="small"),
            "title": st.column_config.TextColumn("Title", width="large"),
            "agency": st.column_config.TextColumn("Agency", width="medium"),
            "words": "Words",
            "quotes": "Quotes",
            "figures": "Figures",
            "topics": st.column_config.TextColumn("Topics", width="medium"),
            "open": st.column_config.LinkColumn("Reader", display_text="open", width="small"),
        },
    )

found = ui.rows_of("releases", chosen) if chosen else None
if found is not None and found.empty:
    st.warning(f"No release has the id “{highlight.escape_markdown(chosen)}”. Choose one from the list.")
elif found is not None:
    row = found.iloc[0]
    quotes, figures, mentions = (ui.rows_of(t, chosen) for t in ("quotes", "figures", "topic_mentions"))
    st.header(highlight.escape_markdown(row["title"]), anchor=False, divider="gray")
    st.caption(
        highlight.escape_markdown(rel.heading(row, len(quotes), len(figures), mentions["topic"].nunique()))
    )
    if url := rel.safe_url(row["url"]):
        st.link_button("Open the original page", url, icon=":material/open_in_new:")
    st.text(rel.provenance(row))
    colours = charts.topic_colours()
    st.html(highlight.legend(colours, sorted(mentions["topic"].unique())))
    st.html(highlight.render(row["body"], highlight.spans(quotes, figures, mentions, colours)))
    tables = {
        "Quotes": rel.labelled(
            quotes, "quotes", ["speaker", "speaker_title", "speaker_org", "kind", "cue", "text"]
        ),
        "Figures": rel.labelled(
            figures, "figures", ["text", "value", "qualifier", "unit", "metric", "period"]
        ),
        "Topics": rel.topic_table(mentions, ui.rows_of("topic_about", chosen)).rename(columns=str.capitalize),
    }
    for tab, (name, frame) in zip(
        st.tabs([f"{k} ({len(v)})" for k, v in tables.items()]), tables.items(), strict=True
    ):
        if frame.empty:
            tab.info(f"No {name.lower()} were found in this release.")
        else:
            tab.dataframe(frame, hide_index=True, key=f"releases_{name.lower()}")
