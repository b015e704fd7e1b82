"""RSS and Atom feeds through feedparser, which reads broken, mis-encoded and oddly dated feeds: the feed's
title and each item's title, link and date. feedparser drops a feed's entity declarations, so none is
expanded."""

from __future__ import annotations

import email.utils
import re
import time
from dataclasses import dataclass, field
from urllib.parse import urljoin

import feedparser

from lib.errors import PressroomError
from lib.ingest.base import parse_date


class NotAFeed(PressroomError):
    """The document is not an RSS or Atom feed."""


@dataclass
class Item:
    title: str
    url: str
    date: str | None


@dataclass
class Feed:
    title: str
    items: list[Item] = field(default_factory=list)


def looks_like_feed(body: bytes, content_type: str = "") -> bool:
    if re.search(r"(rss|atom|rdf)\+xml", content_type):
        return True
    head = body[:1000].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    head = re.sub(rb"^(<\?xml[^>]*\?>|<!--.*?-->|\s)*", b"", head, flags=re.S)
    return head.startswith((b"<rss", b"<feed", b"<rdf:rdf"))


def _text(value: str | None) -> str:
    return " ".join((value or "").split())


def _date(written: str, parsed: time.struct_time | None) -> str | None:
    """The publisher's own calendar day: RFC 822 dates (RSS), ISO 8601 and odd formats (parse_date), else the
    day feedparser read (in UTC, so a late-evening date west of Greenwich could be a day later)."""
    if written:
        try:
            return email.utils.parsedate_to_datetime(written).date().isoformat()
        except (TypeError, ValueError, IndexError):
            day = parse_date(written)
            if day:
                return day
    return time.strftime("%Y-%m-%d", parsed) if parsed else None


def parse_feed(body: bytes, feed_url: str) -> Feed:
    """Items of a feed, links made absolute against the feed's URL; raises NotAFeed for anything else."""
    parsed = feedparser.parse(body, response_headers={"content-location": feed_url})
    if not parsed.version:
        problem = parsed.get("bozo_exception")
        raise NotAFeed(f"not an RSS or Atom feed{f' ({problem})' if problem else ''}")
    return Feed(_text(parsed.feed.get("title")), [_item(e, feed_url, parsed.version) for e in parsed.entries])


def _item(entry, feed_url: str, version: str) -> Item:
    link = (entry.get("link") or "").strip()
    if not link and version == "rss10":  # an RSS 1.0 item is named by its rdf:about
        link = (entry.get("id") or "").strip()
    if entry.get("published"):  # RSS pubDate, Atom published; else Atom updated, Dublin Core date
        when = (entry.get("published"), entry.get("published_parsed"))
    else:
        when = (entry.get("updated") or "", entry.get("updated_parsed"))
    return Item(_text(entry.get("title")), urljoin(feed_url, link) if link else "", _date(*when))
