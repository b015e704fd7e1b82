"""The topic taxonomy file (data/topics.yml): read it, tell whether it already finds a term, and add a term to
it in place, keeping every other line and comment as written. No spaCy, no streamlit."""

from __future__ import annotations

import fcntl
import os
import re
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

from lib.errors import PressroomError, reason
from lib.settings import ROOT

PATH = ROOT / "data" / "topics.yml"
_TERM = re.compile(r"[a-z][a-z'’-]*(?: [a-z][a-z'’-]*)*")  # lower-case words: safe as a bare YAML list item
_TOPIC = re.compile(r"[A-Za-z][\w'’ -]*")
ABOUT = "about"  # the reserved key holding how a release is judged about a topic
_RESERVED = {
    "new topic",
    ABOUT,
    "true",
    "false",
    "null",
    "yes",
    "no",
    "on",
    "off",
}  # YAML would read most as booleans


TOPIC_KEYS = {"terms", "near", "not"}
ABOUT_DEFAULTS = {
    "title": 0.3,  # added to a topic's score when the release's title names it
    "lead": 0.1,  # when its first sentences do
    "lead_sentences": 2,  # how many sentences the lead is
    "threshold": 0.2,  # the score a topic needs (its share of sentences, plus the two above)
    "relative": 0.3,  # and at least this fraction of the best topic's score
    "min_sentences": 3,  # sentences naming it, unless the title does
}


class TaxonomyError(PressroomError):
    """A term or topic that cannot be added; the message says why and what to do."""


@dataclass(frozen=True)
class Topic:
    """A topic's terms and the context rules that decide when a term found in a text counts for it."""

    name: str
    terms: tuple[str, ...]
    # term -> words one of which its sentence needs
    near: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # phrases: a term found inside one of them does not count ("world trade center")
    unless: tuple[str, ...] = ()


def load(path: Path | None = None) -> dict[str, list[str]]:
    """Topic -> its terms (a trailing * means any ending)."""
    return load_text(Path(path or PATH).read_text(encoding="utf-8"))


def rules(text: str) -> dict[str, Topic]:
    """Topic -> its terms with their context rules, from the taxonomy file's text."""
    return dict(_parse(text)[0])


def about_settings(text: str) -> dict[str, float]:
    """How a release is judged about a topic: the file's `about:` mapping over the defaults."""
    return dict(_parse(text)[1])


def snippet(topic: str, term: str, path: Path | None = None) -> str:
    """The topic's line with the term added, as YAML to paste over that line (or add, for a new topic); for a
    topic written as a mapping, its `terms:` line."""
    topic, term = " ".join(topic.split()), " ".join(term.lower().split())
    text = Path(path or PATH).read_text(encoding="utf-8")
    terms = load_text(text).get(topic, [])
    listed = f"[{', '.join([*terms, term])}]"
    name = Path(path or PATH).name
    if not terms:
        return f"# {name}: add the new topic {topic} with\n{topic}: {listed}\n"
    written = rules(text)[topic]
    if written.near or written.unless:
        return f"# {name}: replace the `terms:` line of {topic} with\n  terms: {listed}\n"
    return f"# {name}: replace the line of {topic} with\n{topic}: {listed}\n"


def load_text(text: str) -> dict[str, list[str]]:
    return {name: list(topic.terms) for name, topic in _parse(text)[0]}


@lru_cache(maxsize=4)
def _parse(text: str) -> tuple[tuple[tuple[str, Topic], ...], tuple[tuple[str, float], ...]]:
    """The file's topics and its `about:` settings; cached by its text, as the Topics page reads it on every
    run. A topic is a list of terms, or a mapping of `terms`, `near` (term -> context words) and `not`
    (phrases)."""
    data = (
        yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)) or {}
    )  # C when built with libyaml
    if not isinstance(data, dict):
        raise TaxonomyError("The taxonomy file must map each topic to its terms.")
    about = dict(ABOUT_DEFAULTS)
    given = data.pop(ABOUT, None) or {}
    unknown = sorted(set(given) - set(ABOUT_DEFAULTS)) if isinstance(given, dict) else ["(not a mapping)"]
    if unknown:
        raise TaxonomyError(
            f"The taxonomy's `{ABOUT}:` settings are {', '.join(sorted(ABOUT_DEFAULTS))}; "
            f"not {', '.join(map(str, unknown))}."
        )
    about.update({k: float(v) for k, v in given.items()})
    return tuple((str(name), _topic(str(name), spec)) for name, spec in data.items()), tuple(about.items())


def _topic(name: str, spec) -> Topic:
    if spec is None or isinstance(spec, list):
        return Topic(name, tuple(str(t) for t in spec or []))
    if not isinstance(spec, dict) or set(spec) - TOPIC_KEYS:
        extra = sorted(set(spec) - TOPIC_KEYS) if isinstance(spec, dict) else []
        raise TaxonomyError(
            f"The topic {name} must be a list of terms or a mapping of {', '.join(sorted(TOPIC_KEYS))}"
            + (f"; not {', '.join(map(str, extra))}." if extra else ".")
        )
    terms = tuple(str(t) for t in spec.get("terms") or [])
    near = {str(t): tuple(str(w) for w in words or []) for t, words in (spec.get("near") or {}).items()}
    strangers = sorted(set(near) - set(terms))
    if strangers:
        raise TaxonomyError(
            f"The topic {name} gives context words (`near`) for {', '.join(strangers)}, which is not among "
            "its terms: add it to `terms` too."
        )
    return Topic(name, terms, near, tuple(str(p) for p in spec.get("not") or []))


def term_regex(term: str) -> str:
    """How the topic tagger finds a term: whole words, any whitespace or a hyphen between them ("alien
    smuggling" finds "alien-smuggling"), * = any ending."""
    body = re.escape(term.rstrip("*")).replace(r"\ ", r"(?:\s+|\s*-\s*)")
    return rf"\b{body}[\w-]*" if term.endswith("*") else rf"\b{body}\b"


def finder(terms: list[str]) -> re.Pattern:
    """One case-insensitive regex finding any of `terms` as the tagger does (never matches when there are
    none)."""
    return re.compile("|".join(term_regex(t) for t in terms) or r"(?!)", re.IGNORECASE)


def covering(term: str, taxonomy: dict[str, list[str]]) -> tuple[str, str] | None:
    """(topic, taxonomy term) that already finds `term` in a text, or whose words `term` is a part of
    ("forced" of "forced labor"); None when the taxonomy misses it."""
    words = f" {term.lower()} "
    for topic, terms in taxonomy.items():
        for t in terms:
            if finder([t]).search(term) or f" {t.lower().rstrip('*')} ".find(words) >= 0:
                return topic, t
    return None


def add_term(topic: str, term: str, path: Path | None = None) -> str:
    """Add `term` to `topic` (a new topic when absent) in the taxonomy file, every other line kept as written.
    Returns a sentence saying what was done; raises TaxonomyError when the term or topic cannot be added."""
    path = Path(path or PATH)
    try:
        with _locked(path.parent):  # two readers adding at once: each reads the file the other wrote
            return _add(topic, term, path)
    except OSError as exc:
        raise TaxonomyError(
            f"“{term}” could not be added to {exc.filename or path} ({reason(exc)}); check its permissions."
        ) from exc


def _add(topic: str, term: str, path: Path) -> str:
    term, topic = " ".join(term.lower().split()), " ".join(topic.split())
    if not _TERM.fullmatch(term):
        raise TaxonomyError(
            f"“{term}” cannot be added: a term is lower-case words (letters, hyphens, apostrophes); "
            "edit the file by hand for anything else."
        )
    if not _TOPIC.fullmatch(topic) or topic.lower() in _RESERVED:
        raise TaxonomyError(
            f"“{topic}” cannot be a topic name: name it with letters, digits, spaces or hyphens."
        )
    taxonomy = load(path)
    found = covering(term, taxonomy)
    if found:
        raise TaxonomyError(
            f"“{term}” is already found by the term “{found[1]}” of the topic {found[0]} in "
            f"{path.name}: nothing to add."
        )
    text = path.read_text(encoding="utf-8")
    new = _with_term(text, topic, term) if topic in taxonomy else _with_topic(text, topic, term)
    if term not in load_text(new).get(topic, []):  # never write a file the tagger would read differently
        raise TaxonomyError(
            f"“{term}” could not be added to {topic} as {path.name} is written (a one-line "
            "[a, b] list or `- term` lines are expected); add it by hand."
        )
    _write(path, new)
    return (
        f"Added “{term}” to {'the topic ' + topic if topic in taxonomy else 'a new topic, ' + topic} in "
        f"{path.name}. Run `python -m lib process` (or Process on the Data page) to count it: a changed "
        "taxonomy makes that run tag every release again."
    )


def _with_term(text: str, topic: str, term: str) -> str:
    """The file with `term` appended to the topic's one-line `[a, b]` list or after its last `- item` line."""
    lines = text.splitlines(keepends=True)
    head = re.compile(rf"^({re.escape(topic)}|'{re.escape(topic)}'|\"{re.escape(topic)}\")\s*:")
    at = next((i for i, line in enumerate(lines) if head.match(line)), None)
    if at is None:
        return text
    if re.match(r"^[^#]*:\s*(?:#.*)?$", lines[at]):  # a mapping: its `terms:` line is the list
        inner = next(
            (
                i
                for i in range(at + 1, len(lines))
                if re.match(r"^\s+terms\s*:", lines[i]) or re.match(r"^\S", lines[i])
            ),
            None,
        )
        if inner is not None and re.match(r"^\s+terms\s*:", lines[inner]):
            at = inner
    flow = re.match(r"^(.*?\[.*?)(\s*)\](\s*(?:#.*)?)$", lines[at].rstrip("\r\n"), re.S)
    if flow:
        inside = flow.group(1).rstrip().endswith("[")
        end = lines[at][len(lines[at].rstrip("\r\n")) :] or "\n"
        lines[at] = f"{flow.group(1)}{'' if inside else ', '}{term}]{flow.group(3)}{end}"
        return "".join(lines)
    last = at
    for i in range(at + 1, len(lines)):
        if re.match(r"^\s+-\s", lines[i]):
            last = i
        elif lines[i].strip() and not lines[i].lstrip().startswith("#"):
            break
    if last == at:
        return text
    indent = re.match(r"^(\s+-\s+)", lines[last]).group(1)
    lines.insert(last + 1, f"{indent}{term}\n" if lines[last].endswith("\n") else f"\n{indent}{term}")
    return "".join(lines)


def _with_topic(text: str, topic: str, term: str) -> str:
    return text + ("" if text.endswith("\n") or not text else "\n") + f"{topic}: [{term}]\n"


@contextmanager
def _locked(folder: Path):
    """An exclusive lock on the folder (its inode stays when the file in it is replaced)."""
    fd = os.open(folder, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing releases the lock


def _write(path: Path, text: str) -> None:
    """Replace the file in one step, so a processing run reading it sees the old or the new file, never
    half."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
