"""Page furniture: footers removed when a release is read, the agency's standard paragraphs kept but not
counted."""

from __future__ import annotations

from pathlib import Path

import pytest

from lib.ingest import furniture, read_file
from lib.ingest.base import Release

FIXTURES = Path(__file__).parent / "fixtures"


def _release(body: str, url: str = "") -> Release:
    return Release(
        title="A release",
        body=body,
        date="2024-10-16",
        date_source="test",
        agency="",
        agency_acronym="",
        url=url,
        source="test.txt",
        format="text",
    )


@pytest.mark.parametrize(
    "body, kept, footer_starts",
    [
        (
            "Officers seized cocaine.\n\nMore detail here.\n\nLast Modified: Oct 16, 2024\n\nTopics\n\nDrug "
            "Seizures",
            "Officers seized cocaine.\n\nMore detail here.",
            "Last Modified: Oct 16, 2024",
        ),
        (
            "Officers seized cocaine.\n\nU.S. Customs and Border Protection (CBP) is America’s frontline "
            "border security agency.\n\nMedia Contacts\n\nPress office",
            "Officers seized cocaine.",
            "U.S. Customs and Border Protection (CBP)",
        ),
        (
            "A man pleaded guilty today.\n\nHe faces ten years.\n\nUpdated March 3, 2014\n\nTopic(s): Tax\n\n"
            "Component(s): Tax Division\n\nPress Release Number: 14-221",
            "A man pleaded guilty today.\n\nHe faces ten years.",
            "Updated March 3, 2014",
        ),
        (
            "The President spoke today.\n\nHe thanked the workers.\n\n###",
            "The President spoke today.\n\nHe thanked the workers.",
            "###",
        ),
        (
            "A page copied flat. Officers seized cocaine. Last Modified: Oct 16, 2024 Topics Drug Seizures",
            "A page copied flat. Officers seized cocaine.",
            "Last Modified",
        ),
    ],
)
def test_a_footer_of_each_agency_is_removed_from_the_body(body, kept, footer_starts):
    release = _release(body)
    assert release.body == kept
    assert release.footer.startswith(footer_starts)


@pytest.mark.parametrize(
    "body",
    [
        "Officers seized cocaine.\n\nContact tracing helped the officers.\n\nTopics of the meeting included "
        "trade.",
        "Last Modified: Oct 16, 2024 is where a page of only one paragraph would end, and it is kept.",
        "The agency updated its figures.\n\nUpdated figures show fewer crossings.",
    ],
)
def test_a_body_without_a_footer_is_unchanged(body):
    release = _release(body)
    assert release.body == body and release.footer == ""


def test_a_cbp_release_copied_as_text_loses_its_footer_and_keeps_its_standard_paragraphs():
    (release,) = read_file(FIXTURES / "cbp_copied_with_footer.txt", 10**6).releases
    assert release.body.endswith("for the latest news.")
    assert "Last Modified" not in release.body and "Press Officer" not in release.body
    assert release.footer.startswith("U.S. Customs and Border Protection (CBP) is America's frontline")
    spans = furniture.boilerplate(release.body)
    marked = [release.body[a:b].split(".")[0] for a, b in spans]
    assert marked == [
        "CBP's border security mission is led at our nation's Ports of Entry by CBP Office of Field "
        "Operations",
        "Follow the Director of Field Operations on X at @CBPHarborBridge for the latest news",
    ]


def test_the_release_id_is_that_of_the_body_without_its_footer():
    assert _release("Text one.\n\nText two.\n\n###\n\nfooter").id == _release("Text one.\n\nText two.").id


def test_nothing_is_counted_in_the_standard_paragraphs(nlp):
    (release,) = read_file(FIXTURES / "cbp_copied_with_footer.txt", 10**6).releases
    doc = nlp(release.body)
    (start, end), _ = furniture.boilerplate(release.body)
    assert not [m for m in doc._.topic_mentions if start <= m["start"] < end]
    assert {m["topic"] for m in doc._.topic_mentions} == {
        "narcotics"
    }  # cocaine; not the closing paragraph's list
    assert [f["text"] for f in doc._.figures if start <= f["start"] < end] == []
    assert [q["speaker"] for q in doc._.quotes] == ["Marisol Vance", "Marisol Vance"]
