"""The pipeline version: computed without spaCy, and changing exactly when what the extraction depends on
does."""

from __future__ import annotations

import hashlib
import importlib.metadata
import shutil
import subprocess
import sys

from conftest import ROOT

from lib import nlp as pipeline


def test_pipeline_version_does_not_import_spacy():
    code = (
        "import sys; from lib import nlp; nlp.pipeline_version(); import lib.process, lib.cli; "
        "print('spacy' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"


def test_pipeline_version_is_the_one_computed_with_spacy_loaded():
    """Stores stamped before the version stopped importing spaCy are not reprocessed."""
    import spacy

    from lib.ingest import furniture
    from lib.nlp import administrations, figures, lexicon, topics

    name = pipeline.model_name()
    parts = [
        name,
        importlib.metadata.version(name),
        spacy.about.__version__,
        ",".join(pipeline.UNUSED),
        ",".join(pipeline.COMPONENTS),
        pipeline.CODE_VERSION,
        topics.taxonomy_fingerprint(),
        figures.vocabulary_fingerprint(),
        *(
            hashlib.sha1(p.read_bytes()).hexdigest()[:12]
            for p in (furniture.FOOTERS, lexicon.VOCABULARY, administrations.ADMINISTRATIONS)
        ),
    ]
    assert pipeline.pipeline_version() == hashlib.sha1("|".join(parts).encode()).hexdigest()[:12]
    assert pipeline.DATA_FILES == (
        topics.TAXONOMY,
        figures.VOCABULARY,
        furniture.FOOTERS,
        lexicon.VOCABULARY,
        administrations.ADMINISTRATIONS,
    )


def test_pipeline_version_changes_with_the_code_version(monkeypatch):
    before = pipeline.pipeline_version()
    monkeypatch.setattr(pipeline, "CODE_VERSION", pipeline.CODE_VERSION + "-next")
    assert pipeline.pipeline_version() != before


def test_pipeline_version_changes_with_each_data_file(tmp_path, monkeypatch):
    copies = []
    for path in pipeline.DATA_FILES:
        copies.append(tmp_path / path.name)
        shutil.copy(path, copies[-1])
    monkeypatch.setattr(pipeline, "DATA_FILES", tuple(copies))
    seen = {pipeline.pipeline_version()}
    assert seen == {pipeline.pipeline_version()}  # unchanged files, unchanged version
    for copy in copies:
        copy.write_text(copy.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
        seen.add(pipeline.pipeline_version())
    assert len(seen) == 1 + len(copies)
