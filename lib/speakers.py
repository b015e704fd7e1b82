"""One person, one speaker: names as written in releases grouped into canonical speakers with a stable id, and
the editable alias file (data/speakers.yml) that merges or splits them. Pure functions, no streamlit.

What merges without an alias file: names equal once case, accents, punctuation and spacing are folded, leading
honorifics and words such as "Acting" or "Dr." dropped, suffixes (Jr., III) dropped and middle initials
dropped ("Robert E. Perez" = "Robert Perez"). Different first names are different people. A bare surname
("Perez") or an initial and a surname ("R. Perez") joins a full name only when exactly one speaker in the
corpus has that surname (and that initial); otherwise it stays a speaker of its own."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

import pandas as pd
import yaml

from lib import settings
from lib.errors import PressroomError

# Leading words dropped from a name (while a name is left): honorifics and words of office that extraction may
# leave in front of a name. Lower case, without dots.
LEADING = frozenset(
    """acting interim deputy mr mrs ms mx miss dr doctor prof professor hon honorable honourable rev
reverend sir dame the secretary commissioner director chief administrator sheriff senator sen
representative rep governor gov mayor ambassador judge president vice lieutenant lt captain capt
sergeant sgt officer agent special assistant chair chairman chairwoman first lady congressman
congresswoman speaker leader""".split()
)
SUFFIXES = frozenset("jr sr ii iii iv esq phd md".split())
ID_PREFIX = "sp-"


class Speaker(NamedTuple):
    id: str
    name: str  # the display name


class AliasError(PressroomError):
    """The alias file cannot be used; the message names the file and the reason."""


@dataclass(frozen=True)
class Aliases:
    """What the alias file says: merge (canonical name -> variants folded into it) and split (names as written
    kept as speakers of their own)."""

    merge: dict[str, tuple[str, ...]] = field(default_factory=dict)
    split: tuple[str, ...] = ()


NO_ALIASES = Aliases()


def _collapse(name: str) -> str:
    return " ".join(str(name).split())


def _tokens(name: str) -> list[str]:
    """The name folded: accents removed, lower case, punctuation as spaces (apostrophes dropped)."""
    text = unicodedata.normalize("NFKD", str(name))
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    text = re.sub(r"[’'`]", "", text)
    return re.sub(r"[^\w]+|_", " ", text).split()


@lru_cache(maxsize=1 << 17)  # called several times a name; a store has tens of thousands of names
def normalise(name: str) -> str:
    """The key a name is grouped by: "Acting Commissioner Robert E. Pérez, Jr." -> "robert perez"."""
    tokens = _tokens(name)
    while len(tokens) > 1 and tokens[0] in LEADING:
        tokens.pop(0)
    while len(tokens) > 1 and tokens[-1] in SUFFIXES:
        tokens.pop()
    if len(tokens) > 2:
        tokens = [tokens[0], *(t for t in tokens[1:-1] if len(t) > 1), tokens[-1]]
    return " ".join(tokens)


def speaker_id(key: str) -> str:
    """A short id for a normalised key, the same on every run and machine."""
    return ID_PREFIX + hashlib.sha1(key.encode("utf-8")).hexdigest()[:10]


def _is_full(key: str) -> bool:
    """A first name (not an initial) and a surname."""
    parts = key.split()
    return len(parts) >= 2 and len(parts[0]) > 1


def _partial(key: str) -> tuple[str, str] | None:
    """(initial or "", surname) of a bare surname ("perez") or initial and surname ("r perez"); else None."""
    parts = key.split()
    if len(parts) == 1:
        return "", parts[0]
    if len(parts) == 2 and len(parts[0]) == 1:
        return parts[0], parts[1]
    return None


def _counts(names) -> Counter:
    """Names as written (whitespace collapsed) with how often each is written; blank names left out."""
    pairs = names.items() if hasattr(names, "items") else ((n, 1) for n in names)
    counts: Counter = Counter()
    for name, n in pairs:
        if isinstance(name, str) and name.strip():
            counts[_collapse(name)] += int(n)
    return counts


def _groups(written: Iterable[str], aliases: Aliases) -> dict[str, str]:
    """Each name as written -> its group key: "merge:<key>", "split:<name>" or "auto:<key>"."""
    merged, listed = {}, {}  # by normalised key; by the name exactly as listed
    for canonical, variants in aliases.merge.items():
        for name in (canonical, *variants):
            merged[normalise(name) or _collapse(name).casefold()] = f"merge:{normalise(canonical)}"
            listed[_collapse(name)] = f"merge:{normalise(canonical)}"
    split = {_collapse(n) for n in aliases.split}
    groups = {}
    for name in written:  # a name listed under merge is merged; else a split name stays apart
        key = normalise(name) or name.casefold()
        if name in listed:
            groups[name] = listed[name]
        elif name in split:
            groups[name] = f"split:{name}"
        else:
            groups[name] = merged.get(key, f"auto:{key}")
    return _join_partials(groups)


def _join_partials(groups: dict[str, str]) -> dict[str, str]:
    """A bare surname (or initial and surname) joins the one full-name group with that surname (and
    initial)."""
    people: dict[tuple[str, str], set[str]] = defaultdict(set)  # (initial or "", surname) -> full-name groups
    for name, group in groups.items():
        key = normalise(name)
        if _is_full(key):
            first, last = key.split()[0], key.split()[-1]
            people["", last].add(group)
            people[first[0], last].add(group)
    out = dict(groups)
    for name, group in groups.items():
        partial = _partial(normalise(name))
        if group.startswith("auto:") and partial and len(people.get(partial, ())) == 1:
            out[name] = next(iter(people[partial]))
    return out


def _plain(name: str) -> bool:
    """A written form fit to show: not all capitals, no leading honorific or word of office."""
    tokens = _tokens(name)
    return not name.isupper() and not (len(tokens) > 1 and tokens[0] in LEADING)


def _display(group: str, forms: Counter, aliases: Aliases) -> str:
    """The canonical name from the alias file, else the commonest written form (ties: longest, accents
    counting, then alphabetical) among those with the group's own key (a merged bare surname is not chosen
    over the full name), preferring forms without capitals throughout or a leading "Acting", "Dr." and the
    like."""
    kind, _, key = group.partition(":")
    if kind == "merge":
        return next(_collapse(c) for c in aliases.merge if normalise(c) == key)
    if kind == "split":
        return key
    own = [n for n in forms if (normalise(n) or n.casefold()) == key] or list(forms)
    own = own if len(own) == 1 else [n for n in own if _plain(n)] or own
    return min(own, key=lambda n: (-forms[n], -len(unicodedata.normalize("NFD", n)), n))


def canonical(names, aliases: Aliases = NO_ALIASES) -> dict[str, Speaker]:
    """Each name as written -> its Speaker (stable id, display name). `names` is an iterable of names (repeats
    count) or a mapping / Series of name -> count; the result does not depend on their order. Keys are the
    names with whitespace collapsed; blank names are left out."""
    counts = _counts(names)
    groups = _groups(sorted(counts), aliases)
    forms: dict[str, Counter] = defaultdict(Counter)
    for name, group in groups.items():
        forms[group][name] = counts[name]
    speakers = {
        g: Speaker(
            speaker_id(g.partition(":")[2] if not g.startswith("split:") else g),
            _display(g, forms[g], aliases),
        )
        for g in sorted(forms)
    }
    taken = Counter(s.name for s in speakers.values())
    speakers = {
        g: s if taken[s.name] == 1 else Speaker(s.id, f"{s.name} ({s.id})") for g, s in speakers.items()
    }
    return {name: speakers[group] for name, group in groups.items()}


def table(counts: pd.Series, aliases: Aliases = NO_ALIASES) -> pd.DataFrame:
    """Names as written (index of `counts`, values how often each is written; whitespace collapsed, blanks
    left out) with their speaker: speaker_as_written, speaker, speaker_id, quotes; the most quoted speakers
    first, and their commonest written forms first."""
    written = _counts(counts)
    mapping = canonical(written, aliases)
    out = pd.DataFrame(
        {
            "speaker_as_written": pd.Series(list(written), dtype=object),
            "speaker": pd.Series([mapping[n].name for n in written], dtype=object),
            "speaker_id": pd.Series([mapping[n].id for n in written], dtype=object),
            "quotes": pd.Series(list(written.values()), dtype="int64"),
        }
    )
    total = out.groupby("speaker_id")["quotes"].transform("sum")
    order = (
        out.assign(total=total)
        .sort_values(
            ["total", "speaker", "quotes", "speaker_as_written"], ascending=[False, True, False, True]
        )
        .index
    )
    return out.loc[order].reset_index(drop=True)


def names(speakers: pd.DataFrame) -> list[str]:
    """The canonical names of a table(), most quoted first."""
    return list(dict.fromkeys(speakers["speaker"]))


def variants(speakers: pd.DataFrame, chosen: Iterable[str]) -> tuple[str, ...]:
    """The names as written of the chosen speakers (canonical names; a name as written stands for itself
    too)."""
    chosen = set(chosen)
    mine = speakers["speaker"].isin(chosen) | speakers["speaker_as_written"].isin(chosen)
    return tuple(dict.fromkeys([*speakers.loc[mine, "speaker_as_written"], *sorted(chosen)]))


def apply(quotes: pd.DataFrame, speakers: pd.DataFrame) -> pd.DataFrame:
    """`quotes` with speaker as the canonical name, the name as written (whitespace collapsed) in
    speaker_as_written and the speaker_id, all three categorical. Mapped over the distinct names only: a
    million quotes cost one factorisation. A name the table does not know stays itself, without an id."""
    codes, uniques = pd.factorize(quotes["speaker"].astype("string").fillna(""))
    known = dict(
        zip(
            speakers["speaker_as_written"],
            zip(speakers["speaker"], speakers["speaker_id"], strict=True),
            strict=True,
        )
    )
    written = [_collapse(n) for n in uniques]
    found = [known.get(n, (n, "")) for n in written]
    out = quotes.copy(
        deep=False
    )  # the columns below are replaced, not changed: no copy of every quote's text
    for column, values in (
        ("speaker_as_written", written),
        ("speaker", [f[0] for f in found]),
        ("speaker_id", [f[1] for f in found]),
    ):
        value_codes, categories = pd.factorize(pd.Index(values, dtype=object))
        out[column] = pd.Categorical.from_codes(
            value_codes[codes] if len(values) else codes, categories=categories.astype(str)
        )
    return out


# the alias file


def fingerprint(path: Path | None) -> str:
    """What changes when the alias file does: a hash of its content ("" with no file)."""
    try:
        return hashlib.sha1(Path(path).read_bytes()).hexdigest() if path else ""
    except OSError:
        return "missing"


def _names_list(value, where: str, path: Path) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise AliasError(f"The speakers alias file {path} is not usable: {where} must be a list of names.")
    return tuple(_collapse(v) for v in value)


def parse(text: str, path: Path) -> Aliases:
    """The alias file's text read and checked; AliasError names the file and what is wrong."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise AliasError(
            f"The speakers alias file {path} is not valid YAML ({' '.join(str(exc).split())})."
        ) from exc
    data = {} if data is None else data
    if not isinstance(data, dict) or set(data) - {"merge", "split"}:
        raise AliasError(
            f"The speakers alias file {path} is not usable: it must be a mapping with only the keys "
            "'merge' and 'split'."
        )
    merge = data.get("merge") or {}
    if not isinstance(merge, dict):
        raise AliasError(
            f"The speakers alias file {path} is not usable: 'merge' must map each canonical name "
            "to a list of names."
        )
    out, seen = {}, {}
    for canonical_name, found in merge.items():
        if not isinstance(canonical_name, str) or not canonical_name.strip():
            raise AliasError(
                f"The speakers alias file {path} is not usable: {canonical_name!r} under 'merge' is "
                "not a name."
            )
        listed = _names_list(found or [], f"'merge' of {canonical_name!r}", path)
        for name in (canonical_name, *listed):
            key = normalise(name)
            if seen.setdefault(key, canonical_name) != canonical_name:
                raise AliasError(
                    f"The speakers alias file {path} is not usable: {name!r} is merged into both "
                    f"{seen[key]!r} and {canonical_name!r}."
                )
        out[_collapse(canonical_name)] = listed
    return Aliases(out, _names_list(data.get("split") or [], "'split'", path))


def load(path: Path | None) -> Aliases:
    """The alias file at `path` (None: no aliases); AliasError when it is missing, unreadable or malformed."""
    if path is None:
        return NO_ALIASES
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise AliasError(
            f"The speakers alias file {path} does not exist; create it or change PRESSROOM_SPEAKERS."
        ) from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise AliasError(f"The speakers alias file {path} cannot be read ({exc}).") from exc
    return parse(text, path)


def configured() -> Path | None:
    """The file PRESSROOM_SPEAKERS names, or None when the setting is empty."""
    return settings.path("PRESSROOM_SPEAKERS") if settings.get("PRESSROOM_SPEAKERS").strip() else None


def shown(path: str) -> str:
    """The alias file as a sentence names it: relative to the project when inside it."""
    if not path:
        return "an alias file (setting PRESSROOM_SPEAKERS)"
    try:
        return Path(path).relative_to(settings.ROOT).as_posix()
    except ValueError:
        return path
