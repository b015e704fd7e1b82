"""The quote vocabulary of data/quotes.yml, read once: the verbs that attribute a quote and the words of
transcript turns. The rules in lib/nlp/quotes.py and lib/nlp/transcripts.py read it from here."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import yaml

from lib.settings import ROOT

VOCABULARY = ROOT / "data" / "quotes.yml"


@dataclass(frozen=True)
class Lexicon:
    cues: tuple[str, ...]  # longest first, so that "pointed out" wins over a shorter verb
    name_words: frozenset[str]  # a capitalised turn name with one of these is a speaker's
    not_speakers: frozenset[str]  # turn names that never are (Q, NOTE, …)
    honorifics: tuple[tuple[str, ...], ...]  # dropped before a surname, longest first
    end: frozenset[str]  # a paragraph opening with one of these ends a transcript


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    spec = yaml.safe_load(VOCABULARY.read_text(encoding="utf-8"))
    turns = spec["transcript"]
    return Lexicon(
        cues=tuple(sorted(spec["cues"], key=len, reverse=True)),
        name_words=frozenset(turns["name_words"]),
        not_speakers=frozenset(turns["not_speakers"]),
        honorifics=tuple(sorted((tuple(h.split()) for h in turns["honorifics"]), key=len, reverse=True)),
        end=frozenset(turns["end"]),
    )
