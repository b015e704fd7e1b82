"""The Topics page: trends compared, co-occurrence, keyword in context; metrics and charts on small hand-made
frames, the page through AppTest on the sample store (suggested terms: tests/test_discover.py)."""

from __future__ import annotations

import json

import pandas as pd

from lib import taxonomy
from lib.charts import topic_colours
from lib.charts import topics as tc
from lib.metrics import topics as tm
from lib.store import Store
from tests.test_app import values

RELEASES = pd.DataFrame(
    {
        "id": ["a", "b", "c", "d"],
        "date": pd.to_datetime(["2024-01-05", "2024-01-20", "2024-03-02", "2024-03-30"]),
        "title": [
            "Officers seize drugs",
            "Agents find migrants",
            "Drone program expands",
            "Drone program grows",
        ],
    }
)
MENTIONS = pd.DataFrame(
    {
        "release_id": ["a", "a", "a", "b", "b", "c"],
        "topic": [
            "narcotics",
            "narcotics",
            "weapons smuggling",
            "narcotics",
            "illegal migration",
            "narcotics",
        ],
        "term": ["drugs", "Fentanyl", "rifles", "drugs", "migrants", "drugs"],
        "start": [16, 26, 40, 3, 0, 0],
        "passage": [
            "Officers seized drugs and fentanyl.",
            "Officers seized drugs and fentanyl.",
            "Also rifles.",
            "No drugs, only drugs.",
            "Migrants were found.",
            "Drugs again.",
        ],
    }
)
TAGGED = tm.within(MENTIONS, RELEASES)


def value(counts, topic, label):
    return counts.loc[(counts["topic"] == topic) & (counts["label"] == label), "value"].item()


# metrics


def test_within_keeps_the_selected_releases_mentions_and_marks_the_first_per_topic():
    tagged = tm.within(MENTIONS, RELEASES[RELEASES["id"] != "b"].reset_index(drop=True))
    assert tagged["rel"].tolist() == [0, 0, 0, 1] and tagged["first"].tolist() == [True, False, True, True]
    assert tagged["date"].iloc[-1] == pd.Timestamp("2024-03-02") and list(tagged["topic"].cat.categories) == [
        "narcotics",
        "weapons smuggling",
    ]


def test_top_topics_are_those_in_most_releases_ties_by_name():
    assert tm.chosen_topics(TAGGED, ()) == ["narcotics", "illegal migration", "weapons smuggling"]
    assert tm.chosen_topics(TAGGED, (), n=1) == ["narcotics"]
    assert tm.chosen_topics(TAGGED, ("weapons smuggling",)) == ["weapons smuggling"]
    assert tm.topic_order(TAGGED, ["weapons smuggling"]) == [
        "weapons smuggling",
        "narcotics",
        "illegal migration",
    ]


def test_trend_counts_releases_once_per_topic_with_empty_months():
    counts = tm.trend(RELEASES, TAGGED, ["narcotics", "weapons smuggling"], "month", "releases")
    assert list(counts.columns) == ["period", "label", "topic", "value"]
    assert value(counts, "narcotics", "Jan 2024") == 2 and value(counts, "narcotics", "Feb 2024") == 0
    assert value(counts, "narcotics", "Mar 2024") == 1 and value(counts, "weapons smuggling", "Jan 2024") == 1
    assert set(counts["topic"]) == {"narcotics", "weapons smuggling"}
    assert counts["topic"].iloc[0] == "narcotics"  # in the order asked for


def test_trend_mentions_counts_every_mention():
    counts = tm.trend(RELEASES, TAGGED, ["narcotics"], "month", "mentions")
    assert value(counts, "narcotics", "Jan 2024") == 3 and value(counts, "narcotics", "Mar 2024") == 1


def test_trend_share_is_of_the_periods_releases_and_empty_where_there_are_none():
    counts = tm.trend(RELEASES, TAGGED, ["narcotics"], "month", "share")
    assert value(counts, "narcotics", "Jan 2024") == 100.0 and value(counts, "narcotics", "Mar 2024") == 50.0
    assert pd.isna(value(counts, "narcotics", "Feb 2024"))
    base = pd.concat([RELEASES, pd.DataFrame({"id": ["e"], "date": pd.to_datetime(["2024-01-09"])})])
    counts = tm.trend(RELEASES, TAGGED, ["narcotics"], "quarter", "share", base=base)
    assert value(counts, "narcotics", "Q1 2024") == 60.0  # 3 of the 5 releases the other filters keep


def test_trend_spans_the_requested_dates():
    span = (pd.Timestamp("2023-10-01"), pd.Timestamp("2024-09-30"))
    counts = tm.trend(RELEASES, TAGGED, ["narcotics"], "fiscal year", "releases", span)
    assert counts["label"].tolist() == ["FY2024"] and counts["value"].tolist() == [3]


def test_cooccurrence_counts_releases_mentioning_both():
    table = tm.cooccurrence(TAGGED)
    assert list(table.index) == ["narcotics", "illegal migration", "weapons smuggling"]
    assert table.loc["narcotics", "narcotics"] == 3 and table.loc["narcotics", "weapons smuggling"] == 1
    assert table.loc["illegal migration", "weapons smuggling"] == 0
    assert (table.to_numpy() == table.to_numpy().T).all()
    long = tm.cooccurrence_long(table)
    assert list(long.columns) == ["topic", "with", "releases"] and len(long) == 9
    assert tm.cooccurrence(TAGGED.iloc[:0]).empty


def test_kwic_finds_literal_terms_case_insensitively_newest_first():
    texts = pd.DataFrame(
        {
            "release_id": ["old", "new"],
            "date": pd.to_datetime(["2020-01-01", "2021-01-01"]),
            "title": ["Old", "New"],
            "text": ["A tractor-trailer (with 3 pallets) and a TRACTOR-TRAILER.", "One tractor-trailer."],
        }
    )
    lines, total = tm.kwic(texts, ["Tractor-Trailer"])
    assert total == 3 and lines["release_id"].tolist() == ["new", "old", "old"]
    assert lines["match"].tolist() == ["tractor-trailer", "tractor-trailer", "TRACTOR-TRAILER"]
    assert lines.iloc[1][["left", "right"]].tolist() == ["A", "(with 3 pallets) and a TRACTOR-TRAILER."]
    capped, total = tm.kwic(texts, ["tractor-trailer"], limit=2)
    assert len(capped) == 2 and total == 3
    assert tm.kwic(texts, ["(with 3"])[1] == 1  # literal: no regex meaning
    assert tm.kwic(texts, ["  "])[0].empty and tm.kwic(texts, ["nowhere"])[1] == 0


def test_kwic_context_is_cut_at_whole_words():
    text = "The quick brown fox jumps over the lazy dog near the river"
    left, right = tm._context(text, text.index("jumps"), text.index("jumps") + 5, 12)
    assert (left, right) == ("…brown fox", "over the…")


def test_topic_kwic_shows_the_newest_mentions_in_their_sentences():
    lines, total = tm.topic_kwic(MENTIONS, RELEASES, "narcotics")
    assert total == 4 and lines["release_id"].tolist() == ["c", "b", "b", "a", "a"]
    assert lines["match"].tolist() == ["Drugs", "drugs", "drugs", "drugs", "fentanyl"]
    assert lines.iloc[0][["left", "right", "title"]].tolist() == ["", "again.", "Drone program expands"]
    lines, total = tm.topic_kwic(MENTIONS, RELEASES, "narcotics", limit=1)
    assert len(lines) == 1 and total == 4
    assert tm.topic_kwic(MENTIONS, RELEASES.iloc[:1], "illegal migration")[1] == 0


def test_texts_keeps_only_the_selected_releases():
    bodies = pd.DataFrame({"id": ["a", "z"], "body": ["seized drugs", "not selected"]})
    assert tm.texts(bodies, RELEASES)["release_id"].tolist() == ["a"]


def test_taxonomy_terms_read_data_topics_yml():
    terms = [t for ts in taxonomy.load().values() for t in ts]
    assert "fentanyl" in terms and "weapon*" in terms
    # "smuggl*" alone would file every seizure under smuggling: it counts only beside its context words
    rules = taxonomy.rules(taxonomy.PATH.read_text(encoding="utf-8"))
    assert all("smuggl*" in topic.near for topic in rules.values() if "smuggl*" in topic.terms)
    assert taxonomy.finder(["weapon*"]).search("Weapons cache") and not taxonomy.finder([]).search("x")


# charts


def test_trend_chart_draws_a_line_per_topic_in_its_colour():
    counts = tm.trend(RELEASES, TAGGED, ["narcotics", "weapons smuggling"], "month", "share")
    fig = tc.trend(counts, "share", "month", "Source: test")
    assert [t.name for t in fig.data] == ["narcotics", "weapons smuggling"]
    assert all(t.mode == "lines+markers" for t in fig.data)
    assert fig.data[1].line.color == topic_colours()["weapons smuggling"]
    assert list(fig.data[0].customdata) == ["Jan 2024", "Feb 2024", "Mar 2024"]
    assert "%{customdata}" in fig.data[0].hovertemplate and "%" in fig.data[0].hovertemplate
    title = fig.layout.title.text
    assert title.startswith("Share of releases about each topic per month, Jan 2024 to Mar 2024")
    assert "narcotics and weapons smuggling" in title
    assert fig.layout.yaxis.title.text == "Share of releases (%)" and fig.layout.xaxis.title.text == "Month"
    assert list(fig.layout.xaxis.ticktext) == ["Jan 2024", "Feb 2024", "Mar 2024"]
    assert fig.layout.annotations[0].text == "Source: test"


def test_cooccurrence_chart_labels_every_cell():
    table = tm.cooccurrence(TAGGED)
    fig = tc.cooccurrence(table, "Source: test", "Jan 2024 to Mar 2024")
    heat = fig.data[0]
    assert list(heat.x) == list(heat.y) == ["narcotics", "illegal migration", "weapons smuggling"]
    assert heat.z[0][0] == 3 and heat.texttemplate == "%{text}"
    assert heat.customdata[0][2] == "narcotics and weapons smuggling: 1 releases"
    assert heat.customdata[0][0] == "narcotics: 3 releases"
    assert "Jan 2024 to Mar 2024" in fig.layout.title.text and fig.layout.yaxis.autorange == "reversed"


def test_names_joins_topics_in_words():
    assert tc.names(["a"]) == "a" and tc.names(["a", "b", "c"]) == "a, b and c" and tc.names([]) == ""


# the page


def charts(at) -> list[dict]:
    return [json.loads(c.proto.spec) for c in at.get("plotly_chart")]


def test_topics_page_shows_trend_cooccurrence_and_passages(open_app, sample_store):
    at = open_app("pages/topics.py")
    assert not at.exception
    trend, heat = charts(at)
    assert len(trend["data"]) == 5 and all(d["mode"] == "lines+markers" for d in trend["data"])
    assert trend["layout"]["title"]["text"].startswith(
        "Releases about each topic per month, Nov 2018 to Sep 2025"
    )
    about = Store(sample_store).read("topic_about")
    assert sorted(heat["data"][0]["x"]) == sorted(about.loc[about["about"], "topic"].unique())
    assert [b.label for b in at.get("download_button")] == ["Download the chart's data (CSV)"] * 2
    lines = at.dataframe[0].value
    assert list(lines.columns) == ["date", "left", "match", "right", "title", "open"]
    assert lines["open"].str.startswith("releases?release=").all()
    assert len(at.dataframe) == 1 and at.toggle(key="topics_discover").value is False  # suggestions on demand


def test_measure_and_period_change_the_trend(open_app):
    at = open_app("pages/topics.py", period="fiscal year")
    releases = charts(at)[0]
    at.segmented_control(key="topics_measure").set_value("Share").run()
    share = charts(at)[0]
    assert not at.exception and share["layout"]["title"]["text"].startswith("Share of releases about")
    assert values(share["data"][0]["y"]) != values(releases["data"][0]["y"])
    assert max(values(share["data"][0]["y"])) <= 100 and share["data"][0]["customdata"][0] == "FY2019"
    at.segmented_control(key="topics_measure").set_value("Mentions").run()
    mentions = charts(at)[0]
    assert all(
        m >= r
        for m, r in zip(values(mentions["data"][0]["y"]), values(releases["data"][0]["y"]), strict=True)
    )
    assert sum(values(mentions["data"][0]["y"])) > sum(values(releases["data"][0]["y"]))


def test_topic_filter_picks_the_compared_topics_from_the_url(open_app):
    at = open_app("pages/topics.py", topic=["narcotics", "weapons smuggling"], period="year")
    assert not at.exception
    trend = charts(at)[0]
    assert [d["name"] for d in trend["data"]] == ["narcotics", "weapons smuggling"]
    assert trend["data"][1]["line"]["color"] == topic_colours()["weapons smuggling"]
    assert len(charts(at)[1]["data"][0]["x"]) > 2  # co-occurrence keeps every topic of the selected releases
    assert at.selectbox(key="topics_kwic_topic").value == "narcotics"


def test_typed_words_search_the_release_text(open_app):
    at = open_app("pages/topics.py")
    at.text_input(key="topics_kwic_term").set_value("Tractor-Trailer").run()
    lines = at.dataframe[0].value
    assert not at.exception and len(lines) > 0
    assert (lines["match"].str.lower() == "tractor-trailer").all()
    at.text_input(key="topics_kwic_term").set_value("zzq never written").run()
    assert not at.exception and any("does not occur" in i.value for i in at.info)


def test_choosing_a_topic_shows_its_passages(open_app):
    at = open_app("pages/topics.py", topics_kwic_topic="weapons smuggling")
    matches = set(at.dataframe[0].value["match"].str.lower())
    assert (
        not at.exception
        and matches
        and all(
            m.startswith(("weapon", "firearm", "gun", "ammunition", "rifle", "pistol", "combat arms"))
            for m in matches
        )
    )


def test_nothing_selected_says_so(open_app):
    at = open_app("pages/topics.py", q="no release says this 7c1f")
    assert not at.exception and "No release matches" in at.info[0].value and not at.get("plotly_chart")


def test_no_two_colours_of_the_palette_are_hard_to_tell_apart():
    """Every topic has its own colour on every chart: no two of the palette's colours closer than 48 in RGB
    (three shades of blue, 29 and 35 apart, read as one in a legend)."""
    from itertools import combinations

    from lib.charts import PALETTE

    def rgb(colour: str) -> tuple[int, ...]:
        return tuple(int(colour[i : i + 2], 16) for i in (1, 3, 5))

    assert len(set(PALETTE)) == len(PALETTE) == 16
    closest = min(
        (sum((x - y) ** 2 for x, y in zip(rgb(a), rgb(b), strict=True)) ** 0.5, a, b)
        for a, b in combinations(PALETTE, 2)
    )
    assert closest[0] >= 48, closest
