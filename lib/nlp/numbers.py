"""Numbers as written in releases ('nearly 1 million', 'two dozen', '$1.2 million') to values."""

from __future__ import annotations

import re

UNITS = {
    w: i
    for i, w in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
        "sixteen seventeen eighteen nineteen".split()
    )
}
TENS = {
    w: 10 * i
    for i, w in enumerate("_ _ twenty thirty forty fifty sixty seventy eighty ninety".split())
    if w != "_"
}
# "the tenth straight month", "the 3rd consecutive year"
ORDINALS = {
    w: i + 1
    for i, w in enumerate(
        "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth thirteenth "
        "fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth twentieth".split()
    )
}
SCALES = {"hundred": 1e2, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12, "dozen": 12.0}

_WORD = "|".join(sorted(list(UNITS) + list(TENS), key=len, reverse=True))
WORD_NUMBER = rf"(?:{_WORD})(?:[- ](?:one|two|three|four|five|six|seven|eight|nine))?"
DIGITS = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
# "four hundred thousand" has two scale words; "$1million" none of the space.
SCALE = r"(?:\s*(?:hundred|thousand|million|billion|trillion|dozen)){0,2}"
NUMBER = rf"(?:\$\s?)?(?:{DIGITS}|{WORD_NUMBER}|a|an|half a){SCALE}"


def parse_number(text: str) -> float | None:
    """The value of a number phrase, or None when it is not one."""
    text = re.sub(r"(\d)([a-z])", r"\1 \2", text.lower())  # "$1million"
    words = text.replace("$", "").replace(",", "").replace("-", " ").split()
    if not words:
        return None
    total, current, seen = 0.0, 0.0, False
    for word in words:
        if re.fullmatch(r"\d+(\.\d+)?", word):
            current += float(word)
        elif word in UNITS:
            current += UNITS[word]
        elif word in TENS:
            current += TENS[word]
        elif word in ("a", "an"):
            current += 1
        elif word == "half":
            current += 0.5
        elif word in SCALES:
            scale = SCALES[word]
            current = (current or 1) * scale
            if scale >= 1000:
                total, current = total + current, 0.0
        else:
            return None
        seen = True
    return total + current if seen else None
