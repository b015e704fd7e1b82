"""The hand-annotated gold set (tests/gold/*.yml): loading, locating every annotation in the release text,
checking.

Each file annotates one release; `source` names the file it comes from (`shared/...` is the shared material
beside the project, `sample/...` the bundled sample corpus under data/), and `title` picks the release when
the file holds several. Quotes and figures are located in the body exactly as Pressroom's readers give it, by
`text` (or `from` … `to` for a quote that runs over paragraphs) and, when that occurs more than once, the
`context` it sits in.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from lib import settings
from lib.errors import PressroomError
from lib.ingest import read_file
from lib.ingest.base import normalise
from lib.settings import ROOT

GOLD_DIR = ROOT / "tests" / "gold"
SHARED = ROOT.parent / "shared"
QUALIFIERS = {"exact", "approx", "more_than", "at_least", "at_most", "less_than", "range"}
CHANGES = {None, "increase", "decrease"}
KINDS = {"direct", "indirect", "transcript"}


class GoldError(PressroomError):
    """A gold file that cannot be used; the message names the file and the annotation."""


@dataclass
class Span:
    start: int
    end: int
    item: dict


@dataclass
class GoldRelease:
    path: Path  # the gold file
    source: Path  # the release file
    title: str
    body: str
    date: str | None
    agency: tuple[str, str] = ("", "")  # (acronym, name), as the release's source gives it
    quotes: list[Span] = field(default_factory=list)
    figures: list[Span] = field(default_factory=list)
    topics: set[str] = field(default_factory=set)
    about: set[str] | None = (
        None  # the topics a reader would file the release under; None where not annotated
    )


def source_path(ref: str) -> Path:
    """`shared/...` → the shared material; `sample/...` → data/sample/...; anything else relative to the
    project."""
    head, _, rest = ref.partition("/")
    if head == "shared":
        return SHARED / rest
    if head == "sample":
        return ROOT / "data" / "sample" / rest
    return ROOT / ref


def _release(gold: Path, spec: dict):
    path = source_path(str(spec.get("source", "")))
    if not path.is_file():
        raise GoldError(f"{gold.name}: source {spec.get('source')!r} is not a file ({path})")
    result = read_file(path, int(settings.get("PRESSROOM_MAX_FILE_MB") * 1e6))
    if not result.releases:
        raise GoldError(f"{gold.name}: {path} gives no release ({result.rejects or result.skipped})")
    if len(result.releases) == 1 and not spec.get("title"):
        return result.releases[0]
    want = normalise(str(spec.get("title", "")))
    found = [r for r in result.releases if normalise(r.title) == want]
    if len(found) != 1:
        raise GoldError(
            f"{gold.name}: {len(found)} releases in {path.name} have the title {spec.get('title')!r}"
        )
    return found[0]


def _find(body: str, needle: str, context: str | None, where: str, start_at: int = 0) -> int:
    """Offset of `needle` in `body`, made unique by `context` (a longer passage around it) when needed."""
    if not needle:
        raise GoldError(f"{where}: empty text")
    if context:
        at = body.find(context, start_at)
        if at < 0:
            raise GoldError(f"{where}: context not found in the release: {context[:80]!r}")
        if body.find(context, at + 1) >= 0:
            raise GoldError(f"{where}: context occurs more than once: {context[:80]!r}")
        inner = context.find(needle)
        if inner < 0:
            raise GoldError(f"{where}: text {needle[:60]!r} is not inside its context")
        return at + inner
    at = body.find(needle, start_at)
    if at < 0:
        raise GoldError(f"{where}: text not found in the release: {needle[:80]!r}")
    if body.find(needle, at + 1) >= 0:
        raise GoldError(f"{where}: text occurs more than once, add a `context`: {needle[:80]!r}")
    return at


def _quote_span(body: str, q: dict, where: str) -> Span:
    if q.get("text"):
        start = _find(body, q["text"], q.get("context"), where)
        return Span(start, start + len(q["text"]), q)
    if q.get("from") and q.get("to"):
        start = _find(body, q["from"], q.get("context"), where)
        end = body.find(q["to"], start)
        if end < 0:
            raise GoldError(f"{where}: `to` not found after `from`: {q['to'][:80]!r}")
        return Span(start, end + len(q["to"]), q)
    raise GoldError(f"{where}: a quote needs `text`, or `from` and `to`")


def _check_quote(q: dict, where: str, people: set[str]) -> None:
    if q.get("kind", "direct") not in KINDS:
        raise GoldError(f"{where}: kind must be one of {sorted(KINDS)}")
    if not isinstance(q.get("person", True), bool):
        raise GoldError(f"{where}: person must be true or false")
    speaker = str(q.get("speaker") or "")
    if not speaker or speaker.lower() in {"he", "she", "they", "it"}:
        raise GoldError(f"{where}: a quote needs the speaker's name")


def _check_figure(f: dict, where: str, metrics: set[str]) -> None:
    if not isinstance(f.get("value"), (int, float)):
        raise GoldError(f"{where}: value must be a number")
    if f.get("qualifier", "exact") not in QUALIFIERS:
        raise GoldError(f"{where}: qualifier must be one of {sorted(QUALIFIERS)}")
    if f.get("change") not in CHANGES:
        raise GoldError(f"{where}: change must be increase, decrease or empty")
    if f.get("metric") not in metrics:
        raise GoldError(f"{where}: metric {f.get('metric')!r} is not one of {sorted(metrics)}")
    for bound in ("low", "high"):
        if f.get(bound) is not None and not isinstance(f[bound], (int, float)):
            raise GoldError(f"{where}: {bound} must be a number or empty")


def vocabularies() -> tuple[set[str], set[str]]:
    """The topic names of data/topics.yml and the metric names of data/metrics.yml (plus `other`)."""
    topics = yaml.safe_load((ROOT / "data" / "topics.yml").read_text(encoding="utf-8"))
    metrics = yaml.safe_load((ROOT / "data" / "metrics.yml").read_text(encoding="utf-8"))
    return set(topics), set(metrics) | {"other"}


def load_one(path: Path) -> GoldRelease:
    spec = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(spec, dict):
        raise GoldError(f"{path.name}: not a YAML mapping")
    release = _release(path, spec)
    topic_names, metrics = vocabularies()
    gold = GoldRelease(
        path=path,
        source=source_path(spec["source"]),
        title=release.title,
        body=release.body,
        date=release.date,
        agency=(release.agency_acronym, release.agency),
    )
    for i, q in enumerate(spec.get("quotes") or [], 1):
        where = f"{path.name}: quote {i}"
        _check_quote(q, where, set())
        gold.quotes.append(_quote_span(release.body, q, where))
    for i, f in enumerate(spec.get("figures") or [], 1):
        where = f"{path.name}: figure {i} ({f.get('text')!r})"
        _check_figure(f, where, metrics)
        start = _find(release.body, str(f.get("text", "")), f.get("context"), where)
        gold.figures.append(Span(start, start + len(str(f["text"])), f))
    gold.topics = set(spec.get("topics") or [])
    if "about" in spec:
        gold.about = set(spec.get("about") or [])
    unknown = (gold.topics | (gold.about or set())) - topic_names
    if unknown:
        raise GoldError(f"{path.name}: unknown topics {sorted(unknown)} (see data/topics.yml)")
    return gold


def load(directory: Path = GOLD_DIR) -> tuple[list[GoldRelease], list[str]]:
    """Every gold file in the directory, and a message for each one that cannot be used."""
    golds, errors = [], []
    for path in sorted(directory.glob("*.yml")):
        try:
            golds.append(load_one(path))
        except GoldError as exc:
            errors.append(str(exc))
        except (OSError, yaml.YAMLError, KeyError, TypeError) as exc:
            errors.append(f"{path.name}: {type(exc).__name__}: {exc}")
    return golds, errors


def main(argv: list[str] | None = None) -> int:
    """`python -m lib.gold [FILE_OR_DIR ...]` checks gold files; `python -m lib.gold show SOURCE [TITLE]`
    prints a release's text as the readers give it."""
    import sys

    args = argv if argv is not None else sys.argv[1:]
    if args[:1] == ["show"]:  # show SOURCE [TITLE]: the release text exactly as annotations must quote it
        release = _release(Path("command line"), {"source": args[1], "title": " ".join(args[2:])})
        print(f"title: {release.title}\ndate: {release.date}\n---\n{release.body}")
        return 0
    paths = [Path(a) for a in args] or [GOLD_DIR]
    golds, errors = [], []
    for p in paths:
        if p.is_dir():
            g, e = load(p)
        else:
            try:
                g, e = [load_one(p)], []
            except (GoldError, OSError, yaml.YAMLError, KeyError, TypeError) as exc:
                g, e = [], [str(exc)]
        golds += g
        errors += e
    for g in golds:
        print(
            f"ok  {g.path.name}: {len(g.quotes)} quotes, {len(g.figures)} figures, {len(g.topics)} topics "
            f"— {g.title[:60]}"
        )
    for e in errors:
        print(f"ERR {e}")
    return 1 if errors else 0


if __name__ == "__main__":
    raise SystemExit(main())
