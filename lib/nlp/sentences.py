"""Sentence boundaries as character offsets, computed from the parser's arrays without building Span
objects."""

from __future__ import annotations

import bisect
import re

import numpy as np
from spacy.attrs import IDX, SENT_START
from spacy.language import Language
from spacy.tokens import Doc

from lib.ingest.furniture import boilerplate


class Sentences:
    """Character bounds of a Doc's sentences, and the sentence around any offset."""

    def __init__(self, doc: Doc):
        self.doc, self.length = doc, len(doc)
        self.doc_text = text = doc.text  # Doc.text joins every token on each access
        self.boilerplate = boilerplate(
            text
        )  # the agency's standard paragraphs: no quotes, figures or topics there
        if len(doc) == 0:
            self.starts, self.tokens = [0], [0]
        else:
            arr = doc.to_array([SENT_START, IDX])
            first = np.flatnonzero(arr[:, 0] == 1)
            # A paragraph always starts a sentence: the parser runs a closing quote on into the next
            # paragraph.
            idx = arr[:, 1]
            breaks = np.array([m.end() for m in re.finditer(r"\n+", text)], dtype=idx.dtype)
            at = np.searchsorted(idx, breaks)
            at = at[at < len(idx)]
            at = at[np.isin(idx[at], breaks)]  # a break that falls on a token's first character
            first = np.union1d(np.concatenate([[0], first]), at).astype(int)
            self.tokens = first.tolist()
            self.starts = idx[first].tolist()

    @classmethod
    def of(cls, doc: Doc) -> Sentences:
        """The Doc's sentences as the pressroom_sentences component set them (computed here for a Doc that did
        not go through it, or that changed since)."""
        found = doc._.sentences
        if found is None or found.doc is not doc or found.length != len(doc):
            found = doc._.sentences = cls(doc)
        return found

    def outside_boilerplate(self, items: list[dict]) -> list[dict]:
        """The items (dicts with a `start`) that do not lie in one of the agency's standard paragraphs."""
        if not self.boilerplate:
            return items
        return [x for x in items if not any(a <= x["start"] < b for a, b in self.boilerplate)]

    def index(self, offset: int) -> int:
        return max(0, bisect.bisect_right(self.starts, offset) - 1)

    def bounds(self, offset: int) -> tuple[int, int]:
        i = self.index(offset)
        end = self.starts[i + 1] if i + 1 < len(self.starts) else len(self.doc_text)
        return self.starts[i], end

    def text(self, offset: int) -> str:
        start, end = self.bounds(offset)
        return self.doc_text[start:end].strip()

    def span(self, offset: int):
        i = self.index(offset)
        end = self.tokens[i + 1] if i + 1 < len(self.tokens) else len(self.doc)
        return self.doc[self.tokens[i] : end]


if not Doc.has_extension("sentences"):
    Doc.set_extension("sentences", default=None)


@Language.factory(
    "pressroom_sentences",
    assigns=["doc._.sentences"],
    requires=["token.is_sent_start"],
)
class SentenceBounds:
    """Sets Doc._.sentences: the sentence bounds and the agency's standard paragraphs, computed once for the
    components after it."""

    def __init__(self, nlp: Language, name: str):
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        doc._.sentences = Sentences(doc)
        return doc
