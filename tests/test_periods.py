"""Period phrases as a table of (sentence, release date, the period resolved): each row a layout of the language."""
from __future__ import annotations

import pytest

from lib.nlp import periods

PHRASES = [
    ("Arrests are up 30 percent since 2021.", "2024-03-25", "2021-01/2024-03"),
    ("Gas prices have come down $1.20 per gallon since June.", "2022-10-21", "2022-06/2022-10"),
    ("We have created nearly 16 million jobs since we took office.", "2024-09-13", "2021-01/2024-09"),
    ("Arrests have more than tripled since President Trump took office.", "2025-07-22", "2025-01/2025-07"),
    ("Since Donald Trump’s inauguration, arrests have jumped 290%.", "2025-07-22", "2025-01/2025-07"),
    ("During this Administration, nearly 500 communities have received awards.", "2024-03-25", "2021-01/2024-03"),
    ("The 62,000 released under the previous administration.", "2025-06-17", "2021-01/2025-01"),
    ("From 2001 through 2004, the company sold the product 21,610 times.", "2009-01-29", "2001-01/2004-12"),
    ("The fees rose in 2020 and 2021 by 4 percent.", "2022-01-10", "2020-01/2021-12"),
    ("It was the lowest total since 2000.", "2025-03-01", None),  # a record's baseline is not the figure's period
]


@pytest.mark.parametrize("sentence, released, expected", PHRASES, ids=[p[0][:40] for p in PHRASES])
def test_a_period_phrase_resolves_against_the_release_date(sentence, released, expected):
    assert periods.resolve(periods.find_period(sentence), released) == expected
