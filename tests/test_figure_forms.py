"""Number forms as a table of (sentence, expected figures as (text, value, first word of the unit)): each row
a layout of the language, so that a failure names its sentence. Every sentence is written for the test."""

from __future__ import annotations

import pytest

FORMS = [
    ("The proposed decree is subject to a 30-day public comment period.", [("30-day", 30.0, "days")]),
    ("He was convicted after a six-week trial.", [("six-week", 6.0, "weeks")]),
    ("She pleaded guilty to a one-count information.", [("one-count", 1.0, "counts")]),
    ("Officers recovered a 350-pound sandstone sculpture.", [("350-pound", 350.0, "pounds")]),
    ("A 31-year-old man was arrested at the port.", []),  # an age, not a figure
    ("The company launched a one-click tool.", []),
    ("Arrests have more than doubled since January.", [("more than doubled", 2.0, "times")]),
    ("The wait has been cut in half.", [("cut in half", 50.0, "percent")]),
    ("He served for 20-plus years.", [("20-plus", 20.0, "years")]),
    ("The plan includes at least one visit to the port.", [("at least one", 1.0, "visit")]),
    # names with numbers, dates and ordinals in words, years and the parties already named are no figures
    ("The EPA Region 2 office and Public Law 100-402 apply.", []),
    ("The Security Council adopted Resolution 2231 and Executive Orders 14017 and 14001.", []),
    ("The alliance between our two countries is strong.", []),
    (
        "Done in the year of our Lord two thousand twenty-five, and of the Independence the two hundred and "
        "forty-ninth.",
        [],
    ),
    ("His career began in 1769 when he was elected.", []),
    (
        "Nearly 500 migrants crossed; Officers seized 212 pounds.",
        [("Nearly 500", 500.0, "migrants"), ("212", 212.0, "pounds")],
    ),
]


@pytest.mark.parametrize(
    "sentence, qualifier, change",
    [
        ("Arrests have more than doubled since January.", "more_than", "up"),
        ("Crossings nearly tripled in a year.", "approx", "up"),
        ("The wait has been cut in half.", "exact", "down"),
        ("He served for 20-plus years.", "more_than", None),
        ("ICE arrested twice as many people.", "exact", None),  # a ratio, not a stated change
    ],
)
def test_a_multiplier_or_a_bound_keeps_its_qualifier_and_change(nlp, sentence, qualifier, change):
    (figure,) = nlp(sentence)._.figures
    assert (figure["qualifier"], figure["change"]) == (qualifier, change)


@pytest.mark.parametrize("sentence, expected", FORMS, ids=[f[0][:40] for f in FORMS])
def test_a_number_form_is_read(nlp, sentence, expected):
    figures = nlp(sentence)._.figures
    assert [(f["text"], f["value"], f["unit"].split(" ")[0]) for f in figures] == expected


@pytest.mark.parametrize(
    "sentence", ["It claims nearly one in five deaths.", "It cut emissions by more than one third."]
)
def test_one_of_a_share_is_not_a_count_of_one(nlp, sentence):
    assert not [f for f in nlp(sentence)._.figures if f["text"].lower().endswith("one")]


@pytest.mark.parametrize(
    "sentence, change",
    [
        ("The rule will reduce emissions by 1,890 tons per year.", "down"),
        ("The plan lowers costs by an average of $800 a year.", "down"),
        ("The order raises the tariff on steel from 25% to 35%.", "up"),
        ("The bill would fund an additional 4,300 asylum officers.", "up"),
        ("The company lost 110,000 jobs in March.", "down"),
        ("The tariff on steel is 35%.", None),
    ],
)
def test_the_words_that_govern_a_number_say_whether_it_is_a_change(nlp, sentence, change):
    figures = nlp(sentence)._.figures
    assert figures[-1]["change"] == change
