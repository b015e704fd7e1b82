"""Markdown releases, with YAML front matter (title, date, published_time, source_url, agency) or without."""

from __future__ import annotations

import html
import re

import yaml

from lib.ingest.base import ReadError, Release, parse_date

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_FRONT = re.compile(r"\A\ufeff?---[ \t]*\n(?P<yaml>.*?)\n---[ \t]*(?:\n|\Z)", re.S)


def has_front_matter(text: str) -> bool:
    return bool(_FRONT.match(text))


def read_markdown(text: str, source: str) -> list[Release]:
    """One release from a Markdown file; front matter supplies the metadata."""
    m = _FRONT.match(text)
    meta: dict = {}
    if m:
        try:
            meta = yaml.load(m.group("yaml"), Loader=_LOADER) or {}
        except yaml.YAMLError as exc:
            raise ReadError(f"front matter is not valid YAML ({str(exc).splitlines()[0]})") from exc
        if not isinstance(meta, dict):
            raise ReadError("front matter is not a mapping of keys to values")
        text = text[m.end() :]
    title = _unescape(str(meta.get("title") or ""))
    body = markdown_to_text(text)
    if not title:
        title, body = _title_from_heading(body)
    day, origin = _date(meta)
    agency = str(meta.get("agency") or "")
    return [
        Release(
            title=title,
            body=body,
            date=day,
            date_source=origin,
            agency=agency,
            agency_acronym=str(meta.get("agency_acronym") or ""),
            url=str(meta.get("source_url") or meta.get("url") or ""),
            source=source,
            format="markdown",
        )
    ]


def _date(meta: dict) -> tuple[str | None, str]:
    for key in ("date", "published_time", "published", "pubdate"):
        day = parse_date(meta.get(key))
        if day:
            return day, "front_matter"
    return None, "missing"


def _title_from_heading(body: str) -> tuple[str, str]:
    first, _, rest = body.partition("\n\n")
    return first.lstrip("# ").strip(), rest


_TAG = re.compile(r"<[^>]*>", re.S)
_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_REF_LINK = re.compile(r"\[([^\]]*)\]\[[^\]]*\]")
_EMPHASIS = re.compile(r"(\*\*|__|\*|(?<!\w)_)(?=\S)((?:(?!\n\s*\n).)+?)(?<=\S)\1", re.S)
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|>~\"'])")


def _unescape(text: str) -> str:
    return html.unescape(_ESCAPE.sub(r"\1", text))


def markdown_to_text(text: str) -> str:
    """Plain text from Markdown: markup and embedded HTML dropped, wrapped lines joined, paragraphs kept."""
    text = _TAG.sub(" ", text.replace("\r\n", "\n"))
    text = _IMAGE.sub("", text)
    text = _REF_LINK.sub(r"\1", _LINK.sub(r"\1", text))
    text = _EMPHASIS.sub(r"\2", text)
    lines = []
    for line in text.split("\n"):
        stripped = line.strip()
        if re.match(r"#{1,6}\s", stripped) or re.match(r"([-*_]\s*){3,}$", stripped):
            lines += ["", stripped.lstrip("#").strip() if stripped.startswith("#") else "", ""]
        elif re.match(r"([-*+]|\d+\.)\s+", stripped):
            lines += ["", re.sub(r"^([-*+]|\d+\.)\s+", "", stripped)]
        else:
            lines.append(re.sub(r"^>\s?", "", stripped))
    return _unescape("\n".join(lines))
