"""Releases as rows: JSON Lines and CSV with columns such as title, date, body or text, url, agency."""
from __future__ import annotations

import csv
import io
import json

from lib.ingest.base import ReadError, Release, acronym_for, parse_date
from lib.ingest.html import html_to_text, looks_like_html

ALIASES = {
    "title": ("title", "headline", "name", "subject"),
    "date": ("date", "published", "published_date", "publish_date", "release_date", "pubdate", "published_time", "time"),
    "body": ("body", "text", "content", "article", "full_text", "body_text"),
    "url": ("url", "link", "source_url", "href"),
    "agency": ("agency", "organization", "organisation", "department", "publisher"),
}


class NotReleaseTable(ReadError):
    """A table that lists files (an index) rather than holding release texts."""


def _pick(names: list[str]) -> dict[str, str]:
    lowered = {str(n).strip().lower(): n for n in names if n is not None}
    found = {}
    for field, aliases in ALIASES.items():
        for alias in aliases:
            if alias in lowered:
                found[field] = lowered[alias]
                break
    return found


def rows_to_releases(rows, names: list[str], source: str, fmt: str) -> tuple[list[Release], list[tuple[str, str]]]:
    """Releases from dict rows, and (path#row, reason) for rows that could not be read."""
    cols = _pick(names)
    if "body" not in cols:
        shown = ", ".join(str(n) for n in names[:12])
        if "path" in {str(n).lower() for n in names}:
            raise NotReleaseTable(f"an index of files (columns: {shown}), not release texts")
        raise ReadError(f"no body or text column (columns found: {shown})")
    releases, rejects = [], []
    for number, row in enumerate(rows, 1):
        try:
            releases.append(_row(row, cols, f"{source}#row={number}", fmt))
        except ReadError as exc:
            rejects.append((f"{source}#row={number}", str(exc)))
    return releases, rejects


def _row(row: dict, cols: dict[str, str], source: str, fmt: str) -> Release:
    if not isinstance(row, dict):
        raise ReadError("line is not a JSON object")
    get = lambda f: row.get(cols[f]) if f in cols else None  # noqa: E731
    body = str(get("body") or "")
    if looks_like_html(body):
        body = html_to_text(body)
    raw_date = get("date")
    day = parse_date(raw_date)
    agency = str(get("agency") or "").strip()
    return Release(
        title=str(get("title") or ""), body=body, date=day,
        date_source="column" if day else ("unparsed" if raw_date not in (None, "") else "missing"),
        agency=agency, agency_acronym=acronym_for(agency) if agency else "", url=str(get("url") or ""),
        source=source, format=fmt,
    )


def read_csv(text: str, source: str):
    csv.field_size_limit(2**31 - 1)
    reader = csv.DictReader(io.StringIO(text, newline=""))
    names = reader.fieldnames or []
    if not names:
        raise ReadError("empty CSV: no header row")
    return rows_to_releases(reader, list(names), source, "csv")


def read_jsonl(text: str, source: str):
    rows, bad = [], []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            rows.append(json.loads(line))
        except json.JSONDecodeError as exc:
            bad.append((f"{source}#line={number}", f"not valid JSON ({exc.msg} at column {exc.colno})"))
    if len(rows) == 1 and isinstance(rows[0], list):
        rows = rows[0]
    names = sorted({k for r in rows if isinstance(r, dict) for k in r})
    releases, rejects = rows_to_releases(rows, names, source, "jsonl")
    return releases, bad + rejects
