"""Topics a reader would file a release under: the taxonomy's word-sense rules (`near`, `not`), the about
decision (title, lead, density), on hand-made texts, a CBP release copied as text with its footer, and real
White House releases."""

from __future__ import annotations

import bisect
from pathlib import Path

import pytest

from lib import taxonomy
from lib.ingest import read_file
from lib.nlp import topics
from lib.records import topic_about

FIXTURES = Path(__file__).parent / "fixtures"
TAXONOMY = taxonomy.PATH.read_text(encoding="utf-8")


def found(text: str, topic: str, vocabulary: str = TAXONOMY) -> list[str]:
    """The terms counted for `topic` in a text, sentences split at full stops."""
    starts = [0] + [i + 2 for i, c in enumerate(text) if c == "." and text[i + 1 : i + 2] == " "]

    def sentence(offset: int) -> tuple[int, int]:
        i = bisect.bisect_right(starts, offset) - 1
        return starts[i], starts[i + 1] if i + 1 < len(starts) else len(text)

    finder = topics.compile_taxonomy(vocabulary)[topic]
    return [text[a:b] for a, b in finder.find(text, sentence)]


# word sense, read from data/topics.yml


@pytest.mark.parametrize(
    "text, topic, terms",
    [
        (
            "Border Patrol agents apprehended 40 migrants near Sasabe.",
            "illegal migration",
            ["apprehended", "migrants"],
        ),
        ("Federal authorities apprehended a fugitive wanted for murder.", "illegal migration", []),
        ("Officers seized 12 rifles bound for Mexico. Agents found guns.", "weapons smuggling", ["rifles"]),
        ("The President called for universal background checks on guns.", "weapons smuggling", []),
        ("Officers seized drugs in Gunnison.", "weapons smuggling", []),
        ("The memorial at the World Trade Center opened.", "trade and tariffs", []),
        ("Tariffs on imports rose.", "trade and tariffs", ["Tariffs", "imports"]),
        ("The plan lowers prescription drug prices for seniors.", "narcotics", []),
        ("Officers found fentanyl and other drugs.", "narcotics", ["fentanyl", "drugs"]),
        ("The field was seeded with grass.", "agriculture and pests", []),
        ("We thank the police for their cooperation.", "binational cooperation", []),
        ("He ran an alien-smuggling organization.", "human smuggling", ["alien-smuggling"]),
        ("He smuggled the aliens in buses.", "human smuggling", ["smuggled"]),
        ("More is at example.org/border-security/migrants.", "illegal migration", []),
        ("Seized: guns/ammunition at the border.", "weapons smuggling", ["guns", "ammunition"]),
        ("Drug smuggling by illegal migrants rose.", "human smuggling", []),
        ("He was sentenced to life without parole.", "asylum and migrant protection", []),
        (
            "Parolees may apply for work authorization.",
            "asylum and migrant protection",
            ["Parolees", "work authorization"],
        ),
        ("We condemn the missile and drone attacks on Erbil.", "technology", []),
        ("Agents flew drones along the river.", "technology", ["drones"]),
        ("The city refused to hire job applicants by race.", "workforce", ["job applicants"]),
        (
            "Transnational organized crime takes many lives.",
            "cartels and criminal networks",
            ["organized crime"],
        ),
        (
            "Cooperation with the Government of Mexico grew.",
            "binational cooperation",
            ["Cooperation", "Government of Mexico"],
        ),
    ],
)
def test_a_term_counts_only_in_its_sense(text, topic, terms):
    assert found(text, topic) == terms


def test_near_and_not_are_read_from_the_file_so_a_new_sense_is_a_line():
    vocabulary = (
        "trade and tariffs:\n  terms: [trade, deal*]\n  near:\n    deal*: [trade]\n  not: [trade winds]\n"
    )
    assert found("The trade winds blew. A deal was struck.", "trade and tariffs", vocabulary) == []
    assert found("A trade deal was struck.", "trade and tariffs", vocabulary) == ["trade", "deal"]


@pytest.mark.parametrize(
    "text, says",
    [
        ("a:\n  terms: [x]\n  near:\n    y: [z]\n", "gives context words (`near`) for y"),
        ("a:\n  words: [x]\n", "must be a list of terms or a mapping of near, not, terms; not words"),
        ("about: {titles: 1}\na: [x]\n", "not titles"),
    ],
)
def test_a_malformed_taxonomy_says_what_is_wrong(text, says):
    with pytest.raises(taxonomy.TaxonomyError) as caught:
        taxonomy.rules(text)
    assert says in str(caught.value)


def test_the_about_settings_fill_in_defaults_and_the_terms_list_keeps_every_term():
    text = "about: {title: 0.5}\nb:\n  terms: [apprehended, migrant*]\n  near:\n    apprehended: [border]\n"
    assert taxonomy.about_settings(text)["title"] == 0.5
    assert taxonomy.about_settings(text)["threshold"] == taxonomy.ABOUT_DEFAULTS["threshold"]
    assert taxonomy.load_text(text) == {"b": ["apprehended", "migrant*"]}


def test_adding_a_term_to_a_topic_written_as_a_mapping_adds_it_to_its_terms(tmp_path):
    path = tmp_path / "topics.yml"
    path.write_text("a:\n  terms: [x]   # note\n  near:\n    x: [y]\nb: [z]\n", encoding="utf-8")
    taxonomy.add_term("a", "new words", path)
    assert path.read_text(encoding="utf-8").splitlines()[1] == "  terms: [x, new words]   # note"
    assert taxonomy.rules(path.read_text(encoding="utf-8"))["a"].near == {"x": ("y",)}


# the about decision


def mention(topic: str, sentence: int) -> dict:
    return {"topic": topic, "sentence": sentence, "start": 0}


def about(mentions, sentences, title="A release"):
    return {r["topic"] for r in topics.about(mentions, sentences, title, TAXONOMY) if r["about"]}


def test_a_topic_the_body_dwells_on_is_about_and_a_passing_one_is_not():
    body = [mention("narcotics", i) for i in range(6)] + [mention("trade and tariffs", 7)]
    assert about(body, 10) == {"narcotics"}


def test_a_list_of_every_policy_is_about_the_one_it_spends_its_sentences_on():
    listed = [mention(t, 20 + i) for i, t in enumerate(taxonomy.load_text(TAXONOMY))]
    spent = [mention("illegal migration", i) for i in range(8)]
    assert about(listed + spent, 36) == {"illegal migration"}


def test_a_title_naming_a_topic_makes_the_release_about_it():
    assert about([mention("trade and tariffs", 9)], 30, "New Tariffs on Steel Imports") == {
        "trade and tariffs"
    }
    assert about([mention("trade and tariffs", 9)], 30, "A Statement on Steel") == set()


def test_a_headline_word_that_counts_only_in_context_finds_its_context_in_the_lead():
    title = "President Amends Duties to Address the Flow of Illicit Drugs"
    assert topics.title_topics(title, topics.compile_taxonomy(TAXONOMY)) == {"narcotics"}
    lead = "Today the President raised the tariff on Canada from 25% to 35%."
    named = topics.title_topics(title, topics.compile_taxonomy(TAXONOMY), lead)
    assert named == {"narcotics", "trade and tariffs"}  # a term of the lead alone names nothing
    assert topics.title_topics("A Statement", topics.compile_taxonomy(TAXONOMY), lead) == set()
    body = [mention("narcotics", i) for i in range(8)] + [
        mention("trade and tariffs", 10 + i) for i in range(6)
    ]
    rows = topics.about(body, 21, title, TAXONOMY, lead=lead)
    assert {r["topic"] for r in rows if r["about"]} == {"narcotics", "trade and tariffs"}
    assert {r["topic"] for r in topics.about(body, 21, title, TAXONOMY) if r["about"]} == {"narcotics"}


def test_nothing_mentioned_is_about_nothing():
    assert topics.about([], 12, "Remarks at a Memorial Service", TAXONOMY) == []


def test_a_cbp_release_copied_as_text_is_about_its_seizure_not_its_footer(nlp):
    (release,) = read_file(FIXTURES / "cbp_copied_with_footer.txt", 10**6).releases
    rows = topic_about(nlp(release.body), release.title)
    assert {r["topic"] for r in rows if r["about"]} == {"narcotics"}
    assert {r["topic"] for r in rows} == {"narcotics"}  # the closing paragraph's list counts for nothing


def test_white_house_border_releases_are_about_few_topics_each(nlp, shared):
    """On real White House releases about the border, each is about one or two topics, never the whole list
    its fact sheets name."""
    folder = shared / "corpora" / "whitehouse-briefings"
    files = sorted(p for p in folder.rglob("*.md") if "border" in p.name)[:40]
    assert len(files) == 40
    releases = [r for p in files for r in read_file(p, 10**7).releases]
    sizes = []
    for release, doc in zip(releases, nlp.pipe(r.body for r in releases), strict=True):
        rows = topic_about(doc, release.title)
        sizes.append(sum(r["about"] for r in rows))
        assert sum(r["about"] for r in rows) <= 3, release.title
    assert sum(1 for n in sizes if n >= 1) >= len(sizes) // 2  # most are about something


def test_processing_writes_a_release_s_topics_with_score_and_about(sample_store):
    from lib.store import Store

    about = Store(sample_store).read("topic_about")
    releases = Store(sample_store).read("releases", ["id", "title"])
    assert set(about["release_id"]) <= set(releases["id"])
    assert about["about"].any() and not about["about"].all()  # some topics mentioned only in passing
    per_release = about[about["about"]].groupby("release_id").size()
    assert per_release.max() <= 3
    title = releases.set_index("id")["title"]
    seizures = [r for r, t in title.items() if "Fentanyl" in t or "Methamphetamine" in t]
    assert seizures
    for rid in seizures:
        filed = about.loc[about["about"] & (about["release_id"] == rid), "topic"]
        assert "narcotics" in set(filed), title[rid]


def test_the_lead_is_the_body_s_first_sentences(nlp):
    doc = nlp("Officers seized cocaine at the port. Agents arrested two men. The case continues in court.")
    n = int(taxonomy.about_settings(TAXONOMY)["lead_sentences"])
    sentences = [
        "Officers seized cocaine at the port.",
        "Agents arrested two men.",
        "The case continues in court.",
    ]
    assert topics.lead(doc) == "\n".join(sentences[:n])
    assert doc._.topic_sentences == 3
