"""Quote layouts of real writing, as a table of (text, expected (speaker, kind, words the quote starts with))
so that a failure names its sentence. Every text here is written for the test."""

from __future__ import annotations

import pytest

from lib import records, schema
from lib.nlp import administrations, transcripts

LAYOUTS = [
    (  # the attribution in a web page's emphasis
        "Travel rose.\n\n“Our approach has delivered real progress,” *said Vice President Dana Holt. *“We "
        "will keep going all year.”",
        [("Dana Holt", "direct", "Our approach"), ("Dana Holt", "direct", "We will keep")],
    ),
    (  # an outlet's article quoted whole over paragraphs, under a line naming it by its short name
        "Releases fell to zero last month, the New York Post reports.\n\nFrom the *Post*:\n\n“Agents "
        "released no one last month.\n\nThey caught 8,725 people at the border.”\n\nRead more.",
        [
            ("New York Post", "indirect", "Releases fell to zero"),
            ("New York Post", "direct", "Agents released no one"),
        ],
    ),
    (  # a document's text quoted whole is nobody's words
        "Section 3 of the order is revised to read as follows:\n\n“(a) Carriers delivering shipments must "
        "collect duties.\n\n(b) This applies to all postal items.”\n\nSec. 4.",
        [],
    ),
    (  # the government's own words are no outlet's
        "Sales rose.\n\nFrom the White House:\n\n“We will keep every port open.”",
        [],
    ),
    (  # an opening mark typed where the closing one belongs
        "The port was busy.\n\n“Arrests have jumped sharply this year“, said Chief Lena Park.",
        [("Lena Park", "direct", "Arrests have jumped")],
    ),
    (
        "Dana Ruiz is an economist at the Pell Institute.\n\n“Prices will fall before summer,” Ruiz wrote.",
        [("Dana Ruiz", "direct", "Prices will fall")],
    ),
    (
        "Senator Tom Vale spoke on Tuesday.\n\nVale tweeted: “We will not stop until the bill passes.”",
        [("Tom Vale", "direct", "We will not stop")],
    ),
    (
        "Chief Lena Park met the press.\n\n“The port stays open all night,” Park told reporters.",
        [("Lena Park", "direct", "The port stays open")],
    ),
    (
        "Travel was slow.\n\n“I have waited here for four hours,” said a traveler at Hobby Airport in "
        "Houston.",
        [("A traveler at Hobby Airport in Houston", "direct", "I have waited here")],
    ),
    (
        "Secretary of Commerce Gina Ortiz spoke on Monday.\n\n“Our factories are busy again,” Ortiz said.",
        [("Gina Ortiz", "direct", "Our factories are busy")],
    ),
    (
        "This morning, President Donald J. Trump spoke on television.\n\n*President Trump on Morning "
        "Show*\n\nOn trade: “We are making better deals than anyone thought possible.”\n\n"
        "On the border: “The border is closed to those who would break our laws.”",
        [
            ("Donald J. Trump", "direct", "We are making better"),
            ("Donald J. Trump", "direct", "The border is closed"),
        ],
    ),
    (
        "Arrests rose across the country.\n\nIn South Carolina, “arrests have more than tripled since "
        "January.”",
        [],
    ),
    (
        "Officers seized cocaine.\n\n“We stay vigilant at every lane,” CBP Area Port Director Lee Park, Area "
        "Port of Savannah.",
        [("Lee Park", "direct", "We stay vigilant")],
    ),  # an attribution with no verb
    (
        "This morning, Senator Ruth Bell spoke on television.\n\n*Senator Bell on Morning Show*\n\n"
        "El Paso Matters: “For a decade, residents have fought to protect the range.”",
        [],
    ),  # an outlet, not the heading
    (
        "The men pleaded guilty today.\n\nWilliam J. Edwards, U.S. Attorney for the Northern District of "
        "Ohio, said: “These guilty pleas are testament to the hard work of the team.”",
        [("William J. Edwards", "direct", "These guilty pleas")],
    ),
    (
        "The sculptures were handed to Consul General of India Dnyaneshwar M. Mulay in New York.\n\n“This "
        "return matters to both countries,” said Mulay. “I deeply appreciate the work of the investigators.”",
        [("Dnyaneshwar M. Mulay", "direct", "This return"), ("Dnyaneshwar M. Mulay", "direct", "I deeply")],
    ),
    (
        "Here is what they are saying:\n\nMarket Wire’s Dana Holt: “Prices are falling faster than anyone "
        "expected.”",
        [("Dana Holt", "direct", "Prices are falling")],
    ),  # an outlet's possessive before the name in a statement's lead-in
    (
        "The stamp was unveiled today.\n\nFirst Lady Ana Ruiz said, “This stamp honors a life of service.”",
        [("Ana Ruiz", "direct", "This stamp honors")],
    ),
    (
        "The fugitive was caught.\n\n“We never stop looking,” said U.S. Marshal of the Western District of "
        "Texas Omar Price.",
        [("Omar Price", "direct", "We never stop")],
    ),  # an office "of" a district before the name
    (
        "Prices fell in May.\n\n“Today’s report shows prices are falling.” *— Dana Holt, Agency Press "
        "Secretary*",
        [("Dana Holt", "direct", "Today’s report")],
    ),  # a dash attribution in a web page's emphasis
    (
        "In my office I keep a portrait of Rosa Ortiz, one of my heroes, who once said: “Every child "
        "deserves a teacher who believes in them.”",
        [("Rosa Ortiz", "direct", "Every child")],
    ),  # an appositive and a relative clause before the verb
    (
        "The order was signed today.\n\nAs President Lane described in 2019: “Our ports are the front line "
        "of our security.”",
        [("Lane", "direct", "Our ports")],
    ),
    (
        "The order was signed today.\n\nIn 2024, President Lane promised to “open every port by spring.”",
        [("Lane", "direct", "open every port")],
    ),  # a titled surname in the speaker's own sentence
    (
        "The order was signed today.\n\nOur Nation’s first President pledged that we will “never forget "
        "those who served.”",
        [],
    ),  # "President" without its article names no office holder
    (
        "This morning, Secretary Dana Holt spoke on television.\n\n*Secretary Holt on Morning Show*\n\nOn "
        "the budget: [The bill] “keeps every office open through the winter.”",
        [("Dana Holt", "direct", "keeps every office")],
    ),  # an editor's bracket before the quote under a heading
    (
        "“Our two nations share one border and one future.”\n\nPresident Ana Ruiz May 4, 2022\n\nToday the "
        "two governments signed a new agreement.",
        [("Ana Ruiz", "direct", "Our two nations")],
    ),  # an epigraph signed below with a name and a date
    (
        "“Our two nations share one border and one future.”\n\nBorder Security Highlights\n\nToday the "
        "two governments signed a new agreement.",
        [],
    ),  # a heading below a quote signs nothing
    (
        "The letter went out today.\n\nIn their letter, port owners wrote: *\n\n“Every day of delay costs "
        "our workers a day of pay.”\n\n“We ask Congress to act this week.”",
        [("Port owners", "direct", "Every day of delay"), ("Port owners", "direct", "We ask Congress")],
    ),  # a group introduces its letter with a colon; the next paragraphs continue it
    (
        "The letter went out today. Port owners are urging Congress to “pass the funding bill by Friday.”",
        [("Port owners", "direct", "pass the funding bill")],
    ),
    (
        "Lines were long.\n\n“We waited five hours,” said a traveler at Logan International Airport in "
        "Boston — where the senators have voted to keep the shutdown.",
        [("A traveler at Logan International Airport in Boston", "direct", "We waited")],
    ),  # a description, cut at the dash, and no airport as a person
    (
        "Vice President Ana Ruiz, Secretary of State Lee Park, Secretary of Commerce Gina Ortiz and others "
        "met.\n\n“Trade keeps both nations strong,” Secretary Ortiz said.",
        [("Gina Ortiz", "direct", "Trade keeps")],
    ),
]


@pytest.mark.parametrize("text, expected", LAYOUTS, ids=[t.split("\n")[-1][:50] for t, _ in LAYOUTS])
def test_a_layout_of_real_writing_is_attributed(nlp, text, expected):
    quotes = records.quotes(nlp(text))
    assert [
        (q["speaker"], q["kind"], q["text"][: len(e[2])]) for q, e in zip(quotes, expected, strict=False)
    ] == expected
    assert len(quotes) == len(expected)


@pytest.mark.parametrize(
    "text",
    [
        "Secretary of Commerce Gina Ortiz spoke on Monday.\n\n“Our factories are busy again,” Ortiz said.",
        "Vice President Ana Ruiz, Secretary of State Lee Park, Secretary of Commerce Gina Ortiz and others "
        "met.\n\n“Our factories are busy again,” Secretary Ortiz said.",
    ],
)
def test_the_speaker_title_is_the_office_of_something(nlp, text):
    (quote,) = records.quotes(nlp(text))
    assert (quote["speaker_title"], quote["speaker_org"]) == ("Secretary of Commerce", "")


TRANSCRIPT = """Aboard the plane

2:19 P.M. EDT

MS. LANE: Good afternoon, everybody. I have two things for you today.

The first is the trip. The second is the bill.

Q Thank you. What about the bill?

MS. LANE: The President will sign it on Friday, as he said: “We will get it done.”

THE PRESIDENT: Thank you all for coming.

Q Mr. President, one more?

MS. LANE: Thanks, guys.

2:41 P.M. EDT"""


def test_transcript_turns_are_each_speakers_words_and_q_is_never_a_speaker(nlp):
    quotes = records.quotes(
        nlp(TRANSCRIPT), title="Press Gaggle by Press Secretary Mia Lane En Route Ohio", released="2022-10-21"
    )
    assert [(q["speaker"], q["kind"], q["text"][:22]) for q in quotes] == [
        ("Mia Lane", "transcript", "Good afternoon, everyb"),
        ("Mia Lane", "transcript", "The President will sig"),
        ("Joe Biden", "transcript", "Thank you all for comin"[:22]),
        ("Mia Lane", "transcript", "Thanks, guys."),
    ]
    assert quotes[0]["text"].endswith("The second is the bill.")  # a turn runs over its paragraphs
    assert quotes[0]["speaker_title"] == "Press Secretary"
    assert quotes[3]["text"] == "Thanks, guys."  # the closing time stamp is no one's words


@pytest.mark.parametrize(
    "text",
    [
        "NOTE: The meeting is closed to the press.\n\nThe agency will publish its report on Friday.",
        "WASHINGTON: The agency will publish its report on Friday.",
        "PUTTING FAMILIES FIRST IN THE BUDGET: The President signed the order today.\n\nSTANDING UP FOR "
        "THE AMERICAN WORKER: The order raises wages.",
    ],
)
def test_a_heading_in_capitals_is_no_transcript(text):
    assert transcripts.turns(text) == []


@pytest.mark.parametrize(
    "office, date, holder",
    [
        ("The President", "2022-10-21", "Joe Biden"),
        ("The President", "2025-03-01", "Donald J. Trump"),
        ("The Vice President", "2023-01-01", "Kamala Harris"),
        ("The President", "1990-01-01", ""),
    ],
)
def test_an_office_is_its_holder_on_the_release_date(office, date, holder):
    assert administrations.office_holder(office, date) == holder


@pytest.mark.parametrize(
    "text, title, org",
    [
        (
            "The charges were announced by U.S. Attorney for the Northern District of Ohio Mary Collins and "
            "others.\n\n“No one is above the law,” U.S. Attorney Collins said.",
            "U.S. Attorney",
            "Northern District of Ohio",
        ),
        (
            "The fugitive was returned, said Carl Benton, U.S. Marshal for the Southern District of "
            "Texas.\n\n“We never stop looking,” Benton said.",
            "U.S. Marshal",
            "Southern District of Texas",
        ),
        (
            "Secretary of External Relations Marcelo Ebrard met the delegation.\n\n“We are partners,” "
            "Secretary Ebrard said.",
            "Secretary of External Relations",
            "",
        ),
        (
            "Officers seized cocaine at the port.\n\n“This was careful work by every officer,” said Lee "
            "Park, Area Port Director, Area Port of Savannah.",
            "Area Port Director",
            "Area Port of Savannah",
        ),
        (  # the organisation of the introduction, when the quote names the person by title only
            "Acting Assistant Attorney General Dana Holt of the Fraud Section announced the plea.\n\n“No one "
            "is above the law,” said Acting Assistant Attorney General Dana Holt.",
            "Acting Assistant Attorney General",
            "Fraud Section",
        ),
        (  # an organisation before "and" belongs to the person before
            "Assistant Attorney General Dana Holt of the Fraud Section and Assistant Attorney General Omar "
            "Price of the Tax Division announced the plea.\n\n“Every return counts,” Price said.",
            "Assistant Attorney General",
            "Tax Division",
        ),
        (  # a time before the title is no organisation
            "On Friday, President Ana Ruiz signed the order.\n\n“This order keeps families safe,” Ruiz said.",
            "President",
            "",
        ),
        (  # the office after the name is the next person's in a list, not this one's again
            "The summit opened with Vice President Ana Ruiz, Secretary of State Omar Price and others.\n\n"
            "“Democracy takes work,” Vice President Ana Ruiz said.",
            "Vice President",
            "",
        ),
        (  # a list of officials: the organisation stops at the next one's
            "Assistant Attorney General Dana Holt of the Fraud Section, Secret Service Director Omar Price "
            "and others announced the plea.\n\n“Fraud never pays,” Holt said.",
            "Assistant Attorney General",
            "Fraud Section",
        ),
    ],
)
def test_title_and_organisation_are_split_as_the_release_introduces_the_person(nlp, text, title, org):
    (quote,) = records.quotes(nlp(text))
    assert (quote["speaker_title"], quote["speaker_org"]) == (title, org)


Q = "“Every case we bring tells the public that the law holds,” said "


@pytest.mark.parametrize(
    "attribution, title, org",
    [
        # a title after the name, with a lowercase modifier, and the organisation it serves
        (
            "Dana Holt, the acting Assistant Attorney General for the Tax Division.",
            "acting Assistant Attorney General",
            "Tax Division",
        ),
        ("Ana Ruiz, field office director for ERO Chicago.", "field office director", "ERO Chicago"),
        (
            "Ana Ruiz, senior policy officer with the Fair Trade Bureau.",
            "senior policy officer",
            "Fair Trade Bureau",
        ),
        # the organisation before the title's own words, and then "for …" is part of the office
        ("Omar Price, EPA Region 7 Administrator.", "Administrator", "EPA Region 7"),
        ("Lena Park, Federal Protective Service director.", "director", "Federal Protective Service"),
        (
            "Tom Vale, Department of Labor Deputy Assistant Secretary for Wage Policy.",
            "Deputy Assistant Secretary for Wage Policy",
            "Department of Labor",
        ),
        (
            "Ruth Bell, the Tax Division’s Deputy Assistant Attorney General for Appeals.",
            "Deputy Assistant Attorney General for Appeals",
            "Tax Division",
        ),
        (
            "Carl Benton, U.S. Marshal for the Western District of Texas.",
            "U.S. Marshal",
            "Western District of Texas",
        ),
        # a title whose words before it are its field, not an organisation
        ("Homeland Security Advisor Dana Holt.", "Homeland Security Advisor", ""),
        ("Trade and Tariffs Czar Omar Price.", "Trade and Tariffs Czar", ""),
        ("White House Drug Policy Coordinator Omar Price.", "Drug Policy Coordinator", "White House"),
        # title words of the vocabulary
        ("Principal Deputy Press Secretary Mia Lane.", "Principal Deputy Press Secretary", ""),
        ("Brig. Gen. Tom Vale of the Army Materiel Command.", "Brig. Gen.", "Army Materiel Command"),
        # a rank before the name yields to the office after it
        ("Gen. Luis Ortega, a regional commander of the State Police.", "regional commander", "State Police"),
        ("Dana Holt, former FPS Director.", "former Director", "FPS"),
        # the organisation an office is in charge of, or is for, after the title or the name
        (
            "Omar Price, Acting Assistant Attorney General in charge of the Antitrust Division.",
            "Acting Assistant Attorney General",
            "Antitrust Division",
        ),
        (
            "Assistant Attorney General Ruth Bell for the Civil Rights Division.",
            "Assistant Attorney General",
            "Civil Rights Division",
        ),
        (
            "Deputy Director Tom Vale, Jr., of the Federal Protective Service.",
            "Deputy Director",
            "Federal Protective Service",
        ),
        # the office written before the name and again after it, with what it serves
        (
            "U.S. Attorney Mia Lane, U.S. Attorney for the District of Vermont.",
            "U.S. Attorney",
            "District of Vermont",
        ),
        # six words of organisation and title before the head word
        (
            "Lena Park, Department of Homeland Security Acting Assistant Secretary for Border Policy.",
            "Acting Assistant Secretary for Border Policy",
            "Department of Homeland Security",
        ),
    ],
)
def test_a_title_after_or_before_the_name_is_split_from_its_organisation(nlp, attribution, title, org):
    (quote,) = records.quotes(nlp("The case closed on Monday.\n\n" + Q + attribution))
    assert (quote["speaker_title"], quote["speaker_org"]) == (title, org)


def test_an_acronym_that_leaves_out_its_department_is_spelled_out_with_it():
    from lib.nlp.acronyms import acronyms

    assert (
        acronyms("the Department of Health and Human Services (HHS) said")["HHS"]
        == "Department of Health and Human Services"
    )
    assert (
        acronyms("U.S. Customs and Border Protection (CBP) said")["CBP"]
        == "U.S. Customs and Border Protection"
    )


INDIRECT = [
    # an organisation outside the government as the source, "today" before "that" left out
    (
        "Packages arrived. The Wall Street Journal reported today that most packages arrived on time this "
        "season.",
        ("Wall Street Journal", "most packages arrived on time this season"),
    ),
    (
        "Wind farms grew. The company building the ship, called Great Lakes Dredge & Dock, has stated that "
        "it would not have entered the market without the credits.",
        ("Great Lakes Dredge & Dock", "it would not have entered the market without the credits"),
    ),
    # an organisation named after the clause it reports; a part of the government is no source
    (
        "Prices fell. Gas prices in Denver have fallen 14.5 cents per gallon since Monday, GasBuddy "
        "reported.",
        ("GasBuddy", "Gas prices in Denver have fallen 14.5 cents per gallon since Monday"),
    ),
    ("Arrests fell. Arrests fell sharply in June, the Department said.", None),
    # a company announcing a clause with a subject of its own, not an object
    (
        "Jobs grew. Ford Motor Company announced it will build a new plant in Ohio next year.",
        ("Ford Motor Company", "it will build a new plant in Ohio next year"),
    ),
    ("Jobs grew. Ford Motor Company announced a $35 million investment in its plant.", None),
    # a part of the government is no outside source: its own news, also by its acronym, defined or not
    (
        "The meeting included the Consumer Financial Protection Bureau and the Federal Trade Commission. "
        "Earlier that day, the CFPB announced that it plans to propose rules for data brokers.",
        None,
    ),
    (
        "The Consumer Financial Protection Bureau (CFPB) met bankers. Earlier that day, the CFPB announced "
        "that it plans to propose rules for data brokers.",
        None,
    ),
    ("Jobs grew. The Department of Labor reported that unemployment fell to a record low.", None),
    # "described how": the clause after "how"
    (
        "Crime fell. In his address, Governor Ruth Bell described how cities have used the grants to hire "
        "officers.",
        ("Ruth Bell", "cities have used the grants to hire officers"),
    ),
    # an aside naming an office: the clause after it, to a second clause with a subject of its own
    (
        "The plan was released today. As the President has said, trade rules must protect workers, and this "
        "plan does that.",
        ("Joe Biden", "trade rules must protect workers"),
    ),
    # a titled surname, words between the subject and the verb
    (
        "The bill passed on Monday. Governor Alvarez has repeatedly said the state will fund every school.",
        ("Alvarez", "the state will fund every school"),
    ),
    # an opening phrase before the subject
    (
        "Chief Lena Park met the mayors. In an interview after the meeting, she pointed out that the port "
        "needs more officers.",
        ("Lena Park", "the port needs more officers"),
    ),
    (
        "Director Omar Price spoke on Monday. Price confirmed that the office will reopen in June.",
        ("Omar Price", "the office will reopen in June"),
    ),
    # the clause ends before the speaker's second verb
    (
        "Secretary Dana Holt led the meeting. Holt noted the solution is to build more ships, and discussed "
        "the new shipyards.",
        ("Dana Holt", "the solution is to build more ships"),
    ),
    # the subject of the sentence reports the clause after "saying"
    (
        "Mayor Ana Ruiz visited the shelter. Ruiz thanked the volunteers for their work, saying she will "
        "return next month.",
        ("Ana Ruiz", "she will return next month"),
    ),
    (
        "President Lee Park met the press. Park announced that the border bridge will reopen on Friday.",
        ("Lee Park", "the border bridge will reopen on Friday"),
    ),
    # not reported words: an object, news announced, an adjective, people not named one by one
    ("Envoy Tom Vale spoke at the port. Vale noted the progress in moving containers at the port.", None),
    ("Governor Ana Ruiz visited the county. Ruiz announced $5 million for the county’s roads.", None),
    (
        "Officers arrested Omar Price, a Venezuelan national and confirmed member of the gang, on Monday.",
        None,
    ),
    ("The ministers met on Monday. They said the talks will continue in May.", None),
    (
        "The ports reopened on Monday. Officials said the lanes will stay open all night.",
        None,
    ),  # no named source
    # a government's own news is no outside source, whatever the form of its word ("Congress", "Sheriffs'")
    ("The talks went on. Congress reported that the budget talks had stalled over border funding.", None),
    (
        "The Consumer Financial Protection Bureau met on Monday. The CFPB reported that complaints rose "
        "sharply last year.",
        None,
    ),
]


@pytest.mark.parametrize("text, expected", INDIRECT, ids=[t.split(". ", 1)[-1][:50] for t, _ in INDIRECT])
def test_reported_speech_is_an_indirect_quote_of_who_reports_it(nlp, text, expected):
    quotes = [q for q in records.quotes(nlp(text), released="2022-05-01") if q["kind"] == "indirect"]
    assert [(q["speaker"], q["text"]) for q in quotes] == ([expected] if expected else [])


def test_statements_under_lines_naming_their_authors_are_their_words(nlp):
    text = (
        "Statement by Agency Press Secretary Dana Holt: *\n\nToday we opened two new ports. They will serve "
        "every traveler.\n\nWe thank our partners.\n\nStatement by Deputy Director Omar Price: *\n\nThis "
        "work keeps our borders safe."
    )
    quotes = records.quotes(nlp(text))
    assert [(q["speaker"], q["speaker_title"], q["text"][:20]) for q in quotes] == [
        ("Dana Holt", "Press Secretary", "Today we opened two "),
        ("Omar Price", "Deputy Director", "This work keeps our "),
    ]
    assert quotes[0]["text"].endswith("We thank our partners.")


def test_an_office_that_has_said_a_quote_is_its_holder_on_the_release_date(nlp):
    text = (
        "The strategy was released today.\n\nThe Vice President has said, “We will not do this work alone.”"
    )
    (quote,) = records.quotes(nlp(text), released="2021-07-29")
    assert (quote["speaker"], quote["speaker_title"]) == ("Kamala Harris", "Vice President")


SPEECH = (
    "WASHINGTON - Thank you all for coming. Our work is not done.\n\nAs a mayor once told me, “Every street "
    "needs a light.” We will keep building.\n\nThank you."
)


@pytest.mark.parametrize(
    "title, speaker, office",
    [
        (
            "Remarks as Delivered by Senior Advisor Dana Holt at the Climate Summit",
            "Dana Holt",
            "Senior Advisor",
        ),
        (
            "Prepared Remarks of Deputy Attorney General Omar J. Price",
            "Omar J. Price",
            "Deputy Attorney General",
        ),
        ("Assistant Attorney General Lena Park Speaks at the Annual Fraud Conference", "Lena Park", None),
    ],
)
def test_a_speech_without_turns_is_its_speakers_words_as_the_title_says(nlp, title, speaker, office):
    (quote,) = records.quotes(nlp(SPEECH), title=title, released="2024-05-01")
    assert (quote["speaker"], quote["kind"]) == (speaker, "transcript")
    assert quote["text"].startswith("Thank you all for coming") and quote["text"].endswith("Thank you.")
    assert office is None or quote["speaker_title"] == office  # the quote inside the speech is part of it


@pytest.mark.parametrize(
    "title",
    [
        "Statement from Senior Advisor Dana Holt on the Climate Summit",
        "Remarks by Senior Advisor Dana Holt and Secretary Omar Price at the Climate Summit",
    ],
)
def test_a_statement_or_joint_remarks_without_turns_is_no_speech(nlp, title):
    assert all(q["kind"] != "transcript" for q in records.quotes(nlp(SPEECH), title=title))


def test_a_vocabulary_word_yaml_reads_as_true_or_false_is_a_clear_error(tmp_path, monkeypatch):
    from lib.nlp import lexicon

    spec = (lexicon.VOCABULARY.read_text(encoding="utf-8")).replace('"On"', "On")
    (tmp_path / "quotes.yml").write_text(spec, encoding="utf-8")
    monkeypatch.setattr(lexicon, "VOCABULARY", tmp_path / "quotes.yml")
    lexicon.lexicon.cache_clear()
    try:
        with pytest.raises(lexicon.VocabularyError, match=r"quotes\.yml: people\.not_names holds True"):
            lexicon.lexicon()
    finally:
        lexicon.lexicon.cache_clear()


def test_the_words_of_each_layout_are_read_from_the_vocabulary():
    """A verb or opening word of a layout is a line in data/quotes.yml: each one listed reaches its rule."""
    from lib.nlp import quotes
    from lib.nlp.lexicon import lexicon

    words = lexicon()
    for cue in words.trailing_cues:  # "…, GasBuddy reported."
        m = quotes._TRAILING.match(f"Gas prices rose again last week, GasBuddy {cue}.")
        assert m and m.group("cue") == cue
        assert quotes._INDIRECT_CUE.search(f"Prices rose, GasBuddy {cue}.")
    for cue in words.embedding_cues:  # "Airline CEOs urged Congress to “…”"
        m = quotes._EMBEDDING.search(f"Airline CEOs {cue} Congress to ")
        assert m and m.group("cue") == cue
    for opener in words.outlet_openers:  # "From the *Post*:"
        m = quotes._FROM.fullmatch(f"{opener} the *Post*:")
        assert m and m.group("who") == "Post"
    for word in words.before_that:  # "Lane said today that …"
        m = quotes._INDIRECT.match(f"Lane said {word} that the port will reopen next week.")
        assert m and m.group("text").startswith("the port")


SPEAKER_KINDS = [
    (  # a group named before, standing for "the group"
        "The Harbor Alliance met on Monday.\n\n“We will keep pushing for this bill every day,” the group "
        "tweeted.",
        [("Harbor Alliance", "organisation", "tweeted")],
    ),
    (  # the organisation itself, capitalised after "the"
        "“We are reviewing the request and will respond soon,” the White House said in an email.",
        [("White House", "organisation", "said")],
    ),
    (  # an organisation the model finds, named in full after the quote
        "“Traffic will be heavy this weekend at every crossing,” U.S. Customs and Border Protection said.",
        [("U.S. Customs and Border Protection", "organisation", "said")],
    ),
    (  # an acronym the release defines, the cue first, and before the quote with a colon
        "U.S. Customs and Border Protection (CBP) opened a lane.\n\n“Expect delays at the bridge,” said CBP. "
        "CBP added in a statement: “Travelers should carry their documents.”",
        [("CBP", "organisation", "said"), ("CBP", "organisation", "added")],
    ),
    (  # a document is its author's words: a person's
        "Senator Tom Vale issued a statement on Friday.\n\n“The port will reopen after repairs,” the "
        "statement read.",
        [("Tom Vale", "person", "read")],
    ),
    (  # an organisation described with its country
        "“We reject these accusations entirely and completely,” the Mexican government said.",
        [("Mexican government", "organisation", "said")],
    ),
    (  # a lowercase noun that no organisation named before has: nobody
        "Workers at Pell Motors voted.\n\n“This is a great day for our members,” the union said.",
        [],
    ),
    (  # people quoted together
        "Airline CEOs urged Congress to “end the shutdown now before travel collapses.”",
        [("Airline CEOs", "group", "urged")],
    ),
    (  # a person stays a person
        "“We will build it,” said Ana Ruiz, Port Director. “It will take two years,” she added.",
        [("Ana Ruiz", "person", "said"), ("Ana Ruiz", "person", "added")],
    ),
]


@pytest.mark.parametrize(
    "text, expected", SPEAKER_KINDS, ids=[t.split("\n")[-1][:50] for t, _ in SPEAKER_KINDS]
)
def test_a_speaker_is_a_person_an_organisation_or_a_group(nlp, text, expected):
    """Organisations and documents speak quotes too ("the group tweeted", "the statement read"): kept, with
    the organisation as speaker and speaker_kind saying it is not a person."""
    quotes = records.quotes(nlp(text))
    assert [(q["speaker"], q["speaker_kind"], q["cue"]) for q in quotes] == expected


def test_every_quote_says_what_its_speaker_is(nlp):
    for text, _ in LAYOUTS + SPEAKER_KINDS:
        assert {q["speaker_kind"] for q in records.quotes(nlp(text))} <= set(schema.SPEAKER_KINDS)


def test_the_tokens_of_a_stretch_of_text_are_found_by_offset(nlp):
    """The quote rules look tokens up by character offset (a bisection, not a walk over the doc): the same
    tokens as a walk finds, at every offset."""
    from lib.nlp import quotes

    doc = nlp("Port Director Ana Ruiz said agents seized 40 pounds, adding that the port stayed open.")
    for start in range(0, len(doc.text) + 2, 3):
        walked = next((t for t in doc if t.idx >= start), None)
        assert quotes._token_at(doc, start) == walked
        for end in range(start, len(doc.text) + 2, 7):
            assert list(quotes._tokens(doc, start, end)) == [t for t in doc if start <= t.idx < end]
