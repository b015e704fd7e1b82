"""Direct and indirect quotes, attributed to the full name of the person quoted, with title and organisation."""
from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc

from lib.nlp.sentences import Sentences

if not Doc.has_extension("quotes"):
    Doc.set_extension("quotes", default=None)

CUES = r"(?:said|says|added|adds|stated|states|noted|notes|explained|explains|remarked|continued|told|emphasized|emphasised|stressed|asked|warned|commented|declared|recalled|pointed out)"
NAME = r"[A-Z][\w.'’-]*(?:\s+(?:[A-Z][\w.'’-]*|de|del|la|van|von))*"
PRONOUN = r"(?:he|she|they|He|She|They)"
_AFTER_CUE_FIRST = re.compile(rf"^\s*[,.]?\s*(?P<cue>{CUES}|according to)\s+(?P<who>[^.;:!?\n]{{0,120}})")
_AFTER_NAME_FIRST = re.compile(rf"^\s*[,.]?\s*(?P<who>{NAME}|{PRONOUN})\s+(?P<cue>{CUES})\b")
_AFTER_LATER = re.compile(rf"^[^.!?\n]*?,\s*(?P<who>{NAME}|{PRONOUN})\s+(?P<cue>{CUES})\s*[.,]")
_AFTER_DASH = re.compile(r"^\s*[,.]?\s*[–—]+\s*(?P<who>[^.;\n“\"]{2,120})")
_BEFORE = re.compile(rf"(?P<who>{NAME}|{PRONOUN})\s+(?P<cue>{CUES})(?:\s+[\w.,’']+){{0,8}}?\s*[,:]\s*$")
_BEFORE_CUE_FIRST = re.compile(rf"(?P<cue>{CUES}|according to)\s+(?P<who>{NAME}(?:,\s*{NAME})*)\s*[,:]\s*$")
_INDIRECT = re.compile(rf"^(?P<who>{NAME}|He|She|They)\s+(?P<cue>said|says|added|noted|stated|explained|emphasized|stressed)\s+(?:that\s+)?(?P<text>.{{12,}})$", re.S)
_INDIRECT_CUE = re.compile(r"\b(?:said|says|added|noted|stated|explained|emphasized|stressed)\b")
TITLE_WORDS = set("""Acting Deputy Assistant Executive Associate Chief Patrol Agent Special in Charge Port Director Area
Commissioner Secretary Officer Supervisory Sector Administrator Attorney General President Vice Press Spokesperson
Senior Adviser Advisor Commander Gen. Captain Lieutenant Sheriff Mayor Governor Ambassador Minister Manager Specialist
Watch Head Sgt. Lt. Capt. Col. Dr. Mr. Ms. Mrs. Inspector Investigator Representative Rep. Sen. Senator""".split())
_NOT_NAME = {"Patrol", "Border", "Office", "Sector", "Port", "Field", "Operations", "Department", "Agency", "U.S."}
_TITLED_NAME = re.compile(
    r"\b(?:Commissioner|Chief|Agent|Director|Secretary|Officer|Administrator|Commander|Gen\.|General|Spokesperson|"
    r"Attorney|Sheriff|Mayor|Governor|Ambassador)\s+([A-Z][a-z’'-]+(?:\s+[A-Z]\.)?\s+[A-Z][\w’'-]+)")
_STOP_WORDS = {"The", "A", "An", "In", "On", "At", "During", "After", "But", "And", "Today", "This", "That", "It"}


@dataclass
class Person:
    name: str
    title: str = ""
    org: str = ""


def find_quote_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each quotation including its marks; paragraphs continue a quote left open when the next
    paragraph opens with a quote mark; an unbalanced mark is dropped at the paragraph's end."""
    spans, carry = [], None
    for para in re.finditer(r"[^\n]+", text):
        open_at = None
        if carry is not None and para.group(0)[:1] in "“\"":
            open_at, skip = carry, para.start()
        else:
            skip = -1
        carry = None
        for i in range(para.start(), para.end()):
            ch = text[i]
            if i == skip:
                continue
            if ch == "“" or (ch == '"' and open_at is None):
                open_at = i
            elif (ch == "”" or ch == '"') and open_at is not None:
                spans.append((open_at, i + 1))
                open_at = None
        # a quote left open continues only if it opened where quotes open: at the paragraph's start or after
        # punctuation, not mid-phrase like a stray mark ('read the "notice aloud')
        opens_cleanly = open_at is not None and re.search(r"(?:^|[.!?:,;—–-]\s*)$", text[para.start():open_at])
        carry = open_at if opens_cleanly else None
    return spans


class People:
    """The people a release names, so that surnames and pronouns resolve to full names."""

    def __init__(self, doc: Doc, text: str):
        self.full: dict[str, Person] = {}
        self.mentions: list[tuple[int, str]] = []  # (char offset, full name)
        spans = [(e.start_char, e.end_char) for e in doc.ents if e.label_ == "PERSON"]
        spans += [(m.start(1), m.end(1)) for m in _TITLED_NAME.finditer(text)]
        self.names = {re.sub(r"[’']s$", "", text[a:b]) for a, b in spans}
        for a, b in sorted(spans):
            name = re.sub(r"[’']s$", "", text[a:b]).strip(" ,")
            if len(name.split()) >= 2 and name not in self.full and not any(w in _NOT_NAME for w in name.split()):
                self.full[name] = Person(name, *title_and_org(text, a, b))
        for a, b in sorted(spans):  # pronouns refer back to people the release names in full
            resolved = self.resolve(text[a:b])
            if resolved in self.full:
                self.mentions.append((a, resolved))

    def resolve(self, who: str) -> str:
        """The full name a mention refers to, or the mention itself when it looks like a name."""
        who = re.sub(r"[’']s$", "", who).strip(" ,")
        words = who.split()
        if not words:
            return ""
        for name in self.full:
            if who == name or name.endswith(" " + words[-1]) or who.endswith(name):
                return name
        return who if who in self.names and words[0] not in _STOP_WORDS else ""

    def last_before(self, offset: int) -> str:
        before = [name for at, name in self.mentions if at < offset]
        return before[-1] if before else ""

    def person(self, name: str) -> Person:
        return self.full.get(name, Person(name))


def title_and_org(text: str, start: int, end: int) -> tuple[str, str]:
    """Title and organisation written before a name ('CBP Deputy Commissioner'), or 'from Place' after it."""
    head = text[max(0, start - 160):start]
    head = re.split(r"(?<=[a-z0-9)][.!?])[\"”’]?\s+|\n", head)[-1]
    m = re.search(r"((?:[A-Z][\w.&’'-]*,?\s+|of\s+|and\s+)*[A-Z][\w.&’'-]*,?\s+)$", head)
    words = m.group(1).replace(",", " ,").split() if m else []
    while words and (words[0] in _STOP_WORDS or words[0] in {",", "of", "and"}):
        words.pop(0)
    title: list[str] = []
    while words and (words[-1] in TITLE_WORDS or words[-1] == ","):
        title.insert(0, words.pop())
    if title[:1] == ["Patrol"] and words[-1:] == ["Border"]:
        words.append(title.pop(0))  # "U.S. Border Patrol Chief": the organisation is the Border Patrol
    org = " ".join(words).replace(" ,", ",").strip(" ,")
    if not org:
        after = re.match(r",?\s+(?:from|of)\s+((?:[A-Z][\w.’'-]*,?\s*){1,4})", text[end:end + 80])
        org = after.group(1).strip(" ,.") if after else ""
    return " ".join(w for w in title if w != ","), org


@Language.factory("pressroom_quotes")
class QuoteExtractor:
    """Sets Doc._.quotes: dicts of text, start, end, speaker, speaker_title, speaker_org, kind, cue."""

    def __init__(self, nlp: Language, name: str):
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        sents = Sentences(doc)
        people = People(doc, sents.doc_text)
        found = self._direct(sents.doc_text, people) + self._indirect(sents, people)
        doc._.quotes = sorted(found, key=lambda q: q["start"])
        return doc

    def _direct(self, text: str, people: People) -> list[dict]:
        spans = find_quote_spans(text)
        out, last_speaker = [], ("", "")
        for i, (qs, qe) in enumerate(spans):
            para_start = text.rfind("\n", 0, qs) + 1
            para_end = text.find("\n", qe) % (len(text) + 1)
            para_end = para_end if para_end > 0 else len(text)
            prev_end = max(para_start, spans[i - 1][1] if i and spans[i - 1][1] > para_start else para_start)
            next_start = spans[i + 1][0] if i + 1 < len(spans) and spans[i + 1][0] < para_end else para_end
            who, cue = attribute(text[qe:min(next_start, qe + 300)], text[max(prev_end, qs - 300):qs])
            if who:
                speaker = people.last_before(qs) if re.fullmatch(PRONOUN, who) else people.resolve(who)
            elif last_speaker[0] and (last_speaker[1] >= para_start or _follows(text, last_speaker[1], qs)):
                speaker, cue = last_speaker[0], "continued"
            else:
                speaker = ""
            content = text[qs + 1:qe - 1]
            if not speaker or len(content.split()) < 3:
                continue
            last_speaker = (speaker, qe)
            out.append(self._row(content, qs + 1, qe - 1, people.person(speaker), "direct", cue))
        return out

    def _indirect(self, sents: Sentences, people: People) -> list[dict]:
        out = []
        text = sents.doc_text
        for i, first in enumerate(sents.starts):
            sentence = text[first:sents.starts[i + 1] if i + 1 < len(sents.starts) else len(text)].rstrip()
            if not _INDIRECT_CUE.search(sentence[:80]) or re.search(r"[“”\"]", sentence):
                continue
            m = _INDIRECT.match(sentence)
            if not m:
                continue
            who = m.group("who")
            speaker = people.last_before(first) if who.lower() in ("he", "she", "they") else people.resolve(who)
            if speaker:
                out.append(self._row(m.group("text"), first + m.start("text"), first + m.end("text"),
                                     people.person(speaker), "indirect", m.group("cue")))
        return out

    @staticmethod
    def _row(text: str, start: int, end: int, person: Person, kind: str, cue: str) -> dict:
        return {"text": re.sub(r"\s*\n+\s*[“\"]?", " ", text).strip(), "start": start, "end": end,
                "speaker": person.name, "speaker_title": person.title, "speaker_org": person.org,
                "kind": kind, "cue": cue}


def _follows(text: str, previous_end: int, start: int) -> bool:
    """A quote opening the paragraph right after the one that held the previous attributed quote."""
    return text[start - 2:start] == "\n\n" and text[previous_end:start].count("\n\n") == 1


def attribute(after: str, before: str) -> tuple[str, str]:
    """Who a quote is attributed to, from the text after it or before it, and the cue word."""
    for pattern, segment in ((_AFTER_NAME_FIRST, after), (_AFTER_CUE_FIRST, after), (_AFTER_DASH, after), (_AFTER_LATER, after),
                             (_BEFORE, before), (_BEFORE_CUE_FIRST, before)):
        m = pattern.search(segment)
        if m:
            who = _name_in(m.group("who"))
            if who:
                return who, (m.groupdict().get("cue") or "dash")
    return "", ""


def _name_in(phrase: str) -> str:
    """The person's name at the end of a title-and-name phrase ('Laredo, Texas, Port Director Greg Alvarez')."""
    phrase = re.split(r"\s+(?:during|at|in|on|while|when|after|before|who|adding|as|to|about|from|of|and)\b", phrase)[0]
    if re.fullmatch(PRONOUN, phrase.strip()):
        return phrase.strip()
    for part in reversed(re.split(r",\s*", phrase)):
        run: list[str] = []
        for word in reversed(part.split()):
            if not word[:1].isupper() or word in TITLE_WORDS or word in _STOP_WORDS or word.isupper() or len(run) == 3:
                break
            run.insert(0, word)
        if run:
            return " ".join(run)
    return ""
