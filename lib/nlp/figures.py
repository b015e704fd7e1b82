"""Cited figures: value, bounds from the qualifier, change direction, counted unit, metric and period."""

from __future__ import annotations

import hashlib
import re
from functools import lru_cache

import yaml
from spacy.language import Language
from spacy.tokens import Doc

from lib import schema
from lib.nlp import periods
from lib.nlp.numbers import NUMBER, ORDINALS, parse_number
from lib.nlp.periods import find_period, month_number
from lib.nlp.sentences import Sentences
from lib.settings import ROOT

VOCABULARY = ROOT / "data" / "metrics.yml"

if not Doc.has_extension("figures"):
    Doc.set_extension("figures", default=None)

QUALIFIERS = (
    (
        "approx",
        r"nearly|almost|close\s+to|just\s+under|(?:just\s+)?shy\s+of|about|approximately|roughly|around|some|"
        r"an\s+estimated|estimated",
    ),
    ("more_than", r"more\s+than|over|upwards\s+of|in\s+excess\s+of|exceeding|just\s+over|above"),
    ("at_least", r"at\s+least|no\s+fewer\s+than|no\s+less\s+than|a\s+minimum\s+of"),
    ("at_most", r"up\s+to|at\s+most|no\s+more\s+than|a\s+maximum\s+of"),
    ("less_than", r"less\s+than|fewer\s+than|under|below"),
)
_QUAL = "|".join(f"(?P<{k}>{p})" for k, p in QUALIFIERS)
# Shares written as fractions ("a third of my agents", "roughly half of the total"), in percent; a bare "half"
# only after a qualifier, since "the first half of the year" is no figure.
FRACTIONS = {"third": 33.33, "thirds": 66.67, "quarter": 25.0, "quarters": 75.0, "half": 50.0}
_FRACTION = r"(?:a|one)[- ]third|two[- ]thirds|(?:a|one)[- ]quarter|three[- ]quarters"
# A number joined to its unit by a hyphen: "a 30-day comment period", "a six-week trial", "a one-count
# information", "a 350-pound sculpture" (never "a 31-year-old man": -old follows).
COMPOUND_UNITS = (
    "second",
    "minute",
    "hour",
    "day",
    "week",
    "month",
    "year",
    "decade",
    "count",
    "pound",
    "ounce",
    "ton",
    "kilogram",
    "gram",
    "mile",
    "foot",
    "feet",
    "inch",
    "yard",
    "acre",
    "gallon",
    "page",
    "point",
    "member",
    "person",
    "story",
    "bed",
    "lane",
    "mile-long",
)
_COMPOUND = "|".join(sorted(COMPOUND_UNITS, key=len, reverse=True))
# Multiplier verbs: the factor, and the change they state ("more than doubled", "nearly tripled", "cut in
# half").
MULTIPLIERS = {
    "twice": (2.0, None),
    "thrice": (3.0, None),
    "doubled": (2.0, "up"),
    "doubling": (2.0, "up"),
    "tripled": (3.0, "up"),
    "tripling": (3.0, "up"),
    "quadrupled": (4.0, "up"),
    "quadrupling": (4.0, "up"),
    "halved": (50.0, "down"),
    "cut in half": (50.0, "down"),
}
_MULT = "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(MULTIPLIERS, key=len, reverse=True))
FIGURE = re.compile(
    rf"(?<![\w$.,-])(?:\b(?:{_QUAL})\s+)?(?:between\s+(?P<lo>{NUMBER})\s+and\s+(?P<hi>{NUMBER})|"
    rf"(?P<frac>{_FRACTION}|(?<=\s)half)(?=\s+of\b)|(?P<mult>{_MULT})|(?P<num>{NUMBER})"
    rf"(?:\s*(?:-|–|to)\s*(?P<hi2>{NUMBER}))?(?P<compound>-(?:{_COMPOUND})s?(?![\w-]))?(?P<plus>-plus\b)?)(?P<pct>\s*(?:percent|per\s+cent|%))?"
    rf"(?:\s+or\s+(?:(?P<ormore>more|greater|higher)|(?P<orless>fewer|less|lower))\b)?(?![\w%])",
    re.I,
)
_NOT_BEFORE = re.compile(
    r"(?:\b(?:section|sec\.|title|chapter|case|no\.|number|docket|rule|part|article|order|interstate|highway|route|"
    r"i-|u\.s\.c\.|suite|room|box|unit|page|fy|fiscal\s+year|age|aged|ages|age\s+of|phase|forms?)\s*|[A-Za-z]-|\d[-/.:]|"
    r"[#§]|\bages?\s+\d+(?:\s*,\s*\d+)*\s*(?:,|and|,\s*and|to)\s*|,\s*both\s+)$",
    re.I,
)
_NOT_AFTER = re.compile(
    r"^(?:-[A-Za-z]|\s*(?:a\.m\.|p\.m\.|am\b|pm\b)|[-/:]\d|-year-old|-month-old|\s+years?\s+old|\s*(?:st|nd|rd|th)\b|"
    r"\s+in\s+the\s+(?:morning|afternoon|evening)|\s+o'clock|\s+block\b|"
    r"\s+[A-Z][a-z]+\s+(?:Street|St\.|Avenue|Ave\.|Road|Rd\.|Boulevard|Blvd\.|Drive|Lane|Way)\b|,\s*(?:19|20)\d\d)"
)
_MONTH_BEFORE = re.compile(r"\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?\s+$")
_MEASURES = {
    "pounds",
    "pound",
    "kilograms",
    "kilogram",
    "kilos",
    "grams",
    "ounces",
    "tons",
    "rounds",
    "bundles",
    "packages",
    "bricks",
    "gallons",
    "liters",
    "doses",
    "vials",
    "tablets",
    "boxes",
    "cases",
}
_VERBS = {
    "killed",
    "died",
    "seized",
    "apprehended",
    "arrested",
    "rescued",
    "encountered",
    "deemed",
    "found",
    "discovered",
    "intercepted",
    "removed",
    "deported",
    "expelled",
    "processed",
    "released",
    "hired",
}
_DURATIONS = set(periods.vocabulary()["durations"])  # data/periods.yml
_WHEN = {"last", "this", "next", "past", "each", "per", "every", "that"}
_WEAK = {"one", "a", "an", "half a"}


def vocabulary_fingerprint() -> str:
    return hashlib.sha1(VOCABULARY.read_bytes()).hexdigest()[:12]


@lru_cache(maxsize=4)
def vocabulary(text: str) -> dict[str, dict[str, list[str]]]:
    return yaml.safe_load(text) or {}


def metric_for(unit: str, sentence: str, vocab: dict, at: int | None = None) -> str:
    """The first metric whose unit terms occur in the unit, else the one whose sentence terms occur in the
    sentence nearest the figure at offset `at` ("agents encountered 400,000 people, … apprehensions …" is
    encounters), the first in the vocabulary's order when `at` is not given or on a tie."""
    unit, sentence = unit.lower(), sentence.lower()
    if (
        unit == "usd"
    ):  # money is a seizure only when its sentence says so; funding, fines and prices are "other"
        return next(
            (
                metric
                for metric, terms in vocab.items()
                if any(t in sentence for t in terms.get("money") or [])
            ),
            "other",
        )
    padded = f" {unit}"  # a term quoted with a space before it matches at a word's start, the first one too
    for metric, terms in vocab.items():
        if any(t in padded for t in terms.get("unit") or []):
            return metric
    best, nearest = "other", None
    for metric, terms in vocab.items():
        for term in terms.get("sentence") or []:
            for m in re.finditer(re.escape(term), sentence):
                distance = 0 if at is None else min(abs(m.start() - at), abs(m.end() - at))
                if nearest is None or distance < nearest:
                    best, nearest = metric, distance
    return best


_NUMBER_OF = re.compile(r"\bnumber\s+of\s+", re.I)
_AND_THOSE = re.compile(r"\s+and\s+(?:those|the\s+ones|people|others)\b", re.I)


def joined_metric(before: str, metric: str, vocab: dict) -> str:
    """A count of two things the vocabulary keeps apart ('The number of illegal border crossers apprehended
    ... and those deemed inadmissible ... hit nearly 1 million') is both: 'apprehensions + inadmissibles', in
    vocabulary order. `before` is the sentence up to the figure; only a 'number of X ... and those Y' subject
    is split."""
    start = _NUMBER_OF.search(before)
    if start is None:
        return metric
    parts = _AND_THOSE.split(before[start.end() :])
    found = {metric_for(part, part, vocab) for part in parts} - {"other"}
    if len(parts) < 2 or len(found) < 2 or metric not in found:
        return metric
    return schema.JOINED.join(m for m in vocab if m in found)


def bounds(value: float, qualifier: str, hi: float | None) -> tuple[float, float | None, float | None]:
    """(value, low, high) as the qualifier implies: 'nearly 1 million' is at most 1 million."""
    if qualifier == "range" and hi is not None:
        return value, value, hi
    return (
        value,
        {"more_than": value, "at_least": value}.get(
            qualifier, None if qualifier in ("approx", "at_most", "less_than") else value
        ),
        {"at_most": value, "less_than": value}.get(
            qualifier, None if qualifier in ("more_than", "at_least") else value
        ),
    )


@Language.factory(
    "pressroom_figures",
    assigns=["doc._.figures"],
    requires=["doc._.sentences", "doc.ents"],
)
class FigureExtractor:
    """Sets Doc._.figures: dicts of the extract contract, with `period` as an unresolved expression."""

    def __init__(self, nlp: Language, name: str):
        self.vocab = vocabulary(VOCABULARY.read_text(encoding="utf-8"))

    def __call__(self, doc: Doc) -> Doc:
        sents = Sentences.of(doc)
        found: list[dict] = []
        # the places in `found` of a charge's counts, a sentence's terms and tariff rates: no period
        terms: set[int] = set()
        for m in FIGURE.finditer(sents.doc_text):
            term = _is_term(sents.doc_text, m)
            figure = self._figure(sents.doc_text, m, sents.span(m.start()), term)
            if figure:
                _inherit(figure, found, sents.doc_text)
                if term:
                    terms.add(len(found))
                found.append(figure)
        for i, figure in enumerate(found):
            if not figure["period"] and i not in terms:
                figure["period"] = _continued(figure, found, sents) or _under_header(figure, sents.doc_text)
        event = event_period(sents.doc_text)
        for i, figure in enumerate(found):
            if event and i not in terms and _of_the_event(figure, sents):
                figure["period"] = event
        doc._.figures = sents.outside_boilerplate(found)
        return doc

    def _figure(self, text: str, m: re.Match, sent, term: bool) -> dict | None:
        number = m.group("num") or m.group("lo") or m.group("frac") or m.group("mult")
        qualifier = next((k for k, _ in QUALIFIERS if m.group(k)), None)
        if m.group("frac") and m.group("frac").lower() == "half" and not qualifier:
            return None
        if not _is_figure(text, m, number):
            return None
        value = _value(m)
        hi = (
            parse_number(m.group("hi") or m.group("hi2") or "") if (m.group("hi") or m.group("hi2")) else None
        )
        if value is None:
            return None
        qualifier = (
            "range" if hi is not None else qualifier or ("more_than" if m.group("plus") else _or_more(m))
        )
        value, low, high = bounds(value, qualifier, hi)
        if qualifier == "approx" and not re.match(r"nearly|almost|close|just|shy", m.group("approx"), re.I):
            high = None  # "about 500" may be more or less; "nearly 500" is at most 500
        sentence = text[sent.start_char : sent.end_char]
        halves = m.group("mult") and _multiplier(m)[0] == 50.0
        unit = (
            "percent"
            if m.group("pct") or m.group("frac") or halves
            else "times"
            if m.group("mult")
            else "USD"
            if "$" in number
            else _unit(text, m.end(), sent, sentence)
        )
        if m.group("compound"):  # "a 30-day comment period": days, of what follows
            unit = f"{m.group('compound')[1:].rstrip('s')}s {unit}".strip()
        metric = (
            "other"
            if unit.split(" ")[0].lower() in _DURATIONS
            else metric_for(unit, sentence, self.vocab, m.start() - sent.start_char)
        )
        if metric != "other" and unit not in ("percent", "times", "USD"):
            metric = joined_metric(sentence[: m.start() - sent.start_char], metric, self.vocab)
        change = _change(
            text[max(sent.start_char, m.start() - 90) : m.start()],
            text[m.end() : min(sent.end_char, m.end() + 30)],
        )
        if m.group("mult"):  # "doubled" states a rise; "twice as many" is a ratio
            change = _multiplier(m)[1]
        return {
            "text": m.group(0),
            "start": m.start(),
            "end": m.end(),
            "value": value,
            "low": low,
            "high": high,
            "qualifier": qualifier,
            "change": change if m.group("pct") or change else None,
            "unit": unit,
            "metric": metric,
            # "four counts of bribery", "97 years in prison for crimes … between 1999 and 2003": no period
            "period": "" if term else _period(text, m, sentence, m.start() - sent.start_char, unit),
            "sentence": sentence,
        }


def _period(text: str, m: re.Match, sentence: str, at: int, unit: str) -> str:
    """The period expression of the figure `m` at offset `at` of its sentence."""
    own = periods.period_at(sentence, at)  # "over the past eight weeks": the eight weeks are that stretch
    if own:
        return own
    same = _same_period(sentence, at)
    if same:
        return same
    expression = _bracketed_period(text[max(0, m.start() - 40) : m.start()]) or (
        "" if _AGO.match(text, m.end()) else clause_period(sentence, at)
    )
    if expression.startswith("event:") and (unit in ("USD", "percent", "times") or _STEP.search(sentence)):
        return ""  # the day money was announced, a tariff takes effect or a plea was entered dates no count
    return expression


# The other side of a same-period comparison counts the sentence's own period in another year: "since October,
# compared with about 140 during the same period last fiscal year", "compared to the same month in 2023
# (141,200)" (data/periods.yml `same_period`)
_SAME = re.compile(
    rf"\b{periods.words('same_period')}\s+(?:(?:in|of|during)\s+)?(?:(?P<year>(?:19|20)\d\d)\b|"
    r"(?:last|the\s+previous|the\s+prior)\s+(?:fiscal\s+|calendar\s+)?year\b|a\s+year\s+(?:earlier|ago|before)\b)",
    re.I,
)


def _same_period(sentence: str, at: int) -> str:
    """'same:YEAR|last:<the sentence's own period>' for a figure that counts the other side of a same-period
    comparison: in brackets right after the phrase, or after a comparison word in the phrase's clause; ''
    otherwise."""
    for m in _SAME.finditer(sentence):
        if m.end() <= at and re.fullmatch(r"\s*\(\s*", sentence[m.end() : at]):
            cut = m.start()  # "… compared to the same month in 2023 (141,200)"
        elif m.start() > at and not re.search(r"[,;:()]", re.sub(r"\d[\d,.]*", "", sentence[at : m.start()])):
            back = _BACK.search(_QUALIFIER_TAIL.sub("", sentence[max(0, at - 40) : at]))
            if not back:
                continue
            cut = max(0, at - 40) + back.start()  # "…, compared with about 140 during …"
        else:
            continue
        own = find_period(sentence[:cut])
        return f"same:{m.group('year') or 'last'}:{own}" if own else ""
    return ""


# A step of a case on a day ("On Dec. 16, Sharp pleaded guilty to three conspiracies") dates the step, not the
# counts of the case (data/periods.yml `case_steps`)
_STEP = re.compile(rf"\b{periods.words('case_steps')}\b", re.I)
# After a number: the counts of a charge, the terms of a sentence (data/periods.yml `terms`)
_TERM = re.compile(
    rf"(?:\s+|-)(?:(?:years?|months?|weeks?|days?)\s+)?{periods.words('terms')}\b",
    re.I,
)


# A percentage that is the rate of a tariff or duty (data/periods.yml `rates`): "a 25% additional tariff",
# "a duty rate of 25%", "increasing the tariff on Canada from 25% to 35%"
_RATE_AFTER = re.compile(rf"\s+(?:[a-z]+\s+)?{periods.words('rates')}\b", re.I)
_RATE_BEFORE = re.compile(
    rf"\b{periods.words('rates')}(?:\s+rates?)?\b[^.;:\u2014]{{0,40}}?\b(?:of|from|to|at)\s+$", re.I
)


def _is_term(text: str, m: re.Match) -> bool:
    """Whether the figure `m` counts a charge or a sentence's term ("four counts", "15 years in prison") or
    is a tariff's rate ("a 25% additional tariff"): a term set, with no period of its own."""
    if _TERM.match(text, m.end()) or _TERM.match(m.group("compound") or ""):
        return True
    before = max(0, m.start() - 80)
    return bool(
        m.group("pct") and (_RATE_AFTER.match(text, m.end()) or _RATE_BEFORE.search(text, before, m.start()))
    )


# A figure in brackets right after a period names that period's count: "a 97% decrease from July 2022
# (181,834)".
_PERIOD_BRACKET = re.compile(
    r"\b((?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?\s+(?:19|20)\d\d|"
    r"(?:FY|fiscal\s+year)\s?'?\d{2,4}|(?:19|20)\d\d)\s*\($",
    re.I,
)


_AGO = re.compile(
    r"\s+(?:years?|months?|weeks?|days?|decades?)\s+ago\b", re.I
)  # "two years ago": a time, not a span


def _bracketed_period(before: str) -> str:
    if not before.rstrip().endswith("("):
        return ""
    m = _PERIOD_BRACKET.search(before)  # "… under the Biden Administration (5,110)": the phrase's count
    return find_period("in " + m.group(1)) if m else periods.period_before(before.rstrip()[:-1].rstrip())


_BACK = re.compile(r"(?:compared\s+(?:with|to)|up\s+from|down\s+from|from|versus|vs\.|than)\s+$", re.I)
_OF_THEM = re.compile(r"\s+of\s+(?:them|those)\b", re.I)


def _inherit(figure: dict, found: list[dict], text: str) -> None:
    """A figure that points back to a count before it in its sentence counts the same thing: 'more than 200
    people ..., compared with about 140', 'more than 27,800 of them'."""
    previous = next(
        (
            f
            for f in reversed(found)
            if f["sentence"] == figure["sentence"]
            and f["unit"] not in ("", "percent", "times", "USD")
            and f["unit"].split(" ")[0].lower() not in _DURATIONS
        ),
        None,
    )
    if previous is None or figure["unit"] in ("times", "USD"):
        return
    if (
        figure["unit"] == "percent"
    ):  # "seized 10,000 pounds of methamphetamine, an increase of about 30 percent"
        if figure["change"] and previous["metric"] != "other":
            figure["metric"] = previous["metric"]
        return
    before = _QUALIFIER_TAIL.sub("", text[max(0, figure["start"] - 30) : figure["start"]])
    of_them = _OF_THEM.match(text, figure["end"])
    if of_them or (not figure["unit"] and _BACK.search(before)):
        figure.update(unit=previous["unit"], metric=previous["metric"])


# A release that reports an event (a seizure, a rescue, an arrest, a meeting) dates the counts of that event
# by the event's month, not the release's: "seized 1,268 counterfeit watches" in a release about Jan. 8 is
# January.
_EVENT_VERBS = re.compile(rf"\b{periods.words('event_verbs')}\b", re.I)  # data/periods.yml
_MON = (
    r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.?|January|February|March|April|June|July|"
    r"August|September|October|November|December"
)
_EVENT_DATE = re.compile(rf"\b({_MON})\s+(\d{{1,2}})(?:,\s+((?:19|20)\d\d))?\b")
_RECENT = re.compile(
    rf"\b(?:on\s+{periods.words('weekdays')}|{periods.words('recent')})(?![\w’'])",
    re.I,
)
_GENERAL = re.compile(
    r"\b(?:ago|since|each|every|per|typical|typically|annually|usually|generally|daily|"
    r"average|a\s+(?:day|week|month|year))\b",
    re.I,
)


_CONTINUES = re.compile(rf"\W*{periods.words('continuers')}\b", re.I)


def _continued(figure: dict, found: list[dict], sents: Sentences) -> str:
    """The period of the previous sentence of the paragraph, for a sentence that continues it ("That number
    includes …", "Of those, …"): the period of its figures, or the one it names."""
    start, _ = sents.bounds(figure["start"])
    if figure["unit"].split(" ")[0].lower() in _DURATIONS:
        return ""  # "That was the most in 15 years": a length of time, not a count of the period
    if start == 0 or not _CONTINUES.match(sents.doc_text, start):
        return ""
    before, _ = sents.bounds(start - 1)
    if "\n" in sents.doc_text[before:start]:
        return ""  # the sentence opens its paragraph: a new subject
    own = [f["period"] for f in found if before <= f["start"] < start and f["period"]]
    return own[-1] if own else find_period(sents.doc_text[before:start])


# A table or list read as short paragraphs ("State FY26 Award Amount", then "Alabama $203,404,327", …): a
# row's figure counts for the period its header names: the short paragraph above the rows (each a short
# paragraph with a number, no sentence) that names a period and holds no other number
_ROW_WORDS = 12  # a paragraph of a table or list is at most this long
_PERIOD_TOKEN = re.compile(r"\b(?:FY|CY|Q[1-4])\s?'?\d{2,4}\b|\b(?:19|20)\d{2}\b", re.I)


def _under_header(figure: dict, text: str) -> str:
    """The period a table's header names for a row's figure, '' when the figure is in no table."""
    start = text.rfind("\n", 0, figure["start"]) + 1
    end = text.find("\n", figure["end"])
    row = text[start : end if end >= 0 else len(text)]
    if len(row.split()) > _ROW_WORDS or re.search(r"[.!?:;]\W*$", row) or "\n" not in text[:start]:
        return ""  # a sentence, not a row
    for paragraph in reversed([p.strip() for p in text[:start].split("\n") if p.strip()][-100:]):
        if len(paragraph.split()) > _ROW_WORDS:
            return ""  # prose above the rows: no table
        period = find_period(paragraph)
        if period and not re.search(r"\d", _PERIOD_TOKEN.sub("", paragraph)):
            return period  # the header
        if not re.search(r"\d", paragraph):
            return ""  # a heading of its own above the rows
    return ""


def event_period(text: str) -> str:
    """'month:1:2020' for the date of the event the release reports ('on Jan. 8'), 'release:' when it happened
    days before the release ('on Tuesday'), '' when the release reports no event."""
    paragraphs = [p for p in re.split(r"\n\s*\n", text[:6000]) if len(p.split()) >= 12]
    if not paragraphs or not _EVENT_VERBS.search(paragraphs[0]):
        return ""
    lead = find_period(paragraphs[0])  # "encountered more than 97,600 people ... last month"
    if lead.startswith("month:") or lead == "last:1:months":
        return lead
    for n, paragraph in enumerate(paragraphs[:3]):
        m = _EVENT_DATE.search(paragraph)
        if m:
            return f"month:{month_number(m.group(1))}:{m.group(3) or ''}"
        if n == 0 and _RECENT.search(paragraph):  # "arrested this morning": not a date told further down
            return "release:"
    return ""


# "up 34 percent from April, when agents apprehended more than 99,200 people": the count in the when-clause is
# April's, the change is the sentence's own; "In January 2018, agents apprehended about 26,000 people ...,
# which means apprehensions are up nearly 85 percent" likewise.
_THEN = re.compile(
    r"\b(?:from|with|than(?:\s+in)?|to|in)\s+(?P<when>(?:[A-Z][a-z]+\s+\d{4}|[A-Z][a-z]+|fiscal\s+year\s+\d{4}|"
    r"FY\s?\d{4}|last\s+year))\s*,\s*when\b[^,;]*"
)
_WHICH_MEANS = re.compile(r",\s*which\s+means\b")
_COMPARED = re.compile(
    r",\s*(?:compared\s+(?:with|to)|up\s+from|down\s+from)\s+(?=(?:about|nearly|more\s+than|roughly|"
    r"approximately|some|just|almost|over|fewer\s+than|less\s+than)?\s*\$?\d)",
    re.I,
)


def clause_period(sentence: str, at: int) -> str:
    """The period expression for the figure at offset `at` of its sentence."""
    then = _THEN.search(sentence)
    if then and re.match(rf"(?:{_MON})\b|fiscal|FY|last", then.group("when")):
        if then.start("when") <= at < then.end():
            return find_period("in " + then.group("when")) or find_period(then.group("when"))
        return find_period(sentence[: then.start()] + sentence[then.end() :])
    compared = _COMPARED.search(
        sentence
    )  # "… since October, compared with about 140 during the same period last
    if compared:  # fiscal year": the count after it has the period after it
        return find_period(
            sentence[compared.end() :] if at >= compared.end() else sentence[: compared.start()]
        )
    means = _WHICH_MEANS.search(sentence)
    if means:
        return find_period(sentence[means.end() :] if at >= means.end() else sentence[: means.start()])
    clause = _clause(sentence, at)
    return find_period(clause) or (find_period(sentence) if clause != sentence else "")


# Where a sentence joins clauses that each name a period, a figure takes its own clause's: "totaled $969
# billion in 2020 and has nearly doubled in the last decade", "150,000 arrested since January, including
# 50,000 over the past eight weeks"; a clause naming none takes the sentence's ("In 2019, …, and …", "arrests
# have doubled, and waits have been cut in half since January").
_CLAUSE_BREAK = re.compile(
    r";|\s\u2014\s|,\s+(?:and|but|while|whereas|including)\s|\s(?:and|but)\s+(?:has|have|had|is|are|was|were)\s",
    re.I,
)


def _clause(sentence: str, at: int) -> str:
    """The clause of the sentence around offset `at`."""
    cuts = [0, *(m.start() for m in _CLAUSE_BREAK.finditer(sentence)), len(sentence)]
    return next(
        sentence[a:b] for a, b in zip(cuts, cuts[1:], strict=False) if a <= at < b or b == len(sentence)
    )


def _of_the_event(figure: dict, sents: Sentences) -> bool:
    """A count told in the past tense in the release's own voice, with no period of its own."""
    if (
        figure["period"]
        or figure["unit"].split(" ")[0].lower() in _DURATIONS
        or _GENERAL.search(figure["sentence"])
    ):
        return False
    start, _ = sents.bounds(figure["start"])
    said = sents.doc_text[start : figure["start"]]
    if said.count("\u201c") > said.count("\u201d") or said.count('"') % 2:
        return False  # inside a quote: speakers speak of the present and of their sector, not of the event
    if figure["unit"] == "USD" and re.search(r"\bstreet\s+value\b", figure["sentence"], re.I):
        return (
            True  # "The drugs have an estimated street value of $1.4 million": the value of what was seized
        )
    root = sents.span(figure["start"]).root
    return root.tag_ in ("VBD", "VBN") or any(
        c.dep_ in ("aux", "auxpass") and c.tag_ == "VBD" for c in root.children
    )


def _value(m: re.Match) -> float | None:
    if m.group("frac"):
        return FRACTIONS[m.group("frac").lower().split()[-1].split("-")[-1]]
    if m.group("mult"):
        return _multiplier(m)[0]
    return parse_number(m.group("num") or m.group("lo"))


def _multiplier(m: re.Match) -> tuple[float, str | None]:
    return MULTIPLIERS[re.sub(r"\s+", " ", m.group("mult").lower())]


def _or_more(m: re.Match) -> str:
    """'100 or more' is at least 100; '10 or fewer' at most 10."""
    return "at_least" if m.group("ormore") else "at_most" if m.group("orless") else "exact"


_UP_WORDS = (
    r"increase[sd]?|ris(?:e|es|ing)|rose|up|jump(?:ed|s)?|climb(?:ed|s)?|grew|growth|surge[ds]?|more|higher|"
    r"additional|gain(?:ed|s|ing)?|add(?:ed|ing)|soar(?:ed|s)?"
)
_DOWN_WORDS = (
    r"decrease[sd]?|drop(?:ped|s)?|decline[sd]?|fell|falls?|down|fewer|reduc(?:tion|ed)|lower|"
    r"plummet(?:ed)?|cut|los(?:t|ing|es)|slid|tumbled|plunged|sank|shed"
)
# The figure is a change when the sentence says so right at it: "rose 12 percent", "down 40 percent", "an
# increase of 500", "a 30 percent increase", "500 more than"; not "rose to 235,700" (a level) nor "more than
# 1,000" (a bound).
_CHANGE_BEFORE = re.compile(rf"\b(?:(?P<up>{_UP_WORDS})|(?P<down>{_DOWN_WORDS}))\s+(?:by\s+|of\s+)?$", re.I)
_CHANGE_AFTER = re.compile(
    r"^\s*(?:percent|per\s+cent|%)?\s*(?:an?\s+)?(?:(?P<up>increase|rise|jump|gain|more|"
    r"higher|up|additional)|(?P<down>decrease|drop|decline|fall|reduction|fewer|lower|"
    r"down|cuts?))\b",
    re.I,
)
# A verb of change and its object before "by": "reduce emissions by 1,890 tons", "lower costs by an average of
# $800", "expand manufacturing by 50%"; the level reached after "from … to": "increase the tariff from 25% to
# 35%".
_UP_VERBS = r"increas\w*|rais\w*|expand\w*|boost\w*|grow\w*|grew|doubl\w*"
_DOWN_VERBS = r"reduc\w*|cut\w*|lower\w*|slash\w*|decreas\w*|shrink\w*|shrank|shorten\w*|trim\w*"
_CHANGE_BY = re.compile(
    rf"\b(?:(?P<up>{_UP_VERBS})|(?P<down>{_DOWN_VERBS}))\b[^.;:—]{{0,50}}?\b(?:by|to)\s+"
    rf"(?:an?\s+average\s+of\s+|as\s+much\s+as\s+)?$",
    re.I,
)
_BY_OR_TO = re.compile(
    r"\b(?:by|to)\s+(?:an?\s+average\s+of\s+|as\s+much\s+as\s+)?$", re.I
)  # cheap test first
_FROM_TO = re.compile(r"\bfrom\s+\S+(?:\s+\S+){0,3}\s+to\s+$", re.I)


def _change(before: str, after: str) -> str | None:
    """'up' or 'down' when the words next to the figure make it a change, else None."""
    before = _QUALIFIER_TAIL.sub("", before)
    for m in (_CHANGE_BEFORE.search(before), _CHANGE_AFTER.match(after)):
        if m and not (m.re is _CHANGE_AFTER and re.match(r"\s*(?:more|fewer)\s+than", after, re.I)):
            return "up" if m.group("up") else "down"
    verb = _CHANGE_BY.search(before) if _BY_OR_TO.search(before) else None
    if verb and (
        not before.rstrip().lower().endswith("to") or _FROM_TO.search(before)
    ):  # "to" only after "from …"
        return "up" if verb.group("up") else "down"
    return None


_GROUPS = re.compile(
    r"\s+(?:sides|governments|countries|nations|leaders|delegations|presidents|parties|"
    r"administrations|agencies)\b",
    re.I,
)
_QUALIFIER_TAIL = re.compile(rf"(?:\b(?:{_QUAL})\s+)$", re.I)
# "our two countries", "these two leaders": who, not how many
_WHO_BEFORE = re.compile(r"\b(?:the|our|these|those|their|both)\s+$", re.I)
# A number in a name: "Region 2", "Public Law 100-402", "Resolution 2231", "Executive Orders 14017", "GOAL 1",
# "Nord Stream 2", "Day 1": a capitalised word right before the digits that is not a word that leads a count.
_NAMED_BY = re.compile(
    r"\b([A-Z][A-Za-z]*) (?:\d[\w.-]*(?:,? (?:and|or) |, ))?$"
)  # also "Orders 14017 and 14001"
_LEADS_A_COUNT = {
    "In",
    "On",
    "Of",
    "By",
    "With",
    "Since",
    "During",
    "Over",
    "Under",
    "About",
    "Nearly",
    "Almost",
    "Approximately",
    "Roughly",
    "Around",
    "Some",
    "All",
    "Only",
    "Just",
    "And",
    "Or",
    "But",
    "The",
    "A",
    "An",
    "Those",
    "These",
    "Its",
    "Their",
    "Our",
    "Another",
    "Every",
    "Each",
    "Up",
    "Last",
    "Total",
    "More",
    "Fewer",
    "Less",
    "Than",
    "At",
    "To",
    "From",
    "For",
    "Between",
    "Exactly",
    "Including",
    "Seized",
    "Nationwide",
    "Overall",
    "Altogether",
    "After",
}
# Dates and ordinals written in words: "in the year of our Lord two thousand twenty-five", "the two hundred
# and forty-ninth"
_WORD_DATE = re.compile(r"\bin\s+the\s+year\s+(?:of\s+our\s+Lord\s+)?(?:[a-z]+[\s-])*$", re.I)
_ORDINALS = [
    *ORDINALS,
    *"thirtieth fortieth fiftieth sixtieth seventieth eightieth ninetieth hundredth thousandth".split(),
]
_WORD_ORDINAL = re.compile(
    rf"^\s+and\s+(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)-)?"
    rf"(?:{'|'.join(_ORDINALS)})\b",
    re.I,
)


def _is_figure(text: str, m: re.Match, number: str) -> bool:
    before, after = text[max(0, m.start() - 25) : m.start()], text[m.end() : m.end() + 25]
    bare = number.lower().strip()
    if bare == "one" and re.match(r"\s+counts?\s+of\b", after):
        return True  # "one count of wire fraud"
    if _WHO_BEFORE.search(before) and _GROUPS.match(after) and not bare[:1].isdigit():
        return False  # "the two sides", "our two countries": who, not how many
    named = _NAMED_BY.search(before)
    if (
        bare[:1].isdigit()
        and not m.group(0)[:1].isalpha()
        and named
        and named.group(1) not in _LEADS_A_COUNT
        and not _MONTH_BEFORE.search(before)
    ):
        return False
    if not bare[:1].isdigit() and (
        _WORD_DATE.search(text[max(0, m.start() - 60) : m.start()])
        or _WORD_ORDINAL.match(text[m.end() : m.end() + 40])
    ):
        return False
    if bare == "911":
        return False  # the emergency number, never a count in a release
    # "at least one visit", "less than one week"; not "more than one third", "nearly one in five" (shares)
    qualified = any(m.group(k) for k, _ in QUALIFIERS) and not re.match(
        r"[\s-]+(?:third|quarter|fifth|in\s)", after
    )
    if (
        bare in _WEAK
        and not (m.group("compound") or qualified and bare == "one")
        or (bare.isdigit() and 1500 <= int(bare) <= 2099 and not m.group("pct"))
    ):
        return False
    if _NOT_BEFORE.search(before) or _NOT_AFTER.match(after) or _MONTH_BEFORE.search(before):
        return False
    if re.search(r"\d{3}[-.)]\s?\d{3}[-.]\d{4}", text[max(0, m.start() - 6) : m.end() + 10]):
        return False  # phone number
    # not an age after a name: "Shilo Watts, 38,"
    return not (
        re.match(r"^,\s", after)
        and re.search(r"[A-Z][a-z]+,\s*$", before)
        and bare.isdigit()
        and int(bare) < 110
    )


def _unit(text: str, end: int, sent, sentence: str) -> str:
    """The counted thing: the noun phrase after the number ('pounds of methamphetamine'), or 'number of X'."""
    part = re.match(
        r"\s+of\s+(?:the|those|these|its|their)\s+((?:[a-z][\w-]*\s+){0,2}?[a-z][\w-]*s)\b",
        text[end : end + 80],
    )  # the Doc's text: Doc.text joins every token
    if part:  # "14 of the drums", "Two of the migrants"
        return part.group(1)
    tokens = [t for t in sent if t.idx >= end][:8]
    words: list[str] = []
    head = None
    for tok in tokens:
        if tok.tag_ in ("JJ", "NN", "NNS", "NNP", "NNPS", "VBN", "HYPH") and tok.text.lower() not in (
            "percent",
        ):
            words.append(tok.text)
            if tok.tag_ in ("NNS", "NN", "NNPS", "NNP"):
                head = tok
            continue
        if tok.text.lower() == "of" and words and words[-1].lower() in _MEASURES:
            words.append("of")
            continue
        break
    if words and words[-1] == "of":
        words.pop()
    if len(words) == 2 and words[0].lower() in _WHEN and words[1].lower() in _DURATIONS:
        words, head = [], None  # "about 104,100 last month": when, not what
    if head is not None:
        verb = head.head
        if head.dep_ in ("nsubjpass", "nsubj") and verb.text.lower() in _VERBS:
            words += ["…", verb.text]
        return " ".join(words).replace(" - ", "-")
    m = re.search(r"number\s+of\s+((?:[\w-]+\s+){0,3}?(?:[\w-]+s))\b", sentence, re.I)
    return m.group(1) if m else _subject(end, sent)


def _subject(end: int, sent) -> str:
    """For a number with no noun after it ('Encounters totaled more than 235,700'), the subject of its verb,
    with its compounds and adjectives ('Encounters', 'southwest border encounters'), or ''."""
    number = next((t for t in sent if t.idx < end <= t.idx + len(t.text)), None)
    verb = number
    for _ in range(4):  # up from the number to the verb it belongs to
        if verb is None or verb.tag_.startswith("VB") or verb.head is verb:  # tags: the pipeline sets no POS
            break
        verb = verb.head
    if verb is None or not verb.tag_.startswith("VB"):
        return ""
    subject = next(
        (
            c
            for c in verb.children
            if c.dep_ in ("nsubj", "nsubjpass")
            and (c.tag_.startswith("NN") or c.tag_ == "VBZ" and c.text.isalpha())
        ),
        None,
    )
    if subject is None:
        return ""
    words = [
        t.text
        for t in subject.lefts
        if t.dep_ in ("compound", "amod")
        and t.i == subject.i - 1
        or t.dep_ in ("compound", "amod")
        and all(x.dep_ in ("compound", "amod") for x in subject.doc[t.i : subject.i])
    ]
    return " ".join([*words, subject.text])
