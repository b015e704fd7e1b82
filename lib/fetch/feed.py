"""RSS 2.0, RSS 1.0 (RDF) and Atom feeds: the feed's title and each item's title, link and date."""

from __future__ import annotations

import email.utils
import re
from dataclasses import dataclass, field
from urllib.parse import urljoin

from lxml import etree

from lib.ingest.base import parse_date

_PARSER = dict(resolve_entities=False, no_network=True, recover=True, huge_tree=False, remove_comments=True)


class NotAFeed(ValueError):
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


def _local(el) -> str:
    return etree.QName(el).localname.lower() if isinstance(el.tag, str) else ""


def _child(el, name: str):
    return next((c for c in el if _local(c) == name), None)


def _text(el) -> str:
    return " ".join("".join(el.itertext()).split()) if el is not None else ""


def _date(text: str) -> str | None:
    """RFC 822 dates (RSS) and ISO 8601 (Atom, Dublin Core), as the publisher's own calendar day."""
    if not text:
        return None
    try:
        return email.utils.parsedate_to_datetime(text).date().isoformat()
    except (TypeError, ValueError, IndexError):
        return parse_date(text)


def parse_feed(body: bytes, feed_url: str) -> Feed:
    """Items of a feed, links made absolute against the feed's URL; raises NotAFeed for anything else."""
    try:
        root = etree.fromstring(body, etree.XMLParser(**_PARSER))
    except (etree.XMLSyntaxError, ValueError) as exc:
        raise NotAFeed(f"not an RSS or Atom feed (the XML could not be parsed: {exc})") from None
    if root is None or _local(root) not in ("rss", "feed", "rdf"):
        raise NotAFeed("not an RSS or Atom feed")
    if _local(root) == "feed":
        return Feed(
            _text(_child(root, "title")), [_atom_item(e, feed_url) for e in root if _local(e) == "entry"]
        )
    channel = _child(root, "channel")
    entries = [
        e for e in (channel if _local(root) == "rss" and channel is not None else root) if _local(e) == "item"
    ]
    return Feed(
        _text(_child(channel, "title")) if channel is not None else "",
        [_rss_item(e, feed_url) for e in entries],
    )


def _rss_item(item, feed_url: str) -> Item:
    link = _text(_child(item, "link"))
    guid = _child(item, "guid")
    if not link and guid is not None and guid.get("isPermaLink", "true") != "false":
        link = _text(guid)
    if not link and item.get("{http://www.w3.org/1999/02/22-rdf-syntax-ns#}about"):
        link = item.get("{http://www.w3.org/1999/02/22-rdf-syntax-ns#}about")
    when = _text(_child(item, "pubdate")) or _text(_child(item, "date"))  # dc:date in RSS 1.0
    return Item(_text(_child(item, "title")), urljoin(feed_url, link) if link else "", _date(when))


def _atom_item(entry, feed_url: str) -> Item:
    links = [c for c in entry if _local(c) == "link" and c.get("href")]
    alternate = [c for c in links if c.get("rel", "alternate") == "alternate"] or links
    link = alternate[0].get("href").strip() if alternate else ""
    when = _text(_child(entry, "published")) or _text(_child(entry, "updated"))
    return Item(_text(_child(entry, "title")), urljoin(feed_url, link) if link else "", _date(when))
