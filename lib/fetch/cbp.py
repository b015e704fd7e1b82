"""The CBP newsroom: listing pages (rows, their real dates and kinds, the next page) and article pages."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from urllib.parse import urljoin

import lxml.html
from lxml import etree

from lib.ingest.base import MONTH_NUMBER, parse_date

LISTING_PATH = "/newsroom/media-releases/all"
AGENCY = "U.S. Customs and Border Protection"
KINDS = ("national", "local", "all")
_KIND = re.compile(r"\|\s*(National|Local)\s+Media\s+Release\s*$", re.I)


@dataclass
class Row:
    url: str
    title: str
    date: str | None
    kind: str  # "national", "local" or "" when the row does not say


def _has_class(name: str) -> str:
    return f'contains(concat(" ", normalize-space(@class), " "), " {name} ")'


def _text(node) -> str:
    return " ".join(node.text_content().split()) if node is not None else ""


def _doc(html: bytes | str):
    try:
        return lxml.html.document_fromstring(html)
    except (etree.ParserError, ValueError):
        return None


def parse_listing(
    html: bytes | str, page_url: str, today: date | None = None
) -> tuple[list[Row], str | None]:
    """The rows of a listing page, newest first, and the URL of the next page (None on the last).
    The row's date is read from its calendar spans (month, day, and a year when one is given); a missing year
    is the latest one that keeps the rows in descending order, starting from `today`."""
    doc = _doc(html)
    if doc is None:
        return [], None
    rows, ref = [], today or date.today()
    for item in doc.xpath(f"//li[{_has_class('usa-collection__item')}]"):
        link = item.xpath(f".//*[{_has_class('usa-collection__heading')}]//a[@href]") or item.xpath(
            ".//a[@href]"
        )
        if not link:
            continue
        url = urljoin(page_url, link[0].get("href").strip())
        day = _row_date(item, ref)
        if day:
            ref = date.fromisoformat(day)
        rows.append(Row(url=url, title=_text(link[0]), date=day, kind=_row_kind(item, url)))
    return rows, _next_page(doc, page_url)


def _row_date(item, ref: date) -> str | None:
    month_text = _text(
        next(iter(item.xpath(f".//*[{_has_class('usa-collection__calendar-date-month')}]")), None)
    )
    day_text = _text(next(iter(item.xpath(f".//*[{_has_class('usa-collection__calendar-date-day')}]")), None))
    month = MONTH_NUMBER.get(month_text[:3].lower()) if month_text else None
    day = int(re.sub(r"\D", "", day_text) or 0)
    if not month or not day:
        return None
    year_given = re.search(r"\b(\d{4})\b", f"{month_text} {day_text}") or _full_date_year(item, month, day)
    year = int(year_given.group(1)) if year_given else ref.year
    try:
        found = date(year, month, day)
        if not year_given and found > ref + timedelta(days=1):  # later than the row above: the year before
            found = date(year - 1, month, day)
    except ValueError:
        return None
    return found.isoformat()


def _full_date_year(item, month: int, day: int):
    """The year of a full date (08/07/2026, August 7, 2026) in the row that agrees with its calendar spans."""
    for match in re.finditer(r"\b\d{1,2}/\d{1,2}/\d{4}\b|[A-Z][a-z]+\.? \d{1,2}, \d{4}", _text(item)):
        found = parse_date(match.group(0))
        if found and (int(found[5:7]), int(found[8:10])) == (month, day):
            return re.match(r"(\d{4})", found)
    return None


def _row_kind(item, url: str) -> str:
    match = _KIND.search(_text(item))
    if match:
        return match.group(1).lower()
    for kind in ("national", "local"):
        if f"/{kind}-media-release" in url:
            return kind
    return ""


def _next_page(doc, page_url: str) -> str | None:
    for xp in (
        '//a[@rel="next"]/@href',
        f"//a[{_has_class('usa-pagination__next-page')}]/@href",
        f"//li[{_has_class('pager__item--next')}]//a/@href",
    ):
        found = doc.xpath(xp)
        if found and found[0].strip():
            return urljoin(page_url, found[0].strip())
    return None


def parse_article(html: bytes | str) -> dict:
    """Title and date of an article page: `h1 .field--name-title` and the date after a `Release Date`
    label."""
    doc = _doc(html)
    if doc is None:
        return {}
    title = doc.xpath(f"//h1//*[{_has_class('field--name-title')}]") or doc.xpath("//h1")
    found = {"title": _text(title[0]) if title else ""}
    for label in doc.xpath('//*[normalize-space(text())="Release Date"]'):
        day = parse_date(" ".join(label.xpath("following::text()")[:4]))
        if day:
            found["date"], found["date_source"] = day, "release_date_label"
            break
    return found
