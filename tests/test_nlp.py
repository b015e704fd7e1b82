"""The spaCy components on small texts and on the seed, with the real English model."""

from __future__ import annotations

import pytest
from conftest import SEED

from lib import records
from lib.ingest import read_file
from lib.nlp.acronyms import acronyms, spelled_out
from lib.nlp.numbers import parse_number
from lib.nlp.periods import find_period, resolve


def quotes_of(nlp, text):
    return nlp(text)._.quotes


def test_quotes_said_after_title_and_name(nlp):
    quotes = quotes_of(
        nlp, "“We stopped the load at the bridge,” said CBP Port Director Ana Ruiz during a press event."
    )
    assert [(q["speaker"], q["speaker_title"], q["speaker_org"], q["kind"]) for q in quotes] == [
        ("Ana Ruiz", "Port Director", "CBP", "direct")
    ]
    assert quotes[0]["text"] == "We stopped the load at the bridge,"


def test_surname_and_pronoun_follow_ups_resolve_to_the_full_name(nlp):
    text = (
        "Border Patrol Chief Mark Olsen met the press on Monday.\n\n"
        '"Our agents are working around the clock," Olsen said.\n\n'
        'He thanked the crews.\n\n"The work is not done," he said.'
    )
    assert [q["speaker"] for q in quotes_of(nlp, text) if q["kind"] == "direct"] == [
        "Mark Olsen",
        "Mark Olsen",
    ]


def test_quote_introduced_by_name_and_colon(nlp):
    text = 'Director Lena Park spoke after the seizure. Park said: "This is the largest load this year."'
    assert [q["speaker"] for q in quotes_of(nlp, text)] == ["Lena Park"]


def test_unbalanced_quote_mark_does_not_derail_later_quotes(nlp):
    text = (
        'Officers read the "notice aloud at the port.\n\n'
        "“Every seizure matters to the families we serve,” said Port Director Ana Ruiz."
    )
    quotes = quotes_of(nlp, text)
    assert [q["text"] for q in quotes] == ["Every seizure matters to the families we serve,"]


def test_multi_paragraph_quote_continues_into_the_next_paragraph(nlp):
    text = (
        "“We started the operation in May,” said Chief Patrol Agent Rosa Lind. “It took weeks of "
        "planning.\n\n“In the end the whole network was arrested.”"
    )
    quotes = quotes_of(nlp, text)
    assert quotes[-1]["text"] == "It took weeks of planning. In the end the whole network was arrested."
    assert {q["speaker"] for q in quotes} == {"Rosa Lind"}


def test_indirect_quote(nlp):
    text = (
        "Port Director Greg Alvarez led the visit. "
        "Alvarez said his officers want to look at the whole problem."
    )
    quotes = quotes_of(nlp, text)
    assert [(q["kind"], q["speaker"]) for q in quotes] == [("indirect", "Greg Alvarez")]


def test_initials_and_abbreviations_do_not_end_the_attribution(nlp):
    text = (
        '"Our numbers are down," said U.S. Border Patrol Chief Elena Marquez. "That is the work of '
        'agents."\n\n"We will publish every month," said CBP Commissioner Daniel R. Whitcomb.'
    )
    quotes = quotes_of(nlp, text)
    assert [(q["speaker"], q["speaker_title"], q["speaker_org"]) for q in quotes] == [
        ("Elena Marquez", "Chief", "U.S. Border Patrol"),
        ("Elena Marquez", "Chief", "U.S. Border Patrol"),
        ("Daniel R. Whitcomb", "Commissioner", "CBP"),
    ]


def test_title_and_organisation_after_the_name_and_titles_of_several_words(nlp):
    text = (
        "“Today’s settlement protects the air,” said Ronald J. Tenpas, Assistant Attorney General for the "
        "Environment and Natural Resources Division.\n\n"
        '"It was hidden well," said Director of Field Operations Priya Natarajan of CBP’s San Diego Field '
        "Office."
    )
    quotes = quotes_of(nlp, text)
    assert [(q["speaker"], q["speaker_title"], q["speaker_org"]) for q in quotes] == [
        ("Ronald J. Tenpas", "Assistant Attorney General", "Environment and Natural Resources Division"),
        ("Priya Natarajan", "Director of Field Operations", "CBP’s San Diego Field Office"),
    ]


def test_indirect_quotes_after_a_quote_paragraph_with_adding_and_according_to(nlp):
    text = (
        "Chief Patrol Agent Tomás Echeverría spoke in McAllen.\n\n"
        '"We found them in time," Echeverría said.\n\n'
        "Echeverría said agents are preparing for the summer heat.\n\n"
        '"Nobody should cross here," Echeverría said, adding that the sector has more rescue beacons.\n\n'
        "According to Echeverría, the sector rescued 41 people in April."
    )
    indirect = [(q["text"], q["speaker"], q["cue"]) for q in quotes_of(nlp, text) if q["kind"] == "indirect"]
    assert indirect == [
        ("agents are preparing for the summer heat", "Tomás Echeverría", "said"),
        ("the sector has more rescue beacons", "Tomás Echeverría", "adding"),
        ("the sector rescued 41 people in April", "Tomás Echeverría", "According to"),
    ]


def test_quotes_introduced_by_a_paragraph_ending_in_a_colon(nlp):
    text = (
        "Today in Minneapolis, Border Czar Tom Homan spoke about cooperation with local officials:\n\n"
        "“We currently have an unprecedented number of counties communicating with us.” (Watch)\n\n"
        "“We are not surrendering the mission.” (Watch)"
    )
    quotes = quotes_of(nlp, text)
    assert [(q["speaker"], q["cue"]) for q in quotes] == [("Tom Homan", "colon"), ("Tom Homan", "continued")]


def test_a_number_without_a_noun_after_it_counts_the_subject(nlp):
    figures = nlp("Total southwest border encounters were more than 235,700 in April.")._.figures
    assert [(f["text"], f["unit"]) for f in figures] == [
        ("more than 235,700", "Total southwest border encounters")
    ]


def test_figures_qualifiers_bounds_and_units(nlp):
    doc = nlp(
        "Officers seized more than 3,500 pounds of methamphetamine and $1.2 million in cash. "
        "Agents apprehended nearly 48,000 migrants in January, a 30 percent increase."
    )
    figures = {f["text"]: f for f in doc._.figures}
    meth = figures["more than 3,500"]
    assert (meth["value"], meth["low"], meth["high"], meth["qualifier"]) == (3500, 3500, None, "more_than")
    assert meth["unit"] == "pounds of methamphetamine" and meth["metric"] == "drug seizures"
    assert figures["$1.2 million"]["value"] == 1_200_000 and figures["$1.2 million"]["unit"] == "USD"
    nearly = figures["nearly 48,000"]
    assert (nearly["low"], nearly["high"], nearly["qualifier"]) == (None, 48000, "approx")
    assert figures["30 percent"]["change"] == "up"


def test_dates_phone_numbers_and_ages_are_not_figures(nlp):
    doc = nlp(
        "On March 3, 2021, at 3:40 p.m., a 23-year-old driver was stopped; call 202-344-1770 or "
        "1-800-BE-ALERT. Section 307 applies."
    )
    assert doc._.figures == []


def test_ages_emergency_numbers_addresses_times_forms_and_the_two_sides_are_not_figures(nlp):
    doc = nlp(
        "They found three children, ages 9, 13 and 16, and others under the age of 12. Smith and Jones, "
        "both 18, were held. Anyone in distress should call 911. The house in the 2400 block was watched "
        "at 2 in the morning. He filed false Forms 1099. The two sides agreed to meet again."
    )
    assert [f["text"] for f in doc._.figures] == ["three"]


def test_fractions_multipliers_and_open_bounds_are_figures(nlp):
    doc = nlp(
        "Agents met more than 40 groups of 100 or more people, roughly half of the total. A third of my "
        "agents were in processing, and that is twice as many. Today there are just shy of 20,000 agents "
        "and temperatures climbed above 105 degrees. He pleaded guilty to one count of fraud and the loss "
        "was more than $1million. Four hundred thousand pills were seized. In the first half of the year "
        "nothing changed."
    )
    got = {f["text"]: (f["value"], f["qualifier"], f["low"], f["high"], f["unit"]) for f in doc._.figures}
    assert got["100 or more"] == (100, "at_least", 100, None, "people")
    assert got["roughly half"][:2] == (50, "approx") and got["roughly half"][4] == "percent"
    assert got["A third"][0] == 33.33 and got["twice"][::4] == (2, "times")
    assert got["just shy of 20,000"][1:4] == ("approx", None, 20000)
    assert got["above 105"][:2] == (105, "more_than")
    assert got["one"][::4] == (1, "count") and got["more than $1million"][0] == 1_000_000
    assert got["Four hundred thousand"][0] == 400_000
    assert not any("half" in text and "first" in text for text in got) and len(got) == 10


def test_titles_after_the_name_places_and_pronouns(nlp):
    doc = nlp(
        "Officers stopped a truck headed into Nuevo Laredo, Mexico.\n\n"
        "Gen. Ricardo Ibarra, a regional commander of Mexico's National Guard, said his troops patrol the "
        "river.\n\n“These are not hunting rifles,” said Ramon T. Salinas, Director of Field Operations for "
        "CBP’s Laredo Field Office.\n\n“They are offered a few hundred dollars,” he said.\n\n"
        "Today in Minneapolis, Border Czar Tom Homan said: “We will keep going.”\n\n"
        "“This one didn’t get past them,” said Area Port Director Sofia Delgado of the Pharr, Texas, port of "
        "entry."
    )
    got = [(q["speaker"], q["speaker_title"], q["speaker_org"]) for q in records.quotes(doc)]
    assert got == [
        ("Ricardo Ibarra", "regional commander", "Mexico's National Guard"),
        ("Ramon T. Salinas", "Director of Field Operations", "CBP’s Laredo Field Office"),
        ("Ramon T. Salinas", "Director of Field Operations", "CBP’s Laredo Field Office"),
        ("Tom Homan", "Border Czar", ""),
        ("Sofia Delgado", "Area Port Director", "Pharr, Texas, port of entry"),
    ]


def test_quotes_with_of_in_the_title_a_colon_introduction_and_a_said_aside(nlp):
    doc = nlp(
        '"People think of the northern border as quiet," Detroit Field Office Director of Field Operations '
        "Angela Brooks said.\n\nFormer immigration judge Andrew Arthur: “The president is doing what he said "
        "he was going to do.”\n\nPromises made: “Nobody said it would be easy, and it was not.”\n\n"
        "Each of those groups, Brooks said, pulls agents off the line for an entire shift."
    )
    got = [(q["speaker"], q["kind"], q["text"][:20]) for q in records.quotes(doc)]
    assert got == [
        ("Angela Brooks", "direct", "People think of the "),
        ("Andrew Arthur", "direct", "The president is doi"),
        ("Angela Brooks", "indirect", "Each of those groups"),
    ]


def test_money_is_a_seizure_only_when_its_sentence_says_so(nlp):
    doc = nlp(
        "Officers seized $1.2 million in unreported currency. The cocaine has an estimated street value of "
        "$25.1 million. The bill includes $1.4 billion for cities. He was ordered to pay a $250,000 fine."
    )
    assert [f["metric"] for f in doc._.figures] == ["currency seizures", "drug seizures", "other", "other"]


def test_a_count_that_points_back_counts_the_same_thing(nlp):
    doc = nlp(
        "Officers found more than 200 people hidden in trucks since October, compared with about 140 "
        "during the same period last fiscal year. Agents apprehended more than 63,500 children in the first "
        "nine months of fiscal year 2019, and more than 27,800 of them were apprehended in the valley."
    )
    units = {f["text"]: f["unit"] for f in doc._.figures}
    assert units["about 140"] == units["more than 200"] == "people hidden"
    assert units["more than 27,800"] == "children"


def test_counts_of_a_dated_event_carry_the_event_month_and_general_facts_none(nlp):
    doc = nlp(
        "LAREDO, Texas - Officers at the World Trade Bridge seized 1,887 pounds of cocaine from a "
        "tractor-trailer hauling tiles on Oct. 12, the port said.\n\n"
        "Officers found 792 bricks of cocaine inside the crates.\n\n"
        "The port processes about 15,000 commercial trucks on a typical weekday.\n\n"
        '"We stopped 40 loads like it," Salinas said.'
    )
    periods = {
        f["text"]: records.figures(doc, "2023-11-02")[i]["period"] for i, f in enumerate(doc._.figures)
    }
    assert periods == {"1,887": "2023-10", "792": "2023-10", "about 15,000": None, "40": None}


def test_a_comparison_clause_has_its_own_period(nlp):
    doc = nlp(
        "Agents apprehended nearly 48,000 people last month. Apprehensions were up nearly 34 percent "
        "from April, when agents apprehended more than 99,200 people."
    )
    periods = {f["text"]: f["period"] for f in records.figures(doc, "2019-06-05")}
    assert periods == {
        "nearly 48,000": "2019-05",
        "nearly 34 percent": "2019-05",
        "more than 99,200": "2019-04",
    }


def test_a_sentence_that_continues_the_previous_one_takes_its_period(nlp):
    doc = nlp(
        "Agents apprehended 52,300 people along the border in March. That number includes 8,100 children. "
        "The station employs 900 agents.\n\nThat is a record for the sector, which has 41 stations."
    )
    periods = {f["text"]: f["period"] for f in records.figures(doc, "2024-04-10")}
    assert periods == {"52,300": "2024-03", "8,100": "2024-03", "900": None, "41": None}


def test_a_row_of_a_table_read_as_paragraphs_takes_its_header_s_period(nlp):
    doc = nlp(
        "The grants reach every state this year, the agency said in its announcement on Monday.\n\n"
        "Award list\n\nState FY26 Award Amount\n\nAlabama $203,404,327\n\nAlaska $272,174,856\n\n"
        "Grants and requests\n\nOhio asked for $5 million more than it received.\n\nThe fund holds "
        "$40 billion in all, agency staff told reporters at the briefing on Monday afternoon."
    )
    periods = {f["text"]: f["period"] for f in records.figures(doc, "2025-12-29")}
    # a row under its header; prose under a header without a period, and prose, take no header's period
    assert periods == {
        "$203,404,327": "FY2026",
        "$272,174,856": "FY2026",
        "$5 million": None,
        "$40 billion": None,
    }


@pytest.mark.parametrize(
    "words,value",
    [
        ("nearly 1 million", None),
        ("1 million", 1_000_000),
        ("two dozen", 24),
        ("3,500", 3500),
        ("twenty-five", 25),
        ("1.2 billion", 1.2e9),
        ("six", 6),
    ],
)
def test_parse_number(words, value):
    assert parse_number(words) == value


@pytest.mark.parametrize(
    "sentence,released,period",
    [
        ("apprehended in the last fiscal year", "2020-02-28", "FY2019"),
        ("seized in fiscal year 2021", "2022-01-05", "FY2021"),
        ("encounters in January fell", "2021-02-10", "2021-01"),
        ("encounters in November fell", "2021-02-10", "2020-11"),
        ("In the last six months, 20 were killed", "2020-02-28", "2019-08/2020-01"),
        ("last month agents found", "2020-01-15", "2019-12"),
        ("so far this fiscal year", "2019-11-15", "2019-10/2019-11"),
        ("seized to date this fiscal year", "2025-07-31", "2024-10/2025-07"),
        ("Fiscal Year 2022 to date", "2022-03-10", "2021-10/2022-03"),
        ("since FY20", "2022-03-10", "2019-10/2022-03"),
        ("so far this year", "2025-07-31", "2025-01/2025-07"),
        ("year-to-date sales", "2025-07-31", "2025-01/2025-07"),
        ("so far in 2024", "2025-02-01", "CY2024"),
        ("To date, roughly 20% of those arriving this year", "2023-08-30", "2023-01/2023-08"),
        ("This year, the deficit fell by $1.4 trillion", "2022-10-21", "CY2022"),
        (
            "In the first eight months of fiscal year 2019, agents apprehended",
            "2019-06-05",
            "2018-10/2019-05",
        ),
        ("seized in the first four months of the fiscal year", "2023-01-25", "2022-10/2023-01"),
        ("Since Oct. 1, 2009, ERO has removed more than 640", "2013-07-05", "2009-10/2013-07"),
        ("Since the fiscal year began Oct. 1, agents have encountered", "2020-09-09", "2019-10/2020-09"),
        ("found in trucks since October", "2019-03-20", "2018-10/2019-03"),
        ("more common over the last two years", "2021-11-17", "2019-11/2021-10"),
        ("Between 2000 and 2001 alone, they committed 15 robberies", "2014-08-08", "2000-01/2001-12"),
        ("The July total was down 57 percent from July 2023.", "2024-08-14", "2024-07"),
        ("August was the fourth straight month of increases", "2020-09-09", "2020-08"),
        (
            "encountered 46,600 people last month, nearly 76 percent lower than in November 2023",
            "2024-12-18",
            "2024-11",
        ),
        ("the highest for any month since March 2006", "2019-06-05", None),
        (
            "fewer than 4,600 people in July 2025, the lowest monthly total since at least fiscal year 2000",
            "2025-08-20",
            "2025-07",
        ),
        (
            "nearly 250,000 in December 2023, the highest monthly total in records dating back to fiscal "
            "year 2000",
            "2024-01-10",
            "2023-12",
        ),
        (
            "seized 1,500 pounds, one of the largest seizures at the port in the last five years",
            "2022-02-16",
            None,
        ),
    ],
)
def test_period_referred_to_is_resolved_against_the_release_date(sentence, released, period):
    assert resolve(find_period(sentence), released) == period


@pytest.mark.shared
def test_seed_quotes_figures_and_topics(shared, nlp):
    release = read_file(SEED, 10**7).releases[0]
    record = records.extract_record(release, nlp(release.body))
    speakers = {(q["speaker"], q["speaker_title"]) for q in record["quotes"]}
    assert speakers == {
        ("Robert Perez", "Deputy Commissioner"),
        ("Greg Alvarez", "Port Director"),
        ("Chris Clem", "Deputy Chief Patrol Agent"),
    }
    assert sum(q["kind"] == "direct" for q in record["quotes"]) >= 10
    perez = {q["speaker_org_full"] for q in record["quotes"] if q["speaker"] == "Robert Perez"}
    assert perez == {"U.S. Customs and Border Protection"}  # "CBP", spelled out as the release's agency
    million = next(f for f in record["figures"] if f["text"] == "nearly 1 million")
    assert (million["value"], million["qualifier"], million["period"], million["metric"]) == (
        1_000_000,
        "approx",
        "FY2019",
        "apprehensions + inadmissibles",
    )
    police = next(f for f in record["figures"] if f["value"] == 20)
    assert police["metric"] == "deaths" and police["unit"].startswith("Mexican state police")
    topics = {t["topic"] for t in record["topics"]}
    assert {"narcotics", "illegal migration", "weapons smuggling", "illicit currency"} <= topics
    for q in record["quotes"]:  # offsets point into the body
        assert release.body[q["start"] : q["end"]].startswith(q["text"][:20])


def test_a_count_of_two_things_is_both_metrics_and_an_inclusive_count_is_one(nlp):
    both = nlp(
        "The number of migrants apprehended between the ports and those deemed inadmissible at the ports "
        "reached 90,000 in May."
    )._.figures
    assert [(f["value"], f["metric"]) for f in both] == [(90000, "apprehensions + inadmissibles")]
    one = nlp(
        "Total southwest border encounters, including people deemed inadmissible at ports of entry, were "
        "more than 241,000."
    )._.figures
    assert [(f["value"], f["metric"]) for f in one] == [(241000, "encounters")]
    seized = nlp("The number of pounds of cocaine seized and those of heroin rose to 500 pounds.")._.figures
    assert all(" + " not in f["metric"] for f in seized)


def test_a_length_of_time_counts_no_metric_and_a_release_into_the_country_is_its_own_metric(nlp):
    spans = nlp(
        "Border encounters fell to their lowest level in five decades, and in two centuries of service the "
        "agency has never seen it."
    )._.figures
    assert [(f["text"], f["unit"], f["metric"], f["period"]) for f in spans] == [
        ("five", "decades", "other", ""),
        ("two", "centuries", "other", ""),
    ]
    released = nlp(
        "Nationwide encounters were 8,725 in June, with zero releases for the second month."
    )._.figures
    assert {f["text"]: f["metric"] for f in released}["zero"] == "releases"


def test_acronyms_the_release_defines_are_spelled_out():
    text = (
        "Officers of U.S. Customs and Border Protection (CBP) and the Office of Field Operations (OFO) "
        "worked with the Drug Enforcement Administration (DEA), U.S. Border Patrol (USBP) and the Department "
        "of Defense (DoD). The driver (age 34) and the suspect (JR) fled; CBP (again) seized the load."
    )
    defined = acronyms(text)
    assert defined == {
        "CBP": "U.S. Customs and Border Protection",
        "OFO": "Office of Field Operations",
        "DEA": "Drug Enforcement Administration",
        "USBP": "U.S. Border Patrol",
        "DoD": "Department of Defense",
    }
    assert (
        spelled_out("CBP’s Laredo Field Office", defined)
        == "U.S. Customs and Border Protection’s Laredo Field Office"
    )
    assert (
        spelled_out("CBPX Unit", defined) == "CBPX Unit"
        and spelled_out("Laredo, Texas", defined) == "Laredo, Texas"
    )


def test_a_quoted_officials_organisation_is_spelled_out_as_the_release_defines_it(nlp):
    doc = nlp(
        "Agents of Homeland Security Investigations (HSI) arrested the driver. “This case shows what "
        "partnership can do,” said HSI Special Agent in Charge Maria Lopez."
    )
    quotes = records.quotes(doc, ("CBP", "U.S. Customs and Border Protection"))
    assert [(q["speaker"], q["speaker_org"], q["speaker_org_full"]) for q in quotes] == [
        ("Maria Lopez", "HSI", "Homeland Security Investigations")
    ]


def test_a_count_compared_with_another_period_and_a_seizures_street_value_get_their_own_periods(nlp):
    doc = nlp(
        "Officers at Laredo have found more than 200 people hidden in commercial trucks since October, "
        "compared with about 140 during the same period last fiscal year."
    )
    assert {f["text"]: f["period"] for f in records.figures(doc, "2019-03-20")} == {
        "more than 200": "2018-10/2019-03",
        "about 140": "2017-10/2018-03",
    }
    doc = nlp(
        "NOGALES, Ariz. - Officers seized 254 pounds of fentanyl from a tractor-trailer on Oct. 30, the port "
        "said today in a release.\n\nThe drugs have an estimated street value of more than $4.6 million."
    )
    assert {f["text"]: f["period"] for f in records.figures(doc, "2018-11-14")} == {
        "254": "2018-10",
        "more than $4.6 million": "2018-10",
    }


def test_the_metric_is_the_one_named_nearest_the_figure_and_a_change_takes_its_counts(nlp):
    doc = nlp(
        "Border Patrol agents encountered more than 400,000 people on the southwest border in fiscal year "
        "2020, a year when apprehensions fell. Officers seized more than 10,000 pounds of methamphetamine in "
        "fiscal year 2021, an increase of about 30 percent from the year before. Leo Burnett will make a "
        "cash payment of $12.1 million. Officers seized more than $9 million in southbound currency."
    )
    metrics = {f["text"]: f["metric"] for f in doc._.figures}
    assert metrics == {
        "more than 400,000": "encounters",
        "more than 10,000": "drug seizures",
        "about 30 percent": "drug seizures",
        "$12.1 million": "other",
        "more than $9 million": "currency seizures",
    }


def test_a_list_of_statements_each_introduced_by_who_speaks_and_a_colon(nlp):
    doc = nlp(
        "Leaders across the region welcomed the agreement.\n\n"
        "Maria Delgado, President and CEO, Rio Grande Growers Association: “This agreement gives our "
        "farmers a fair shot at markets they lost.”\n\n"
        "Arizona Gov. Thomas Reed: “Trade matters to every family in our state.”\n\n"
        "Samuel Ortiz, Jr., Laredo Chamber of Commerce President: “Our bridges will be busier than ever.”\n\n"
        "Former customs inspector Paula Grant: “We have waited a long time for rules this clear.”\n\n"
        "Rep. Jordan Whitfield (TX-28): “A win for the border economy and the people who build it.”"
    )
    got = [(q["speaker"], q["speaker_title"], q["speaker_org"], q["cue"]) for q in records.quotes(doc)]
    assert got == [
        ("Maria Delgado", "President and CEO", "Rio Grande Growers Association", "colon"),
        ("Thomas Reed", "Gov.", "Arizona", "colon"),
        ("Samuel Ortiz Jr.", "President", "Laredo Chamber of Commerce", "colon"),
        ("Paula Grant", "Former customs inspector", "", "colon"),
        ("Jordan Whitfield", "Rep.", "", "colon"),
    ]


def test_court_and_prosecutor_titles_and_organisations_are_not_names(nlp):
    doc = nlp(
        "“The defendant betrayed the public trust,” said U.S. Attorney Carla Benton of the District of Utah. "
        "“This plea closes the case,” said Brian Hale, Inspector General of the General Services "
        "Administration. “We followed the money,” said Brigadier General Rodney Oakes."
    )
    got = [(q["speaker"], q["speaker_title"], q["speaker_org"]) for q in records.quotes(doc)]
    assert got == [
        ("Carla Benton", "U.S. Attorney", "District of Utah"),
        ("Brian Hale", "Inspector General", "General Services Administration"),
        ("Rodney Oakes", "Brigadier General", ""),
    ]


def test_a_quote_set_in_its_speakers_own_sentence_after_a_verb_of_saying(nlp):
    doc = nlp(
        "Governor Ana Ruiz promised in March to “keep every port open through the winter.” Secretary Paul "
        "Lang called the deal “a turning point for the border economy.”\n\nThe agency described the "
        "so-called “remain in Mexico” policy as a failure. Officers found what the driver called “just a few "
        "boxes of limes” in the trailer."
    )
    got = [(q["speaker"], q["cue"], q["text"][:20]) for q in records.quotes(doc)]
    assert got == [
        ("Ana Ruiz", "promised", "keep every port open"),
        ("Paul Lang", "called", "a turning point for "),
    ]
