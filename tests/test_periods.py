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
    # spans with months, fiscal-year spans and parts of a fiscal year
    ("From Feb. 3, 2011, through October 2014, she paid bribes of $40,000.", "2016-05-02", "2011-02/2014-10"),
    ("Between June 2015 and May 2018, the firm billed 2,300 visits.", "2019-04-10", "2015-06/2018-05"),
    ("Inspectors seized 9,000 pounds from FY18 through FY21.", "2022-02-01", "2017-10/2021-09"),
    ("Since FY21, the program trained 1,400 officers.", "2023-11-15", "2020-10/2023-11"),
    ("Officers have seized 60 rifles since the start of fiscal year 2021.", "2021-04-21", "2020-10/2021-04"),
    ("In the first half of FY23, agents seized 700 rifles.", "2023-06-01", "2022-10/2023-03"),
    ("In the third quarter of this fiscal year, 3,000 were screened.", "2024-08-20", "2024-04/2024-06"),
    ("In the 12 months ending in March 2022, 6,000 were removed.", "2022-05-01", "2021-04/2022-03"),
    ("From March 3 to March 9, officers stopped 41 trucks.", "2021-03-15", "2021-03"),
    # parts and seasons of a year, a year before 1900, a target year, a month named as an event's
    ("In late 2019, prices rose 6 percent.", "2020-02-01", "CY2019"),
    ("In mid-2017, the plant hired 300 workers.", "2018-02-01", "CY2017"),
    ("During the summer of 2018, 14 wildfires burned.", "2019-01-01", "2018-06/2018-08"),
    ("In 1868, 40 families settled the valley.", "2018-05-01", "CY1868"),
    ("The state aims for 50 percent renewable power by the year 2035.", "2023-03-01", "CY2035"),
    ("He was wounded in a March 2016 raid that killed three.", "2019-01-09", "2016-03"),
    # a stretch of an administration, a look-back in weeks or decades
    ("Arrests doubled in the first 100 days of the Trump Administration.", "2025-06-01", "2025-01/2025-04"),
    ("In his first 100 days in office, he signed 140 orders.", "2025-07-22", "2025-01/2025-04"),
    ("Only 90 were deported in Obama’s final 60 days in office.", "2018-01-05", "2016-11/2017-01"),
    ("Agents made 9,000 arrests over the past six weeks.", "2025-03-03", "2025-01/2025-03"),
    ("Imports have nearly doubled in the last decade.", "2022-05-23", "2012-05/2022-04"),
    ("Crews rescued 80 people in the last 24 hours.", "2022-09-30", "2022-09"),
    ("No one was released for nine straight months, 0 in all.", "2026-02-24", "2025-05/2026-01"),
    ("Airlines expect 171 million passengers this spring.", "2026-03-17", "2026-03/2026-05"),
    ("Last summer, 40 parks closed.", "2025-03-02", "2024-06/2024-08"),
    ("Last summer, 40 parks closed.", "2025-10-02", "2025-06/2025-08"),
    ("When President Biden and I took office, 30 million people lacked internet.", "2023-11-15", "2021-01"),
    ("When I took office, unemployment was 6.4 percent.", "2022-03-01", "2021-01"),
    # a comparison's stretch of an earlier year is not the figure's own
    ("Crossings fell 60% from the same period in 2023.", "2024-02-10", None),
    ("Arrests rose 300% compared to this time last year.", "2025-07-22", None),
    ("That is twice as many as the same period last year.", "2025-08-01", None),
    ("As of June 2024, 40 cases were open.", "2024-09-01", "2024-06"),
    ("Between 1500 and 1800 migrants crossed each day.", "2024-09-01", None),
    # a run of months told by an ordinal, of days; a stretch told looking back; time into the year
    ("For the sixth consecutive month, no migrant was released.", "2024-11-12", "2024-05/2024-10"),
    ("Shelters closed for the 3rd straight month.", "2024-11-12", "2024-08/2024-10"),
    ("Arrests fell for the 12th consecutive week.", "2024-11-12", "2024-08/2024-11"),
    ("We have seen four straight days of storms.", "2024-11-12", "2024-11"),
    ("The agency hired 300 officers in just five weeks.", "2024-11-12", "2024-10/2024-11"),
    ("It is the second recall in a matter of four months.", "2024-11-12", "2024-07/2024-10"),
    ("They removed 900 people in just a month.", "2024-11-12", "2024-10"),
    ("The loan will be repaid in six months.", "2024-11-12", None),  # ahead, not back
    ("In late 2023, prices had risen 8 percent in just one year.", "2024-11-12", "CY2023"),
    ("Prices are at their lowest in nearly three years.", "2024-11-12", None),  # a record's span
    ("We are 60 days into the year and 90 storms have hit.", "2024-03-01", "2024-01/2024-03"),
    ("Sixty days into his second term, he had signed 90 orders.", "2025-03-21", "2025-01/2025-03"),
    ("We are 100 days into the fiscal year and 4,000 were stopped.", "2025-01-08", "2024-10/2025-01"),
    # a stretch counted from a day
    ("In the 10 days after March 3, 700 were stopped.", "2024-04-01", "2024-03"),
    ("In the two weeks following Sept. 25, 2023, crossings fell 40%.", "2024-01-05", "2023-09/2023-10"),
    # …or back from it
    ("In the 10 days before March 3, 700 were stopped.", "2024-04-01", "2024-02/2024-03"),
    ("In the three months preceding Jan. 20, 2025, 9,000 were released.", "2025-06-01", "2024-10/2025-01"),
    # the day of an event, either order of day and month
    ("On June 14, 2022, deputies arrested 12 people.", "2023-01-10", "2022-06"),
    ("The operation began on 3 March, involving 20 countries.", "2024-04-10", "2024-03"),
    ("The ship docked on 18th November with 40 crates.", "2024-12-01", "2024-11"),
    ("The duties apply to goods entered on or after March 3, 2025.", "2025-02-01", None),  # not yet
    ("In just four days, 30 polling stations will open.", "2024-10-13", None),  # ahead
    # the other side of a comparison, however long its noun, and a comparison "over" a year
    (
        "That is 300 fewer than the average number of monthly arrests under the Obama Administration.",
        "2024-01-05",
        None,
    ),
    ("Sales rose 12% from the previous peak set in March.", "2024-05-01", None),
    ("Wages are up 2.1% over last year.", "2024-05-01", None),
    ("Agents seized 900 pounds over the last two years.", "2024-05-01", "2022-05/2024-04"),
    # the release's own days: its month; a bare "today" is also what is true now
    ("Since daybreak yesterday, crews rescued over 80 people.", "2022-09-30", "2022-09"),
    ("Last night, four more counties were approved for assistance.", "2022-09-30", "2022-09"),
    ("Three men were arrested this morning over an arson on Nov. 5, 2008.", "2009-01-16", "2009-01"),
    ("Today, 500,000 people are enrolled in the program.", "2022-09-30", None),
    # "over" a period opens the figure's own period unless a change comes before it
    ("Over fiscal year 2023, agents seized 900 pounds of cocaine.", "2024-05-01", "FY2023"),
    ("Seizures rose 20 percent over fiscal year 2023.", "2024-05-01", None),
    ("Arrests rose 12 percent over the same period in 2023.", "2024-05-01", None),
    ("Seizures rose 20% over the last two years.", "2024-05-01", "2022-05/2024-04"),
    ("Arrests jumped 40% compared with the same time period in 2023.", "2024-05-01", None),
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


@pytest.mark.parametrize(
    "sentence, released, expected",
    [
        # the number of a period phrase is that phrase's, also when the phrase is a comparison's
        (
            "We seized more heroin in the last three years than in the last ten years combined.",
            "2024-05-01",
            {"three": "2021-05/2024-04", "ten": "2014-05/2024-04"},
        ),
        (
            "Agents arrested 2,000 people in the first 50 days of the Trump Administration compared to "
            "Biden's final 50 days in office.",
            "2025-07-22",
            {"2,000": "2025-01/2025-03", "50": "2024-12/2025-01"},
        ),
        # a count in brackets after a period phrase is that period's
        (
            "Crossings fell 80 percent from the monthly average under the Biden Administration (150,000).",
            "2025-08-01",
            {"80 percent": None, "150,000": "2021-01/2025-01"},
        ),
        # each clause its own period; a clause with none takes the sentence's
        (
            "Exports totaled $40 billion in 2021 and have nearly doubled in the last decade.",
            "2023-05-01",
            {"$40 billion": "CY2021", "nearly doubled": "2013-05/2023-04"},
        ),
        (
            "Agents made 90,000 arrests since October, including 20,000 over the past four weeks.",
            "2024-03-05",
            {"90,000": "2023-10/2024-03", "20,000": "2024-02/2024-03", "four": "2024-02/2024-03"},
        ),
        # a tariff's rate is a term set, not a count of the period its sentence names
        (
            "In February, the President imposed a 25% additional tariff on imports, and an ad valorem duty "
            "rate of 10% on energy; exports fell 12% in February.",
            "2025-03-05",
            {"25%": None, "10%": None, "12%": "2025-02"},
        ),
        # the other side of a same-period comparison: the sentence's own period in the other year
        (
            "In May, agents encountered 8,725 migrants, down 94 percent compared to the same month in 2023 "
            "(141,200).",
            "2025-06-02",
            {"8,725": "2025-05", "94 percent": "2025-05", "141,200": "2023-05"},
        ),
        (
            "So far this year, agents seized 3,000 pounds, up from 2,000 pounds in the same period a year "
            "earlier.",
            "2025-07-02",
            {"3,000": "2025-01/2025-07", "2,000": "2024-01/2024-07"},
        ),
        (
            "There have been almost five times as many arrests this year compared to the same period under "
            "Biden.",
            "2025-07-22",
            {"almost five": "2025-01/2025-07"},
        ),
        (
            "In 2020, the office charged 300 defendants, and 40 of them were convicted.",
            "2021-02-01",
            {"300": "CY2020", "40": "CY2020"},
        ),
        # the counts of a charge and the terms of a sentence have no period, whatever their sentence dates
        (
            "In May 2019, a grand jury returned a 12-count indictment charging him with five counts of theft",
            "2020-01-10",
            {"12-count": None, "five": None},
        ),
        (
            "She was sentenced to 15 years in prison for frauds committed between June 2012 and May 2016.",
            "2020-01-10",
            {"15": None},
        ),
        # the day of an event dates its counts, not money announced that day nor the step of a case
        (
            "On March 9, 2021, officers seized 40 rifles; the agency will award $2 million in grants.",
            "2021-04-01",
            {"40": "2021-03", "$2 million": None},
        ),
        (
            "On Nov. 4, 2019, the company pleaded guilty to two conspiracies.",
            "2020-01-10",
            {"two": None},
        ),
    ],
    ids=lambda x: x[:40] if isinstance(x, str) else "",
)
def test_each_figure_of_a_sentence_takes_the_period_of_its_own_layout(nlp, sentence, released, expected):
    from lib import records

    got = {f["text"]: f["period"] for f in records.figures(nlp(sentence), released)}
    assert {text: got.get(text, "missing") for text in expected} == expected
