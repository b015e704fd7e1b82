"""Page furniture: the footers agency sites put under a release (removed when it is read) and the standard
paragraphs every release of an agency carries (kept, but left out of quotes, figures and topics), both read
from data/footers.yml."""

from __future__ import annotations

import re
from functools import lru_cache

import yaml

from lib.settings import ROOT

FOOTERS = ROOT / "data" / "footers.yml"
_DATE = r"(?:[A-Z][a-z]{2,8}\.?\s+\d{1,2},?\s+\d{4}|\d{1,2}/\d{1,2}/\d{2,4}|\d{4}-\d{2}-\d{2})"
# Curly quotes and dashes as straight ones, one character for one (lib.ingest.base compares texts with it; the
# patterns are written straight and match either form, see _LITERAL).
FOLD = str.maketrans(
    {"\u201c": '"', "\u201d": '"', "\u2018": "'", "\u2019": "'", "\u2013": "-", "\u2014": "-"}
)


# A straight quote or dash in a pattern matches its curly and long forms too: the text is searched as it is.
_LITERAL = {"'": "['‘’]", '"': '["“”]', "-": "[-–—]"}


def _pattern(start: str) -> str:
    """A paragraph-start pattern of the data file as a regular expression; a single word ("Topics", "Contact")
    must be its paragraph's only word or be followed by a colon, so that "Contact tracing …" is no footer."""
    start = start.translate(FOLD).strip()
    parts = re.split(r"(\*|\{date\})", start)
    body = "".join(
        r".*?"
        if p == "*"
        else _DATE
        if p == "{date}"
        else "".join(_LITERAL.get(c) or re.escape(c) for c in p)
        for p in parts
    )
    if re.fullmatch(r"\w+", start):
        return body + r"(?=\s*(?::|\n|$))"
    return body + (r"(?![\w])" if start[-1:].isalnum() else "")


# Where a footer may open: a paragraph's start, or, in a page copied without paragraph breaks, a sentence's
# end.
_OPENS = r"(?:(?<=\n\n)|(?<=[.!?\"”] ))"


@lru_cache(maxsize=1)
def _compiled() -> tuple[re.Pattern, re.Pattern]:
    """(where a footer opens, a standard paragraph's start), from every agency's patterns."""
    spec = yaml.safe_load(FOOTERS.read_text(encoding="utf-8")) or {}
    footer = [_pattern(s) for agency in spec.values() for s in (agency or {}).get("footer") or []]
    boiler = [_pattern(s) for agency in spec.values() for s in (agency or {}).get("boilerplate") or []]
    never = r"(?!x)x"
    return (
        re.compile(rf"{_OPENS}(?:{'|'.join(footer) or never})", re.I),
        re.compile(rf"^(?:{'|'.join(boiler) or never})[^\n]*", re.I | re.M),
    )


def split_footer(body: str) -> tuple[str, str]:
    """(body without its footer, the footer removed): the footer opens where the first footer pattern of
    data/footers.yml matches after the first paragraph; the body is unchanged when none does."""
    footer, _ = _compiled()
    first = body.find("\n\n")
    if first < 0:  # a page copied flat: one paragraph, the footer may follow any sentence after the first
        first = len(re.match(r"[^.!?]*[.!?]?", body).group(0))
    m = footer.search(body, first)
    if not m:
        return body, ""
    return body[: m.start()].rstrip(), body[m.start() :]


def boilerplate(text: str) -> list[tuple[int, int]]:
    """(start, end) of each paragraph of `text` that is an agency's standard paragraph."""
    _, boiler = _compiled()
    return [(m.start(), m.end()) for m in boiler.finditer(text)]
