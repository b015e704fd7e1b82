"""The Speakers page: metrics and charts on small hand-made frames, then the page through AppTest."""

from __future__ import annotations

import base64
import json
import re

import numpy as np
import pandas as pd
import pytest

from lib import speakers as names
from lib.charts import speakers as sc
from lib.metrics import speakers as sm
from lib.store import Store


def _releases() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "id": ["r1", "r2", "r3", "r4"],
            "title": ["One", "Two", "Three", "Four"],
            "date": pd.to_datetime(["2020-01-15", "2020-03-02", "2020-03-20", "2021-02-01"]),
        }
    )


def _quotes() -> pd.DataFrame:
    rows = [  # release, speaker, title, organisation, kind, cue, text, start
        ("r1", "Ann Lee", "Chief", "Border Patrol", "direct", "said", "We are ready for this.", 10),
        ("r1", "Ann Lee", "", "Border Patrol", "indirect", "said", "the agents were ready", 50),
        ("r2", "Ann Lee", "Chief", "", "direct", "added", "Two words", 5),
        ("r3", "Ann Lee", "Deputy Chief", "CBP", "direct", "said", "One more quote here", 7),
        ("r2", "Bo Ray", "Port Director", "CBP", "direct", "said", "Short", 3),
        ("r4", "Bo Ray", "Port Director", "CBP", "direct", "said", "Longer quote of six words", 3),
        ("r4", "", "", "", "direct", "", "nobody said this", 40),
        ("r4", None, None, None, "direct", None, "nor this", 80),
    ]
    return pd.DataFrame(
        rows,
        columns=["release_id", "speaker", "speaker_title", "speaker_org", "kind", "cue", "text", "start"],
    )


@pytest.fixture
def rows() -> pd.DataFrame:
    return sm.quoted(_quotes(), _releases())


def values(array) -> list:
    """Plotly JSON stores numeric arrays as base64 typed arrays ({"dtype", "bdata"})."""
    if isinstance(array, dict) and "bdata" in array:
        return np.frombuffer(base64.b64decode(array["bdata"]), dtype=array["dtype"]).tolist()
    return list(array)


# metrics


def test_quoted_keeps_attributed_quotes_with_release_date_title_and_words(rows):
    assert len(rows) == 6 and set(rows["speaker"]) == {"Ann Lee", "Bo Ray"}
    first = rows[rows["start"] == 10].iloc[0]
    assert first["date"] == pd.Timestamp("2020-01-15") and first["release"] == "One" and first["words"] == 5


def test_quotes_of_releases_not_selected_are_left_out():
    assert set(sm.quoted(_quotes(), _releases().iloc[:1])["release_id"]) == {"r1"}


def test_quoted_counts_the_unattributed_quotes_of_the_selected_releases(rows):
    assert rows.attrs["unattributed"] == 2  # "" and None, both in r4
    assert sm.quoted(_quotes(), _releases().iloc[:3]).attrs["unattributed"] == 0


def test_counted_says_how_many_quotes_are_left_out(rows):
    assert sm.counted(rows).startswith(
        "6 attributed quotes from 2 speakers; 2 quotes without a speaker are left"
    )
    one = sm.quoted(_quotes().iloc[[0, 6]], _releases())
    assert sm.counted(one).startswith(
        "1 attributed quote from 1 speaker; 1 quote without a speaker is left out"
    )
    assert "every quote names its speaker" in sm.counted(sm.quoted(_quotes().iloc[:1], _releases()))


def test_ranking_counts_quotes_releases_words_and_dates_per_person(rows):
    table = sm.ranking(rows)
    assert table["speaker"].tolist() == ["Ann Lee", "Bo Ray"]
    ann = table.iloc[0]
    assert (ann["quotes"], ann["releases"], ann["words"]) == (4, 3, 5 + 4 + 2 + 4)
    assert ann["first"] == pd.Timestamp("2020-01-15") and ann["last"] == pd.Timestamp("2020-03-20")
    assert table.iloc[1][["quotes", "releases", "words"]].tolist() == [2, 2, 6]


def test_ranking_gives_the_most_frequent_title_and_organisation_ignoring_empty_ones(rows):
    ann = sm.ranking(rows).set_index("speaker").loc["Ann Lee"]
    assert ann["title"] == "Chief" and ann["organisation"] == "Border Patrol"


def test_ranking_by_title_groups_people_and_skips_quotes_without_a_title(rows):
    table = sm.ranking(rows, "speaker_title").set_index("speaker_title")
    assert set(table.index) == {"Chief", "Deputy Chief", "Port Director"}
    assert table.loc["Chief", "quotes"] == 2 and table.loc["Port Director", "quotes"] == 2
    by_org = sm.ranking(rows, "speaker_org").set_index("speaker_org")
    assert by_org.loc["CBP", "quotes"] == 3 and by_org.loc["CBP", "people"] == 2


def test_organisations_written_with_curly_and_straight_apostrophes_are_one():
    quotes = _quotes().assign(
        speaker_org=lambda q: q["speaker_org"].replace(
            {"Border Patrol": "Mexico’s National Guard", "CBP": "Mexico's National Guard"}
        )
    )
    by_org = sm.ranking(sm.quoted(quotes, _releases()), "speaker_org")
    assert by_org["speaker_org"].tolist() == ["Mexico's National Guard"] and by_org["quotes"].tolist() == [5]


def test_ranking_of_no_quotes_is_empty_with_its_columns(rows):
    table = sm.ranking(rows.iloc[:0])
    assert table.empty and list(table.columns) == [
        "speaker",
        "quotes",
        "releases",
        "words",
        "first",
        "last",
        "title",
        "organisation",
    ]


def test_top_takes_the_highest_by_the_chosen_measure(rows):
    table = sm.ranking(rows)
    assert sm.top(table, "quotes", 1)["speaker"].tolist() == ["Ann Lee"]
    words = pd.DataFrame({"speaker": ["a", "b", "c"], "quotes": [5, 3, 1], "words": [10, 40, 20]})
    assert sm.top(words, "words", 2)["speaker"].tolist() == ["b", "c"]


def test_over_time_counts_quotes_per_period_for_the_chosen_speakers_zeros_included(rows):
    counts = sm.over_time(rows, ["Bo Ray", "Ann Lee"], "month")
    assert counts["speaker"].unique().tolist() == ["Bo Ray", "Ann Lee"]  # in the order asked for
    ann = counts[counts["speaker"] == "Ann Lee"].set_index("label")["quotes"]
    assert ann["Jan 2020"] == 2 and ann["Feb 2020"] == 0 and ann["Mar 2020"] == 2 and ann["Feb 2021"] == 0
    assert len(ann) == 14  # Jan 2020 to Feb 2021


def test_over_time_spans_the_dates_of_the_filter(rows):
    counts = sm.over_time(rows, ["Ann Lee"], "year", start=pd.Timestamp("2018-05-01").date(), end=None)
    assert counts["label"].tolist() == ["2018", "2019", "2020", "2021"] and counts["quotes"].tolist() == [
        0,
        0,
        4,
        0,
    ]


def test_over_time_of_no_speaker_is_empty(rows):
    assert sm.over_time(rows, [], "month").empty


def test_profile_gives_each_title_and_organisation_with_the_dates_it_was_used(rows):
    titles = sm.profile(rows, "Ann Lee")["titles"]
    assert titles["value"].tolist() == [
        "(not given)",
        "Chief",
        "Deputy Chief",
    ]  # earliest first, then by name
    chief = titles.set_index("value").loc["Chief"]
    assert chief["from"] == pd.Timestamp("2020-01-15") and chief["to"] == pd.Timestamp("2020-03-02")
    assert chief["quotes"] == 2
    orgs = sm.profile(rows, "Ann Lee")["organisations"].set_index("value")
    assert orgs.loc["Border Patrol", "quotes"] == 2 and orgs.loc["CBP", "from"] == pd.Timestamp("2020-03-20")


def test_profile_facts_count_a_speakers_quotes_words_and_kinds(rows):
    assert sm.profile(rows, "Ann Lee")["facts"] == {
        "Quotes": "4",
        "Releases": "3",
        "Words quoted": "15",
        "Direct / indirect": "3 / 1",
        "Quoted": "from Jan 2020 to Mar 2020",
    }
    assert sm.profile(rows, "Bo Ray")["facts"]["Quoted"] == "from Mar 2020 to Feb 2021"


def test_profile_lists_every_quote_newest_first_with_a_link_to_its_release(rows):
    said = sm.profile(rows, "Ann Lee", "releases?period=year&release=")["quotes"]
    assert list(said.columns) == ["date", "open", "text", "kind", "cue", "speaker_title", "release"]
    assert said["release"].tolist() == ["Three", "Two", "One", "One"]
    assert said["text"].tolist()[2:] == ["We are ready for this.", "the agents were ready"]  # by position
    assert said["open"].tolist()[:2] == ["releases?period=year&release=r3", "releases?period=year&release=r2"]
    assert said["speaker_title"].tolist() == ["Deputy Chief", "Chief", "Chief", ""]


def test_profile_takes_the_text_of_quotes_read_without_it_by_release_and_position(rows):
    texts = _quotes()[["release_id", "start", "text"]]
    said = sm.profile(rows.drop(columns="text"), "Ann Lee", texts=pd.concat([texts, texts]))["quotes"]
    assert said["text"].tolist() == sm.profile(rows, "Ann Lee")["quotes"]["text"].tolist()
    missing = sm.profile(rows.drop(columns="text"), "Ann Lee", texts=texts.iloc[:0])["quotes"]
    assert len(missing) == 4 and missing["text"].isna().all()
    with pytest.raises(ValueError, match="no text"):
        sm.profile(rows.drop(columns="text"), "Ann Lee")


def test_quoted_takes_the_words_when_given_instead_of_counting_the_text():
    given = sm.quoted(_quotes().drop(columns="text").assign(words=7), _releases())
    assert "text" not in given and (given["words"] == 7).all()


def test_profile_links_encode_the_release_id():
    rows = sm.quoted(_quotes().assign(release_id="a b&c"), _releases().assign(id="a b&c").iloc[:1])
    assert (
        sm.profile(rows, "Ann Lee", "releases?release=")["quotes"]["open"].iloc[0]
        == "releases?release=a%20b%26c"
    )


def test_profile_of_an_unknown_speaker_is_empty(rows):
    profile = sm.profile(rows, "Nobody")
    assert profile["quotes"].empty and profile["titles"].empty and profile["facts"]["Quotes"] == "0"


# charts


def test_ranking_chart_puts_the_largest_on_top_and_titles_the_measure_and_span(rows):
    top = sm.top(sm.ranking(rows), "words")
    fig = sc.ranking(top, "speaker", "words", "Source: test", "Jan 2020 to Feb 2021")
    bar = fig.data[0]
    assert bar.orientation == "h" and list(bar.y) == ["Bo Ray", "Ann Lee"] and list(bar.x) == [6, 15]
    assert fig.layout.title.text == "Top 2 people quoted, by words quoted, Jan 2020 to Feb 2021"
    assert fig.layout.xaxis.title.text == "Words quoted" and fig.layout.yaxis.title.text == "Person"
    assert any(a.text == "Source: test" for a in fig.layout.annotations)


def test_a_ranking_of_single_quotes_has_whole_distinct_ticks():
    table = pd.DataFrame({"speaker": ["Harbor Alliance"], "quotes": [1], "releases": [1], "words": [16]})
    axis = sc.ranking(table, "speaker", "quotes", "s", kind="organisation").layout.xaxis
    assert axis.tickformat == ",d" and axis.dtick == 1  # ticks at 0 and 1 only, never "0 0 0 1 1 1"


def test_ranking_chart_escapes_names_and_shortens_long_labels():
    table = pd.DataFrame(
        {
            "speaker_org": ["<b>Office</b>", "Office of the Very Long Name of a Federal Component"],
            "quotes": [2, 1],
            "releases": [1, 1],
            "words": [3, 3],
        }
    )
    fig = sc.ranking(table, "speaker_org", "quotes", "s")
    assert fig.data[0].y[-1] == "&lt;b&gt;Office&lt;/b&gt;"
    assert fig.data[0].y[0].endswith("…") and len(fig.data[0].y[0]) == sc.LABEL_CHARS
    assert fig.data[0].customdata[0] == "Office of the Very Long Name of a Federal Component"
    assert fig.layout.title.text.startswith("Top 2 organisations quoted, by quotes")


def test_ranking_chart_keeps_full_labels_when_shortening_would_merge_two():
    long = "A" * 60
    table = pd.DataFrame(
        {"speaker": [long + "1", long + "2"], "quotes": [2, 1], "releases": [1, 1], "words": [1, 1]}
    )
    assert set(sc.ranking(table, "speaker", "quotes", "s").data[0].y) == {long + "1", long + "2"}


def test_over_time_chart_draws_a_line_with_markers_per_speaker(rows):
    counts = sm.over_time(rows, ["Ann Lee", "Bo Ray"], "quarter")
    fig = sc.over_time(counts, "quarter", "Source: test", "top 5 speakers")
    assert [t.name for t in fig.data] == ["Ann Lee", "Bo Ray"] and all(
        t.mode == "lines+markers" for t in fig.data
    )
    assert list(fig.data[0].y) == [4, 0, 0, 0, 0]
    assert fig.layout.title.text == "Quotes per quarter, top 5 speakers, Q1 2020 to Q1 2021"
    assert fig.layout.xaxis.title.text == "Quarter" and fig.layout.yaxis.title.text == "Quotes"


# the page

PAGE = "pages/speakers.py"


def _charts(at) -> list[dict]:
    return [json.loads(c.proto.spec) for c in at.get("plotly_chart")]


FRAMES = [
    "speakers_table",
    "speakers_names",
    "speakers_titles",
    "speakers_organisations",
    "speakers_quotes",
]  # in page order


def _frame(at, key: str) -> pd.DataFrame:
    """A dataframe of the page by its key (AppTest does not expose the keys of read-only dataframes)."""
    assert len(at.dataframe) == len(FRAMES)
    return at.dataframe[FRAMES.index(key)].value


def as_written(store) -> pd.Series:
    """Quotes per name as written in the store, most first."""
    return Store(store).read("quotes", ["speaker"])["speaker"].value_counts()


def quotes_per_speaker(store, kind: str | None = "person") -> pd.Series:
    """Quotes per canonical speaker of `kind` in the store (people by default, everyone for None), most
    first: what the page must show, whatever the extraction finds."""
    quotes = Store(store).read("quotes", ["speaker", "speaker_kind"])
    quotes = quotes.loc[quotes["speaker_kind"] == kind if kind else slice(None), ["speaker"]]
    mapped = names.apply(quotes, names.table(quotes["speaker"].value_counts()))
    return mapped["speaker"].astype(str).value_counts().drop("", errors="ignore")


WHITCOMB = ("Daniel R. Whitcomb", "Daniel Whitcomb")  # one person in the sample, with and without his initial


def test_speakers_page_ranks_people_and_opens_the_top_speakers_profile(open_app, sample_store):
    at = open_app(page=PAGE)
    assert not at.exception
    ranking, over_time = _charts(at)
    most = quotes_per_speaker(sample_store)
    assert len(most) == 14  # 16 names as written
    assert ranking["layout"]["title"]["text"] == "Top 14 people quoted, by quotes, Nov 2018 to Sep 2025"
    marquez = most["Elena Marquez"]
    assert ranking["data"][0]["y"][-1] == most.index[0] == "Elena Marquez"
    assert max(values(ranking["data"][0]["x"])) == marquez
    assert over_time["layout"]["title"]["text"].startswith("Quotes per month, top 5 speakers")
    assert [t["name"] for t in over_time["data"]][:2] == list(most.index[:2])
    assert all(t["mode"] == "lines+markers" for t in over_time["data"]) and len(over_time["data"]) == 5
    assert "attributed quotes from" in at.caption[0].value
    table = _frame(at, "speakers_table")
    assert table.iloc[0]["speaker"] == "Elena Marquez" and table.iloc[0]["quotes"] == marquez
    stored = Store(sample_store).read(
        "quotes", ["speaker", "text"]
    )  # words counted when read, the text not kept
    assert table.iloc[0]["words"] == sum(
        len(t.split()) for t in stored.loc[stored["speaker"] == "Elena Marquez", "text"]
    )
    whitcomb = table.set_index("speaker").loc["Daniel R. Whitcomb"]  # both names as written, one speaker
    assert "Daniel Whitcomb" not in set(table["speaker"])
    assert whitcomb["quotes"] == as_written(sample_store)[list(WHITCOMB)].sum() == most["Daniel R. Whitcomb"]
    assert at.selectbox(key="speakers_profile").value == "Elena Marquez"
    quotes = _frame(at, "speakers_quotes")
    assert len(quotes) == marquez and quotes["open"].str.match(r"releases\?(.*&)?release=\w+$").all()
    assert {m.label: m.value for m in at.metric}["Quotes"] == str(marquez)


def test_the_measure_and_the_grouping_change_the_ranking_chart(open_app):
    at = open_app(page=PAGE)
    at.segmented_control(key="speakers_measure").set_value("releases").run()
    chart = _charts(at)[0]
    assert not at.exception and chart["layout"]["title"]["text"].startswith(
        "Top 14 people quoted, by releases"
    )
    assert chart["layout"]["xaxis"]["title"]["text"] == "Releases quoted in"
    by_releases = values(chart["data"][0]["x"])
    assert by_releases[-1] == max(by_releases) == _frame(at, "speakers_table")["releases"].max()
    at.segmented_control(key="speakers_by").set_value("speaker_org").run()
    chart = _charts(at)[0]
    assert re.match(r"Top \d+ organisations quoted, by releases", chart["layout"]["title"]["text"])
    assert "U.S. Border Patrol" in chart["data"][0]["y"] and "Elena Marquez" not in chart["data"][0]["y"]
    assert "people" in _frame(at, "speakers_table").columns


def test_people_organisations_and_groups_are_ranked_apart(open_app, sample_store):
    """The page ranks people by default; organisations (and documents) and groups of people quoted together
    have their own rankings, and everyone can be ranked together."""
    at = open_app(page=PAGE)
    people = set(_frame(at, "speakers_table")["speaker"])
    for kind in ("organisation", "group"):
        expected = quotes_per_speaker(sample_store, kind)
        assert len(expected) > 0, f"the sample quotes no {kind}"
        assert not people & set(expected.index)
        at.segmented_control(key="speakers_kind").set_value(kind).run()
        assert not at.exception
        table = _frame(at, "speakers_table").set_index("speaker")["quotes"]
        assert table.to_dict() == expected.to_dict()
        title = _charts(at)[0]["layout"]["title"]["text"]
        assert title.startswith(
            f"The only {kind} quoted" if len(expected) == 1 else f"Top {len(expected)} {kind}s"
        )
    at.segmented_control(key="speakers_kind").set_value("all").run()
    everyone = set(_frame(at, "speakers_table")["speaker"])
    assert everyone == people | set(quotes_per_speaker(sample_store, "organisation").index) | set(
        quotes_per_speaker(sample_store, "group").index
    )
    top = min(len(everyone), 15)  # the chart shows the top 15 (the table every one)
    assert _charts(at)[0]["layout"]["title"]["text"].startswith(f"Top {top} speakers quoted")


def test_the_url_restores_the_ranking_and_the_profile(open_app):
    at = open_app(
        page=PAGE, speakers_by="Title", speakers_measure="Words quoted", speakers_profile="Daniel R. Whitcomb"
    )
    assert not at.exception
    assert at.segmented_control(key="speakers_by").value == "speaker_title"
    assert re.match(r"Top \d+ titles quoted, by words quoted", _charts(at)[0]["layout"]["title"]["text"])
    assert at.selectbox(key="speakers_profile").value == "Daniel R. Whitcomb"
    titles = _frame(at, "speakers_titles").set_index("value")
    assert {"Acting Commissioner", "Commissioner"} <= set(titles.index)
    assert titles.loc["Commissioner", "from"] > titles.loc["Acting Commissioner", "to"]
    assert (_frame(at, "speakers_quotes")["speaker_title"].isin(titles.index)).all()


def test_the_sidebar_speaker_filter_draws_only_those_speakers_over_time(open_app, sample_store):
    at = open_app(page=PAGE, speaker=["Howard Kim", "Angela Brooks"], period="year")
    assert not at.exception
    over_time = _charts(at)[1]
    assert {t["name"] for t in over_time["data"]} == {"Howard Kim", "Angela Brooks"}
    assert over_time["layout"]["title"]["text"].startswith("Quotes per year, selected speakers")
    most = quotes_per_speaker(sample_store)
    assert sum(sum(values(t["y"])) for t in over_time["data"]) == most["Howard Kim"] + most["Angela Brooks"]
    assert set(_frame(at, "speakers_table")["speaker"]) == {"Howard Kim", "Angela Brooks"}


def test_changing_the_period_changes_the_over_time_chart(open_app, sample_store):
    at = open_app(page=PAGE)
    monthly = _charts(at)[1]["data"][0]
    at.segmented_control(key="period").set_value("fiscal year").run()
    yearly = _charts(at)[1]
    assert len(values(yearly["data"][0]["x"])) < len(values(monthly["x"]))
    assert (
        sum(values(yearly["data"][0]["y"]))
        == sum(values(monthly["y"]))
        == quotes_per_speaker(sample_store).iloc[0]
    )
    assert yearly["layout"]["title"]["text"].endswith("FY2019 to FY2025")


def test_choosing_a_speaker_shows_their_profile(open_app, sample_store):
    at = open_app(page=PAGE)
    at.selectbox(key="speakers_profile").set_value("Lisa Okafor").run()
    okafor = quotes_per_speaker(sample_store)["Lisa Okafor"]
    assert not at.exception and {m.label: m.value for m in at.metric}["Quotes"] == str(okafor)
    assert len(_frame(at, "speakers_quotes")) == okafor and at.subheader[0].value == "Lisa Okafor"
    stored = Store(sample_store).read(
        "quotes", ["speaker", "text"]
    )  # the texts are read for the profile alone
    assert sorted(_frame(at, "speakers_quotes")["text"]) == sorted(
        stored.loc[stored["speaker"] == "Lisa Okafor", "text"]
    )


def test_a_filter_that_matches_nothing_says_so(open_app):
    at = open_app(page=PAGE, q="no release says this 7c1f")
    assert not at.exception and not at.get("plotly_chart")
    assert "No quote in the selected releases names its speaker" in at.info[0].value


def test_the_caption_says_how_many_names_as_written_became_how_many_speakers(open_app, sample_store):
    at = open_app(page=PAGE)
    written, people = len(as_written(sample_store)), len(quotes_per_speaker(sample_store, None))
    assert written - people == 2  # Whitcomb with and without his initial, Echeverría with and without accents
    assert (
        f"{written} names as written merged into {people} speakers; see data/speakers.yml to merge or split"
        in at.caption[0].value
    )
    assert "counted as different speakers" not in at.caption[0].value


def test_the_profile_lists_the_names_as_written_and_titles_across_them(open_app, sample_store):
    at = open_app(page=PAGE, speakers_profile="Daniel R. Whitcomb")
    assert not at.exception
    written = _frame(at, "speakers_names").set_index("value")["quotes"]
    assert written.to_dict() == as_written(sample_store)[list(WHITCOMB)].to_dict()
    titles = _frame(at, "speakers_titles")
    assert titles["quotes"].sum() == written.sum() == len(_frame(at, "speakers_quotes"))
    assert {m.label: m.value for m in at.metric}["Quotes"] == str(written.sum())


def test_the_sidebar_lists_speakers_and_filtering_by_one_selects_all_its_names(open_app, sample_store):
    at = open_app(page=PAGE, speaker=["Daniel R. Whitcomb"], period="year")
    assert not at.exception
    options = at.multiselect(key="speaker").options
    assert "Daniel R. Whitcomb" in options and "Daniel Whitcomb" not in options
    assert "Tomás Echeverría" in options and "Tomas Echeverria" not in options
    over_time = _charts(at)[1]
    assert [t["name"] for t in over_time["data"]] == ["Daniel R. Whitcomb"]
    assert sum(values(over_time["data"][0]["y"])) == as_written(sample_store)[list(WHITCOMB)].sum()
    assert set(_frame(at, "speakers_names")["value"]) == set(WHITCOMB)


def test_a_link_with_a_name_as_written_opens_on_its_speaker(open_app):
    at = open_app(page=PAGE, speaker=["Daniel Whitcomb"], period="year")
    assert not at.exception
    assert at.multiselect(key="speaker").value == ["Daniel R. Whitcomb"]
    assert [t["name"] for t in _charts(at)[1]["data"]] == ["Daniel R. Whitcomb"]
    assert at.query_params["speaker"] == "Daniel R. Whitcomb"  # the URL too: a copied link keeps the filter


def test_an_edited_alias_file_shows_at_the_next_rerun(open_app, sample_store, tmp_path, monkeypatch):
    aliases = tmp_path / "speakers.yml"
    aliases.write_text("split:\n  - Daniel Whitcomb\n", encoding="utf-8")
    monkeypatch.setenv("PRESSROOM_SPEAKERS", str(aliases))
    at = open_app(page=PAGE)
    table = _frame(at, "speakers_table").set_index("speaker")["quotes"]
    assert table["Daniel Whitcomb"] == as_written(sample_store)["Daniel Whitcomb"]
    assert table["Daniel R. Whitcomb"] == as_written(sample_store)["Daniel R. Whitcomb"]
    assert "Daniel Whitcomb" in at.multiselect(key="speaker").options
    aliases.write_text("merge:\n  Dan Whitcomb: [Daniel Whitcomb]\n", encoding="utf-8")
    at.run()
    table = _frame(at, "speakers_table").set_index("speaker")["quotes"]
    assert table["Dan Whitcomb"] == as_written(sample_store)[list(WHITCOMB)].sum()
    assert "Daniel Whitcomb" not in table and "Daniel R. Whitcomb" not in table


def test_a_bad_alias_file_is_reported_and_speakers_still_merge(open_app, sample_store, tmp_path, monkeypatch):
    aliases = tmp_path / "broken.yml"
    aliases.write_text("merge: [Daniel Whitcomb\n", encoding="utf-8")
    monkeypatch.setenv("PRESSROOM_SPEAKERS", str(aliases))
    at = open_app(page=PAGE)
    assert not at.exception and not at.error
    warning = at.sidebar.warning[0].value
    assert str(aliases) in warning and "is not valid YAML" in warning and "merged without it" in warning
    table = _frame(at, "speakers_table").set_index("speaker")["quotes"]
    assert table["Daniel R. Whitcomb"] == as_written(sample_store)[list(WHITCOMB)].sum()
