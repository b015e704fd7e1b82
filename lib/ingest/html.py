"""HTML releases: the cbp.gov newsroom layout, pages with meta tags or <time>, and bare HTML bodies."""

from __future__ import annotations

import re

import lxml.html
import trafilatura
from lxml import etree

from lib.ingest.base import ReadError, Release, acronym_for, normalise, parse_date

_BLOCKS = ".//p | .//li | .//h2 | .//h3 | .//h4 | .//blockquote | .//pre | .//td"
_XML_DECLARATION = re.compile(r"^\s*<\?xml\b[^>]*\?>")  # XHTML pages; lxml refuses it in a str


def strip_xml_declaration(text: str) -> str:
    return _XML_DECLARATION.sub("", text, count=1)


def looks_like_html(text: str) -> bool:
    head = strip_xml_declaration(text).lstrip()[:2000].lower()
    return head.startswith(("<!doctype html", "<html")) or bool(
        re.search(r"<(p|div|body|article|span|br)\b", head)
    )


def parse(text: str, source: str):
    try:
        return lxml.html.document_fromstring(strip_xml_declaration(text))
    except (etree.ParserError, ValueError) as exc:
        raise ReadError(f"HTML could not be parsed ({exc})") from exc


def read_html(text: str, source: str, known: dict | None = None) -> list[Release]:
    """One release from an HTML page. `known` holds what a fetcher found (title, date, date_source, agency,
    url): each value given wins over the page's own."""
    known = known or {}
    doc = parse(text, source)
    title = known.get("title") or _title(doc)
    day, origin = (
        (known["date"], known.get("date_source") or "fetched")
        if parse_date(known.get("date"))
        else _date(doc)
    )
    body = _without_title(_cbp_body(doc) or html_to_text(text), title)
    url = known.get("url") or _first(
        doc, '//link[@rel="canonical"]/@href', '//meta[@property="og:url"]/@content'
    )
    agency = known.get("agency") or page_agency(doc)
    return [
        Release(
            title=title,
            body=body,
            date=parse_date(day),
            date_source=origin,
            agency=agency,
            agency_acronym=acronym_for(agency) if agency else "",
            url=url,
            source=source,
            format="html",
        )
    ]


def _without_title(body: str, title: str) -> str:
    """The body without a first paragraph that only repeats the title (trafilatura keeps the page's <h1>)."""
    first, _, rest = body.partition("\n\n")
    return rest if rest and title and normalise(first) == normalise(title) else body


def page_agency(doc) -> str:
    """The agency a page names in its author or site-name meta tags, or in its <title> suffix; else empty."""
    agency = _first(doc, '//meta[@name="author"]/@content', '//meta[@property="og:site_name"]/@content')
    if not _is_agency(agency):  # cbp.gov pages name the agency only in <title>: "Title | Agency"
        agency = re.split(r"\s+\|\s+", _first(doc, "//title"))[-1]
    return agency if _is_agency(agency) else ""


def _first(doc, *xpaths: str) -> str:
    for xp in xpaths:
        found = doc.xpath(xp)
        if found:
            value = found[0] if isinstance(found[0], str) else found[0].text_content()
            if value.strip():
                return " ".join(value.split())
    return ""


def _title(doc) -> str:
    title = _first(
        doc,
        '//h1//*[contains(concat(" ", @class, " "), " field--name-title ")]',
        '//meta[@property="og:title"]/@content',
        '//meta[@name="twitter:title"]/@content',
        "//h1",
        "//title",
    )
    return re.split(r"\s+[|–—]\s+", title)[0] if title else ""


def _date(doc) -> tuple[str | None, str]:
    label = doc.xpath('//*[normalize-space(text())="Release Date"]')
    for node in label:
        following = " ".join(t for t in node.xpath("following::text()")[:4])
        day = parse_date(following)
        if day:
            return day, "release_date_label"
    for xp, origin in (
        ('//meta[@property="article:published_time"]/@content', "meta"),
        (
            '//meta[@name="date" or @name="dc.date" or @name="DC.date" or '
            '@itemprop="datePublished"]/@content',
            "meta",
        ),
        ("//time/@datetime", "time"),
        ("//time", "time"),
    ):
        day = parse_date(_first(doc, xp))
        if day:
            return day, origin
    return None, "missing"


def _is_agency(name: str) -> bool:
    return bool(
        re.search(
            r"\b(U\.S\.|Department|Agency|Office|Bureau|Administration|Service|Protection|Patrol|House)\b",
            name,
        )
    )


def _cbp_body(doc) -> str:
    nodes = doc.xpath('//*[contains(concat(" ", @class, " "), " field--name-body ")]')
    return _blocks_text(nodes[0]) if nodes else ""


def _blocks_text(node) -> str:
    blocks = [
        b for b in node.xpath(_BLOCKS) if not b.xpath("ancestor::*[self::p or self::li or self::blockquote]")
    ]
    parts = [" ".join(b.text_content().split()) for b in blocks] or [" ".join(node.text_content().split())]
    return "\n\n".join(p for p in parts if p)


def html_to_text(text: str) -> str:
    """Main text of an HTML page or fragment: trafilatura, falling back to the page's paragraphs."""
    text = strip_xml_declaration(text)
    extracted = trafilatura.extract(
        text,
        include_comments=False,
        include_tables=False,
        favor_recall=True,
        deduplicate=False,
        with_metadata=False,
    )
    if extracted and len(extracted) > 40:
        return re.sub(r"\n+", "\n\n", extracted)
    try:
        return _blocks_text(lxml.html.document_fromstring(text))
    except (etree.ParserError, ValueError):
        return ""
