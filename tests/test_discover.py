"""Terms the taxonomy misses: discovery on small hand-made frames and on real White House releases, adding a
term to a copy of the taxonomy, the chart, and the Suggested terms section of the Topics page."""

from __future__ import annotations

import json
import re
import shutil

import pandas as pd
import pytest

from lib import taxonomy as tx
from lib.charts import topic_colours
from lib.charts import topics as tc
from lib.metrics import discover as d
from tests.conftest import need

TAXONOMY = {
    "narcotics": ["fentanyl", "cocaine"],
    "weapons smuggling": ["gun*"],
    "trade and tariffs": ["forced labor"],
}


def frames(n: int = 30):
    """Weekly releases over seven months: before, cocaine at the port; in the last two months, xylazine and
    fentanyl (a taxonomy term) rise, and ghost guns (found by gun*)."""
    dates = pd.date_range("2024-01-01", periods=n, freq="7D")
    late = dates >= pd.Timestamp("2024-06-01")
    bodies = [
        (
            "Agents found xylazine hidden in a truck. The xylazine was mixed with fentanyl. Officers also "
            "seized ghost guns."
            if new
            else "Officers found cocaine at the port of entry. The port director thanked them."
        )
        for new in late
    ]
    releases = pd.DataFrame(
        {
            "id": [f"r{i:02d}" for i in range(n)],
            "date": dates,
            "title": [f"Seizure report {chr(97 + i % 26)}" for i in range(n)],
        }
    )
    mentions = pd.DataFrame({"release_id": releases["id"].where(late, None).dropna(), "topic": "narcotics"})
    return releases, pd.DataFrame({"id": releases["id"], "body": bodies}), mentions


def run(releases, bodies, mentions, **kw):
    return d.discover(releases, bodies, mentions, TAXONOMY, period="month", recent=2, **kw)


def test_a_rising_term_is_suggested_and_taxonomy_terms_are_not():
    found = run(*frames())
    table = found.suggestions
    assert found.recent_label == "Jun 2024 to Jul 2024" and found.reason == "" and found.analysed == 30
    assert "xylazine" in " ".join(table["term"])
    assert not table["term"].str.contains("fentanyl|cocaine|gun|ghost").any()  # found by the taxonomy
    row = table[table["term"].str.contains("xylazine")].iloc[0]
    late = int((frames()[0]["date"] >= "2024-06-01").sum())
    assert (row["releases_recent"], row["share_recent"], row["releases_before"], row["share_before"]) == (
        late,
        100.0,
        0,
        0.0,
    )
    assert row["score"] > 0 and row["topic"] == "narcotics"  # every xylazine release is tagged narcotics
    assert "xylazine" in row["example"].lower() and row["release_id"] == "r29"  # the newest recent release
    assert not table["term"].str.contains("port|cocaine").any()  # fell: not suggested
    assert list(table.columns) == d.COLUMNS


def test_a_term_without_a_topic_of_its_own_is_a_new_topic():
    releases, bodies, mentions = frames()
    table = run(releases, bodies, mentions.iloc[:0]).suggestions
    assert set(table["topic"]) == {d.NEW_TOPIC}


def test_discovery_is_the_same_run_after_run_and_whatever_the_row_order():
    releases, bodies, mentions = frames()
    first = run(releases, bodies, mentions)
    again = run(releases, bodies, mentions)
    shuffled = run(
        releases.sample(frac=1, random_state=1),
        bodies.sample(frac=1, random_state=2),
        mentions.sample(frac=1, random_state=3),
    )
    pd.testing.assert_frame_equal(first.suggestions, again.suggestions)
    pd.testing.assert_frame_equal(first.suggestions, shuffled.suggestions)
    assert first.recent_label == shuffled.recent_label


def test_a_sample_is_fixed_by_release_id():
    releases, bodies, mentions = frames(60)
    found = run(releases, bodies, mentions, limit=40)
    assert (found.analysed, found.selected) == (40, 60)
    shuffled = run(releases.sample(frac=1, random_state=4), bodies, mentions, limit=40)
    pd.testing.assert_frame_equal(found.suggestions, shuffled.suggestions)
    assert "xylazine" in " ".join(found.suggestions["term"])


def test_bodies_read_for_the_sampled_releases_only_give_the_same_terms():
    releases, bodies, mentions = frames(60)
    asked = []

    def heads(ids):
        asked.append(list(ids))
        return bodies[bodies["id"].isin(ids)]

    read = run(releases, heads, mentions, limit=40)
    pd.testing.assert_frame_equal(read.suggestions, run(releases, bodies, mentions, limit=40).suggestions)
    assert len(asked) == 1 and len(set(asked[0])) == 40


def test_terms_leave_out_numbers_dates_and_stop_words_at_their_edges():
    texts = pd.Series(
        [
            "The Secretary of State met 3,000 officers on Jan. 5, 2024 — in El Paso-area ports.",
            "Secretary of State visits.",
        ]
    )
    matrix, vocab = d.vectorise(texts, min_df=1)
    terms = set(vocab)
    assert {
        "secretary of state",
        "secretary",
        "state",
        "officers",
        "el paso-area",
        "paso-area ports",
    } <= terms
    assert not terms & {"the secretary", "of state", "jan", "2024", "3,000", "met 3,000", "officers on"}
    assert matrix.shape == (2, len(vocab)) and matrix[:, list(vocab).index("secretary of state")].sum() == 2
    assert d.vectorise(texts, min_df=2)[1].tolist() == ["secretary", "secretary of state", "state"]
    assert d.vectorise(pd.Series(["2024", "."]))[0] is None


def test_covered_terms_are_those_the_tagger_finds_or_words_of_a_taxonomy_phrase():
    flags = d.covered(
        ["guns", "ghost guns", "forced", "labor", "forced labor camps", "labour", "ghost"], TAXONOMY
    )
    assert flags.tolist() == [True, True, True, True, True, False, False]


def test_nothing_to_compare_says_why():
    releases, bodies, mentions = frames(6)  # five weeks: two months at most
    found = d.discover(releases, bodies, mentions, TAXONOMY, period="month", recent=2)
    assert found.suggestions.empty and "nothing before" in found.reason
    assert (
        d.discover(releases.iloc[:0], bodies, mentions, TAXONOMY).reason == "No selected release has a date."
    )
    quiet = frames()[1].assign(body="Officers found cocaine at the port of entry.")
    assert "No term the taxonomy misses" in run(frames()[0], quiet, mentions).reason


def test_sentence_is_the_one_holding_the_term():
    text = "Title here\nFirst sentence. Agents found Xylazine today. Last one."
    assert d.sentence(text, "xylazine") == "Agents found Xylazine today."
    assert d.sentence(text, "nowhere") == ""


# the taxonomy file


@pytest.fixture
def topics_copy(tmp_path):
    path = tmp_path / "topics.yml"
    shutil.copy(tx.PATH, path)
    return path


def test_adding_a_term_keeps_every_other_line_and_comment(topics_copy):
    before = topics_copy.read_text(encoding="utf-8").splitlines()
    message = tx.add_term("narcotics", "Xylazine", topics_copy)
    after = topics_copy.read_text(encoding="utf-8").splitlines()
    assert "Added “xylazine” to the topic narcotics" in message and "python -m lib process" in message
    changed = [i for i, (a, b) in enumerate(zip(before, after, strict=False)) if a != b]
    assert len(after) == len(before) and len(changed) == 1
    assert after[changed[0]] == before[changed[0]][:-1] + ", xylazine]"
    assert before[0].startswith("#") and after[:3] == before[:3]  # comments kept
    loaded = tx.load(topics_copy)
    assert loaded["narcotics"][-1] == "xylazine" and tx.finder(loaded["narcotics"]).search(
        "Xylazine was found"
    )


def test_adding_a_term_to_a_new_topic_appends_it(topics_copy):
    tx.add_term("drones", "unmanned aircraft", topics_copy)
    assert topics_copy.read_text(encoding="utf-8").endswith("\ndrones: [unmanned aircraft]\n")
    assert tx.load(topics_copy)["drones"] == ["unmanned aircraft"]
    assert list(tx.load(topics_copy))[:-1] == list(tx.load())


@pytest.mark.parametrize(
    "topic,term,says",
    [
        ("narcotics", "fentanyl", "already found by the term “fentanyl” of the topic narcotics"),
        ("workforce", "Drugs", "already found by the term “drug*” of the topic narcotics"),
        ("trade and tariffs", "forced", "already found by the term “forced labor”"),
        ("narcotics", "x: [y]", "a term is lower-case words"),
        ("yes", "xylazine", "cannot be a topic name"),
    ],
)
def test_adding_refuses_duplicates_and_bad_input_with_a_sentence(topics_copy, topic, term, says):
    before = topics_copy.read_bytes()
    with pytest.raises(tx.TaxonomyError, match=re.escape(says)):
        tx.add_term(topic, term, topics_copy)
    assert topics_copy.read_bytes() == before


def test_adding_to_a_block_list_and_an_empty_list(tmp_path):
    path = tmp_path / "topics.yml"
    path.write_text("# mine\ndrones:\n  - drone*  # any\n  - uav\nempty: []\nnext: [x]\n", encoding="utf-8")
    tx.add_term("drones", "quadcopter", path)
    tx.add_term("empty", "first term", path)
    assert path.read_text(encoding="utf-8") == (
        "# mine\ndrones:\n  - drone*  # any\n  - uav\n  - quadcopter\nempty: [first term]\nnext: [x]\n"
    )


def test_terms_added_at_once_are_all_kept(topics_copy):
    from concurrent.futures import ThreadPoolExecutor

    words = [f"term{chr(97 + i)}" for i in range(8)]
    with ThreadPoolExecutor(8) as pool:
        list(pool.map(lambda w: tx.add_term("narcotics", w, topics_copy), words))
    assert set(words) <= set(tx.load(topics_copy)["narcotics"])


def test_snippet_is_the_topic_line_with_the_term():
    assert tx.snippet("narcotics", "xylazine").splitlines()[1].startswith("  terms: [narcotic*, drug*")
    assert tx.snippet("narcotics", "xylazine").splitlines()[1].endswith(", xylazine]")
    assert tx.snippet("workforce", "payroll").splitlines()[1].startswith("workforce: [recruit*, ")
    assert tx.snippet("drones", "uav").endswith("drones: [uav]\n") and "new topic" in tx.snippet(
        "drones", "uav"
    )


# the chart


def test_suggestions_chart_pairs_the_shares_before_and_recent():
    table = run(*frames()).suggestions
    fig = tc.suggestions(table, "Jun 2024 to Jul 2024", "Source: test")
    assert [t.name for t in fig.data] == ["Before", "Jun 2024 to Jul 2024"]
    assert list(fig.data[1].y) == list(table["term"][::-1]) and list(fig.data[1].x) == list(
        table["share_recent"][::-1]
    )
    assert fig.layout.title.text.startswith("Terms rising in Jun 2024 to Jul 2024 that no topic finds")
    assert fig.layout.barmode == "group" and fig.layout.annotations[0].text == "Source: test"


# the page

SUGGEST = {"period": "year", "topics_discover": "true", "topics_recent": "1"}


def test_topics_page_suggests_terms_on_demand(open_app):
    at = open_app("pages/topics.py")
    assert not at.exception and at.toggle(key="topics_discover").value is False
    assert not at.get("button")  # nothing read until asked
    at = open_app("pages/topics.py", **SUGGEST)
    assert not at.exception
    table = at.dataframe[1].value
    assert len(table) > 0 and (table["share_recent"] >= 1.5 * table["share_before"]).all()
    assert table["open"].str.startswith("releases?").all() and table["example"].str.len().gt(0).all()
    chart = json.loads(at.get("plotly_chart")[-1].proto.spec)
    assert chart["layout"]["title"]["text"].startswith("Terms rising in 2025 that no topic finds")
    assert [b.label for b in at.get("download_button")][-2:] == [
        "Download the chart's data (CSV)",
        "…or download the YAML line",
    ]


def test_add_to_taxonomy_from_the_page_writes_the_file_and_drops_the_suggestion(
    open_app, topics_copy, monkeypatch
):
    monkeypatch.setattr(tx, "PATH", topics_copy)
    at = open_app("pages/topics.py", **SUGGEST)
    term = at.dataframe[1].value["term"].iloc[0]
    at.selectbox(key="topics_add_topic").set_value(d.NEW_TOPIC).run()
    at.text_input(key="topics_new_name").set_value("found by the page").run()
    at.button(key="topics_add").click().run()
    assert not at.exception and f"Added “{term}” to a new topic, found by the page" in at.success[0].value
    assert tx.load(topics_copy)["found by the page"] == [term] and "found by the page" in topic_colours()
    assert term not in set(at.dataframe[1].value["term"])
    at.selectbox(key="topics_add_term").set_value(at.dataframe[1].value["term"].iloc[0]).run()
    at.selectbox(key="topics_add_topic").set_value("found by the page").run()
    at.button(key="topics_add").click().run()
    assert not at.exception and not at.error  # a second term for the new topic
    assert len(tx.load(topics_copy)["found by the page"]) == 2


# real releases


@pytest.mark.shared
def test_white_house_releases_after_the_inauguration_suggest_trump_not_biden(shared):
    from lib.ingest import read_file

    root = shared / "corpora" / "whitehouse-briefings"
    need(root.is_dir(), f"the White House corpus is not at {root}")
    files = sorted(
        p for month in ("2024-11", "2024-12", "2025-02", "2025-03") for p in root.glob(f"*/{month}/*.md")
    )
    releases = pd.DataFrame([vars(r) for p in files for r in read_file(p, 50 * 2**20).releases])
    releases["date"] = pd.to_datetime(releases["date"])
    mentions = pd.DataFrame({"release_id": pd.Series(dtype=str), "topic": pd.Series(dtype=str)})
    found = d.discover(releases, releases[["id", "body"]], mentions, tx.load(), period="month", recent=2)
    table = found.suggestions
    assert found.recent_label == "Feb 2025 to Mar 2025" and len(table) == 20
    assert table["term"].head(3).str.contains("trump|donald").any()  # the new administration, among the first
    assert not table["term"].str.contains("biden").any()  # the outgoing one falls
    assert (table["share_recent"] >= 1.5 * table["share_before"]).all() and table[
        "score"
    ].is_monotonic_decreasing
    assert all(
        t.replace("'", "’") in e.lower() or t in e.lower()
        for t, e in zip(table["term"], table["example"], strict=True)
    )
