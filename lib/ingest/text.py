"""Plain-text releases: the `Title| site |` + `(Date) - - Today, Agency (ACR) published…` layout, or title +
body."""

from __future__ import annotations

import re

from lib.ingest.base import MONTH_NAME, Release, acronym_for, parse_date

_SITE = re.compile(r"\|\s*site\s*\|\s*$", re.I)
_PREAMBLE = re.compile(
    r"^\s*\((?P<date>[^)]{6,40})\)\s*-\s*-\s*Today,\s*(?P<agency>.+?)(?:\s*\((?P<acr>[A-Z][A-Za-z.&]{1,12})\))?"
    r"\s+published the following information:?\s*",
    re.S,
)
_DATELINE = re.compile(
    rf"^[A-Z][A-Za-z .,'-]{{1,60}}?\s*[-—–]+\s*(?P<date>{MONTH_NAME}\s+\d{{1,2}},\s+\d{{4}})\s*[-—–]"
)


def read_text(text: str, source: str) -> list[Release]:
    """One release from plain text; the preamble gives date and agency when present."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").strip("\n\ufeff ")
    first, _, rest = text.partition("\n")
    if _SITE.search(first):
        return [_site_layout(_SITE.sub("", first).strip(), rest, source)]
    if rest.startswith("\n") or re.match(r"[ \t]*\n", rest):
        title, body = first.strip(), rest
    else:
        title, body = _first_sentence(text), text
    return [_release(title, body, source)]


def _site_layout(title: str, rest: str, source: str) -> Release:
    m = _PREAMBLE.match(rest)
    if not m:
        return _release(title, rest, source)
    day = parse_date(m.group("date"))
    agency = re.sub(r"\s+", " ", m.group("agency")).strip()
    return Release(
        title=title,
        body=rest[m.end() :],
        date=day,
        date_source="preamble" if day else "missing",
        agency=agency,
        agency_acronym=m.group("acr") or acronym_for(agency),
        url="",
        source=source,
        format="text",
    )


def _release(title: str, body: str, source: str) -> Release:
    m = _DATELINE.match(body.strip())
    day = parse_date(m.group("date")) if m else None
    return Release(
        title=title,
        body=body,
        date=day,
        date_source="dateline" if day else "missing",
        agency="",
        agency_acronym="",
        url="",
        source=source,
        format="text",
    )


def _first_sentence(text: str) -> str:
    line = text.strip().split("\n", 1)[0]
    sentence = re.split(r"(?<=[.!?])\s", line, maxsplit=1)[0]
    return sentence if len(sentence) <= 120 else sentence[:119].rsplit(" ", 1)[0] + "…"
