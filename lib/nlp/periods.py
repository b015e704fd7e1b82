"""Periods a figure refers to ('in the last fiscal year'), as expressions resolved against the release
date."""

from __future__ import annotations

import re
from datetime import date

from lib.ingest.base import MONTH_NUMBER
from lib.nlp import administrations
from lib.nlp.numbers import UNITS

_MONTH = r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
_MON = rf"(?:{_MONTH}|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.)"
PATTERNS: tuple[tuple[str, re.Pattern], ...] = tuple(
    (kind, re.compile(p, re.I))
    for kind, p in (
        # "The May total was …", "August was the fourth straight month …": the month the sentence is about
        (
            "month_subject",
            rf"^\W*(?:the\s+)?({_MONTH})(?:\s+(\d{{4}}))?\s+(?:total|was|were|saw|numbers?|figures?|count)\b",
        ),
        (
            "fy_first",
            r"\bfirst\s+(\w+)\s+months\s+of\s+(?:the\s+)?(?:fiscal\s+year\s+(\d{4})|(?:current\s+|this\s+)?fiscal\s+year)\b",
        ),
        (
            "since_fy",
            r"\bsince\s+(?:the\s+(?:fiscal\s+year\s+began|start\s+of\s+the\s+fiscal\s+year)|"
            r"(?:October|Oct\.)(?:\s+1)?\b(?!,?\s+\d{4}))",
        ),
        ("since", rf"\bsince\s+({_MON})(?:\s+\d{{1,2}})?,?\s+(\d{{4}})\b"),
        # "between 2000 and 2001", "from 2001 through 2004", "2001 through 2004", "in 2020 and 2021"
        (
            "years_between",
            r"\b(?:(?:between|from|in)\s+)?((?:19|20)\d{2})\s+(?:and|through|to|until|[-–])\s+((?:19|20)\d{2})\b",
        ),
        ("since_year", r"\bsince\s+((?:19|20)\d{2})\b"),
        ("since_month", rf"\bsince\s+({_MONTH})\b(?!\s+\d)"),
        ("fy_rel", r"\b(?:the\s+)?(last|past|previous|prior|current|this)\s+fiscal\s+year\b"),
        ("fy_num", r"\b(?:fiscal\s+year|FY)\s?'?(\d{4}|\d{2})\b"),
        (
            "fytd",
            r"\b(?:so\s+far\s+this|to\s+date\s+in\s+the)\s+fiscal\s+year\b|\bfiscal\s+year\s+to\s+date\b",
        ),
        # the administration in office: "since taking office", "since President Trump took office", "since
        # Donald Trump’s inauguration", "during this Administration", "on my watch"
        (
            "administration",
            r"\bsince\s+(?:(?:I|we|he|she|(?:the\s+)?(?:President|Vice\s+President)(?:\s+[A-Z][\w.]*){0,3}|"
            r"[A-Z][\w.]*(?:\s+[A-Z][\w.]*){0,2})\s+(?:took|came\s+into|entered)\s+office|taking\s+office|"
            r"(?:the\s+|(?:President\s+)?(?:[A-Z][\w.]*\s+){0,2}[A-Z][\w]*[’']s\s+)inauguration)|"
            r"\b(?:during|under|in)\s+(?:this|the\s+current|my|our)\s+administration\b|\bon\s+my\s+watch\b",
        ),
        (
            "previous_administration",
            r"\b(?:under|during|in)\s+the\s+(?:previous|prior|last)\s+administration\b",
        ),
        # an administration by its president: "under the Biden Administration", "across Biden’s four years in
        # office", "under President Trump" (case matters: a name)
        (
            "named_administration",
            r"\b(?:under|during|in|across|over|of)\s+(?:the\s+)?(?:President\s+)?(?-i:(?P<name>[A-Z][a-z]+))"
            r"(?:[’']s)?\s+(?:administration|presidency|(?:\w+\s+)?(?:years?|terms?)\s+in\s+office)\b|"
            r"\bunder\s+President\s+(?-i:(?P<named>[A-Z][a-z]+))\b(?!\s+(?-i:[A-Z]))",
        ),
        ("last_n", r"\b(?:the\s+)?(?:last|past|previous)\s+(\w+)\s+(months|weeks|days|years)\b"),
        ("month", rf"\b(?:in|during|for|of|since)\s+({_MONTH})(?:,?\s+(\d{{4}}))?\b(?!\s+\d)"),
        ("last_month", r"\b(?:last|the\s+previous|the\s+past)\s+month\b"),
        ("last_year", r"\blast\s+(?:calendar\s+)?year\b"),
        # "This year, the deficit fell by …", "This year alone"; not "until earlier this year" (when, not how
        # long)
        ("this_year", r"(?<!earlier\s)(?<!later\s)\b(?:this|the\s+current)\s+(?:calendar\s+)?year\b"),
        ("year", r"\b(?:in|during|since|for)\s+(?:calendar\s+year\s+)?((?:19|20)\d{2})\b"),
    )
)


# A period a figure is compared with is not the figure's own: "down 17 percent from October and nearly 76
# percent lower than in November 2023", "the highest for any month since March 2006".
_BASELINE = re.compile(r"(?:\bthan|\bfrom|\bcompared\s+(?:with|to)|\bversus|\bvs\.|\bback\s+to)\s+$", re.I)
_RECORD = re.compile(r"\b(?:highest|lowest|most|fewest|largest|smallest|biggest|record)\b", re.I)


def _own(sentence: str, m: re.Match) -> bool:
    """Whether a period found in the sentence is the figure's own, not the baseline of a comparison."""
    before = sentence[max(0, m.start() - 30) : m.start()]
    if _BASELINE.search(before):
        return False
    since = m.group(0).lower().startswith("since") or re.search(
        r"\bsince\s+(?:at\s+least\s+)?(?:the\s+)?$", before, re.I
    )
    if since and _RECORD.search(sentence[: m.start()]):  # "the lowest since at least fiscal year 2000"
        return False
    # "one of the largest seizures at the port in the last five years", "the largest seizure … this year"
    return not (
        re.match(r"(?:the\s+)?(?:last|past|this)\b", m.group(0), re.I)
        and _RECORD.search(sentence[max(0, m.start() - 60) : m.start()])
    )


def month_number(word: str) -> int:
    """1 for 'January', 'Jan.' or 'jan', … 12 for 'Dec.'."""
    return MONTH_NUMBER[word.lower().rstrip(".")[:3]]


def find_period(sentence: str) -> str:
    """A normalised period expression found in a sentence ('fy:last', 'month:1:', 'last:6:months'), or ''."""
    for kind, pattern in PATTERNS:
        m = next((m for m in pattern.finditer(sentence) if _own(sentence, m)), None)
        if not m:
            continue
        if kind == "month_subject":
            return f"month:{month_number(m.group(1))}:{m.group(2) or ''}"
        if kind == "fy_first":
            n = UNITS.get(m.group(1).lower()) or (int(m.group(1)) if m.group(1).isdigit() else 0)
            return f"fyfirst:{n}:{m.group(2) or ''}" if n else ""
        if kind == "since_fy":
            return "fy:current"
        if kind == "since":
            return f"since:{month_number(m.group(1))}:{m.group(2)}"
        if kind == "years_between":
            return f"years:{m.group(1)}:{m.group(2)}" if m.group(1) < m.group(2) else ""
        if kind == "since_year":
            return f"sinceyear:{m.group(1)}"
        if kind == "since_month":
            return f"sincemonth:{month_number(m.group(1))}"
        if kind == "administration":
            return "administration:0"
        if kind == "previous_administration":
            return "administration:1"
        if (
            kind == "this_year"
        ):  # a dated event in the sentence ("on March 17, the third … this year") is its own
            if re.search(rf"\b{_MON}\s+\d{{1,2}}\b", sentence):
                continue
            return "cy:current"
        if kind == "named_administration":
            return f"president:{m.group('name') or m.group('named')}"
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
            return f"month:{month_number(m.group(1))}:{m.group(2) or ''}"
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
    if kind == "years":
        return f"{args[0]}-01/{args[1]}-12"
    if (
        kind == "fyfirst" and args[1]
    ):  # "the first eight months of fiscal year 2019": October 2018 to May 2019
        start, end = (int(args[1]) - 1, 10), _shift(int(args[1]) - 1, 10, int(args[0]) - 1)
        return f"{start[0]:04d}-{start[1]:02d}/{end[0]:04d}-{end[1]:02d}"
    if not released:
        return None
    day = date.fromisoformat(released)
    if kind == "fy":
        return f"FY{fiscal_year(day) - (1 if args[0] == 'last' else 0)}"
    if kind == "fyfirst":
        return resolve(f"fyfirst:{args[0]}:{fiscal_year(day)}", released)
    if kind == "since":  # "since Oct. 1, 2009": from that month to the release's
        return f"{int(args[1]):04d}-{int(args[0]):02d}/{day.year:04d}-{day.month:02d}"
    if kind == "cy":
        return f"CY{day.year - (0 if args[0] == 'current' else 1)}"
    here = f"{day.year:04d}-{day.month:02d}"
    if kind == "sinceyear":  # "since 2020": from its January to the release's month
        return f"{int(args[0]):04d}-01/{here}"
    if kind == "sincemonth":  # "since June": from that month to the release's
        start = resolve(f"month:{args[0]}:", released)
        return start if start == here else f"{start}/{here}"
    if kind == "president":  # the term of the president named, to the release's month while it runs
        first, after = administrations.term_of(args[0], released)
        return f"{first[:7]}/{here if after is None else after[:7]}" if first else None
    if kind == "administration":  # the administration in office at the release, or the one before it
        first, after = administrations.term(released, int(args[0]))
        if not first:
            return None
        last = here if after is None or int(args[0]) == 0 else after[:7]
        return f"{first[:7]}/{last}"
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
        return (
            f"{end[0]:04d}-{end[1]:02d}"
            if n == 1
            else f"{start[0]:04d}-{start[1]:02d}/{end[0]:04d}-{end[1]:02d}"
        )
    if kind == "last" and args[1] == "years":  # "over the last two years": the 24 months before the release's
        return resolve(f"last:{12 * int(args[0])}:months", released)
    return None
