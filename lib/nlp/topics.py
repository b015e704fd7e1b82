"""Topic mentions from the taxonomy in data/topics.yml, each with the sentence it stands in."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc

from lib import taxonomy
from lib.nlp.sentences import Sentences

TAXONOMY = taxonomy.PATH

if not Doc.has_extension("topic_mentions"):
    Doc.set_extension("topic_mentions", default=None)
if not Doc.has_extension("topic_sentences"):
    Doc.set_extension("topic_sentences", default=0)  # sentences outside the agency's standard paragraphs


def taxonomy_text() -> str:
    """data/topics.yml as text, read again only when the file changes (the about decision asks for it once a
    release)."""
    stat = TAXONOMY.stat()
    return _read_taxonomy(stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=1)
def _read_taxonomy(mtime_ns: int, size: int) -> str:
    return TAXONOMY.read_text(encoding="utf-8")


def taxonomy_fingerprint() -> str:
    return hashlib.sha1(TAXONOMY.read_bytes()).hexdigest()[:12]


@dataclass(frozen=True)
class Finder:
    """How one topic is found in a text: terms that always count, terms that count only with a context word in
    their sentence (`near`), and phrases a term found inside of does not count (`not`)."""

    free: re.Pattern
    conditional: tuple[tuple[re.Pattern, re.Pattern], ...] = ()  # (the term, its context words)
    unless: re.Pattern | None = None

    def find(self, text: str, sentence: Callable[[int], tuple[int, int]]) -> list[tuple[int, int]]:
        """(start, end) of every counted term; `sentence(offset)` gives the bounds of the sentence around
        it."""
        found = [m.span() for m in self.free.finditer(text)]
        for term, context in self.conditional:
            for m in term.finditer(text):
                a, b = sentence(m.start())
                if context.search(text, a, b):
                    found.append(m.span())
        if self.unless is not None and found:
            out = [m.span() for m in self.unless.finditer(text)]
            found = [(a, b) for a, b in found if not any(x < b and a < y for x, y in out)]
        found = [(a, b) for a, b in found if not _in_address(text, a)]
        # one finditer's spans never nest: the loop below would only drop the empty spans that a term written
        # by hand as "*" finds
        if not self.conditional:
            return sorted(set(found))
        # a context term inside a longer term found ("smuggling" of "alien-smuggling") is the same mention
        kept, reach = [], -1
        for a, b in sorted(set(found), key=lambda span: (span[0], -span[1])):
            if b > reach:
                kept.append((a, b))
                reach = b
        return sorted(kept)


def _in_address(text: str, start: int) -> bool:
    """Whether the word at `start` is part of a web address (`example.org/border-security`): a page's address
    names no topic."""
    if start == 0 or text[start - 1] not in "/-":
        return False
    head = text[max(0, start - 200) : start].split()
    return bool(head) and "/" in head[-1] and ("." in head[-1].split("/")[0] or "://" in head[-1])


@lru_cache(maxsize=4)
def compile_taxonomy(text: str) -> dict[str, Finder]:
    """One Finder per topic; the terms that always count in one regex finding exactly what `taxonomy.finder`
    finds, faster."""
    topics = taxonomy.rules(text)
    every = {t for topic in topics.values() for t in (*topic.terms, *topic.unless)}
    cases = _case_variants("".join(sorted({t.rstrip("*")[:1] for t in every})))
    return {
        name: Finder(
            _fast_finder([t for t in topic.terms if t not in topic.near], cases),
            tuple(
                (_fast_finder([t], cases), taxonomy.finder(list(words))) for t, words in topic.near.items()
            ),
            _fast_finder(list(topic.unless), cases) if topic.unless else None,
        )
        for name, topic in topics.items()
    }


def whole(text: str) -> Callable[[int], tuple[int, int]]:
    """The sentence bounds of a text that is one sentence (a title)."""
    return lambda _: (0, len(text))


def _fast_finder(terms: list[str], cases: dict[str, str]) -> re.Pattern:
    """`taxonomy.finder(terms)` written so that the regex engine can skip to the characters a term can start
    with. A case-insensitive pattern whose alternatives start with a word boundary is tried at every position
    of the text (re only skips ahead for a leading set of characters, and never under IGNORECASE), which made
    this component a third of Pressroom's own time. Here the first character is matched from the exact set of
    characters that IGNORECASE matches it with ('k' also matches the Kelvin sign), the boundary is checked
    behind it, and the rest of each term is matched case-insensitively as before, alternatives in the same
    order: the same matches."""
    firsts = [t.rstrip("*")[:1] for t in terms]
    bodies = [taxonomy.term_regex(t) for t in terms]
    if not terms or not all(
        f and b.startswith(r"\b" + re.escape(f)) for f, b in zip(firsts, bodies, strict=True)
    ):
        return taxonomy.finder(terms)
    anyone = "".join(sorted({c for f in firsts for c in cases[f]}))
    alternatives = [
        f"(?<=[{re.escape(cases[f])}])(?i:{b[2 + len(re.escape(f)) :]})"
        for f, b in zip(firsts, bodies, strict=True)
    ]
    return re.compile(rf"[{re.escape(anyone)}](?<=\b[{re.escape(anyone)}])(?:{'|'.join(alternatives)})")


def _case_variants(chars: str) -> dict[str, str]:
    """Each character with every character re.IGNORECASE matches it with, found by the regex engine itself."""
    every = "".join(map(chr, range(0xD800))) + "".join(
        map(chr, range(0xE000, 0x110000))
    )  # all but surrogates
    found = set(re.findall(f"(?i)[{re.escape(chars)}]", every))
    return {c: "".join(sorted(x for x in found if re.fullmatch(re.escape(c), x, re.I))) for c in chars}


@Language.factory(
    "pressroom_topics",
    assigns=["doc._.topic_mentions", "doc._.topic_sentences"],
    requires=["doc._.sentences"],
)
class TopicTagger:
    """Sets Doc._.topic_mentions: dicts of topic, term, start, end (character offsets) and passage."""

    def __init__(self, nlp: Language, name: str):
        self.finders = compile_taxonomy(taxonomy_text())

    def __call__(self, doc: Doc) -> Doc:
        sents = Sentences.of(doc)
        text = sents.doc_text
        mentions = []
        for topic, finder in self.finders.items():
            for start, end in finder.find(text, sents.bounds):
                mentions.append(
                    {
                        "topic": topic,
                        "term": text[start:end].lower(),
                        "start": start,
                        "end": end,
                        "passage": sents.text(start),
                        "sentence": sents.index(start),
                    }
                )
        doc._.topic_mentions = sorted(
            sents.outside_boilerplate(mentions), key=lambda x: (x["start"], x["topic"])
        )
        doc._.topic_sentences = len(_body_starts(sents))
        return doc


def _body_starts(sents: Sentences) -> list[int]:
    """The starts of the sentences outside the agency's standard paragraphs."""
    return [x for x in sents.starts if not any(a <= x < b for a, b in sents.boilerplate)]


def lead(doc: Doc) -> str:
    """The body's lead: its first sentences outside the agency's standard paragraphs, as many as the
    taxonomy's `lead_sentences`."""
    sents, n = Sentences.of(doc), int(taxonomy.about_settings(taxonomy_text())["lead_sentences"])
    return "\n".join(sents.text(x) for x in _body_starts(sents)[:n])


def title_topics(title: str, finders: dict[str, Finder], lead: str = "") -> set[str]:
    """The topics a title names. A headline is terse: a term that counts only near a context word may find it
    in the lead that spells the headline out ("Amends Duties …" over "increasing the tariff on Canada"); a
    term of the lead alone names nothing."""
    text = f"{title}\n{lead}"
    return {t for t, f in finders.items() if any(a < len(title) for a, _ in f.find(text, whole(text)))}


def about(
    mentions: list[dict], sentences: int, title: str, text: str | None = None, lead: str = ""
) -> list[dict]:
    """Whether a release is about each topic it mentions or its title names: rows of topic, score and about.
    The score is the share of the body's sentences that mention the topic, plus a weight when the title names
    it and one when the lead (the first sentences) does; a topic is about when its score reaches the threshold
    and a fraction of the best topic's score, and enough sentences name it (or the title does). The weights
    and limits are the `about:` settings of data/topics.yml; `lead` is the body's lead (see `lead`), the
    context of the title's words."""
    text = taxonomy_text() if text is None else text
    finders, s = compile_taxonomy(text), taxonomy.about_settings(text)
    named = title_topics(title, finders, lead)
    by_topic: dict[str, set[int]] = {}
    for m in mentions:
        by_topic.setdefault(m["topic"], set()).add(m["sentence"])
    lead_sentences = int(s["lead_sentences"])
    scores = {
        topic: len(ss) / max(1, sentences)
        + s["title"] * (topic in named)
        + s["lead"] * any(i < lead_sentences for i in ss)
        for topic in sorted(named | set(by_topic))
        for ss in [by_topic.get(topic, set())]
    }
    best = max(scores.values(), default=0.0)
    return [
        {
            "topic": topic,
            "score": round(score, 4),
            "about": bool(
                score >= s["threshold"]
                and score >= s["relative"] * best
                and (topic in named or len(by_topic.get(topic, ())) >= s["min_sentences"])
            ),
        }
        for topic, score in scores.items()
    ]
