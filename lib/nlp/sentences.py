"""Sentence boundaries as character offsets, computed from the parser's arrays without building Span
objects."""

from __future__ import annotations

import bisect
import re

import numpy as np
from spacy.attrs import IDX, SENT_START
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
        """The Doc's sentences, computed once for the components that run one after another on the same
        Doc."""
        global _LAST
        if _LAST is None or _LAST.doc is not doc or _LAST.length != len(doc):
            _LAST = cls(doc)
        return _LAST

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


_LAST: Sentences | None = None  # the last Doc's, kept while the next component reads the same Doc
