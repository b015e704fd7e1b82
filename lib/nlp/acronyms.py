"""Acronyms a release defines ('U.S. Customs and Border Protection (CBP)'), to spell out the organisations it
names."""

from __future__ import annotations

import re

_DEFINED = re.compile(r"\((?P<acronym>[A-Z][A-Za-z&]{1,9})\)")
_WORD = re.compile(r"[\w.&’'-]+")
_GLUE = {"and", "of", "the", "for", "on", "&", "de", "del", "la"}
_HEAD = re.compile(
    r"(?<![\w.])(?:U\.S\.\s+)?(?:Department|Office|Bureau|Ministry|Agency|Administration|Division)\s+(?:of|for)\s+"
    r"(?:the\s+)?$"
)


def _initials(word: str) -> str:
    """What a word gives an acronym: 'U.S.' gives 'US', 'Customs' gives 'C'; lower-case words give nothing."""
    if re.fullmatch(r"(?:[A-Z]\.){2,}", word):
        return word.replace(".", "")
    return word[0] if word[0].isupper() else ""


def acronyms(text: str) -> dict[str, str]:
    """Each acronym the text defines in parentheses after its full form, with that full form: the capitalised
    words before the parenthesis whose initials spell the acronym's capitals, small words ('and', 'of') in
    between allowed, and a 'U.S.' just before kept. The first definition of an acronym wins."""
    found: dict[str, str] = {}
    for m in _DEFINED.finditer(text):
        acronym = m.group("acronym")
        letters = "".join(c for c in acronym if c.isupper())
        if acronym in found or len(letters) < 2:
            continue
        before = text[max(0, m.start() - 160) : m.start()]
        words = list(_WORD.finditer(before))
        need, start = letters, None
        for word in reversed(words):
            if word.group(0).lower() in _GLUE and start is not None:
                continue
            initials = _initials(word.group(0))
            if not initials or not need.endswith(initials):
                break
            need, start = need[: -len(initials)], word.start()
            if not need:
                break
        if need or start is None:
            continue
        us = re.search(r"U\.S\.\s+$", before[:start])
        # "Department of Health and Human Services (HHS)": the head an acronym leaves out is part of the name
        head = _HEAD.search(before[:start]) if not us else None
        full = before[us.start() if us else head.start() if head else start :].strip()
        if full.split()[0].lower() not in _GLUE:
            found[acronym] = re.sub(r"\s+", " ", full)
    return found


def spelled_out(name: str, defined: dict[str, str]) -> str:
    """`name` with the acronyms the release defined spelled out: 'CBP’s Laredo Field Office' becomes
    'U.S. Customs and Border Protection’s Laredo Field Office'."""
    if not name or not defined:
        return name
    pattern = re.compile(
        r"(?<![\w.])(" + "|".join(re.escape(a) for a in sorted(defined, key=len, reverse=True)) + r")(?![\w])"
    )
    return pattern.sub(lambda m: defined[m.group(1)], name)
