"""Topic mentions from the taxonomy in data/topics.yml, each with the sentence it stands in."""
from __future__ import annotations

import hashlib
import re
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc

from lib import taxonomy
from lib.nlp.sentences import Sentences

TAXONOMY = taxonomy.PATH

if not Doc.has_extension("topic_mentions"):
    Doc.set_extension("topic_mentions", default=None)


def taxonomy_fingerprint() -> str:
    return hashlib.sha1(TAXONOMY.read_bytes()).hexdigest()[:12]


@lru_cache(maxsize=4)
def compile_taxonomy(text: str) -> dict[str, re.Pattern]:
    """One case-insensitive regex per topic."""
    return {topic: taxonomy.finder(terms) for topic, terms in taxonomy.load_text(text).items()}


@Language.factory("pressroom_topics")
class TopicTagger:
    """Sets Doc._.topic_mentions: dicts of topic, term, start, end (character offsets) and passage."""

    def __init__(self, nlp: Language, name: str):
        self.patterns = compile_taxonomy(TAXONOMY.read_text(encoding="utf-8"))

    def __call__(self, doc: Doc) -> Doc:
        sents = Sentences(doc)
        mentions = []
        for topic, pattern in self.patterns.items():
            for m in pattern.finditer(sents.doc_text):
                mentions.append({"topic": topic, "term": m.group(0).lower(), "start": m.start(), "end": m.end(),
                                 "passage": sents.text(m.start())})
        doc._.topic_mentions = sorted(mentions, key=lambda x: (x["start"], x["topic"]))
        return doc

