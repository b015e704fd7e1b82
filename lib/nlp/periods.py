"""Periods a figure refers to ('in the last fiscal year'), as expressions resolved against the release
date. The words of the phrases are data/periods.yml: seasons, parts of a year, the words joining a span,
comparisons and the other side of a change, look-backs and what tells a time ahead, records, a president's
time in office and the days of the week (also the charge counts, sentence terms, case steps and continuing
sentences lib/nlp/figures.py reads); the phrase kinds are PATTERNS, tried in order."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, timedelta
from functools import lru_cache

import yaml

from lib.ingest.base import MONTH_NUMBER
from lib.nlp import administrations
from lib.nlp.numbers import ORDINALS, TENS, UNITS
from lib.settings import ROOT

VOCABULARY = ROOT / "data" / "periods.yml"


@lru_cache(maxsize=1)
def vocabulary() -> dict:
    return yaml.safe_load(VOCABULARY.read_text(encoding="utf-8"))


def words(key: str) -> str:
    """A regex alternation of the phrases of one list of data/periods.yml, longest first, any spacing."""
    phrases = sorted(vocabulary()[key], key=len, reverse=True)
    return "(?:" + "|".join(r"\s+".join(map(re.escape, p.split())) for p in phrases) + ")"


_MONTH = r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
_MON = rf"(?:{_MONTH}|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.)"
_YEAR = r"(?:19|20)\d{2}"
_FY = r"(?:fiscal\s+years?|FY)\s?'?(\d{4}|\d{2})"
_DATE = rf"({_MON})(?:\s+\d{{1,2}})?,?\s+({_YEAR})"  # "Jan. 2, 2005", "August 2008"
_JOIN = words("span_joiners")
_SEASON = "(?:" + "|".join(vocabulary()["seasons"]) + ")"
_PART = words("year_parts")
_OFFICE = words("in_office")
_WHO = (  # "the second Trump Administration", "his", "Biden's"
    r"(?:(?:the|his|her|my|our|this|(?:the\s+)?(?:first|second)\s+)?\s*"
    r"(?:(?-i:(?P<who>[A-Z][a-z]+))(?:[’']s)?\s+)?)"
)
PATTERNS: tuple[tuple[str, re.Pattern], ...] = tuple(
    (kind, re.compile(p, re.I))
    for kind, p in (
        # "The May total was …", "August was the fourth straight month …": the month the sentence is about
        (
            "month_subject",
            rf"^\W*(?:the\s+)?({_MONTH})(?:\s+(\d{{4}}))?\s+(?:total|was|were|saw|numbers?|figures?|count)\b",
        ),
        # "the first eight months of fiscal year 2019", "the first half of FY22", "the second quarter of this
        # fiscal year"
        (
            "fy_first",
            r"\b(?:(first)\s+(\w+)\s+months|(first|second)\s+(half)|(first|second|third|fourth)\s+(quarter))\s+of\s+"
            r"(?:the\s+)?(?:(?:fiscal\s+year|FY)\s?'?(\d{4}|\d{2})|(?:current\s+|this\s+)?fiscal\s+year)\b",
        ),
        (
            "since_fy",
            r"\bsince\s+(?:the\s+(?:fiscal\s+year\s+began|start\s+of\s+the\s+fiscal\s+year)|"
            r"(?:October|Oct\.)(?:\s+1)?\b(?!,?\s+\d{4}))",
        ),
        ("since", rf"\bsince\s+({_MON})(?:\s+\d{{1,2}})?,?\s+(\d{{4}})\b"),
        # "from Jan. 2, 2005, through August 2008", "between March 2003 and August 2007"
        ("month_span", rf"\b(?:(?:from|between)\s+)?{_DATE},?\s+{_JOIN}\s+{_DATE}\b"),
        # "FY19 through FY22", "fiscal years 2020 to 2023"; "since FY20"
        (
            "fy_span",
            rf"\b(?:(?:from|between)\s+)?{_FY}\s+{_JOIN}\s+(?:(?:fiscal\s+year|FY)\s?'?)?(\d{{4}}|\d{{2}})\b",
        ),
        ("since_fy_num", rf"\bsince\s+(?:the\s+(?:start|beginning)\s+of\s+)?{_FY}\b"),
        # "the 12 months ending in June 2023"
        ("months_ending", rf"\b(\w+)\s+months\s+(?:ending|ended|through)\s+(?:in\s+)?{_DATE}\b"),
        # "between 2000 and 2001", "from 2001 through 2004", "2001 through 2004", "in 2020 and 2021"
        (
            "years_between",
            rf"\b(?:(?:between|from|in)\s+)?({_YEAR})\s+{_JOIN}\s+({_YEAR})\b",
        ),
        ("since_year", rf"\bsince\s+({_YEAR})\b"),
        ("since_month", rf"\bsince\s+({_MONTH})\b(?!\s+\d)"),
        # "in the 11 days after Jan. 20", "the first 30 days following March 4, 2020", "the two weeks before
        # Christmas" (not a date: no match): the stretch counted from (or back to) a day
        (
            "days_from",
            rf"\bthe\s+(?:first\s+)?(\w+)\s+(days|weeks|months)\s+(after|following|since|before|preceding)\s+"
            rf"({_MON})\s+(\d{{1,2}})\b(?:,?\s+({_YEAR}))?",
        ),
        # "from Jan. 20 to Jan. 31", "between May 1 and 7": days of one stretch, the year the release's
        (
            "day_span",
            rf"\b(?:from|between)\s+({_MON})\s+\d{{1,2}},?\s+{_JOIN}\s+(?:({_MON})\s+)?\d{{1,2}}\b"
            rf"(?!,?\s+\d{{4}})",
        ),
        # "Fiscal Year 2022 to date": from that fiscal year's October to the release's month
        ("fy_num_to_date", rf"\b{_FY}\s+to\s+date\b"),
        # the fiscal year to date: "so far this fiscal year", "to date this fiscal year", "year-to-date"
        (
            "fytd",
            r"\b(?:so\s+far|to\s+date)\s+(?:in\s+)?(?:this|the(?:\s+current)?)\s+fiscal\s+year\b|"
            r"\bfiscal[-\s]+year[-\s]+to[-\s]+date\b",
        ),
        ("fy_rel", r"\b(?:the\s+)?(last|past|previous|prior|current|this)\s+fiscal\s+year\b"),
        ("fy_num", r"\b(?:fiscal\s+year|FY)\s?'?(\d{4}|\d{2})\b"),
        # a stretch counted from the start or back from the end of an administration: "the first 150 days of
        # the Trump Administration", "in his first 100 days in office", "Biden's final 150 days in office"
        (
            "office_first",
            rf"\b(?:(?-i:(?P<whose>[A-Z][a-z]+))[’']s\s+|(?:the|his|her|my|our|its)\s+)?(?:(first)|final|last)\s+"
            rf"(\w+)\s+(days|weeks|months|years?)\s+(?:(?:of|in)\s+{_WHO}{_OFFICE}|{_OFFICE})",
        ),
        # the administration in office: "since taking office", "since President Trump took office", "since
        # Donald Trump’s inauguration", "during this Administration", "on my watch"
        (
            "administration",
            r"\bsince\s+(?:(?:I|we|he|she|(?:the\s+)?(?:President|Vice\s+President)(?:\s+[A-Z][\w.]*){0,3}|"
            r"[A-Z][\w.]*(?:\s+[A-Z][\w.]*){0,2})\s+(?:took|came\s+into|entered)\s+office|taking\s+office|"
            r"(?:the\s+|(?:President\s+)?(?:[A-Z][\w.]*\s+){0,2}[A-Z][\w]*[’']s\s+)inauguration)|"
            r"\b(?:during|under|in)\s+(?:this|the\s+current|my|our)\s+administration\b|\bon\s+my\s+watch\b",
        ),
        (
            "previous_administration",
            r"\b(?:under|during|in)\s+the\s+(?:previous|prior|last)\s+administration\b",
        ),
        # an administration by its president: "under the Biden Administration", "across Biden’s four years in
        # office", "under President Trump" (case matters: a name)
        (
            "named_administration",
            r"\b(?:under|during|in|across|over|of)\s+(?:the\s+)?(?:President\s+)?(?-i:(?P<name>[A-Z][a-z]+))"
            r"(?:[’']s)?\s+(?:administration|presidency|(?:\w+\s+)?(?:years?|terms?)\s+in\s+office)\b|"
            r"\bunder\s+President\s+(?-i:(?P<named>[A-Z][a-z]+))\b(?!\s+(?-i:[A-Z]))",
        ),
        (
            "last_n",
            r"\b(?:the\s+)?(?:last|past|previous)\s+(\w+)\s+(months|weeks|days|hours|years|decades)\b",
        ),
        ("last_decade", r"\b(?:the\s+)?(?:last|past|previous)\s+decade\b"),
        # "for nine straight months", "21 consecutive months", "for the tenth straight month", "three straight
        # days": the months (weeks, days) before the release's
        (
            "straight_months",
            r"\b(\w+)\s+(?:straight|consecutive|successive)\s+(months?|weeks?|days?|years?)\b",
        ),
        # "48 days into the year": from the year's January to the release's month; "100 days into his second
        # term": the administration in office
        (
            "into",
            r"\b(\w+)\s+(?:days|weeks|months)\s+into\s+(?:(?:the|this)\s+(?:(calendar|fiscal)\s+)?(year)|"
            r"(?:the|this|his|her|my|our)\s+(?:second\s+|first\s+)?(?:administration|presidency|term))\b",
        ),
        # "in fall 2006", "during the summer of 2019"
        ("season", rf"\b(?:in|during|over)\s+(?:the\s+)?({_SEASON})\s+(?:of\s+)?({_YEAR})\b"),
        # "this spring", "last summer": the season of the release's year (or the one before)
        ("season_rel", rf"\b(this|last)\s+({_SEASON})\b"),
        ("month", rf"\b(?:in|during|for|of|since)\s+({_MON})(?:,?\s+(\d{{4}}))?\b(?!\s+\d)"),
        # a month named as an event's: "an April 2008 shooting", "the May 2024 total"
        ("month_named", rf"\b(?:a|an|the|its|this|that)\s+({_MONTH})\s+(\d{{4}})\b(?!\s+\d)"),
        ("last_month", r"\b(?:last|the\s+previous|the\s+past)\s+month\b"),
        # "since daybreak yesterday", "Last night, four more counties were approved": the release's days
        ("recent_day", rf"\b{words('recent_days')}\b"),
        ("last_year", r"\blast\s+(?:calendar\s+)?year\b"),
        # "This year, the deficit fell by …", "This year alone"; not "until earlier this year" (when, not how
        # long)
        # the calendar year to date: "so far this year", "so far in 2025", "year-to-date", "to date this year"
        (
            "ytd",
            rf"\bso\s+far\s+(?:this\s+(?:calendar\s+)?year|in\s+({_YEAR}))\b|"
            r"(?<!fiscal\s)(?<!fiscal-)\b(?:(?:this|the)\s+)?(?:calendar\s+)?year[-\s]+to[-\s]+date\b|"
            r"\bto\s+date\s+this\s+(?:calendar\s+)?year\b|\bthis\s+(?:calendar\s+)?year\s+(?:so\s+far|to\s+date)\b",
        ),
        ("this_year", r"(?<!earlier\s)(?<!later\s)\b(?:this|the\s+current)\s+(?:calendar\s+)?year\b"),
        # "in 2019", "in late 2021", "by the end of 2024", "by the year 2030"; "In 1654," (a year before 1900
        # only before punctuation, where it cannot be a count)
        (
            "year",
            rf"\b(?:(?:in|during|for)\s+(?:{_PART}[-\s]+)?|since\s+|by\s+(?:{_PART}\s+)?(?:the\s+year\s+)?)"
            rf"(?:calendar\s+year\s+)?({_YEAR}|1[5-8]\d{{2}}(?=[,.;:)]))\b",
        ),
        # "in just seven weeks", "the third shutdown in a matter of six months": told looking back (after "in
        # late 2021", which says when)
        (
            "look_back",
            rf"\b(?:in|within)\s+{words('look_back')}\s+(?:the\s+(?:last|past)\s+)?(an?|\w+)\s+"
            r"(months?|weeks?|days?|years?|hours?)\b",
        ),
        # "When President Biden and I took office, 30 million people …": the month the administration began
        (
            "took_office",
            r"\bwhen\s+(?:(?:I|we|he|she)|(?:President|Vice\s+President)\s+(?:[A-Z][\w.]*\s+){0,2}"
            r"(?-i:(?P<took>[A-Z][a-z]+)))(?:\s+and\s+I)?\s+(?:took|came\s+into)\s+office\b",
        ),
        # the day of an event: "on June 27, 2021, forces struck two locations", "launched on 18 November": its
        # month, for the counts of that event (figures leave money and shares out)
        (
            "on_date",
            rf"\bon\s+(?:{words('weekdays')},?\s+)?"
            rf"(?:({_MON})\s+\d{{1,2}}(?:st|nd|rd|th)?\b(?:,?\s+({_YEAR}))?|"
            rf"\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?({_MONTH})\b(?:,?\s+({_YEAR}))?)",
        ),
    )
)


# A period a figure is compared with is not the figure's own: "down 17 percent from October and nearly 76
# percent lower than in November 2023", "the highest for any month since March 2006".
_BASELINE = re.compile(
    rf"(?:\b{words('comparators')}\s+(?:{words('same_period')}\s+(?:in|of|as|last|a)?\s*)?|"
    rf"\bas\s+{words('same_period')}\s+(?:in|of|last|a)?\s*)$",
    re.I,
)
# "up 1.3% over last year", "an increase over the same period in 2023": after a change word, in a few words
_CHANGE_BASELINE = re.compile(
    rf"\b{words('change_words')}(?:\W+\w+){{0,4}}?\W+{words('change_comparators')}\s+"
    rf"(?:{words('same_period')}\s+(?:in|of|as|last|a)?\s*)?$",
    re.I,
)
_RECORD = re.compile(rf"\b{words('records')}\b", re.I)
# "nearly 500 fewer than the average number of daily crossings under the Biden Administration", "a 24% drop
# from the previous record low set in June": a period in the clause after "than" (or a change's "from") is the
# other side's, however long its noun; not after a qualifier's "than" ("more than 500 people in 2019")
# (data/periods.yml `change_words`, `other_side`)
_CHANGE_FROM = rf"{words('change_words')}\s+from"
_THAN = re.compile(rf"\b(?:than|{_CHANGE_FROM})\s+{words('other_side')}\b[^,;:()\u2014\u2013]*$", re.I)
# "in just four days, early voting will begin": a stretch told ahead, not back (data/periods.yml `ahead`)
_AHEAD = re.compile(rf"\b{words('ahead')}\b", re.I)


def _own(sentence: str, m: re.Match) -> bool:
    """Whether a period found in the sentence is the figure's own, not the baseline of a comparison."""
    before = sentence[max(0, m.start() - 50) : m.start()]
    if _BASELINE.search(before):
        return False
    # "up 1.3% over last year" a comparison, "rose 20% over the last two years" a span
    if _CHANGE_BASELINE.search(before) and not re.match(r"the\b", m.group(0), re.I):
        return False
    if _THAN.search(sentence[max(0, m.start() - 120) : m.start()]):
        return False
    since = m.group(0).lower().startswith("since") or re.search(
        r"\bsince\s+(?:at\s+least\s+)?(?:the\s+)?$", before, re.I
    )
    if since and _RECORD.search(sentence[: m.start()]):  # "the lowest since at least fiscal year 2000"
        return False
    # "one of the largest seizures at the port in the last five years", "the largest seizure … this year",
    # "its lowest level in nearly four years"
    return not (
        re.match(rf"(?:the\s+)?(?:last|past|this)\b|(?:in|within)\s+{words('look_back')}\s", m.group(0), re.I)
        and _RECORD.search(sentence[max(0, m.start() - 60) : m.start()])
    )


def month_number(word: str) -> int:
    """1 for 'January', 'Jan.' or 'jan', … 12 for 'Dec.'."""
    return MONTH_NUMBER[word.lower().rstrip(".")[:3]]


@lru_cache(maxsize=4096)
def find_period(sentence: str) -> str:
    """A normalised period expression found in a sentence ('fy:last', 'month:1:', 'last:6:months'), or '': the
    first kind of PATTERNS whose first match in the sentence is the figure's own."""
    return _first_period(sentence, lambda m: _own(sentence, m))


def period_before(text: str) -> str:
    """The expression of the period phrase that ends `text` ("under the Biden Administration" before
    "(5,110)"), or ''."""
    return _first_period(text, lambda m: m.end() == len(text))


@lru_cache(maxsize=4096)
def period_at(sentence: str, at: int) -> str:
    """The expression of the period phrase the number at offset `at` counts ("over the past eight weeks",
    "Biden's final 150 days in office"), or '': that number's period is its phrase's, also when the phrase is
    a comparison's."""
    return _first_period(sentence, lambda m: m.start() <= at < m.end())


def _first_period(text: str, chosen: Callable[[re.Match], bool]) -> str:
    """The expression of the first kind of PATTERNS whose first match in `text` that is `chosen` gives one, or
    ''. (The matches of a pattern do not overlap, so at most one holds an offset.)"""
    for kind, pattern in PATTERNS:
        m = next((m for m in pattern.finditer(text) if chosen(m)), None)
        expression = _expression(kind, m, text) if m else ""
        if expression:
            return expression
    return ""


# "To date, roughly 20% of … this year", "this year compared to the same period under …": a year still
# running, to the release's month
_TO_DATE = re.compile(r"\b(?:to\s+date|so\s+far|the\s+same\s+(?:time\s+)?period)\b", re.I)

# The kinds whose expression the match does not change.
_FIXED = {
    "since_fy": "fytd:",
    "fytd": "fytd:",
    "administration": "administration:0",
    "previous_administration": "administration:1",
    "last_decade": "last:10:years",
    "last_month": "last:1:months",
    "last_year": "cy:last",
    "recent_day": "release:",
}


def _expression(kind: str, m: re.Match, sentence: str) -> str:
    if kind in _FIXED:
        return _FIXED[kind]
    if kind == "month_subject":
        return f"month:{month_number(m.group(1))}:{m.group(2) or ''}"
    if kind == "fy_first":
        return _fy_part(m)
    if kind == "since":
        return f"since:{month_number(m.group(1))}:{m.group(2)}"
    if kind == "month_span":
        first, last = (f"{m.group(i + 1)}-{month_number(m.group(i)):02d}" for i in (1, 3))
        return f"span:{first}:{last}" if first < last else ""
    if kind == "fy_span":
        first, last = (_full_year(m.group(i)) for i in (1, 2))
        return f"span:{first - 1}-10:{last}-09" if first < last else ""
    if kind == "since_fy_num":
        return f"sincefy:{_full_year(m.group(1))}"
    if kind == "months_ending":
        n = _count(m.group(1))
        return f"ending:{n}:{month_number(m.group(2))}:{m.group(3)}" if n else ""
    if kind == "day_span":
        return f"days:{month_number(m.group(1))}:{month_number(m.group(2) or m.group(1))}"
    if kind == "office_first":
        n, unit = _count(m.group(3)), m.group(4).lower().rstrip("s") + "s"
        who = m.group("whose") or m.group("who") or ""
        return f"office:{'first' if m.group(2) else 'last'}:{n}:{unit}:{who}" if n else ""
    if kind == "season":
        first, last = vocabulary()["seasons"][m.group(1).lower()]
        return f"span:{m.group(2)}-{first:02d}:{m.group(2)}-{last:02d}"
    if kind == "look_back" and _AHEAD.search(sentence):
        return ""  # "in just four days, early voting will begin": ahead, not back
    if kind in ("straight_months", "look_back"):  # "the tenth straight month", "in just a month"
        word = m.group(1).lower()
        n = _count(word) or ORDINALS.get(word) or (1 if word in ("a", "an") else 0)
        if not n and re.fullmatch(r"\d+(?:st|nd|rd|th)", word):
            n = int(word[:-2])
        return f"last:{n}:{m.group(2).lower().rstrip('s')}s" if n > (kind == "straight_months") else ""
    if kind == "into":  # "48 days into the year", "100 days into his second term"
        if not _count(m.group(1)):
            return ""
        if not m.group(3):
            return "administration:0"
        return "fytd:" if m.group(2) and m.group(2).lower() == "fiscal" else "ytd:"
    if kind == "days_from":
        n = _count(m.group(1))
        after = m.group(3).lower() not in ("before", "preceding")
        if not n:
            return ""
        day = f"{month_number(m.group(4))}:{m.group(5)}:{m.group(6) or ''}"
        return f"from:{n}:{m.group(2).lower()}:{int(after)}:{day}"
    if kind == "on_date":
        if m.group(1):
            return f"event:{month_number(m.group(1))}:{m.group(2) or ''}"
        return f"event:{month_number(m.group(3))}:{m.group(4) or ''}"
    if kind == "season_rel":
        first, last = vocabulary()["seasons"][m.group(2).lower()]
        return f"season:{m.group(1).lower()}:{first}:{last}"
    if kind == "took_office":
        return f"officestart:{m.group('took') or ''}"
    if kind == "month_named":
        return f"month:{month_number(m.group(1))}:{m.group(2)}"
    if kind == "years_between":
        return f"years:{m.group(1)}:{m.group(2)}" if m.group(1) < m.group(2) else ""
    if kind == "since_year":
        return f"sinceyear:{m.group(1)}"
    if kind == "since_month":
        return f"sincemonth:{month_number(m.group(1))}"
    if kind == "this_year":  # a dated event in the sentence ("on March 17, the third … this year") is its own
        if re.search(rf"\b{_MON}\s+\d{{1,2}}\b", sentence):
            return ""
        return "ytd:" if _TO_DATE.search(sentence) else "cy:current"
    if kind == "ytd":
        return f"ytdyear:{m.group(1)}" if m.group(1) else "ytd:"
    if kind == "fy_num_to_date":
        return f"sincefy:{_full_year(m.group(1))}"
    if kind == "named_administration":
        return f"president:{m.group('name') or m.group('named')}"
    if kind == "fy_rel":
        if m.group(1).lower() in ("last", "past", "previous", "prior"):
            return "fy:last"
        return "fytd:" if _TO_DATE.search(sentence) else "fy:current"
    if kind == "fy_num":
        return f"fy:{_full_year(m.group(1))}"
    if kind == "last_n":
        n, unit = _count(m.group(1)), m.group(2).lower()
        if unit == "decades":
            n, unit = 10 * n, "years"
        return f"last:{n}:{unit}" if n else ""
    if kind == "month":
        return f"month:{month_number(m.group(1))}:{m.group(2) or ''}"
    if kind == "year":
        return f"cy:{m.group(1)}"
    return ""


def _count(word: str) -> int:
    """6 for 'six' or '6', 60 for 'sixty', 0 for a word that is no count."""
    if word.lower() in TENS:
        return TENS[word.lower()]
    return UNITS.get(word.lower()) or (int(word) if word.isdigit() else 0)


def _full_year(digits: str) -> int:
    return int(digits) + 2000 if len(digits) == 2 else int(digits)


def _fy_part(m: re.Match) -> str:
    """'fymonths:FIRST:LAST:YEAR', months counted from the fiscal year's October (1 = October), for "the first
    eight months of FY2019", "the second half of FY22", "the third quarter of this fiscal year"."""
    year = _full_year(m.group(7)) if m.group(7) else ""
    if m.group(1):
        n = _count(m.group(2))
        return f"fymonths:1:{n}:{year}" if 0 < n <= 12 else ""
    size = 6 if m.group(4) else 3
    index = ORDINALS[(m.group(3) or m.group(5)).lower()] - 1
    return f"fymonths:{index * size + 1}:{(index + 1) * size}:{year}"


def _same(own: str | None, year: str) -> str | None:
    """A resolved period moved back a year ('last') or into the year given: 'FY2019' -> 'FY2018',
    '2018-10/2019-03' -> '2017-10/2018-03', '2025-05' in '2023' -> '2023-05'."""
    if not own:
        return None
    years = re.findall(r"\d{4}", own)
    by = -1 if year == "last" else int(year) - int(years[-1])
    return re.sub(r"\d{4}", lambda y: f"{int(y.group(0)) + by:04d}", own)


def fiscal_year(day: date) -> int:
    return day.year + 1 if day.month >= 10 else day.year


def _shift(year: int, month: int, by: int) -> tuple[int, int]:
    index = year * 12 + month - 1 + by
    return index // 12, index % 12 + 1


def _month(year: int, month: int) -> str:
    return f"{year:04d}-{month:02d}"


def _stretch(first: tuple[int, int], last: tuple[int, int]) -> str:
    """'2019-08/2020-01' from (year, month) to (year, month), or one month when they are the same."""
    return _month(*first) if first == last else f"{_month(*first)}/{_month(*last)}"


def _days(first: date, last: date) -> str:
    return _stretch((first.year, first.month), (last.year, last.month))


def _months(n: int, unit: str) -> int:
    return n * 12 if unit == "years" else n


def _plus(day: date, n: int, unit: str) -> date:
    """The day n days, weeks, months or years after `day` (before, for a negative n)."""
    if unit in ("days", "weeks"):
        return day + timedelta(days=n * (7 if unit == "weeks" else 1))
    year, month = _shift(day.year, day.month, _months(n, unit))
    return date(year, month, min(day.day, 28))


def _in_office(args: list[str], released: str, day: date) -> str | None:
    """The first (or last) n units of the term of the president named, or of the administration in office."""
    end, n, unit, who = args[0], int(args[1]), args[2], args[3]
    first, after = administrations.term_of(who, released) if who else administrations.term(released)
    if not first:
        return None
    if end == "first":
        start = date.fromisoformat(first)
        return _days(start, _plus(start, n, unit) - timedelta(days=1))
    if after is None and not who:  # "the final 150 days" of an administration still in office: not said so
        return None
    last = date.fromisoformat(after) - timedelta(days=1) if after else day
    return _days(_plus(last, -n, unit) + timedelta(days=1), last)


def resolve(expr: str, released: str | None) -> str | None:
    """'FY2019', 'CY2019', '2020-01' or '2019-08/2020-01' for an expression and an ISO release date."""
    if not expr:
        return None
    kind, *args = expr.split(":")
    if kind in ("fy", "cy") and args[0].isdigit():
        return f"{kind.upper()}{args[0]}"
    if kind == "years":
        return f"{args[0]}-01/{args[1]}-12"
    if kind == "span":  # "March 2003 through August 2007", "FY19 through FY22", "in fall 2006"
        return f"{args[0]}/{args[1]}"
    if kind == "ending":  # "the 12 months ending in June 2023"
        last = int(args[2]), int(args[1])
        return _stretch(_shift(*last, 1 - int(args[0])), last)
    if kind == "fymonths" and args[2]:  # "the first eight months of FY2019": October 2018 to May 2019
        year = int(args[2]) - 1
        return _stretch(_shift(year, 10, int(args[0]) - 1), _shift(year, 10, int(args[1]) - 1))
    if not released:
        return None
    day = date.fromisoformat(released)
    here = _month(day.year, day.month)
    if kind == "fy":
        return f"FY{fiscal_year(day) - (1 if args[0] == 'last' else 0)}"
    if kind == "fymonths":
        return resolve(f"fymonths:{args[0]}:{args[1]}:{fiscal_year(day)}", released)
    if kind == "since":  # "since Oct. 1, 2009": from that month to the release's
        return f"{_month(int(args[1]), int(args[0]))}/{here}"
    if kind == "sincefy":  # "since FY20", "Fiscal Year 2022 to date": from that fiscal year's October to the
        return _stretch((int(args[0]) - 1, 10), (day.year, day.month))  # release's month
    if kind == "fytd":  # "since October", "so far this fiscal year": from the fiscal year's October
        return _stretch((fiscal_year(day) - 1, 10), (day.year, day.month))
    if kind == "cy":
        return f"CY{day.year - (0 if args[0] == 'current' else 1)}"
    if kind == "sinceyear":  # "since 2020": from its January to the release's month
        return f"{int(args[0]):04d}-01/{here}"
    if kind == "sincemonth":  # "since June": from that month to the release's
        start = resolve(f"month:{args[0]}:", released)
        return start if start == here else f"{start}/{here}"
    if kind == "president":  # the term of the president named, to the release's month while it runs
        first, after = administrations.term_of(args[0], released)
        return f"{first[:7]}/{here if after is None else after[:7]}" if first else None
    if kind == "administration":  # the administration in office at the release, or the one before it
        first, after = administrations.term(released, int(args[0]))
        if not first:
            return None
        last = here if after is None or int(args[0]) == 0 else after[:7]
        return f"{first[:7]}/{last}"
    if kind == "office":  # "the first 150 days of the Trump Administration", "Biden's final 150 days"
        return _in_office(args, released, day)
    if kind == "release":
        return here
    if kind == "season":  # "this spring": the release's year; "last summer": the latest one ended before it
        first, last = int(args[1]), int(args[2])
        year = day.year - (1 if args[0] == "last" and day.month <= last else 0)
        return _stretch((year, first), (year, last))
    if kind == "officestart":  # "when I took office": the month the administration in office (or named) began
        first, _ = administrations.term_of(args[0], released) if args[0] else administrations.term(released)
        return first[:7] or None
    if kind == "from":  # "in the 11 days after Jan. 20": from that day on (or back from it)
        n, unit, after, month, dom, year = (
            int(args[0]),
            args[1],
            args[2] == "1",
            int(args[3]),
            int(args[4]),
            args[5],
        )
        first = date.fromisoformat(resolve(f"month:{month}:{year}", released) + f"-{min(dom, 28):02d}")
        if after:
            return _days(first + timedelta(days=1), _plus(first, n, unit))
        return _days(_plus(first, -n, unit), first - timedelta(days=1))
    if kind == "same":  # "the same period last fiscal year": the own period (the rest) a year before
        return _same(resolve(":".join(args[1:]), released), args[0])
    if kind == "ytd":  # "48 days into the year", "so far this year": the release's year to its month
        return _stretch((day.year, 1), (day.year, day.month))
    if kind == "ytdyear":  # "so far in 2025": that year to the release's month, or all of it when it is over
        year = int(args[0])
        return _stretch((year, 1), (day.year, day.month)) if year == day.year else f"CY{year}"
    if kind in ("month", "event"):
        month, year = int(args[0]), args[1]
        year = int(year) if year else (day.year if month <= day.month else day.year - 1)
        if kind == "event" and (year, month) > (day.year, day.month):
            return None  # "effective on September 3, 2026" in an August release: no event yet
        return _month(year, month)
    if kind == "days":  # "from Jan. 20 to Jan. 31", the year the release's (or the one before)
        first = resolve(f"month:{args[0]}:", released)
        year = int(first[:4]) + (1 if int(args[1]) < int(args[0]) else 0)
        return _stretch((int(first[:4]), int(args[0])), (year, int(args[1])))
    if kind == "last" and args[1] == "months":
        n = int(args[0])
        return _stretch(_shift(day.year, day.month, -n), _shift(day.year, day.month, -1))
    if kind == "last" and args[1] == "years":  # "over the last two years": the 24 months before the release's
        return resolve(f"last:{12 * int(args[0])}:months", released)
    if kind == "last" and args[1] == "hours":  # "in the last 24 hours": the release's days
        return here
    if kind == "last":  # "over the past eight weeks", "in the last 30 days": those days before the release's
        return _days(_plus(day, -int(args[0]), args[1]), day - timedelta(days=1))
    return None
