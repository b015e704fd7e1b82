"""Number forms as a table of (sentence, expected figures as (text, value, first word of the unit)): each row a
layout of the language, so that a failure names its sentence. Every sentence is written for the test."""
from __future__ import annotations

import pytest

FORMS = [
    ("The proposed decree is subject to a 30-day public comment period.", [("30-day", 30.0, "days")]),
    ("He was convicted after a six-week trial.", [("six-week", 6.0, "weeks")]),
    ("She pleaded guilty to a one-count information.", [("one-count", 1.0, "counts")]),
    ("Officers recovered a 350-pound sandstone sculpture.", [("350-pound", 350.0, "pounds")]),
    ("A 31-year-old man was arrested at the port.", []),  # an age, not a figure
    ("The company launched a one-click tool.", []),
]


@pytest.mark.parametrize("sentence, expected", FORMS, ids=[f[0][:40] for f in FORMS])
def test_a_number_form_is_read(nlp, sentence, expected):
    figures = nlp(sentence)._.figures
    assert [(f["text"], f["value"], f["unit"].split(" ")[0]) for f in figures] == expected
