"""Direct and indirect quotes, attributed to the full name of the person quoted, with title and
organisation."""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc

from lib.nlp import transcripts
from lib.nlp.acronyms import acronyms
from lib.nlp.lexicon import lexicon
from lib.nlp.sentences import Sentences

if not Doc.has_extension("quotes"):
    Doc.set_extension("quotes", default=None)
if not Doc.has_extension("acronyms"):
    Doc.set_extension("acronyms", default=None)


def _either(words: tuple[str, ...]) -> str:
    """A regex alternation of words from data/quotes.yml, in their order, any whitespace between the words of
    one."""
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in words)


# The verbs that attribute a quote, from data/quotes.yml, longest first so that "pointed out" wins over a
# prefix.
CUES = f"(?:{_either(lexicon().cues)})"
# "has repeatedly said", "once noted": words between a subject and its verb of saying
_AUX = rf"(?:(?:{'|'.join(lexicon().cue_adverbs)})\s+){{0,3}}"
NAME = r"[A-Z][\w.'’-]*(?:\s+(?:[A-Z][\w.'’-]*|de|del|la|van|von|of(?:\s+the)?(?=\s+[A-Z])))*"
PRONOUN = r"(?:he|she|they|He|She|They)"
# An attribution phrase runs to the end of its sentence; the stops inside "U.S." and initials ("Daniel R.
# Whitcomb") do not end it.
_ABBREVIATIONS = sorted(
    {
        w[:-1]
        for w in lexicon().title_words | lexicon().statement_titles | lexicon().honorifics
        if w.endswith(".")
    }
    | {"Jr", "Sr", "St"}
)
_PHRASE = rf"(?:\b(?:{'|'.join(map(re.escape, _ABBREVIATIONS))})\.|[^.;:!?\n]|(?<=\b[A-Z])\.|\.(?=[A-Za-z]))"
# "“…,” *said Vice President Harris.*": the attribution may carry a web page's emphasis
_AFTER_CUE_FIRST = re.compile(
    rf"^\s*[,.]?\s*\**\s*(?P<cue>{CUES}|according to)\s+(?P<who>{_PHRASE}{{0,120}})"
)
_AFTER_NAME_FIRST = re.compile(rf"^\s*[,.]?\s*\**\s*(?P<who>{NAME}|{PRONOUN})\s+{_AUX}(?P<cue>{CUES})\b")
_AFTER_LATER = re.compile(rf"^[^.!?\n]*?,\s*(?P<who>{NAME}|{PRONOUN})\s+(?P<cue>{CUES})\s*[.,]")
# "“…” – Commissioner X", "“…” *— Karoline Leavitt, White House Press Secretary*" (the emphasis of a web page)
_AFTER_DASH = re.compile(rf"^\s*[,.]?\s*\*?\s*[–—]+\s*(?P<who>(?:(?![“\"*]){_PHRASE}){{2,120}})")
# "… said in a statement:" before a quote: the verb of saying, up to eight words, a comma or colon
_SAID_BEFORE = rf"\s+{_AUX}(?P<cue>{CUES})(?:\s+[\w.,’']+){{0,8}}?\s*[,:]\s*$"
_BEFORE = re.compile(rf"(?P<who>(?:[Tt]he\s+)?{NAME}|{PRONOUN}){_SAID_BEFORE}")
_BEFORE_CUE_FIRST = re.compile(rf"(?P<cue>{CUES}|according to)\s+(?P<who>{NAME}(?:,\s*{NAME})*)\s*[,:]\s*$")
_GROUPS = _either(lexicon().groups)  # people quoted as a group ("airline CEOs")
# up to three words, then the group ("airline CEOs", "the county's sheriffs")
_GROUP_PHRASE = rf"(?:[\w’'&.-]+\s+){{0,3}}?(?:{_GROUPS})"
_REPORTING = _either(lexicon().indirect_cues)
# "said today that": the words between a verb of reporting and its "that"
_BEFORE_THAT = "|".join(rf"{_either((w,))}\s+" for w in lexicon().before_that)
# "…, the New York Post reports": the verbs after an organisation named at the end of what it reports
_TRAILING_CUES = _either(lexicon().trailing_cues)

# "Marquez said agents …", "Gen. Ricardo Ibarra, a regional commander of …, said his forces …": the phrase
# before the cue must name a person the release knows (checked by the caller); the reported clause runs to the
# sentence's end.
_INDIRECT = re.compile(
    rf"^(?P<who>[^“”\"]{{2,160}}?)\s+{_AUX}(?P<cue>{_REPORTING})\s+(?!by\b)(?:(?:{_BEFORE_THAT})?that\s+)?"
    rf"(?P<text>[^,:“\"\s].{{10,}})$",
    re.S,
)
# "As the President has said, democracies are …", "… when, as Lane noted in May, the port …": the clause after
# the aside is the reported one
_AS_SAID = re.compile(
    rf"(?:^|[,;—]\s*|\b(?:when|and|but|that|because)\s+)(?:[Aa]nd\s+)?[Aa]s\s+(?P<who>[^“”\",;:]{{2,80}}?)\s+"
    rf"{_AUX}(?P<cue>{_REPORTING}|(?:has|have|had)\s+made\s+clear)(?:\s+(?!how|what|why|whether)[^“”\",;:]{{1,80}}?)?"
    rf"\s*[,:]\s+"
    rf"(?P<text>[^“\"\s].{{10,}})$",
    re.S,
)
# "The President also thanked the participants, saying he will …": the sentence's subject reports the clause
_SAYING = re.compile(
    rf"^(?P<who>(?:The\s+)?{NAME}|{PRONOUN})\s+[^“”\"]{{3,200}}?,\s+(?P<cue>saying)\s+(?:that\s+)?"
    rf"(?P<text>[^“\"\s].{{10,}})$",
    re.S,
)
# "Each of those groups, she said, pulls agents off the line …": the cue inside the reported sentence.
_ASIDE = re.compile(
    rf"^(?P<text>[^“”\"]{{12,}}?),\s+(?P<who>{NAME}|{PRONOUN})\s+(?P<cue>said|says|added|noted),\s+"
    rf"(?P<rest>[^“”\"]{{6,}})$",
    re.S,
)
# "Former immigration judge Andrew Arthur: “…”": a known person's name and a colon introduce the quote.
_BEFORE_COLON = re.compile(rf"(?P<who>{NAME})\s*:\s*$")
# "“…,” CBP Area Port Director Lee Park, Area Port of Savannah." — an attribution with no verb, the rest of
# the paragraph: title and name, then what they serve
_AFTER_BARE = re.compile(
    r"^\s*[,.]?\s*(?P<who>(?:[A-Z][\w.’'&-]*\s+){1,7}[A-Z][\w’'-]*)(?:,\s+[A-Z][^.“”\"\n]{2,90})?\.?\s*$"
)
# "William J. Edwards, U.S. Attorney for the Northern District of Ohio, said: “…”": the name, its appositive,
# the cue
_BEFORE_APPOSITIVE = re.compile(
    rf"(?:^|[.!?”\"]\s+|\n|\bof\s+)(?P<who>{NAME}),\s+[^“”\"\n]{{2,160}}?,\s+(?:who\s+)?{_AUX}(?P<cue>{CUES})\s*[,:]\s*$"
)
# "…," Brooks said, adding that the field office works with …
_ADDING = re.compile(
    rf"(?P<who>{NAME}|{PRONOUN})\s+(?:said|says),\s+adding\s+(?:that\s+)?(?P<text>[^“\"]{{12,}}?)(?=[.]\s*[“\"]|[.]?\s*$)"
)
# "Border Patrol released no one last month, the New York Post reports — …", "…, GasBuddy reported.": an
# organisation named after the clause it reports (a person's trailing "…, he said." is left to the quotes)
_TRAILING = re.compile(
    r"^(?P<text>[^“”\"]{12,}?),\s+(?P<who>(?:[Tt]he\s+)?[A-Z][\w.&’'-]*(?:\s+[A-Z][\w.&’'-]*){0,5})\s+"
    rf"(?P<cue>{_TRAILING_CUES})(?:\s+[—–][^“”\"]*|\.)?$",
    re.S,
)
_ACCORDING = re.compile(
    rf"^(?P<cue>[Aa]ccording\s+to)\s+(?P<who>{_PHRASE}{{2,160}}?),\s+(?P<text>[^“\"\s].{{10,}})$", re.S
)
_INDIRECT_CUE = re.compile(rf"\b(?:{_REPORTING}|[Aa]ccording\s+to|saying|made\s+clear|{_TRAILING_CUES})\b")
# Word lists from data/quotes.yml: words of titles ("Acting", "Port", "Director"), words that make a
# capitalised run an organisation rather than a name ("Patrol", "Office"), words that open a sentence.
TITLE_WORDS = lexicon().title_words
_FIELD_TITLES = lexicon().field_titles
_RANKS = lexicon().ranks | {","}
_NOT_NAME = lexicon().organisation_words
_TITLED_NAME = re.compile(
    r"\b(?:Commissioner|Chief|Agent|Director|Secretary|Officer|Administrator|Commander|Gen\.|General|Spokesperson|"
    r"Attorney|Sheriff|Mayor|Governor|Ambassador|Operations|commander)\s+([A-Z][a-z’'-]+(?:\s+[A-Z]\.)?\s+[A-Z][\w’'-]+)"
)
# Titles of several words, some with words that would otherwise read as an organisation ("Field Operations").
TITLE_PHRASES = re.compile(
    r"(?:(?:Acting|Deputy|Assistant|Executive|Associate)\s+)*(?:Director\s+of\s+(?:Field|Air|Marine|Air\s+and\s+Marine)\s+"
    r"Operations|(?:Supervisory\s+)?Border\s+Patrol\s+Agent|Chief\s+of\s+(?:the\s+)?U\.S\.\s+Border\s+Patrol|"
    r"(?:[Rr]egional|[Ss]ector|[Pp]ort|[Ff]ield)\s+[Cc]ommander|Special\s+Agent[-\s]in[-\s]Charge|Border\s+Czar|"
    r"(?:U\.\s?S\.|United\s+States)\s+Attorney|(?:Senior\s+|Chief\s+)?(?:U\.S\.\s+)?(?:District|Magistrate|Circuit|"
    r"Bankruptcy)\s+(?:Court\s+)?Judge)\s*,?\s*$"
)
_OFFICE = re.compile(
    r"(?:(?:Acting|Deputy|Assistant|Under|Principal|Senior|Chief|Executive)\s+)*(?:Secretary|Minister|"
    r"Director|Administrator|Commissioner|Ambassador|Advisor|Adviser|Attorney\s+General|Coordinator|"
    r"Chief|Czar|Inspector\s+General|Special\s+Envoy|Envoy)\s+(?:of|for)\s+(?:the\s+)?[A-Z][\w.&’' -]*"
)
# A title, then "for (the)" or "of the" and the organisation it serves, right before a name.
_OFFICE_FOR = re.compile(
    r"(?<![\w.])(?P<title>(?:(?:Acting|Deputy|Assistant|Associate|Principal|Senior|Chief|Executive)\s+)*(?:(?:U\.\s?S\.|"
    r"United\s+States)\s+Attorney|(?:Assistant\s+)?Attorney\s+General|Special\s+Agent[-\s]in[-\s]Charge|Director|"
    r"Administrator|Commissioner|Secretary|Chief|Commander|(?:(?:U\.\s?S\.|United\s+States)\s+)?Marshal|Coordinator|"
    r"Inspector\s+General|Ambassador))\s+"
    r"(?:for\s+(?:the\s+)?|of\s+the\s+)(?P<org>(?:(?:[A-Z][\w.&’'-]*|of|the|and)\s+){0,7}?[A-Z][\w.&’'-]*)\s+$"
)
_STOP_WORDS = lexicon().not_names


@dataclass
class Person:
    name: str
    title: str = ""
    org: str = ""
    kind: str = "person"  # or "organisation" (an organisation, a document), "group" ("Airline CEOs")

    def __post_init__(self) -> None:
        # "Secretary of Homeland Security Kristi Noem": an office "of" or "for" something is the title, not an
        # organisation with an empty title
        if _OFFICE.fullmatch(self.org) and (not self.title or self.org.startswith(self.title)):
            self.title, self.org = self.org, ""


def find_quote_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each quotation including its marks; paragraphs continue a quote left open when the next
    paragraph opens with a quote mark, or, for a quote opening its paragraph, when a later paragraph closes it
    with no mark between (a block of paragraphs quoted whole); an opening mark typed where a closing one
    belongs ('jumped 154%“ since') closes; an unbalanced mark is dropped at the paragraph's end."""
    spans, carry = [], None
    paras = list(re.finditer(r"[^\n]+", text))
    resume = 0
    for n, para in enumerate(paras):
        if para.start() < resume:
            continue
        open_at = None
        if carry is not None and para.group(0)[:1] in '“"':
            open_at, skip = carry, para.start()
        else:
            skip = -1
        carry = None
        for i in range(para.start(), para.end()):
            ch = text[i]
            if i == skip:
                continue
            if ch == "“" and open_at is not None and _closes(text, i):
                spans.append((open_at, i + 1))
                open_at = None
            elif ch == "“" or (ch == '"' and open_at is None):
                open_at = i
            elif (ch == "”" or ch == '"') and open_at is not None:
                spans.append((open_at, i + 1))
                open_at = None
        # a quote left open continues only if it opened where quotes open: at the paragraph's start or after
        # punctuation, not mid-phrase like a stray mark ('read the "notice aloud')
        opens_cleanly = open_at is not None and re.search(
            r"(?:^|[.!?:,;—–-]\s*)$", text[para.start() : open_at]
        )
        carry = open_at if opens_cleanly else None
        if carry is not None and carry == para.start() and text[carry] == "“":
            block = _block_end(paras[n + 1 : n + 5])
            if block is not None:
                spans.append((carry, block))
                carry, resume = None, block
    return spans


def _closes(text: str, i: int) -> bool:
    """Whether the opening mark at `i` stands where a closing one belongs: right after a word or punctuation
    and before a space, punctuation or the paragraph's end."""
    before, after = text[i - 1 : i], text[i + 1 : i + 2]
    return (
        bool(before)
        and not before.isspace()
        and before not in "—–-("
        and (not after or after in " \n.,;:!?)—–*")
    )


def _block_end(following: list[re.Match]) -> int | None:
    """The end of a block quote's closing mark: the first of the `following` paragraphs that ends with '”'
    when no paragraph up to it holds another quotation mark; None otherwise."""
    for para in following:
        body = para.group(0).rstrip(" *")
        marks = re.findall(r"[“”\"]", body)
        if marks == ["”"] and body.endswith("”"):
            return para.start() + len(body)
        if marks:
            return None
    return None


def _without_title(text: str, start: int, end: int) -> tuple[int, int]:
    """A PERSON entity without the title words or the possessive organisation the model sometimes includes
    ('Czar Tom Homan', 'Crypto Czar David Sacks', 'CNBC’s Rick Santelli' → the name; 'Lady Melania' → the
    first name alone, never a full name)."""
    words = text[start:end].split(" ")
    titled = [i for i, w in enumerate(words[:-1]) if w in TITLE_WORDS or re.search(r"[’']s$", w)]
    for w in words[: titled[-1] + 1] if titled else []:
        start += len(w) + 1
    return start, end


class People:
    """The people a release names, so that surnames and pronouns resolve to full names."""

    def __init__(self, doc: Doc, text: str):
        self.text = text
        places = [e for e in doc.ents if e.label_ in ("GPE", "LOC", "ORG", "FAC", "NORP")]
        self.places = {e.text for e in places}
        self.organisations = {e.text for e in doc.ents if e.label_ == "ORG"}
        # the organisations without a leading "The" ("The New York Times" is "New York Times")
        self.organisation_names = {re.sub(r"^[Tt]he\s+", "", o) for o in self.organisations}
        self.acronyms = acronyms(text)  # the acronyms the release defines
        self.place_spans = [(e.start_char, e.end_char) for e in places]
        # where the organisations are named, for "the group" and "the statement" after them
        self.organisation_at = [
            (e.start_char, re.sub(r"^[Tt]he\s+", "", e.text)) for e in doc.ents if e.label_ == "ORG"
        ]
        self.full: dict[str, Person] = {}
        self.mentions: list[tuple[int, str]] = []  # (char offset, full name)
        spans = [
            _without_title(text, e.start_char, e.end_char)
            for e in doc.ents
            if e.label_ == "PERSON"
            and not _PLACE_BEFORE.search(text[max(0, e.start_char - 12) : e.start_char])
        ]
        spans += [
            (m.start(1), m.end(1))
            for m in _TITLED_NAME.finditer(text)
            if not any(w in TITLE_WORDS for w in m.group(1).split())
        ]  # not "Attorney General Matthew"
        spans = [
            (a, b) for a, b in spans if not re.fullmatch(r"(?:[A-Z]\.\s?)+", text[a:b].strip())
        ]  # "U. S."
        self.names = {re.sub(r"[’']s$", "", text[a:b]) for a, b in spans}
        self.titled: dict[
            str, list[tuple[int, str, str]]
        ] = {}  # full name -> (offset, title, org) of each mention
        for a, b in sorted(spans):
            name = re.sub(r"[’']s$", "", text[a:b]).strip(" ,")
            if len(name.split()) >= 2 and not any(w in _NOT_NAME for w in name.split()):
                title, org = title_and_org(text, a, b)
                if name not in self.full or not self.full[name].title and title:
                    self.full[name] = Person(name, title, org)
                if title or org:
                    self.titled.setdefault(name, []).append((a, title, org))
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
        if len(words) >= 2:  # "López Obrador", who is "Andrés Manuel López Obrador" in full
            longer = [name for name in self.full if name.endswith(" " + who)]
            if longer:
                return max(longer, key=len)
        for name in self.full:
            if who == name or name.endswith(" " + words[-1]) or who.endswith(name):
                return name
        return who if who in self.names and words[0] not in _STOP_WORDS else ""

    def introduced(self, who: str, text: str, offset: int) -> str:
        """The full name of a surname the model did not take for a person ('said Mulay' after 'Consul General
        of India Dnyaneshwar M. Mulay'): the latest capitalised run before `offset` ending in it, without its
        title words, registered with the title and organisation written there; '' when the release never gives
        it."""
        if not re.fullmatch(r"[A-Z][\w’'-]+", who) or who in TITLE_WORDS or who in _NOT_NAME:
            return ""
        runs = re.finditer(
            rf"(?<![\w.’'-])((?:[A-Z][\w’'-]*\.?\s+){{1,3}}){re.escape(who)}(?![\w’'-])", text[:offset]
        )
        for m in reversed(list(runs)):
            words = m.group(0).split()
            if re.search(r"\b(?:of|for|in|at|from)\s+$", text[max(0, m.start() - 6) : m.start()]):
                words = words[1:]  # "Consul General of India Dnyaneshwar M. Mulay": the place is not the name
            while words and (
                words[0] in TITLE_WORDS
                or words[0] in _STOP_WORDS
                or _is_title(words[0])
                or re.search(r"[’']s$", words[0])
            ):
                words.pop(0)
            if len(words) >= 2 and not any(w in _NOT_NAME for w in words):
                name = " ".join(words)
                start = m.end() - len(name)
                self.full.setdefault(name, Person(name, *title_and_org(text, start, m.end())))
                self.names.add(name)
                return name
        return ""

    def named_at(self, who: str, start: int, end: int) -> str:
        """A name the model missed, written in full in an attribution ('said C. Frank Figliuzzi, Special Agent
        in Charge'), registered with the title and organisation written there: two capitalised words or more,
        none a title or organisation word, not a place or organisation the model found; '' otherwise."""
        at = self.text.find(who, start, end)
        place = next((b for a, b in self.place_spans if a <= at < b < at + len(who)), None)
        if place is not None:  # "… District of California Don O’Keefe": the place is not the name
            who = self.text[place : at + len(who)].strip()
        words = who.split()
        if (
            len(words) < 2
            or words[0] in _STOP_WORDS
            or who in self.places
            or any(w in _NOT_NAME or w in TITLE_WORDS or w.isupper() and len(w) > 2 for w in words)
        ):
            return ""
        at = self.text.find(who, start, end)
        if at < 0:
            return ""
        self.full.setdefault(who, Person(who, *title_and_org(self.text, at, at + len(who))))
        self.names.add(who)
        self.mentions.append((at, who))
        return who

    def last_before(self, offset: int) -> str:
        """The person a pronoun at `offset` refers to: the last one named before it, preferring people
        introduced with a title or organisation over names the model may have mistaken for people ("Otay
        Mesa")."""
        before = [name for at, name in self.mentions if at < offset]
        titled = [name for name in before if self.full[name].title or self.full[name].org]
        return titled[-1] if titled else before[-1] if before else ""

    def person(self, name: str, near: tuple[int, int] | None = None) -> Person:
        """The person, titled as the release introduces them within `near` (the quote's paragraph) when it
        does there, else as it first introduces them: titles change within a release ("Port Director", later
        "Chief")."""
        if near is not None:
            here = [
                (title, org)
                for at, title, org in self.titled.get(name, [])
                if near[0] <= at < near[1] and title
            ]
            if here:
                title, org = here[-1]
                return Person(name, title, org or self._org_of(name, title))
        return self.full.get(name, Person(name))

    def _org_of(self, name: str, title: str) -> str:
        """The organisation the release gives a person elsewhere ('Assistant Attorney General Ann Holt of the
        Criminal Division', later 'said Assistant Attorney General Ann Holt'): from a mention with the same
        title first, else from the introduction."""
        orgs = [org for _, t, org in self.titled.get(name, []) if org and t == title]
        return orgs[0] if orgs else self.full[name].org if name in self.full else ""

    def name_in(self, phrase: str) -> str:
        """The earliest person's name the release knows (from NER or a title before it) in an attribution
        phrase."""
        found = []
        surnames = {name.split()[-1] for name in self.full}
        for n in self.names | set(self.full) | surnames:
            m = re.search(rf"(?<![\w]){re.escape(n)}(?![\w])", phrase) if len(n) > 2 else None
            # names that are people the release names in full come first ("Nogales, Arizona, Port Director …")
            if m:
                found.append((self.resolve(n) not in self.full, m.start(), -len(n), n))
        return min(found)[3] if found else ""


_SENTENCE_END = re.compile(r"(?<=[a-z0-9)][.!?])[\"”’]?\s+|\n")


def _sentence_tail(text: str) -> str:
    """The text after the last sentence end, an abbreviation's stop ('Brig. Gen.') ending none."""
    tail = 0
    for m in _SENTENCE_END.finditer(text):
        word = re.search(r"(\w+)[.!?][\"”’]?\s*$", text[: m.end()])
        if m.group(0) == "\n" or not word or word.group(1) not in _ABBREVIATIONS:
            tail = m.end()
    return text[tail:]


def title_and_org(text: str, start: int, end: int) -> tuple[str, str]:
    """Title and organisation written before a name ('CBP Deputy Commissioner'), or 'from Place' after it."""
    head = text[max(0, start - 160) : start]
    head = _sentence_tail(head)
    office = _OFFICE_FOR.search(head)
    if office:  # "U.S. Attorney for the Northern District of Illinois Patrick Fitzgerald"
        return office.group("title"), office.group("org").strip()
    phrase = TITLE_PHRASES.search(head)
    if phrase:  # "Director of Field Operations Priya Natarajan of CBP’s San Diego Field Office"
        at = re.search(r"((?:[A-Z][\w.&’'-]*,?\s+)*)$", head[: phrase.start()])
        before = "" if _WHERE.search(head[: at.start()]) else at.group(1)
        before = " ".join(w for w in before.split() if w not in _STOP_WORDS).strip(" ,")
        return phrase.group(0).strip(" ,"), before or _org_after(text, end) or _office_after(
            text, end, phrase.group(0)
        )
    m = re.search(r"((?:[A-Z][\w.&’'-]*,?\s+|of\s+|and\s+)*[A-Z][\w.&’'-]*,?\s+)$", head)
    words = m.group(1).replace(",", " ,").split() if m else []
    if (
        m and (_WHERE.search(head[: m.start()]) or words[0] in _STOP_WORDS) and "," in words
    ):  # "in Minneapolis, Border Czar", "On Friday, President": drop the place or the time
        words = words[len(words) - words[::-1].index(",") :]
    last = words[len(words) - words[::-1].index(",") :] if "," in words else []
    if last and _OFFICE.fullmatch(
        " ".join(last)
    ):  # "…, Secretary of State Antony Blinken, Secretary of Commerce"
        words = last
    while words and (words[0] in _STOP_WORDS or words[0] in {",", "of", "and"}):
        words.pop(0)
    title: list[str] = []
    while words and (words[-1] in TITLE_WORDS or words[-1] == ","):
        title.insert(0, words.pop())
    if "," in title[:-1]:  # "First, President X": the title is after the comma ("Director, Sara X" keeps it)
        title = title[len(title) - 1 - title[:-1][::-1].index(",") :]
    if title[:1] == ["Patrol"] and words[-1:] == ["Border"]:
        words.append(title.pop(0))  # "U.S. Border Patrol Chief": the organisation is the Border Patrol
    if words[-1:] == ["and"]:  # "… of the Criminal Division and Acting Assistant Attorney General X": not X's
        words = []
    if title and title[-1] in _FIELD_TITLES and "," not in words:
        words, field = _organisation_and_field(words)
        title = field + title  # "National Security Advisor", "White House Drug Policy Coordinator"
    while words and words[-1] in {"of", "the", "for", "and", ","}:  # "Office of First Lady X": the office's
        words.pop()
    org = " ".join(words).replace(" ,", ",").strip(" ,")
    # "Ronald J. Tenpas, Assistant Attorney General for the …", "Ricardo Ibarra, a regional commander"; a rank
    # before the name yields to the office after it ("Gen. Ricardo Ibarra, a regional commander of …")
    if not title or set(title) <= _RANKS:
        line = text[end : end + 200].split("\n", 1)[0]  # a title never crosses a paragraph
        after = _TITLE_AFTER.match(line)
        if after:  # "Lee Park, Area Port Director, Area Port of Savannah": the organisation after the title
            title_after, org_before = _split_title(after.group("pre").split(), after.group("head"))
            served = after.group("org") or (_ORG_AFTER_TITLE.match(line, after.end()) or {"org": ""})["org"]
            if org_before and after.group("prep") == "for":  # "DHS Assistant Secretary for ICE": an office
                title_after = f"{title_after} for {after.group('org').rstrip('.')}"
            return title_after, org or org_before or (served or "").strip(" ,.")
    title_text = " ".join(w for w in title if w != ",")
    return title_text, org or _org_after(text, end) or _office_after(text, end, title_text)


def _office_after(text: str, end: int, title: str) -> str:
    """The organisation of the office `title` repeated after a titled name ('U.S. Attorney Karin J. Immergut,
    U.S. Attorney for the District of Oregon'), or '' (not the office of the next person in a list: 'Vice
    President X, Secretary of State Y')."""
    after = _TITLE_AFTER.match(text[end : end + 200].split("\n", 1)[0])
    if not after or after.group("prep") == "with" or after.group("head").split()[-1] not in title.split():
        return ""
    return (after.group("org") or "").strip(" ,.")


def _split_title(words: list[str], head: str) -> tuple[str, str]:
    """A title after a name, its words before the head word, into (title, organisation): the organisation is
    the capitalised run before the title's own words when it names one ('EPA Region 2 Administrator', 'Defense
    Criminal Investigative Service director', 'the Antitrust Division’s Deputy Assistant Attorney General');
    'National Security Advisor', 'U.S. Marshal' and 'field office director' are titles whole."""
    n = len(words)
    while n and (words[n - 1] in TITLE_WORDS | {"U.S."} or words[n - 1][:1].islower()):
        n -= 1
    lower = 0
    while lower < n and words[lower][:1].islower():  # "former NSA Director": the organisation is the NSA
        lower += 1
    before, title = words[lower:n], " ".join([*words[:lower], *words[n:], head])
    if _names_organisation(before, acronyms=True):
        return title, re.sub(r"[’']s?$", "", " ".join(before))
    return " ".join([*words, head]), ""


def _organisation_and_field(words: list[str]) -> tuple[list[str], list[str]]:
    """The words before a field title ('Advisor', 'Czar') into the organisation and the title's field: the
    organisation runs to its last organisation word ('White House' | 'Drug Policy'), with what it is 'of'."""
    ends = [i for i, w in enumerate(words) if _names_organisation([w])]
    if not ends:
        return [], words
    end = ends[-1] + 1
    if words[end : end + 1] == ["of"]:  # "Department of Homeland Security" | ""
        end = len(words)
    return words[:end], words[end:]


def _names_organisation(words: list[str], acronyms: bool = False) -> bool:
    """Whether capitalised words before a title name an organisation ('EPA Region 2', 'the Antitrust
    Division’s', 'White House') rather than the field of the title ('National Security', 'AI and Crypto')."""
    return any(
        _ORG_END.search(w)
        or w in _NOT_NAME - {"U.S."}
        or acronyms
        and w.isupper()
        and len(w) > 1
        and w != "U.S."
        or w.isdigit()
        for w in words
    )


# "headed into Nuevo Laredo, Mexico": the model reads some places as people; people are not "into" or "near"
_PLACE_BEFORE = re.compile(r"\b(?:into|near|toward|towards|outside)\s+$")
_WHERE = re.compile(r"\b(?:in|at|near|from|to)\s+$")
# A title after a name: up to five words before the title's head word (capitalised, a number, or lowercase
# but no word of a clause: "acting", "field office", "criminal intelligence"), then what it serves.
_LOWER_TITLE_WORD = (
    r"(?!(?:who|whom|which|that|was|were|is|are|has|had|have|and|but|or|said|says|his|her|their|its|our|"
    r"the|an?|to|in|on|at|by|with|from|as|also|now|then|for|of|one|two|three|now|not|will|would)\b)[a-z][a-z-]+"
)
_TITLE_AFTER = re.compile(
    rf",\s+(?:(?:a|an|the)\s+)?(?P<title>(?P<pre>(?:(?:[A-Z][\w.’'-]*|\d+|of|and|in|{_LOWER_TITLE_WORD})\s+){{0,6}}?)"
    r"(?P<head>(?:[Cc]ommander|[Dd]irector|[Cc]hief(?:\s+[Ee]xecutive(?:\s+[Oo]fficer)?)?|"
    r"Attorney(?:\s+General)?|General|Secretary|Commissioner|[Aa]dministrator|Agent|[Oo]fficer|Inspector\s+General|"
    r"Special\s+Agent[-\s]in[-\s]Charge|[Ss]pokes(?:person|man|woman)|Ambassador|Sheriff|Mayor|Governor|Marshal|"
    r"[Cc]oordinator|[Cc]ommissioner)(?:\s+in\s+Charge)?(?![\w’'-])"
    r"(?:\s+of\s+(?:Field|Air|Marine|Air\s+and\s+Marine)\s+Operations)?))"
    r"(?:,?\s+(?P<prep>of|for|with|at|in(?:\s+charge\s+of)?)\s+(?:the\s+)?(?P<org>(?:[A-Z][\w.&’'-]*|U\.S\.)(?:\s+(?:and\s+|of\s+|for\s+)?"
    r"(?:[A-Z][\w.&’'-]*|U\.S\.)){0,7}))?"
)
# The last word of an organisation's name before a title ("… Division’s", "EPA", "… Service")
_ORG_END = re.compile(r"[’']s?$")


_ORG_AFTER_TITLE = re.compile(
    r",\s+(?P<org>(?:[A-Z][\w.&’'-]*)(?:\s+(?:of|for|and|the|de|[A-Z][\w.&’'-]*)){0,6}"
    r"(?:,\s+[A-Z][\w.&’'-]*(?:\s+[A-Z][\w.&’'-]*){0,3})?)(?=\s*(?:[,.;]|$))"
)


def _org_after(text: str, end: int) -> str:
    """'… Priya Natarajan of CBP’s San Diego Field Office', '… from El Paso, Texas', 'Loretta King for the
    Civil Rights Division', 'Arthur M. Cummings, II, of the FBI …': the organisation after a name (and its
    suffix)."""
    after = re.match(
        r"(?:,?\s+(?:Jr\.?|Sr\.?|II|III|IV))?,?\s+(?:from\s+|of\s+|for\s+(?=the\s))(?:the\s+)?((?:[A-Z][\w.’'-]*\s*|of\s+(?=[A-Z])){1,6}"
        r"(?:,\s*[A-Z][\w.’'-]*(?:\s+[A-Z][\w.’'-]*)?(?![\w’'-]|\s+[A-Z(]))?,?\s*(?:port\s+of\s+entry\b|"
        r"field\s+office\b|sector\b|station\b)?)",
        text[end : end + 100].split("\n", 1)[0],
    )
    return after.group(1).strip(" ,.") if after else ""


@Language.factory(
    "pressroom_quotes",
    assigns=["doc._.quotes", "doc._.acronyms"],
    requires=["doc._.sentences", "doc.ents", "token.dep"],
)
class QuoteExtractor:
    """Sets Doc._.quotes: dicts of text, start, end, speaker, speaker_title, speaker_org (as the release
    writes it), kind, cue; and Doc._.acronyms, the acronyms the release defines (lib.records spells the
    organisations out)."""

    def __init__(self, nlp: Language, name: str):
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        sents = Sentences.of(doc)
        people = People(doc, sents.doc_text)
        turns = self._turns(sents.doc_text, people) or self._statements(sents.doc_text, people)
        within = [(t["start"], t["end"]) for t in turns]
        # a quote inside a turn is part of the turn's words (a quote inside a quote stays part of the outer
        # one)
        direct = [
            q for q in self._direct(sents.doc_text, people) if not any(a <= q["start"] < b for a, b in within)
        ]
        found = turns + direct + self._indirect(sents, people, direct)
        doc._.acronyms = people.acronyms
        doc._.quotes = sorted(sents.outside_boilerplate(found), key=lambda q: q["start"])
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
            if "\n" in text[qs:qe] and not re.search(r"\n[“\"]", text[qs:qe]):
                # a block of paragraphs quoted whole: an outlet's article under a line naming it, else no
                # quote (a document's text, "… is revised to read as follows:")
                above = text[:para_start].rstrip(" *\n")
                outlet = _outlet(above[above.rfind("\n") + 1 :], people) if qs == para_start else ""
                if outlet:
                    last_speaker = (outlet, qe)
                    out.append(
                        self._row(
                            text[qs + 1 : qe - 1], qs + 1, qe - 1, people.person(outlet), "direct", "colon"
                        )
                    )
                continue
            lead = _LEAD.fullmatch(text[para_start:qs]) if prev_end == para_start else None
            person = lead_in(lead.group("lead"), people) if lead else None
            if person:  # "Ken Page, President, ACLU of Illinois: “…”", a statement in a list of them
                content = text[qs + 1 : qe - 1]
                people.full.setdefault(person.name, person)
                if len(content.split()) >= 3:
                    last_speaker = (person.name, qe)
                    out.append(self._row(content, qs + 1, qe - 1, person, "direct", "colon"))
                continue
            after, before = text[qe : min(next_start, qe + 300)], text[max(prev_end, qs - 300) : qs]
            # "“…,” the group tweeted": an organisation or a document, whatever the attribution names after it
            speaker, cue = _body_said(after, before, people, qs)
            who = ""
            if not speaker:
                who, cue = attribute(after, before, people)
            if speaker:
                pass
            elif who and (
                named := people.last_before(qs)
                if re.fullmatch(PRONOUN, who)
                else (who if _DESCRIPTION.match(who) or _office(who) else "")  # not a name: "a traveler at …"
                or people.resolve(who)
                or people.introduced(who, text, qs)
                or people.named_at(who, max(prev_end, qs - 300), min(next_start, qe + 300))
            ):
                speaker = named
            elif (organisation := _organisation_said(after, before, people))[0]:
                speaker, cue = organisation  # "“…,” CBP said": an organisation the release names
            elif who:
                speaker = ""
            elif (embedded := _embedded(text[max(prev_end, qs - 200) : qs], qs, people))[0]:
                speaker, cue = (
                    embedded  # "President Trump promised in November to “sign all necessary documents …”"
                )
            elif last_speaker[0] and (last_speaker[1] >= para_start or _follows(text, last_speaker[1], qs)):
                speaker, cue = last_speaker[0], "continued"
            elif heading := _under_heading(text, para_start, qs, people):
                speaker, cue = (
                    heading,
                    "heading",
                )  # "President Trump on Sunday Morning Futures", then "On …: “…”"
            else:
                speaker, cue = _introduced(text, qs, para_start, people), "colon"
                if not speaker and (signed := _signed(text, qs, qe, para_start, para_end, people)):
                    speaker, cue = signed, "signed"  # "“…”" then "President Joe Biden September 27, 2021"
            content = text[qs + 1 : qe - 1]
            if not speaker or len(content.split()) < 3:
                continue
            last_speaker = (speaker, qe)
            out.append(
                self._row(
                    content, qs + 1, qe - 1, people.person(speaker, (para_start, para_end)), "direct", cue
                )
            )
        return out

    def _statements(self, text: str, people: People) -> list[dict]:
        """Statements each under a line naming its author ('Statement by White House Press Secretary X:'),
        the paragraphs to the next such line: the author's words, without quotation marks."""
        heads = [
            m for m in _STATEMENT.finditer(text) if people.name_in(m.group("who")) or _name_in(m.group("who"))
        ]
        out = []
        for i, m in enumerate(heads):
            start = m.end() + len(text[m.end() :]) - len(text[m.end() :].lstrip())
            end = heads[i + 1].start() if i + 1 < len(heads) else len(text)
            end = start + len(text[start:end].rstrip())
            who = m.group("who")
            name = people.resolve(people.name_in(who)) or _name_in(who)
            at = m.start("who") + who.rfind(name.split()[-1]) + len(name.split()[-1]) - len(name)
            person = Person(name, *title_and_org(text, at, at + len(name))) if name in who else Person(name)
            if end > start and len(name.split()) >= 2:
                out.append(self._row(text[start:end], start, end, person, "direct", "statement"))
        return out

    def _turns(self, text: str, people: People) -> list[dict]:
        """Each turn of a transcript, as the words of the person the turn name stands for."""
        out = []
        for turn in transcripts.turns(text):
            written = transcripts.speaker_of(turn.name)
            speaker = people.resolve(written) if len(written.split()) == 1 else ""
            out.append(
                self._row(
                    text[turn.start : turn.end],
                    turn.start,
                    turn.end,
                    people.person(speaker or written),
                    "transcript",
                    "turn",
                )
            )
        return out

    def _indirect(self, sents: Sentences, people: People, direct: list[dict]) -> list[dict]:
        out = []
        text = sents.doc_text
        inside = [(q["start"] - 1, q["end"] + 1) for q in direct]
        for i, first in enumerate(sents.starts):
            sentence = text[first : sents.starts[i + 1] if i + 1 < len(sents.starts) else len(text)].rstrip()
            if not _INDIRECT_CUE.search(sentence):
                continue
            m = _reported(sentence)
            if not m:
                continue
            speaker = _reporter(m.group("who"), people, first) if m.re is not _TRAILING else ""
            source = "" if speaker or m.re not in (_INDIRECT, _TRAILING) else _source(m.group("who"), people)
            speaker = speaker or source
            if m.re is _TRAILING and not source:
                continue
            start, end = first + m.start("text"), first + (m.end("rest") if m.re is _ASIDE else m.end("text"))
            if m.re is _ADDING and not _adds_a_clause(sents.doc, start):
                continue  # "adding his gratitude to …" reports no words
            cue = m.groupdict().get("cue") or "adding"
            at = first + m.start("cue") if m.groupdict().get("cue") else start
            if m.re in (_INDIRECT, _AS_SAID) and not _reports_a_clause(sents.doc, at, start, end):
                continue  # "Porcari noted the progress in …": an object, no words reported
            if m.re is _INDIRECT and not _has_a_subject(sents.doc, at):
                continue  # "a confirmed gang member", "nominees were confirmed": no one speaks
            if (
                cue.startswith("announced")
                and not re.match(r"that\b", text[at + len(cue) :].strip())
                and not (source and _announces_a_clause(sents.doc, at))
            ):
                continue  # "X announced $310 million …", "…, announced X": news, not words
            if opened := re.search(r"\s*([,:])\s*[“\"]", text[start:end]):
                if not any(t.tag_ in _FINITE for t in _tokens(sents.doc, start, start + opened.start())):
                    continue  # "As X noted in his address, “…”": the quote holds the words, not this
                if opened.group(1) == ":":  # "X said he arranged a meeting: “…”"
                    end = start + opened.start()
            end = _clause_end(sents.doc, at, start, end, after_aside=m.re is _AS_SAID)
            if text[end - 1 : end] == ".":
                end -= 1
            if speaker and not any(a <= start < b for a, b in inside):
                out.append(
                    self._row(
                        text[start:end],
                        start,
                        end,
                        people.person(speaker),
                        "indirect",
                        re.sub(r"\s+", " ", cue),
                    )
                )
        return out

    @staticmethod
    def _row(text: str, start: int, end: int, person: Person, kind: str, cue: str) -> dict:
        return {
            "text": re.sub(r"\s*\n+\s*[“\"]?", " ", text).strip(),
            "start": start,
            "end": end,
            "speaker": person.name,
            "speaker_title": person.title,
            "speaker_org": person.org,
            "kind": kind,
            "cue": cue,
            "speaker_kind": person.kind,
        }


def _reported(sentence: str) -> re.Match | None:
    """The layout that reports someone's words without quotation marks in a sentence, if any: 'X said
    (that) …', 'As X has said, …', 'According to X, …', 'X did …, saying …', '…," X said, adding …', '…,
    X said, …'."""
    m = None
    if not re.match(r"\s*[“\"]", sentence):
        m = (
            _AS_SAID.search(sentence)
            or _INDIRECT.match(sentence)
            or _ACCORDING.match(sentence)
            or _SAYING.match(sentence)
        )
    return m or _ADDING.search(sentence) or _ASIDE.match(sentence) or _TRAILING.match(sentence)


# An office a release may name instead of its holder ("the President", "The Vice President has said"), always
# with its article ("our Nation’s first President" is no office's holder today)
_OFFICES = re.compile(r"[Tt]he\s+(?P<office>(?:Vice\s+)?President|First\s+Lady|Second\s+(?:Gentleman|Lady))")


def _office(phrase: str) -> str:
    """'The President' for an attribution phrase that names an office ('the President', 'The Vice
    President'), which lib.records resolves to its holder on the release date; '' otherwise."""
    m = _OFFICES.fullmatch(phrase.strip(" ,"))
    return "The " + re.sub(r"\s+", " ", m.group("office")) if m else ""


def _reporter(phrase: str, people: People, at: int) -> str:
    """The person an indirect quote's attribution phrase names: a pronoun's referent, an office, or a person
    the release names, in full or titled ('President Biden has repeatedly'); the subject after an opening
    phrase or a conjunction first ('In an interview, he', 'According to the complaint, Chairman X', '…, but
    she'), else the whole phrase ('Gen. X, a regional commander of …')."""
    phrase = phrase.strip(" ,")
    tail = re.split(r",\s+(?:and|but|yet|so|while|although|though)\s+", phrase)[-1]
    if "," in tail and (tail.split()[0] in _STOP_WORDS or tail.startswith("According")):
        tail = tail.rsplit(",", 1)[1].strip()
    for part in dict.fromkeys((tail, phrase)):
        speaker = _subject(part, people, at)
        if speaker:
            return speaker
    return ""


# "airline CEOs", "The county's sheriffs": people quoted as a group
_GROUP = re.compile(rf"(?:[Tt]he\s+|[Tt]heir\s+)?(?P<group>{_GROUP_PHRASE})")


def _group(phrase: str) -> str:
    """The group a subject describes, as a speaker ('Airline CEOs'), or ''."""
    m = _GROUP.fullmatch(phrase.strip(" ,*"))
    if not m:
        return ""
    words = m.group("group").split()
    while len(words) > 1 and words[0].capitalize() in _STOP_WORDS:  # "From some Iraqi officials"
        words.pop(0)
    group = " ".join(words)
    return group[0].upper() + group[1:]


def _without_adverbs(phrase: str) -> str:
    """A subject without the words between it and its verb of saying ('President Biden has repeatedly')."""
    return re.sub(rf"\s+{_AUX}$", "", phrase + " ").strip()


def _as_group(group: str, people: People) -> str:
    """The group, known to `people` as a group of people quoted together."""
    people.full.setdefault(group, Person(group, kind="group"))
    return group


def _subject(phrase: str, people: People, at: int) -> str:
    """The speaker a subject names (see _reporter), or ''."""
    subject = _without_adverbs(phrase)
    if re.fullmatch(r"[Hh]e|[Ss]he", subject):  # "they" are several people, not one speaker
        return people.last_before(at)
    if _office(subject):
        return _office(subject)
    named = people.name_in(phrase)  # a person the release names in full, by name, surname or title
    longer = re.search(rf"{re.escape(named)}(?:\s+[A-Z][\w’'-]+)+", phrase) if named else None
    if longer and people.named_at(longer.group(0), at, at + 10_000):  # "Malik Zulu" + "Shabazz"
        return longer.group(0)
    resolved = people.resolve(named) if named else ""
    if resolved in people.full:
        return resolved
    titled = resolved and re.search(
        rf"\b(?:{'|'.join(map(re.escape, TITLE_WORDS))})\s+{re.escape(named)}\b", phrase
    )
    if not titled:
        return ""
    at_name = titled.end() - len(named)  # "President Biden" where the release never gives his first name
    people.full.setdefault(resolved, Person(resolved, *title_and_org(phrase, at_name, titled.end())))
    return resolved


_FINITE = {"VBD", "VBZ", "VBP", "MD"}
_GOVERNMENT = lexicon().government_words


def _source(phrase: str, people: People) -> str:
    """The organisation an indirect quote's subject names as the source of the words ('The New York
    Times', 'In Honduras, the World Food Program'): an organisation the model found, the whole subject after
    an opening phrase, not part of a government (data/quotes.yml); '' otherwise."""
    subject = re.sub(rf"\s+{_AUX}$", "", phrase.strip(" ,") + " ").strip()
    if named := re.search(r",\s+(?:called|named|known\s+as)\s+(?P<org>[^,]+)$", subject):
        subject = named.group("org")  # "The company building the ship, called Great Lakes Dredge & Dock"
    elif "," in subject and subject.split()[0] in _STOP_WORDS:  # "In Honduras, the World Food Program"
        subject = subject.rsplit(",", 1)[1].strip()
    subject = re.sub(r"^[Tt]he\s+", "", subject)
    spelled = people.acronyms.get(
        subject
    ) or " ".join(  # "the CFPB", the Consumer Financial Protection Bureau
        o for o in people.organisation_names if subject.isupper() and _initials(o) == subject
    )
    if subject not in people.organisation_names or any(
        _governmental(w) for w in f"{subject} {spelled}".split()
    ):
        return ""
    people.full.setdefault(subject, Person(subject, kind="organisation"))
    return subject


def _governmental(word: str) -> bool:
    """Whether a word of an organisation's name makes it part of a government (government_words in
    data/quotes.yml), possessive or plural ("Congress’s", "Sheriffs")."""
    base = re.sub(r"[’']s?$", "", word)
    return base in _GOVERNMENT or base.endswith("s") and base[:-1] in _GOVERNMENT


def _initials(name: str) -> str:
    """'CFPB' for 'the Consumer Financial Protection Bureau'."""
    return "".join(w[0] for w in name.split() if w[:1].isupper())


def _index(doc: Doc, char: int) -> int:
    """The index of the first token of `doc` that starts at or after the character offset `char` (len(doc)
    when none does); the tokens' offsets are kept with the doc, found once."""
    starts = doc.user_data.get(_STARTS)
    if starts is None:
        starts = doc.user_data[_STARTS] = [t.idx for t in doc]
    return bisect_left(starts, char)


_STARTS = ("pressroom", "token starts")  # the key of the tokens' offsets in Doc.user_data


def _token_at(doc: Doc, char: int):
    """The first token starting at or after `char`, or None."""
    i = _index(doc, char)
    return doc[i] if i < len(doc) else None


def _tokens(doc: Doc, start: int, end: int):
    """The tokens starting at `start` or after and before `end` (character offsets), in order."""
    return doc[_index(doc, start) : _index(doc, end)]


def _announces_a_clause(doc: Doc, cue: int) -> bool:
    """Whether the 'announced' at `cue` takes a clause with a subject of its own ('announced it will invest'),
    not an object ('announced a $35 million investment')."""
    verb = _token_at(doc, cue)
    return verb is not None and any(
        c.dep_ == "ccomp" and any(g.dep_ in ("nsubj", "nsubjpass", "expl") for g in c.children)
        for c in verb.children
    )


def _has_a_subject(doc: Doc, cue: int) -> bool:
    """Whether the verb of saying at `cue` is said by someone: it has a subject of its own or shares one
    ('X met Y and underscored that …'), and is no adjective ('a confirmed gang member') nor passive."""
    verb = _token_at(doc, cue)
    if verb is None:
        return True
    passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children)
    modifier = (
        verb.dep_ in ("amod", "acl", "compound") or verb.dep_ == "conj" and verb.head.tag_[:2] in ("JJ", "NN")
    )
    return not passive and not modifier and verb.tag_ != "JJ"


def _reports_a_clause(doc: Doc, cue: int, start: int, end: int) -> bool:
    """Whether the verb of saying at `cue` reports a clause ('noted the solution is …') rather than takes an
    object ('noted the progress in …', 'confirmed the support of … as outlined by …')."""
    verb = _token_at(doc, cue)
    if verb is None or verb.idx >= start:
        return True
    children = [c for c in verb.children if start <= c.idx < end]
    if any(
        c.dep_ in ("ccomp", "parataxis") or c.dep_ == "xcomp" and c.tag_[:2] in ("VB", "MD") for c in children
    ):
        return True
    return not any(c.dep_ in ("dobj", "xcomp") and c.tag_[:2] in ("NN", "PR") for c in children)


def _clause_end(doc: Doc, cue: int, start: int, end: int, after_aside: bool = False) -> int:
    """Where the reported clause ends: before a second verb of the speaker's ('Raimondo noted the solution is
    …, and discussed the new investments'); after an aside ('As the President has said, A, and B'), before a
    clause with a subject of its own; else at the sentence's end."""
    verb = _token_at(doc, cue)
    if verb is None:
        return end
    heads = {verb} | {c for c in verb.children if c.dep_ in ("ccomp", "parataxis")}
    if after_aside:
        heads |= {
            t
            for t in _tokens(doc, start, end)
            if t.dep_ == "ROOT" or t.dep_ == "ccomp" and t.head.idx < start
        }
    for t in _tokens(doc, start + 1, end):
        if not (t.dep_ == "conj" and t.head in heads and t.tag_[:2] in ("VB", "MD")):
            continue
        own_subject = any(c.dep_ in ("nsubj", "nsubjpass", "expl") for c in t.children)
        if own_subject != after_aside or not after_aside and t.tag_ != verb.tag_:
            continue
        cut = t.left_edge
        if cut.i > 0 and doc[cut.i - 1].dep_ == "cc":
            cut = doc[cut.i - 1]
        if cut.i > 0 and doc[cut.i - 1].text in (",", ";"):
            return doc[cut.i - 1].idx
        if after_aside:  # "…, and this framework will …"
            return cut.idx
        # "has removed or returned": two verbs of the reported clause, no comma between them
    return end


def _adds_a_clause(doc: Doc, start: int) -> bool:
    """Whether the 'adding' before `start` takes a clause ('adding coordination … is crucial'), not an
    object."""
    adding = next((t for t in reversed(doc[: _index(doc, start)]) if t.lower_ == "adding"), None)
    return (
        adding is None
        or any(c.dep_ in ("ccomp", "advcl", "xcomp") for c in adding.children)
        or not any(c.dep_ == "dobj" for c in adding.children)
    )


# "Statement by White House Press Secretary Jen Psaki: *": a line naming the author of the paragraphs after it
_STATEMENT = re.compile(
    r"^[*\s]*(?:Statement|Message|Remarks)\s+(?:by|from)\s+(?P<who>[^:\n“”\"]{3,160}?)\s*:[*\s]*$", re.M
)
# A paragraph opening with who speaks and a colon, the statement after it: "Ariel Hampton, State Government
# Affairs Director, Illinois Environmental Council: “…”", "Amazon CEO Andy Jassy: “…”" (lists of statements).
_LEAD = re.compile(r"(?P<lead>[^“”\"\n]{5,220}?)\s*:\s*")
_LEAD_TITLES = TITLE_WORDS | lexicon().statement_titles
_HONORIFICS = lexicon().honorifics
_SUFFIX = re.compile(r"^(?:Jr\.?|Sr\.?|II|III|IV)$")


def _is_title(word: str) -> bool:
    word = word.strip(",")
    return word in _LEAD_TITLES or word.startswith("Co-") and word[3:] in _LEAD_TITLES  # "Co-Chair"


def _title_words(words: list[str]) -> int:
    """How many words at the end of `words` make a title ('Co-Founder and CEO', 'Chairman, President,
    and')."""
    n = 0
    for word in reversed(words):
        if _is_title(word) or word in ("and", "&", "of") and n:
            n += 1
            continue
        break
    while n and words[len(words) - n] in ("and", "&", "of"):
        n -= 1
    return n


# "Fox Business Network’s Maria Bartiromo": an organisation's possessive, then the person's name
_POSSESSIVE_LEAD = re.compile(
    r"(?P<org>(?:[A-Z][\w.&-]*\s+){0,4}[A-Z][\w.&-]*)[’']s\s+(?P<name>(?:[A-Z][\w’'-]+\.?\s+){1,2}[A-Z][\w’'-]+)"
)


def lead_in(lead: str, people: People) -> Person | None:
    """The person a statement's lead-in names, with title and organisation: the name the model found there
    (else capitalised words before the first comma), the title words before it or the first part after it with
    a title word, the rest the organisation. None for a lead-in with a reporting verb ('Perez said:'), left to
    attribute()."""
    lead = (
        re.split(r"\s[*•]\s", re.sub(r"\s*\([^)]*\)", "", lead))[-1].replace("*", "").strip(" ,")
    )  # after a bullet
    unabbreviated = re.sub(
        r"\b(?:[A-Z]|Dr|Mr|Ms|Mrs|Rep|Sen|Gov|Rev|Jr|Sr|St|Lt|Gen|Col|Sgt|Capt)\.", "", lead
    )
    if re.search(rf"\b{CUES}\b", lead) or re.search(r"[.!?;—]\s", unabbreviated) or len(lead.split()) > 25:
        return None  # a reporting verb ('Perez said:') is attribute()'s; a sentence is no lead-in
    owned = _POSSESSIVE_LEAD.fullmatch(lead)
    if owned and not any(_is_title(w) or w in _NOT_NAME for w in owned.group("name").split()):
        return Person(owned.group("name"), "", owned.group("org"))  # "CNBC’s Rick Santelli: “…”"
    found = sorted(
        (m.start(), -len(n), n)
        for n in people.names | set(people.full)
        if len(n.split()) >= 2
        for m in [re.search(rf"(?<![\w.]){re.escape(n)}(?![\w’'])", lead)]
        if m
    )
    if found:
        start, name = found[0][0], found[0][2]
    else:
        m = re.match(r"((?:[A-Z][\w’'-]+\.?\s+){1,3}[A-Z][\w’'-]+),", lead)
        if (
            not m
            or any(_is_title(w) or w in _NOT_NAME for w in m.group(1).split())
            or m.group(1).split()[0] in _STOP_WORDS
        ):  # "In South Carolina, “…”": a place, not a speaker
            return None
        start, name = 0, m.group(1)
    end = start + len(name)
    while more := re.match(r"\s+([A-Z][\w’'-]+)(?=\s*(?:,|$))", lead[end:]):  # "Marjorie Taylor" + "Greene"
        if _is_title(more.group(1)):
            break
        name, end = name + more.group(0), end + more.end()
    first = re.fullmatch(r"([A-Z][\w’'-]+)\s+", lead[:start])  # a lead-in opening "Fatima" + "Goss Graves"
    if first and not _is_title(first.group(1)) and first.group(1) not in _NOT_NAME:
        name, start = first.group(1) + " " + name, 0
    before, after = lead[:start].strip(" ,"), lead[end:].strip(" ,")
    name = name.strip(" ,")
    if any(w in _NOT_NAME for w in name.split()) or len(name.split()) < 2:
        return None
    parts = [p.strip() for p in re.split(r",\s*", after) if p.strip()]
    if parts and _SUFFIX.match(parts[0]):
        name, parts = f"{name} {parts[0]}", parts[1:]
    words = before.split()
    n = _title_words(words)
    title, org = (
        " ".join(words[len(words) - n :]).strip(" ,") if n else "",
        " ".join(words[: len(words) - n]).strip(" ,"),
    )
    if not n and (re.search(r"\b(?!(?:and|of|the|for)\b)[a-z]{3,}", before) or words and _is_title(words[0])):
        title, org = before, ""  # "Former immigration judge", "Secretary of Health and Human Services"
    titled = next((p for p in parts if any(_is_title(w) or w == "director" for w in p.split())), "")
    if titled and (
        not title or set(title.split()) <= _HONORIFICS
    ):  # "Dr. …, President, …": the title is President
        parts = [p for p in parts if p != titled]
        if not parts and not org:  # "Austin Randolph, Jr., NAACP Springfield Chapter President"
            words = titled.split()
            n = _title_words(words)
            if n:
                org, titled = " ".join(words[: len(words) - n]), " ".join(words[len(words) - n :])
        title = titled
    org = org or ", ".join(parts)
    return Person(name, title, org)


def _introduced(text: str, start: int, para_start: int, people: People) -> str:
    """The person a paragraph ending in a colon introduces, for a quote opening the next paragraph
    ('… Border Czar Tom Homan said:' then the quote), or ''."""
    if start != para_start:
        return ""
    previous = text[:para_start].rstrip(" *\n")
    if not previous.endswith(":"):
        return ""
    intro_start = previous.rfind("\n") + 1
    named = people.name_in(previous[intro_start:])
    resolved = people.resolve(named) if named else ""
    if resolved in people.full:
        return resolved
    said = re.search(
        rf"(?:^|,\s+)(?P<who>[^,;:“”\"]{{2,60}}?)\s+{_AUX}(?:{CUES})(?:\s+[^,:“”\"]{{1,60}})?:$",
        previous[intro_start:],
    )
    if said and (group := _group(said.group("who"))):  # "airline CEOs wrote:" then their letter
        return _as_group(group, people)
    if outlet := _outlet(previous[intro_start:], people):  # "From the *Post*:" then the article's words
        return outlet
    # "Here’s what you missed:" names nobody: the list is of the person the paragraphs before it are about
    lead = previous[max(0, previous.rfind("\n\n", 0, max(0, intro_start - 2))) : intro_start]
    about = people.last_before(intro_start)
    return about if about and any(n in lead for n in {about, about.split()[-1]}) else ""


# "From the *Post*:", "According to CBS News:": a paragraph naming where the words below it come from
_FROM = re.compile(
    rf"[*\s]*(?:{_either(lexicon().outlet_openers)})\s+(?:[Tt]he\s+)?\**"
    r"(?P<who>[A-Z][\w.&’'-]*(?:\s+[A-Z][\w.&’'-]*){0,5})\**:"
)


def _outlet(intro: str, people: People) -> str:
    """The organisation a paragraph 'From the X:' names, as the release names it in full elsewhere ('the New
    York Post reports'), or ''."""
    m = _FROM.fullmatch(intro.strip())
    if not m:
        return ""
    who = re.sub(r"^The\s+", "", m.group("who"))
    names = sorted(people.organisation_names, key=len, reverse=True)
    full = next((o for o in names if o == who or o.endswith(" " + who)), "")
    if not full or any(_governmental(w) for w in full.split()):
        return ""
    people.full.setdefault(full, Person(full, kind="organisation"))
    return full


# A heading: a short paragraph that does not end a sentence ("President Trump on Sunday Morning Futures").
_HEADING = re.compile(r"[^.!?:;“”\"\n]{3,120}[^.!?:;“”\"\n\s]\s*")


def _under_heading(text: str, para_start: int, start: int, people: People) -> str:
    """The person the nearest heading above a quote names in full, for a quote with no attribution of its own
    in a paragraph that opens with it or with a lead-in naming no one ('On Russia: “…”'); '' otherwise."""
    if not re.fullmatch(
        r"(?:(?:On|About|Regarding|Asked|When|Why|How)\b[^“”\"\n]{0,160}:\s*)?(?:\[[^\]\n]{1,80}\]\s*)?",
        text[para_start:start],
    ):
        return ""  # a lead-in naming who speaks ("El Paso Matters: “…”") is not under the heading
    before = text[: max(0, para_start - 2)]
    heading_start = before.rfind("\n") + 1
    for _ in range(12):  # the quotes under one heading
        paragraph = before[heading_start:]
        if _HEADING.fullmatch(paragraph.replace("*", "")) and len(paragraph.split()) <= 14:
            named = people.name_in(paragraph)
            resolved = people.resolve(named) if named else ""
            return resolved if resolved in people.full else ""
        if not re.match(r"\s*(?:[^“”\"\n]{0,160}:\s*)?[“\"]", paragraph):
            return ""  # a paragraph of prose between: no heading governs the quote
        before = before[: max(0, heading_start - 2)]
        heading_start = before.rfind("\n") + 1
    return ""


# A quote inside the sentence of the person who says it, after a verb of saying other than the usual cues.
_EMBEDDING = re.compile(
    rf"(?<![\w’'-])(?P<who>(?:[Tt]he\s+)?{NAME}|{PRONOUN}|{_GROUP_PHRASE})\s+(?:\w+\s+)?"
    rf"(?P<cue>{_either(lexicon().embedding_cues)})\b[^“”\"!?.]{{0,60}}$"
)


def _embedded(before: str, start: int, people: People) -> tuple[str, str]:
    """(speaker, verb) for a quote set in its speaker's own sentence ('… Trump promised … to “…”', 'Noem
    called it “…”'): the person must be one the release names in full; ('', '') otherwise."""
    sentence = re.split(r"(?<=[.!?])[”\"]?\s+(?=[A-Z“\"])|\n", before)[-1]
    m = _EMBEDDING.search(sentence)
    if not m:
        return "", ""
    who = m.group("who")
    # a group ("airline CEOs"), else a person known in full or titled ("President Trump")
    group = _group(_without_adverbs(who))
    speaker = _as_group(group, people) if group else _subject(who, people, start)
    return (speaker, m.group("cue")) if speaker else ("", "")


# A paragraph that signs the quote above it: a titled name, and the date it was said ("President Joe Biden
# September 27, 2021", "— Secretary Ana Ruiz, May 4, 2022")
_SIGNATURE = re.compile(
    r"\s*[–—-]?\s*(?P<who>(?:[A-Z][\w.’'&-]*\s+){1,7}[A-Z][\w’'-]*),?\s+"
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December)\s+\d{1,2},\s+\d{4}\.?\s*"
)


def _signed(text: str, start: int, end: int, para_start: int, para_end: int, people: People) -> str:
    """The person who signs a quote standing alone in its paragraph (an epigraph) with a paragraph of their
    name and the date right below it, or ''."""
    if text[para_start:start].strip() or text[end:para_end].strip(" *\n"):
        return ""
    below = re.match(r"\n+([^\n]+)", text[para_end:])
    m = _SIGNATURE.fullmatch(below.group(1).replace("*", "")) if below else None
    if not m:
        return ""
    who = people.name_in(m.group("who")) or _name_in(m.group("who"))
    return people.resolve(who) or (who if len(who.split()) >= 2 else "")


def _follows(text: str, previous_end: int, start: int) -> bool:
    """A quote opening the paragraph right after the one that held the previous attributed quote."""
    return text[start - 2 : start] == "\n\n" and text[previous_end:start].count("\n\n") == 1


def attribute(after: str, before: str, people: People | None = None) -> tuple[str, str]:
    """Who a quote is attributed to, from the text after it or before it, and the cue word: a name the release
    knows in the attribution phrase first, else the capitalised words at the end of a title-and-name
    phrase."""
    for pattern, segment in (
        (_AFTER_NAME_FIRST, after),
        (_AFTER_CUE_FIRST, after),
        (_AFTER_DASH, after),
        (_AFTER_LATER, after),
        (_BEFORE_APPOSITIVE, before),
        (_BEFORE, before),
        (_BEFORE_CUE_FIRST, before),
        (_AFTER_BARE, after),
    ):
        m = pattern.search(segment)
        if m and pattern is _AFTER_CUE_FIRST and (described := _description(m.group("who"))):
            return described, m.group("cue")
        if m:
            phrase = m.group("who")
            who = "" if re.fullmatch(PRONOUN, phrase.strip()) or people is None else people.name_in(phrase)
            who = who or _office(phrase) or _name_in(phrase)
            if who:
                return who, (m.groupdict().get("cue") or ("dash" if pattern is _AFTER_DASH else "no verb"))
    m = _BEFORE_COLON.search(before)
    who = people.name_in(m.group("who")) if m and people is not None else ""
    return (who, "colon") if who and people.resolve(who) in people.full else ("", "")


# "“…,” the group tweeted", "“…,” said the union", "The company said in a statement: “…”", "“…,” the statement
# read": an organisation or a document as the speaker (data/quotes.yml)
_BODY_NOUNS = _either(lexicon().speaking_organisations + lexicon().speaking_documents)
_BODY = rf"(?:[Tt]he|[Ii]ts|[Tt]heir)\s+(?:[\w’'&.-]+\s+){{0,4}}?(?i:{_BODY_NOUNS})(?![\w-])"
_BODY_CUES = rf"(?:{CUES}|{_either(lexicon().document_cues)})"
_BODY_AFTER = re.compile(rf"^\s*[,.]?\s*(?P<who>{_BODY})\s+{_AUX}(?P<cue>{_BODY_CUES})\b")
_BODY_CUE_FIRST = re.compile(rf"^\s*[,.]?\s*(?P<cue>{_BODY_CUES})\s+(?P<who>{_BODY})\s*[.,;]")
_SUBJECT_START = r"(?:^|[.!?”\"]\s+|\n|,\s+)"  # where a subject opens: a sentence, a line, after a comma
_BODY_BEFORE = re.compile(rf"{_SUBJECT_START}(?P<who>{_BODY}){_SAID_BEFORE}")
_ORGANISATION_NOUNS = {w.lower() for w in lexicon().speaking_organisations}
_DOCUMENT_NOUNS = {w.lower() for w in lexicon().speaking_documents}
_GENERIC = lexicon().generic_organisations
_NOUNS_LONGEST_FIRST = sorted(_ORGANISATION_NOUNS | _DOCUMENT_NOUNS, key=len, reverse=True)
_BACK = 3000  # how far before a quote "the group" looks for the organisation it stands for


def _body_said(after: str, before: str, people: People, at: int) -> tuple[str, str]:
    """(speaker, cue) of a quote an organisation or a document speaks ("“…,” the group tweeted"): the
    organisation it names ("the White House", "the Mexican government"), else the organisation the release
    last named before `at` ("the union"), or a document's author, the organisation or person last named ("the
    statement read"); ('', '') otherwise."""
    m = _BODY_AFTER.search(after) or _BODY_CUE_FIRST.search(after) or _BODY_BEFORE.search(before)
    if not m:
        return "", ""
    words = re.sub(r"\s+", " ", m.group("who")).split()
    det, phrase = words[0].lower(), words[1:]
    written = " ".join(phrase).lower()
    noun = next((n for n in _NOUNS_LONGEST_FIRST if written.endswith(n)), phrase[-1].lower())
    document = noun in _DOCUMENT_NOUNS
    named = [w for w in phrase[: len(phrase) - len(noun.split())] if w[:1].isupper()]
    if det == "the" and not document and (named or phrase[-1][:1].isupper()):
        # "the White House", "the Justice Department", "the Mexican government": the organisation itself
        name = " ".join(phrase)
        name = name[0].upper() + name[1:]
    elif document:
        name = _last_named(people, at, people_too=True)
    else:
        name = _last_named(people, at, noun=None if noun in _GENERIC else noun)
    if not name:
        return "", ""
    people.full.setdefault(name, Person(name, kind="organisation"))  # a document's author may be a person
    return name, re.sub(r"\s+", " ", m.group("cue"))


def _last_named(people: People, at: int, noun: str | None = None, people_too: bool = False) -> str:
    """The organisation the release last named before `at` (within _BACK characters): one with `noun` in its
    name, else one outside the government words; with `people_too`, the person last named if nearer."""
    found = [
        (start, name)
        for start, name in people.organisation_at
        if at - _BACK <= start < at
        and (noun.lower() in name.lower() if noun else not any(_governmental(w) for w in name.split()))
    ]
    if people_too:
        found += [(start, name) for start, name in people.mentions if at - _BACK <= start < at]
    return max(found)[1] if found else ""


# "“…,” CBP said", "“…,” said the Sierra Club", "The Sierra Club said: “…”": an organisation the release names
_ORGANISATION = r"(?:[Tt]he\s+)?[A-Z][\w.&’'-]*(?:\s+(?:[A-Z][\w.&’'-]*|of|and|for|the|&))*?"
_NAMED_AFTER = re.compile(rf"^\s*[,.]?\s*(?P<who>{_ORGANISATION})\s+{_AUX}(?P<cue>{CUES})\b")
_NAMED_CUE_FIRST = re.compile(rf"^\s*[,.]?\s*(?P<cue>{CUES})\s+(?P<who>{_ORGANISATION})\s*[.,;]")
_NAMED_BEFORE = re.compile(rf"{_SUBJECT_START}(?P<who>{_ORGANISATION}){_SAID_BEFORE}")


def _organisation_said(after: str, before: str, people: People) -> tuple[str, str]:
    """(speaker, cue) of a quote attributed to an organisation the release names (the model found it, or the
    release defines it as an acronym), ('', '') otherwise."""
    for m in (_NAMED_AFTER.search(after), _NAMED_CUE_FIRST.search(after), _NAMED_BEFORE.search(before)):
        who = re.sub(r"^[Tt]he\s+", "", m.group("who")).strip() if m else ""
        if who and (who in people.organisation_names or who in people.acronyms):
            people.full.setdefault(who, Person(who, kind="organisation"))
            return who, re.sub(r"\s+", " ", m.group("cue"))
    return "", ""


# "said a traveler at William P. Hobby Airport in Houston": a speaker the release describes without a name
_DESCRIPTION = re.compile(r"(?:[Aa]n?|[Oo]ne)\s+(?:[\w-]+\s+){0,3}?[a-z][\w-]*")


def _description(phrase: str) -> str:
    """The description of a speaker the release does not name ('A traveler at … in Houston'), or ''."""
    phrase = re.split(r"\s+[—–]\s*|\s*\(", phrase)[0].strip(" ,.")  # "a traveler at X — where …"
    if not _DESCRIPTION.match(phrase) or len(phrase.split()) > 14:
        return ""
    return phrase[0].upper() + phrase[1:]


# Words after which an attribution phrase names no more ("said Ana Ruiz of the EPA", "… at the port")
_NAME_ENDS = re.compile(
    r"\s+(during|at|in|on|while|when|after|before|who|adding|as|to|about|from)\b|\s+(of|and)\b(?!\s+[A-Z])"
)


def _name_in(phrase: str) -> str:
    """The person's name in an attribution phrase: at the end of a title-and-name phrase ('Laredo, Texas,
    Port Director Greg Alvarez', 'Trade and Tariffs Czar Omar Price'), else first, before its title ('Ana
    Ruiz, field office director for …')."""
    for cut in _NAME_ENDS.finditer(phrase):
        # "U.S. Marshal of the Northern District of California Don O’Keefe": the office's "of", not the end
        before = phrase[: cut.start()].split()
        if not (cut.group(2) == "of" and before and before[-1] in TITLE_WORDS):
            phrase = phrase[: cut.start()]
            break
    if re.fullmatch(PRONOUN, phrase.strip()):
        return phrase.strip()
    parts = re.split(r",\s*", phrase)
    runs = [_run_at_end(part) for part in parts]
    first = parts[0].split()
    if (
        len(parts) > 1
        and 2 <= len(runs[0][0]) == len(first)
        and not runs[-1][1]
        and not _NOT_NAME & set(first)
    ):
        return parts[0]  # "Ana Ruiz, field office director": no titled name after
    return next((" ".join(run) for run, _ in reversed(runs) if run), "")


def _run_at_end(part: str) -> tuple[list[str], bool]:
    """The capitalised words (three at most) that end a phrase, and whether a title word comes right before
    them."""
    run: list[str] = []
    words = part.split()
    for i in range(len(words) - 1, -1, -1):
        word = words[i]
        if word == "of" and run and i and words[i - 1] in _NOT_NAME:  # "the Department of Homeland Security"
            return [*_run_at_end(" ".join(words[:i]))[0], "of", *run], False
        if (
            not word[:1].isupper()
            or word in TITLE_WORDS
            or word in _STOP_WORDS
            or word.isupper()
            or len(run) == 3
        ):
            if (
                (word == "of" or word[:1].isupper())
                and len(run) == 3
                and not re.fullmatch(r"[A-Z]\.", run[1])
            ):
                # "… District of Texas Omar Price", "… for Cyber & Emerging Technology Anne Neuberger": the
                # words before the name end the office
                return run[1:], True
            return run, word in TITLE_WORDS
        run.insert(0, word)
    return run, False
