"""Periods a figure refers to ('in the last fiscal year'), as expressions resolved against the release date."""
from __future__ import annotations

import re
from datetime import date

from lib.nlp.numbers import UNITS

MONTHS = "january february march april may june july august september october november december".split()
_MONTH = r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
PATTERNS: tuple[tuple[str, re.Pattern], ...] = tuple((kind, re.compile(p, re.I)) for kind, p in (
    ("fy_rel", r"\b(?:the\s+)?(last|past|previous|prior|current|this)\s+fiscal\s+year\b"),
    ("fy_num", r"\b(?:fiscal\s+year|FY)\s?'?(\d{4}|\d{2})\b"),
    ("fytd", r"\b(?:so\s+far\s+this|to\s+date\s+in\s+the)\s+fiscal\s+year\b|\bfiscal\s+year\s+to\s+date\b"),
    ("last_n", r"\b(?:the\s+)?(?:last|past|previous)\s+(\w+)\s+(months|weeks|days|years)\b"),
    ("month", rf"\b(?:in|during|for|of|since)\s+({_MONTH})(?:,?\s+(\d{{4}}))?\b(?!\s+\d)"),
    ("last_month", r"\b(?:last|the\s+previous|the\s+past)\s+month\b"),
    ("last_year", r"\blast\s+(?:calendar\s+)?year\b"),
    ("year", r"\b(?:in|during|since|for)\s+(?:calendar\s+year\s+)?((?:19|20)\d{2})\b"),
))


def find_period(sentence: str) -> str:
    """A normalised period expression found in a sentence ('fy:last', 'month:1:', 'last:6:months'), or ''."""
    for kind, pattern in PATTERNS:
        m = pattern.search(sentence)
        if not m:
            continue
        if kind == "fy_rel":
            return "fy:last" if m.group(1).lower() in ("last", "past", "previous", "prior") else "fy:current"
        if kind == "fy_num":
            year = int(m.group(1))
            return f"fy:{year + 2000 if year < 100 else year}"
        if kind == "fytd":
            return "fy:current"
        if kind == "last_n":
            n = UNITS.get(m.group(1).lower()) or (int(m.group(1)) if m.group(1).isdigit() else 0)
            return f"last:{n}:{m.group(2).lower()}" if n else ""
        if kind == "month":
            return f"month:{MONTHS.index(m.group(1).lower()) + 1}:{m.group(2) or ''}"
        if kind == "last_month":
            return "last:1:months"
        if kind == "last_year":
            return "cy:last"
        if kind == "year":
            return f"cy:{m.group(1)}"
    return ""


def fiscal_year(day: date) -> int:
    return day.year + 1 if day.month >= 10 else day.year


def _shift(year: int, month: int, by: int) -> tuple[int, int]:
    index = year * 12 + month - 1 + by
    return index // 12, index % 12 + 1


def resolve(expr: str, released: str | None) -> str | None:
    """'FY2019', 'CY2019', '2020-01' or '2019-08/2020-01' for an expression and an ISO release date."""
    if not expr:
        return None
    kind, *args = expr.split(":")
    if kind in ("fy", "cy") and args[0].isdigit():
        return f"{kind.upper()}{args[0]}"
    if not released:
        return None
    day = date.fromisoformat(released)
    if kind == "fy":
        return f"FY{fiscal_year(day) - (1 if args[0] == 'last' else 0)}"
    if kind == "cy":
        return f"CY{day.year - 1}"
    if kind == "release":
        return f"{day.year:04d}-{day.month:02d}"
    if kind == "month":
        month, year = int(args[0]), args[1]
        year = int(year) if year else (day.year if month <= day.month else day.year - 1)
        return f"{year:04d}-{month:02d}"
    if kind == "last" and args[1] == "months":
        n = int(args[0])
        end = _shift(day.year, day.month, -1)
        start = _shift(day.year, day.month, -n)
        return f"{end[0]:04d}-{end[1]:02d}" if n == 1 else f"{start[0]:04d}-{start[1]:02d}/{end[0]:04d}-{end[1]:02d}"
    if kind == "last" and args[1] == "years":
        return f"FY{fiscal_year(day) - int(args[0])}/FY{fiscal_year(day) - 1}"
    return None
