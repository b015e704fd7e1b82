"""Cited figures: value, bounds from the qualifier, change direction, counted unit, metric and period."""
from __future__ import annotations

import hashlib
import re
from functools import lru_cache

import yaml
from spacy.language import Language
from spacy.tokens import Doc

from lib.nlp.numbers import NUMBER, parse_number
from lib.nlp.periods import find_period
from lib.nlp.sentences import Sentences
from lib.settings import ROOT

VOCABULARY = ROOT / "data" / "metrics.yml"

if not Doc.has_extension("figures"):
    Doc.set_extension("figures", default=None)

QUALIFIERS = (
    ("approx", r"nearly|almost|close\s+to|just\s+under|about|approximately|roughly|around|some|an\s+estimated|estimated"),
    ("more_than", r"more\s+than|over|upwards\s+of|in\s+excess\s+of|exceeding|just\s+over"),
    ("at_least", r"at\s+least|no\s+fewer\s+than|no\s+less\s+than|a\s+minimum\s+of"),
    ("at_most", r"up\s+to|at\s+most|no\s+more\s+than|a\s+maximum\s+of"),
    ("less_than", r"less\s+than|fewer\s+than|under|below"),
)
_QUAL = "|".join(f"(?P<{k}>{p})" for k, p in QUALIFIERS)
FIGURE = re.compile(
    rf"(?<![\w$.,-])(?:\b(?:{_QUAL})\s+)?(?:between\s+(?P<lo>{NUMBER})\s+and\s+(?P<hi>{NUMBER})|(?P<num>{NUMBER})"
    rf"(?:\s*(?:-|–|to)\s*(?P<hi2>{NUMBER}))?)(?P<pct>\s*(?:percent|per\s+cent|%))?(?![\w%])",
    re.I,
)
_NOT_BEFORE = re.compile(
    r"(?:\b(?:section|sec\.|title|chapter|case|no\.|number|docket|rule|part|article|order|interstate|highway|route|"
    r"i-|u\.s\.c\.|suite|room|box|unit|page|fy|fiscal\s+year|age|aged|ages|phase)\s*|[A-Za-z]-|\d[-/.:]|[#§])$", re.I)
_NOT_AFTER = re.compile(
    r"^(?:-[A-Za-z]|\s*(?:a\.m\.|p\.m\.|am\b|pm\b)|[-/:]\d|-year-old|-month-old|\s+years?\s+old|\s*(?:st|nd|rd|th)\b|"
    r"\s+[A-Z][a-z]+\s+(?:Street|St\.|Avenue|Ave\.|Road|Rd\.|Boulevard|Blvd\.|Drive|Lane|Way)\b|,\s*(?:19|20)\d\d)")
_MONTH_BEFORE = re.compile(r"\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?\s+$")
_MEASURES = {"pounds", "pound", "kilograms", "kilogram", "kilos", "grams", "ounces", "tons", "rounds", "bundles",
             "packages", "bricks", "gallons", "liters", "doses", "vials", "tablets", "boxes", "cases"}
_VERBS = {"killed", "died", "seized", "apprehended", "arrested", "rescued", "encountered", "deemed", "found",
          "discovered", "intercepted", "removed", "deported", "expelled", "processed", "released", "hired"}
_DURATIONS = {"years", "year", "months", "month", "weeks", "week", "days", "day", "hours", "hour", "minutes"}
_WEAK = {"one", "a", "an", "half a"}


def vocabulary_fingerprint() -> str:
    return hashlib.sha1(VOCABULARY.read_bytes()).hexdigest()[:12]


@lru_cache(maxsize=4)
def vocabulary(text: str) -> dict[str, dict[str, list[str]]]:
    return yaml.safe_load(text) or {}


def metric_for(unit: str, sentence: str, vocab: dict) -> str:
    """The first metric whose unit terms occur in the unit, else whose sentence terms occur in the sentence."""
    unit, sentence = unit.lower(), sentence.lower()
    for key, hay in (("unit", unit), ("sentence", sentence)):
        for metric, terms in vocab.items():
            if any(t in hay for t in terms.get(key) or []):
                return metric
    return "other"


def bounds(value: float, qualifier: str, hi: float | None) -> tuple[float, float | None, float | None]:
    """(value, low, high) as the qualifier implies: 'nearly 1 million' is at most 1 million."""
    if qualifier == "range" and hi is not None:
        return value, value, hi
    return value, {"more_than": value, "at_least": value}.get(qualifier, None if qualifier in ("approx", "at_most", "less_than") else value), \
        {"at_most": value, "less_than": value}.get(qualifier, None if qualifier in ("more_than", "at_least") else value)


@Language.factory("pressroom_figures")
class FigureExtractor:
    """Sets Doc._.figures: dicts of the extract contract, with `period` as an unresolved expression."""

    def __init__(self, nlp: Language, name: str):
        self.vocab = vocabulary(VOCABULARY.read_text(encoding="utf-8"))

    def __call__(self, doc: Doc) -> Doc:
        sents = Sentences(doc)
        found = []
        for m in FIGURE.finditer(sents.doc_text):
            figure = self._figure(sents.doc_text, m, sents.span(m.start()))
            if figure:
                found.append(figure)
        doc._.figures = found
        return doc

    def _figure(self, text: str, m: re.Match, sent) -> dict | None:
        number = m.group("num") or m.group("lo")
        if not _is_figure(text, m, number):
            return None
        value = parse_number(number)
        hi = parse_number(m.group("hi") or m.group("hi2") or "") if (m.group("hi") or m.group("hi2")) else None
        if value is None:
            return None
        qualifier = "range" if hi is not None else next((k for k, _ in QUALIFIERS if m.group(k)), "exact")
        value, low, high = bounds(value, qualifier, hi)
        if qualifier == "approx" and not re.match(r"nearly|almost|close|just", m.group("approx"), re.I):
            high = None  # "about 500" may be more or less; "nearly 500" is at most 500
        sentence = text[sent.start_char:sent.end_char]
        unit = "percent" if m.group("pct") else ("USD" if "$" in number else _unit(m.end(), sent, sentence))
        metric = "other" if unit.split(" ")[0].lower() in _DURATIONS else metric_for(unit, sentence, self.vocab)
        change = _change(text[max(sent.start_char, m.start() - 40):m.start()], text[m.end():min(sent.end_char, m.end() + 30)])
        return {"text": m.group(0), "start": m.start(), "end": m.end(), "value": value, "low": low, "high": high,
                "qualifier": qualifier, "change": change if m.group("pct") or change else None, "unit": unit,
                "metric": metric, "period": find_period(sentence),
                "sentence": sentence}


_UP_WORDS = r"increase[sd]?|ris(?:e|es|ing)|rose|up|jump(?:ed|s)?|climb(?:ed|s)?|grew|growth|surge[ds]?|more|higher"
_DOWN_WORDS = (r"decrease[sd]?|drop(?:ped|s)?|decline[sd]?|fell|falls?|down|fewer|reduc(?:tion|ed)|lower|"
               r"plummet(?:ed)?|cut")
# The figure is a change when the sentence says so right at it: "rose 12 percent", "down 40 percent", "an increase of
# 500", "a 30 percent increase", "500 more than"; not "rose to 235,700" (a level) nor "more than 1,000" (a bound).
_CHANGE_BEFORE = re.compile(rf"\b(?:(?P<up>{_UP_WORDS})|(?P<down>{_DOWN_WORDS}))\s+(?:by\s+|of\s+)?$", re.I)
_CHANGE_AFTER = re.compile(rf"^\s*(?:percent|per\s+cent|%)?\s*(?:an?\s+)?(?:(?P<up>increase|rise|jump|gain|more|"
                           rf"higher|up)|(?P<down>decrease|drop|decline|fall|reduction|fewer|lower|down))\b", re.I)


def _change(before: str, after: str) -> str | None:
    """'up' or 'down' when the words next to the figure make it a change, else None."""
    before = _QUALIFIER_TAIL.sub("", before)
    for m in (_CHANGE_BEFORE.search(before), _CHANGE_AFTER.match(after)):
        if m and not (m.re is _CHANGE_AFTER and re.match(r"\s*(?:more|fewer)\s+than", after, re.I)):
            return "up" if m.group("up") else "down"
    return None


_QUALIFIER_TAIL = re.compile(rf"(?:\b(?:{_QUAL})\s+)$", re.I)


def _is_figure(text: str, m: re.Match, number: str) -> bool:
    before, after = text[max(0, m.start() - 25):m.start()], text[m.end():m.end() + 25]
    bare = number.lower().strip()
    if bare in _WEAK or (bare.isdigit() and 1900 <= int(bare) <= 2099 and not m.group("pct")):
        return False
    if _NOT_BEFORE.search(before) or _NOT_AFTER.match(after) or _MONTH_BEFORE.search(before):
        return False
    if re.search(r"\d{3}[-.)]\s?\d{3}[-.]\d{4}", text[max(0, m.start() - 6):m.end() + 10]):
        return False  # phone number
    if re.match(r"^,\s", after) and re.search(r"[A-Z][a-z]+,\s*$", before) and bare.isdigit() and int(bare) < 110:
        return False  # age after a name: "Shilo Watts, 38,"
    return True


def _unit(end: int, sent, sentence: str) -> str:
    """The counted thing: the noun phrase after the number ('pounds of methamphetamine'), or 'number of X'."""
    part = re.match(r"\s+of\s+(?:the|those|these|its|their)\s+((?:[a-z][\w-]*\s+){0,2}?[a-z][\w-]*s)\b",
                    sent.doc.text[end:end + 80])
    if part:  # "14 of the drums", "Two of the migrants"
        return part.group(1)
    tokens = [t for t in sent if t.idx >= end][:8]
    words: list[str] = []
    head = None
    for tok in tokens:
        if tok.tag_ in ("JJ", "NN", "NNS", "NNP", "NNPS", "VBN", "HYPH") and tok.text.lower() not in ("percent",):
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
    if head is not None:
        verb = head.head
        if head.dep_ in ("nsubjpass", "nsubj") and verb.text.lower() in _VERBS:
            words += ["…", verb.text]
        return " ".join(words).replace(" - ", "-")
    m = re.search(r"number\s+of\s+((?:[\w-]+\s+){0,3}?(?:[\w-]+s))\b", sentence, re.I)
    return m.group(1) if m else _subject(end, sent)


def _subject(end: int, sent) -> str:
    """For a number with no noun after it ('Encounters totaled more than 235,700'), the subject of its verb, with
    its compounds and adjectives ('Encounters', 'southwest border encounters'), or ''."""
    number = next((t for t in sent if t.idx < end <= t.idx + len(t.text)), None)
    verb = number
    for _ in range(4):  # up from the number to the verb it belongs to
        if verb is None or verb.tag_.startswith("VB") or verb.head is verb:  # tags: the pipeline sets no POS
            break
        verb = verb.head
    if verb is None or not verb.tag_.startswith("VB"):
        return ""
    subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass") and c.tag_.startswith("NN")), None)
    if subject is None:
        return ""
    words = [t.text for t in subject.lefts if t.dep_ in ("compound", "amod") and t.i == subject.i - 1 or
             t.dep_ in ("compound", "amod") and all(x.dep_ in ("compound", "amod") for x in
                                                       subject.doc[t.i:subject.i])]
    return " ".join([*words, subject.text])
