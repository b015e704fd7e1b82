"""Transcripts (press briefings, gaggles, remarks, interviews): the turns opened by a speaker's name in
capitals and a colon ("MS. JEAN-PIERRE:", "THE PRESIDENT:"), each the named person's words until the next
turn, a reporter's question ("Q") or the end. The vocabulary is data/quotes.yml (lib.nlp.lexicon); an office's
holder on a date comes from lib.nlp.administrations.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lib.nlp.lexicon import lexicon

# A turn name: words in capitals (with the stops, hyphens and apostrophes of "MS. JEAN-PIERRE", "O’ROURKE"), a
# colon.
_TURN = re.compile(r"(?P<name>[A-Z][A-Z.’'-]*(?:\s+[A-Z][A-Z.’'-]*){0,6})\s*:\s+(?=\S)")
_QUESTION = re.compile(r"Q[:.]?(?:\s|$)")
# A time stamp or a stage direction on a line of its own ("11:47 A.M. EDT", "(Applause.)"): no one's words.
_ASIDE = re.compile(r"\d{1,2}:\d{2}\s*[AP]\.?M\.?(?:\s+[A-Z]{2,4})?|\([^)]*\)")


@dataclass
class Turn:
    name: str  # the turn name as written ("MS. JEAN-PIERRE")
    start: int
    end: int


def _is_speaker(name: str, opened: int) -> bool:
    words = lexicon()
    if name in words.not_speakers or len(re.sub(r"[^A-Z]", "", name)) < 2:
        return False
    return opened >= 2 or any(w in words.name_words for w in name.split())


def turns(text: str) -> list[Turn]:
    """The turns of a transcript, in order; none for a text that is not one."""
    paragraphs = [(m.start(), m.end(), _TURN.match(m.group(0))) for m in re.finditer(r"[^\n]+", text)]
    opened: dict[str, int] = {}
    for _, _, m in paragraphs:
        if m:
            opened[m.group("name")] = opened.get(m.group("name"), 0) + 1
    speakers = {name for name, n in opened.items() if _is_speaker(name, n)}
    if not speakers:
        return []
    end_words = lexicon().end
    out: list[Turn] = []
    current: Turn | None = None
    for start, end, m in paragraphs:
        para = text[start:end]
        closes = bool(m) or _QUESTION.match(para) or para.split(" ", 1)[0] in end_words
        if closes and current:
            out.append(current)
            current = None
        if m and m.group("name") in speakers:
            current = Turn(m.group("name"), start + m.end(), end)
        elif current and not closes and not _ASIDE.fullmatch(para.strip()):
            current.end = end
    if current:
        out.append(current)
    return out


def speaker_of(name: str) -> str:
    """The speaker a turn name stands for as the transcript writes it: a surname without its honorific ("MS.
    JEAN-PIERRE" → "Jean-Pierre"), an office ("THE PRESIDENT" → "The President", resolved by date in
    lib.records), or a description ("SENIOR ADMINISTRATION OFFICIAL" → "Senior Administration Official")."""
    words = name.split()
    for h in lexicon().turn_honorifics:
        if tuple(words[: len(h)]) == h and len(words) > len(h):
            words = words[len(h) :]
            break
    return " ".join(
        w.capitalize() if "-" not in w else "-".join(p.capitalize() for p in w.split("-")) for w in words
    )


# A dateline opening a release's body ("WASHINGTON - ", "EL PASO, Texas — ").
_DATELINE = re.compile(r"[A-Z][A-Z .,'’-]*(?:,\s+[A-Z][\w.]*(?:\s+[A-Z][\w.]*)?)?\s+[-–—]+\s+")
_SPEECH_TAIL = (
    r"(?:\s+(?i:at|on|to|before|in|during|for|with|from|after|aboard|upon|following|announcing|regarding|about|"
    r"as|celebrating|honoring|marking|commemorating)\b.*)?$"
)


def _alternatives(words: tuple[str, ...]) -> str:
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True))


def speech(title: str, text: str) -> tuple[str, int, int] | None:
    """(who, start, end) of a release that is one person's speech, as its title says ("Remarks as Delivered
    by Senior Advisor X at …", "X Speaks at …"): the words from the first paragraph, after a dateline, to the
    end; None for any other title."""
    words = lexicon()
    m = re.match(
        rf"(?:{_alternatives(words.speech_before)})(?:\s+(?:as\s+)?(?:Prepared|Delivered)(?:\s+for\s+Delivery)?)?"
        rf"\s+(?:by|of|from)\s+(?P<who>.+?){_SPEECH_TAIL}",
        title.strip(),
    ) or re.match(rf"(?P<who>.+?)\s+(?:{_alternatives(words.speech_after)}){_SPEECH_TAIL}", title.strip())
    body = text.rstrip()
    if not m or not body or re.search(r"\s(?:and|&)\s", m.group("who")):
        return None  # joint remarks without turns say nothing of who said what
    start = len(text) - len(text.lstrip())
    dateline = _DATELINE.match(text, start)
    return m.group("who").strip(" ,:"), dateline.end() if dateline else start, len(body)
