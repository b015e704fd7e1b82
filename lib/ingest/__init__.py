"""Readers, one per format, all returning Release records; `read_file` chooses by content and extension."""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from lib.ingest.base import ReadError, Release, decode
from lib.ingest.html import looks_like_html, read_html
from lib.ingest.markdown import has_front_matter, read_markdown
from lib.ingest.tabular import NotReleaseTable, read_csv, read_jsonl
from lib.ingest.text import read_text

__all__ = [
    "ReadError",
    "Release",
    "FileResult",
    "read_file",
    "read_text_release",
    "walk",
    "sniff",
    "SIDECAR_SUFFIX",
]

_SKIP_NAMES = re.compile(r"^(readme|license|licence|copying|changelog|notice|authors)(\.[a-z]+)?$", re.I)
_FEED_EXT = {".xml", ".rss", ".atom"}
# A fetched page `x.html` has `x.html.fetch.json` beside it: its URL, HTTP headers and what the fetcher knows
# of the release (title, date, agency, url), which wins over what the page itself says.
SIDECAR_SUFFIX = ".fetch.json"


@dataclass
class FileResult:
    """What one file gave: releases, rejected parts (path, reason), or a reason it was skipped."""

    path: str
    size: int = 0
    mtime_ns: int = 0
    format: str = ""
    releases: list[Release] = field(default_factory=list)
    rejects: list[tuple[str, str]] = field(default_factory=list)
    skipped: str = ""


def sniff(text: str, suffix: str) -> str:
    """The format of a file's text: content first, the extension to break ties."""
    head = text.lstrip("\ufeff \t\r\n")[:2000]
    if has_front_matter(text.lstrip("\ufeff")):
        return "markdown"
    if head.startswith(("{", "[")) or suffix in (".jsonl", ".ndjson", ".json"):
        return "jsonl"
    if suffix == ".csv":
        return "csv"
    if looks_like_html(head) or suffix in (".html", ".htm", ".xhtml"):
        return "html"
    if suffix in (".md", ".markdown"):
        return "markdown"
    return "text"


_READERS = {"markdown": read_markdown, "html": read_html, "text": read_text}


def read_text_release(
    text: str, source: str, fmt: str, known: dict | None = None
) -> tuple[list[Release], list[tuple[str, str]]]:
    """Releases and row rejects from already-decoded text in a known format; `known` (title, date,
    date_source, agency, url) is what a fetcher found for an HTML page and wins over the page."""
    if fmt == "csv":
        return read_csv(text, source)
    if fmt == "jsonl":
        return read_jsonl(text, source)
    if fmt == "html" and known:
        return read_html(text, source, known), []
    return _READERS[fmt](text, source), []


def fetched_meta(path: Path) -> dict:
    """The sidecar a fetcher wrote beside a page, or {} when there is none (or it cannot be read)."""
    try:
        meta = json.loads(path.with_name(path.name + SIDECAR_SUFFIX).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return meta if isinstance(meta, dict) else {}


def read_file(path: Path, max_bytes: int) -> FileResult:
    """Read one file; every failure ends as a reject with a reason, never as an exception."""
    result = FileResult(path=str(path))
    meta = fetched_meta(path)
    try:
        stat = path.stat()
        result.size, result.mtime_ns = stat.st_size, stat.st_mtime_ns
        if stat.st_size > max_bytes:
            raise ReadError(f"file is {stat.st_size / 1e6:.1f} MB, over the {max_bytes / 1e6:.0f} MB limit")
        if stat.st_size == 0:
            raise ReadError("empty file")
        text = decode(path.read_bytes())
        result.format = sniff(text, path.suffix.lower())
        known = meta.get("release") if isinstance(meta.get("release"), dict) else None
        result.releases, result.rejects = read_text_release(text, str(path), result.format, known)
        if not result.releases and not result.rejects:  # e.g. a CSV header without rows, an empty JSON array
            raise ReadError(f"no release in it: the {result.format} file holds no rows or items")
    except NotReleaseTable as exc:
        result.skipped = str(exc)
    except ReadError as exc:
        result.rejects = [(str(path), str(exc))]
    except (OSError, RecursionError, MemoryError, UnicodeError, ValueError) as exc:
        result.rejects = [(str(path), f"could not be read: {type(exc).__name__}: {exc}")]
    if meta.get("url"):  # a fetched page: say where it came from
        result.rejects = [(p, f"{reason} (fetched from {meta['url']})") for p, reason in result.rejects]
    return result


def skip_reason(path: Path) -> str:
    """Why a file found in a directory is not a release file, or empty."""
    if _SKIP_NAMES.match(path.name):
        return "documentation file, not a release"
    if path.suffix.lower() in _FEED_EXT:
        return "XML feed or sitemap, not a release"
    return ""


def walk(paths: list[Path]) -> tuple[list[Path], list[tuple[str, str]]]:
    """Files under the given paths (recursively, sorted), and (path, reason) for files left out."""
    files, skipped = [], []
    for root in paths:
        if root.is_file():
            files.append(root.resolve())
            continue
        for dirpath, dirnames, filenames in os.walk(root.resolve()):
            if Path(dirpath, "CURRENT").is_file() and Path(dirpath, "versions").is_dir():
                skipped.append((dirpath, "a Pressroom store, not releases"))
                dirnames[:] = []
                continue
            dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
            for name in sorted(filenames):
                if name.startswith(".") or name.endswith(SIDECAR_SUFFIX):  # a sidecar is read with its page
                    continue
                p = Path(dirpath, name)
                reason = skip_reason(p)
                (skipped.append((str(p), reason)) if reason else files.append(p))
    return files, skipped
