"""Single pages: is a response an HTML page, and what title, date and agency it gives (through the HTML
reader, then trafilatura's metadata for what the reader does not find). The main text is read later by the
HTML reader, which uses trafilatura for pages not in the cbp.gov layout."""

from __future__ import annotations

import trafilatura

from lib.fetch.http import Response
from lib.ingest.base import ReadError, agency_from_url, binary_kind, decode
from lib.ingest.html import _is_agency, looks_like_html, read_html

HTML_TYPES = ("text/html", "application/xhtml+xml")
FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/rdf+xml")


def not_a_page(response: Response) -> str:
    """Why a response cannot be kept as an HTML page, or empty when it can."""
    kind = response.content_type
    if not response.body.strip():
        return "the server sent an empty response"
    if kind in FEED_TYPES:
        return f"an RSS or Atom feed ({kind}), not a page; fetch it as a feed"
    if kind and kind not in HTML_TYPES:
        return f"not an HTML page: the server sent {kind}"
    actual = binary_kind(response.body[:64])  # the content decides, whatever the Content-Type says
    if actual:
        return f"not an HTML page: the content is {actual} (sent as {kind or 'no Content-Type'})"
    try:
        decode(response.body)  # text in an encoding the readers know (UTF-16 pages have NUL bytes)
    except ReadError as exc:
        return f"not an HTML page: {exc} (sent as {kind or 'no Content-Type'})"
    if not kind and not looks_like_html(response.body[:2000].decode("utf-8", "replace")):
        return "not an HTML page: no Content-Type and the response does not look like HTML"
    return ""


def page_metadata(response: Response) -> dict:
    """Title, date and agency of a page: the HTML reader first, trafilatura's metadata for the gaps;
    the agency from data/agencies.csv by host first (it gives the canonical name and acronym)."""
    text = decode(response.body)
    try:
        page = read_html(text, response.url)[0]
        found = {"title": page.title, "date": page.date, "date_source": page.date_source if page.date else ""}
    except ReadError:
        found = {}
    if not found.get("title") or not found.get("date"):
        meta = trafilatura.extract_metadata(text, default_url=response.url, extensive=False)
        if meta is not None:
            found["title"] = found.get("title") or (meta.title or "")
            if not found.get("date") and meta.date:
                found["date"], found["date_source"] = meta.date, "trafilatura"
            if meta.sitename and _is_agency(meta.sitename):
                found["site_agency"] = meta.sitename
    found["agency"] = agency_from_url(response.url)[0]
    if not found["agency"]:
        found["agency"] = found.pop("site_agency", "")
    found.pop("site_agency", None)
    return found
