"""The Release record every reader returns, and helpers the readers share."""

from __future__ import annotations

import csv
import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from functools import lru_cache
from urllib.parse import urlparse

from lib.errors import PressroomError
from lib.ingest.furniture import FOLD, split_footer
from lib.settings import ROOT


class ReadError(PressroomError):
    """A file (or a row of one) cannot be read as a release; the message says why."""


@dataclass
class Release:
    title: str
    body: str
    date: str | None  # ISO YYYY-MM-DD, or None (then date_source is "missing")
    date_source: str
    agency: str
    agency_acronym: str
    url: str
    source: str
    format: str
    id: str = ""
    sources: list[str] = field(default_factory=list)
    footer: str = ""  # the site's page footer removed from the body when it was read (data/footers.yml)
    stored: bool = field(default=False, repr=False, compare=False)  # read back from the store: already clean

    def __post_init__(self) -> None:
        if self.stored:
            return
        self.title = clean_inline(self.title)
        self.body, footer = split_footer(clean_body(self.body))
        self.footer = self.footer or footer
        if not self.id:
            self.id = release_id(self.title, self.body)
        if not self.sources:
            self.sources = [self.source]
        if not self.agency:
            self.agency, self.agency_acronym = agency_from_url(self.url) if self.url else ("", "")
        if not self.agency:
            self.agency, self.agency_acronym = agency_named_in(self.body[:1500])
        if not self.body and not self.title:
            raise ReadError("neither a title nor any body text found")


def normalise(text: str) -> str:
    """Text as compared for identity: Unicode-folded, quotes and dashes unified, whitespace collapsed,
    case-folded."""
    text = unicodedata.normalize("NFKC", text).translate(FOLD)
    return re.sub(r"\s+", " ", text).strip().casefold()


def release_id(title: str, body: str) -> str:
    """Stable id: a hash of the normalised title and body (not of the file or its format)."""
    return hashlib.sha1(f"{normalise(title)}\n{normalise(body)}".encode()).hexdigest()[:16]


# Zero-width marks, and the bidirectional embedding/override/isolate controls that can make text display in an
# order other than the one it is stored in; the left-to-right and right-to-left marks (U+200E/F) stay.
_ZERO_WIDTH = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad\u202a-\u202e\u2066-\u2069]")
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def clean_inline(text: str) -> str:
    """One line of text: controls and zero-width marks removed, whitespace collapsed."""
    text = _ZERO_WIDTH.sub("", unicodedata.normalize("NFC", text or ""))
    return re.sub(r"\s+", " ", _CONTROL.sub(" ", text)).strip()


def clean_body(text: str) -> str:
    """Body text: paragraphs (split at blank lines) kept, each collapsed to one line."""
    paragraphs = re.split(r"\n\s*\n", (text or "").replace("\r\n", "\n").replace("\r", "\n"))
    return "\n\n".join(p for p in (clean_inline(p) for p in paragraphs) if p)


# ---- dates ---------------------------------------------------------------

MONTHS = tuple(
    "january february march april may june july august september october november december".split()
)
# "january" and "jan" -> 1, … "december" and "dec" -> 12
MONTH_NUMBER = {name: i for i, month in enumerate(MONTHS, 1) for name in (month, month[:3])}
MONTH_NAME = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?"
    r"|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_WRITTEN = re.compile(rf"({MONTH_NAME})\s+(\d{{1,2}}),?\s+(\d{{4}})", re.I)
_US = re.compile(r"\b(\d{1,2})/(\d{1,2})/(\d{4})\b")
_ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})")


def _iso(y: int, m: int, d: int) -> str | None:
    try:
        return date(y, m, d).isoformat()
    except ValueError:
        return None


def parse_date(value) -> str | None:
    """ISO date from ISO text, US-style m/d/yyyy, 'Month D, YYYY', unix seconds, or a date object; else, for
    short text, what dateparser reads in it ('14 October 2026', 'Oct. 14th, 2026', '2026/10/14'); else
    None."""
    if value is None:
        return None
    if isinstance(value, (datetime, date)):
        return value.date().isoformat() if isinstance(value, datetime) else value.isoformat()
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return _from_unix(float(value))
    text = str(value).strip()
    if re.fullmatch(r"\d{9,11}(\.\d+)?", text):
        return _from_unix(float(text))
    for pattern, order in ((_ISO, (0, 1, 2)), (_US, (2, 0, 1))):
        m = pattern.search(text)
        if m:
            parts = [int(g) for g in m.groups()]
            return _iso(parts[order[0]], parts[order[1]], parts[order[2]])
    m = _WRITTEN.search(text)
    if m:
        month = MONTH_NUMBER[m.group(1).lower().rstrip(".")[:3]]
        return _iso(int(m.group(3)), month, int(m.group(2)))
    return _dateparser(text) if len(text) <= _DATEPARSER_MAX and re.search(r"\d", text) else None


# dateparser for what the patterns above miss, told not to guess: English only, month before day when the
# order is ambiguous (as US agencies write), no relative dates ('yesterday', '2 days ago'), no bare timestamps
# or digit runs, and a day, a month and a year all required. The day is the one written, whatever its time
# zone.
_DATEPARSER_SETTINGS = {
    "DATE_ORDER": "MDY",
    "PREFER_LOCALE_DATE_ORDER": False,
    "PARSERS": ["custom-formats", "absolute-time"],
    "REQUIRE_PARTS": ["day", "month", "year"],
    "RETURN_AS_TIMEZONE_AWARE": False,
}
_DATEPARSER_MAX = 100  # characters: longer text is prose, not a date


@lru_cache(maxsize=4096)
def _dateparser(text: str) -> str | None:
    import dateparser  # loaded on first use: about 0.3 s

    found = dateparser.parse(text, languages=["en"], settings=_DATEPARSER_SETTINGS)
    return found.date().isoformat() if found else None


def _from_unix(seconds: float) -> str | None:
    try:
        return datetime.fromtimestamp(seconds, tz=UTC).date().isoformat()
    except (OverflowError, OSError, ValueError):
        return None


# ---- agencies ------------------------------------------------------------


@lru_cache(maxsize=1)
def _agency_table() -> list[dict[str, str]]:
    with open(ROOT / "data" / "agencies.csv", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def agency_from_url(url: str) -> tuple[str, str]:
    """Agency name and acronym for a URL's host, from data/agencies.csv; empty when unknown."""
    host = (urlparse(url or "").hostname or "").lower()
    for row in _agency_table():
        if host == row["host"] or host.endswith("." + row["host"]):
            return row["agency"], row["acronym"]
    return "", ""


def agency_named_in(text: str) -> tuple[str, str]:
    """The known agency a text names first (from data/agencies.csv), or empty."""
    found = [(text.find(row["agency"]), row["agency"], row["acronym"]) for row in _agency_table()]
    found = [f for f in found if f[0] >= 0]
    return min(found)[1:] if found else ("", "")


def acronym_for(agency: str) -> str:
    """The acronym data/agencies.csv gives an agency's name, or empty."""
    for row in _agency_table():
        if row["agency"].casefold() == agency.casefold():
            return row["acronym"]
    return ""


# ---- decoding ------------------------------------------------------------

# Signatures of file types that are not text releases, whatever their names say.
_MAGIC = (
    (b"%PDF", "a PDF document"),
    (b"\x89PNG", "a PNG image"),
    (b"GIF8", "a GIF image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"RIFF", "a RIFF media file (WebP, WAV or AVI)"),
    (b"PK\x03\x04", "a zip archive (or an Office document)"),
    (b"PK\x05\x06", "an empty zip archive"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"BZh", "a bzip2 archive"),
    (b"\xfd7zXZ", "an xz archive"),
    (b"7z\xbc\xaf", "a 7-Zip archive"),
    (b"Rar!", "a RAR archive"),
    (b"\x7fELF", "a program (ELF executable)"),
    (b"MZ\x90", "a Windows program"),
    (b"\xd0\xcf\x11\xe0", "an old Microsoft Office document"),
    (b"{\\rtf", "an RTF document"),
    (b"SQLite format 3", "an SQLite database"),
    (b"PAR1", "a Parquet file"),
    (b"ID3", "an MP3 file"),
    (b"OggS", "an Ogg media file"),
)


def binary_kind(data: bytes) -> str:
    """What a file is when its first bytes are a known non-text signature, else ''."""
    if data[4:8] == b"ftyp":
        return "an MP4 or QuickTime media file"
    return next((kind for magic, kind in _MAGIC if data.startswith(magic)), "")


def _utf16_without_bom(head: bytes) -> str:
    """'utf-16-le' or 'utf-16-be' when NUL bytes sit in every other position, as in ASCII text in UTF-16."""
    even, odd = head[0::2].count(0), head[1::2].count(0)
    if odd > 0.4 * len(head[1::2]) and even < 0.05 * max(len(head[0::2]), 1):
        return "utf-16-le"
    if even > 0.4 * len(head[0::2]) and odd < 0.05 * max(len(head[1::2]), 1):
        return "utf-16-be"
    return ""


def decode(data: bytes) -> str:
    """Bytes to text: UTF-8 (with or without BOM), UTF-16 (with a BOM, or recognised without), else cp1252;
    known binary formats and other bytes with NULs are refused, saying what the file is."""
    kind = binary_kind(data)
    if kind:
        raise ReadError(f"the file is {kind}, not a text release")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise ReadError(
                f"starts with a UTF-16 byte-order mark but is not valid UTF-16 ({exc.reason} at byte "
                f"{exc.start})"
            ) from exc
    if b"\x00" in data[:4096]:
        encoding = _utf16_without_bom(data[:4096])
        if encoding:
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError:
                text = ""
            head = text[:2000]
            if head and sum(c.isprintable() or c.isspace() for c in head) >= 0.95 * len(head):
                return text
        raise ReadError("binary file (contains NUL bytes), not a text release")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")
