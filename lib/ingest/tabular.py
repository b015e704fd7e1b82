"""Releases as rows: JSON Lines and CSV with columns such as title, date, body or text, url, agency."""

from __future__ import annotations

import csv
import io
import json

from lib.ingest.base import ReadError, Release, acronym_for, parse_date
from lib.ingest.html import html_to_text, looks_like_html

ALIASES = {
    "title": ("title", "headline", "name", "subject"),
    "date": (
        "date",
        "published",
        "published_date",
        "publish_date",
        "release_date",
        "pubdate",
        "published_time",
        "time",
    ),
    "body": ("body", "text", "content", "article", "full_text", "body_text"),
    "url": ("url", "link", "source_url", "href"),
    "agency": ("agency", "organization", "organisation", "department", "publisher"),
}


_LIST_KEYS = ("releases", "items", "data", "results", "articles")


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


def _require_body(cols: dict[str, str], names: list[str]) -> None:
    if "body" in cols:
        return
    shown = ", ".join(str(n) for n in names[:12])
    if "path" in {str(n).lower() for n in names}:
        raise NotReleaseTable(f"an index of files (columns: {shown}), not release texts")
    raise ReadError(f"no body or text column (columns found: {shown})")


def rows_to_releases(rows, names: list[str] | None, source: str, fmt: str, numbers=None, label: str = "row"):
    """Releases from dict rows, and (path#row, reason) for rows that could not be read. With names=None
    (JSON Lines) each row's own keys are matched, so rows may differ in case and order."""
    cols = _pick(names) if names is not None else None
    if cols is not None:
        _require_body(cols, names)
    releases, rejects = [], []
    for number, row in zip(numbers or range(1, 1 << 62), rows, strict=False):
        where = f"{source}#{label}={number}"
        try:
            if not isinstance(row, dict):
                raise ReadError("not a JSON object")
            row_cols = cols if cols is not None else _pick(list(row))
            _require_body(row_cols, list(row))
            releases.append(_row(row, row_cols, where, fmt))
        except ReadError as exc:
            rejects.append((where, str(exc)))
    return releases, rejects


def _row(row: dict, cols: dict[str, str], source: str, fmt: str) -> Release:
    get = lambda f: row.get(cols[f]) if f in cols else None  # noqa: E731
    body = str(get("body") or "")
    if not body.strip():
        raise ReadError("row has no body text")
    if looks_like_html(body):
        body = html_to_text(body)
    raw_date = get("date")
    day = parse_date(raw_date)
    agency = str(get("agency") or "").strip()
    return Release(
        title=str(get("title") or ""),
        body=body,
        date=day,
        date_source="column" if day else ("unparsed" if raw_date not in (None, "") else "missing"),
        agency=agency,
        agency_acronym=acronym_for(agency) if agency else "",
        url=str(get("url") or ""),
        source=source,
        format=fmt,
    )


def read_csv(text: str, source: str):
    csv.field_size_limit(2**31 - 1)
    reader = csv.DictReader(io.StringIO(text, newline=""))
    names = reader.fieldnames or []
    if not names:
        raise ReadError("empty CSV: no header row")
    return rows_to_releases(reader, list(names), source, "csv")


def read_jsonl(text: str, source: str):
    """A whole-file JSON array (or object) of releases, else JSON Lines, one object a line."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError:
        return _read_lines(text, source)
    if isinstance(data, dict) and "body" not in _pick(list(data)):  # {"releases": [...]} and the like
        data = next((data[k] for k in _LIST_KEYS if isinstance(data.get(k), list)), data)
    if isinstance(data, list):
        return rows_to_releases(data, None, source, "jsonl", label="item")
    first = next(
        n for n, line in enumerate(text.splitlines(), 1) if line.strip()
    )  # as _read_lines numbers it
    return rows_to_releases([data], None, source, "jsonl", [first], "line")


def _read_lines(text: str, source: str):
    rows, numbers, bad = [], [], []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            rows.append(json.loads(line))
            numbers.append(number)
        except json.JSONDecodeError as exc:
            bad.append((f"{source}#line={number}", f"not valid JSON ({exc.msg} at column {exc.colno})"))
    if len(rows) == 1 and isinstance(rows[0], list):  # a JSON array of releases
        rows, numbers = rows[0], None
    releases, rejects = rows_to_releases(rows, None, source, "jsonl", numbers, "line" if numbers else "item")
    return releases, bad + rejects
