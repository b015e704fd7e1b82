"""The quote vocabulary of data/quotes.yml, read once: the verbs that attribute a quote, the words of
transcript turns and the words of titles and names. The rules in lib/nlp/quotes.py and lib/nlp/transcripts.py
read it from here."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import yaml

from lib.errors import PressroomError
from lib.settings import ROOT

VOCABULARY = ROOT / "data" / "quotes.yml"


@dataclass(frozen=True)
class Lexicon:
    cues: tuple[str, ...]  # longest first, so that "pointed out" wins over a shorter verb
    indirect_cues: tuple[str, ...]  # verbs that report a clause without quotation marks, longest first
    cue_adverbs: tuple[str, ...]  # words between a subject and its verb of saying ("has repeatedly said")
    before_that: tuple[str, ...]  # words between a verb of reporting and its "that" ("said today that")
    trailing_cues: tuple[str, ...]  # verbs after an organisation that ends what it reports, longest first
    groups: tuple[str, ...]  # people quoted as a group ("airline CEOs wrote:")
    speaking_organisations: tuple[str, ...]  # "“…,” the group tweeted": organisations that speak a quote
    generic_organisations: frozenset[str]  # of those, the nouns any organisation may be ("the company")
    speaking_documents: tuple[str, ...]  # "“…,” the statement read": a document speaks its author's words
    document_cues: tuple[str, ...]  # verbs only a document speaks with ("read")
    embedding_cues: tuple[str, ...]  # verbs that set a quote in its speaker's sentence, longest first
    outlet_openers: tuple[str, ...]  # words opening a line that names an outlet ("From the *Post*:")
    government_words: frozenset[str]  # an organisation with one is no outside source of reported words
    name_words: frozenset[str]  # a capitalised turn name with one of these is a speaker's
    not_speakers: frozenset[str]  # turn names that never are (Q, NOTE, …)
    turn_honorifics: tuple[tuple[str, ...], ...]  # dropped before a surname in a turn name, longest first
    end: frozenset[str]  # a paragraph opening with one of these ends a transcript
    speech_before: tuple[str, ...]  # a title "Remarks by X …" is a speech of X's
    speech_after: tuple[str, ...]  # a title "X Speaks at …" is a speech of X's
    title_words: frozenset[str]  # words of a title before or after a name
    ranks: frozenset[str]  # a title of these only yields to an office after the name ("Gen. X, a commander")
    field_titles: frozenset[str]  # titles whose words before them are their field ("Drug Policy Advisor")
    statement_titles: frozenset[str]  # more title words read in a statement's lead-in
    honorifics: frozenset[str]  # honorifics that are no title of their own
    organisation_words: frozenset[str]  # a capitalised run with one is an organisation, not a name
    not_names: frozenset[str]  # words that open a sentence, never a name


class VocabularyError(PressroomError):
    """data/quotes.yml cannot be used; the message names the file and the entry."""


def _words(spec: dict, *path: str) -> list[str]:
    """The list of words at `path`, every one a string (YAML reads a bare On, No or Yes as true or false)."""
    words = spec
    for key in path:
        words = words.get(key) if isinstance(words, dict) else None
    if not isinstance(words, list):
        raise VocabularyError(f"{VOCABULARY}: {'.'.join(path)} must be a list of words.")
    bad = [w for w in words if not isinstance(w, str)]
    if bad:
        raise VocabularyError(
            f"{VOCABULARY}: {'.'.join(path)} holds {bad[0]!r}, not a word; put quotes around words such as "
            '"On", "No" or "Yes".'
        )
    return words


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    spec = yaml.safe_load(VOCABULARY.read_text(encoding="utf-8"))
    return Lexicon(
        cues=tuple(sorted(_words(spec, "cues"), key=len, reverse=True)),
        indirect_cues=tuple(sorted(_words(spec, "indirect_cues"), key=len, reverse=True)),
        cue_adverbs=tuple(_words(spec, "cue_adverbs")),
        before_that=tuple(_words(spec, "before_that")),
        trailing_cues=tuple(sorted(_words(spec, "trailing_cues"), key=len, reverse=True)),
        groups=tuple(_words(spec, "groups")),
        speaking_organisations=tuple(sorted(_words(spec, "speaking_organisations"), key=len, reverse=True)),
        generic_organisations=frozenset(_words(spec, "generic_organisations")),
        speaking_documents=tuple(sorted(_words(spec, "speaking_documents"), key=len, reverse=True)),
        document_cues=tuple(_words(spec, "document_cues")),
        embedding_cues=tuple(sorted(_words(spec, "embedding_cues"), key=len, reverse=True)),
        outlet_openers=tuple(_words(spec, "outlet_openers")),
        government_words=frozenset(_words(spec, "government_words")),
        name_words=frozenset(_words(spec, "transcript", "name_words")),
        not_speakers=frozenset(_words(spec, "transcript", "not_speakers")),
        turn_honorifics=tuple(
            sorted(
                (tuple(h.split()) for h in _words(spec, "transcript", "honorifics")), key=len, reverse=True
            )
        ),
        end=frozenset(_words(spec, "transcript", "end")),
        speech_before=tuple(_words(spec, "transcript", "speech_before")),
        speech_after=tuple(_words(spec, "transcript", "speech_after")),
        **{
            key: frozenset(_words(spec, "people", key))
            for key in (
                "title_words",
                "ranks",
                "field_titles",
                "statement_titles",
                "honorifics",
                "organisation_words",
                "not_names",
            )
        },
    )
