"""Who held the offices of the White House, and when each administration ran, from data/administrations.yml:
the speaker behind "THE PRESIDENT:" in a transcript, and the months of "since taking office"."""

from __future__ import annotations

from bisect import bisect_right
from functools import lru_cache

import yaml

from lib.settings import ROOT

ADMINISTRATIONS = ROOT / "data" / "administrations.yml"


@lru_cache(maxsize=1)
def _terms() -> tuple[list[str], list[dict]]:
    terms = sorted(yaml.safe_load(ADMINISTRATIONS.read_text(encoding="utf-8")), key=lambda t: str(t["from"]))
    return [str(t["from"]) for t in terms], terms


def _index(date: str) -> int:
    starts, _ = _terms()
    return bisect_right(starts, date[:10]) - 1


def office_holder(speaker: str, date: str | None) -> str:
    """Who held the office a speaker like "The President" names on the date (ISO), or ''."""
    office = speaker.lower().removeprefix("the ").strip()
    if not date or not office:
        return ""
    i = _index(date)
    return str(_terms()[1][i].get(office) or "") if i >= 0 else ""


def term_of(name: str, date: str) -> tuple[str, str | None]:
    """(first day, day after the last) of the latest term begun by the date of the president whose name ends
    with `name` ("Biden", "Trump"); the last day is None for a term still running on the date; ('', None) if
    none."""
    starts, terms = _terms()
    for i in range(_index(date), -1, -1):
        if str(terms[i].get("president", "")).split()[-1].lower() == name.lower():
            after = starts[i + 1] if i + 1 < len(starts) and starts[i + 1] <= date[:10] else None
            return starts[i], after
    return "", None


def term(date: str, back: int = 0) -> tuple[str, str | None]:
    """(first day, day after the last) of the administration in office on the date (ISO), or of the one `back`
    before it; the last day is None for the one still in office. ('', None) when the data does not reach
    back."""
    starts, _ = _terms()
    i = _index(date) - back
    if i < 0:
        return "", None
    return starts[i], starts[i + 1] if i + 1 < len(starts) else None
