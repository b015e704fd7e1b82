"""Period phrases as a table of (sentence, release date, the period resolved): each row a layout of the
language."""

from __future__ import annotations

import pytest

from lib.nlp import periods

PHRASES = [
    ("Arrests are up 30 percent since 2021.", "2024-03-25", "2021-01/2024-03"),
    ("Gas prices have come down $1.20 per gallon since June.", "2022-10-21", "2022-06/2022-10"),
    ("We have created nearly 16 million jobs since we took office.", "2024-09-13", "2021-01/2024-09"),
    ("Arrests have more than tripled since President Trump took office.", "2025-07-22", "2025-01/2025-07"),
    ("Since Donald Trump’s inauguration, arrests have jumped 290%.", "2025-07-22", "2025-01/2025-07"),
    (
        "During this Administration, nearly 500 communities have received awards.",
        "2024-03-25",
        "2021-01/2024-03",
    ),
    ("The 62,000 released under the previous administration.", "2025-06-17", "2021-01/2025-01"),
    ("From 2001 through 2004, the company sold the product 21,610 times.", "2009-01-29", "2001-01/2004-12"),
    ("The fees rose in 2020 and 2021 by 4 percent.", "2022-01-10", "2020-01/2021-12"),
    (
        "It was the lowest total since 2000.",
        "2025-03-01",
        None,
    ),  # a record's baseline is not the figure's period
    ("Crossings averaged 5,110 a day under the Biden Administration.", "2025-08-01", "2021-01/2025-01"),
    ("Just 80 citizens were released across Biden’s four years in office.", "2025-04-01", "2021-01/2025-01"),
    ("Arrests have more than doubled under President Trump.", "2025-07-22", "2025-01/2025-07"),
    ("This year, the deficit fell by $1.4 trillion.", "2022-10-21", "CY2022"),
    ("It was the largest cocaine seizure at the port this year.", "2023-10-18", None),
    ("He served as port director until earlier this year.", "2022-07-27", None),
]


@pytest.mark.parametrize("sentence, released, expected", PHRASES, ids=[p[0][:40] for p in PHRASES])
def test_a_period_phrase_resolves_against_the_release_date(sentence, released, expected):
    assert periods.resolve(periods.find_period(sentence), released) == expected


@pytest.mark.parametrize(
    "sentence, released, periods_",
    [
        (
            "Crossings fell 97% from July 2022 (181,834) and 96% from July 2023 (132,642).",
            "2025-08-01",
            ["2022-07", "2023-07"],
        ),
        ("The plan was first tried two years ago in Laredo.", "2025-08-01", [None]),
    ],
)
def test_a_figure_in_brackets_after_a_period_is_that_periods_and_a_time_ago_has_none(
    nlp, sentence, released, periods_
):
    from lib import records

    figures = [f for f in records.figures(nlp(sentence), released) if "%" not in f["text"]]
    assert [f["period"] for f in figures] == periods_
