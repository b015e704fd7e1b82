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
    from lib.nlp import administrations, figures, lexicon, periods, topics

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
            for p in (
                furniture.FOOTERS,
                lexicon.VOCABULARY,
                administrations.ADMINISTRATIONS,
                periods.VOCABULARY,
            )
        ),
    ]
    assert pipeline.pipeline_version() == hashlib.sha1("|".join(parts).encode()).hexdigest()[:12]
    assert pipeline.DATA_FILES == (
        topics.TAXONOMY,
        figures.VOCABULARY,
        furniture.FOOTERS,
        lexicon.VOCABULARY,
        administrations.ADMINISTRATIONS,
        periods.VOCABULARY,
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


def test_the_code_version_is_a_hash_of_the_extraction_code(tmp_path, monkeypatch):
    """Any change to a component's source changes the version: nobody has to remember to bump it."""
    assert pipeline.code_version() == pipeline.CODE_VERSION
    assert ROOT / "lib" / "nlp" / "topics.py" in pipeline.CODE_FILES
    assert ROOT / "lib" / "records.py" in pipeline.CODE_FILES
    copies = []
    for path in pipeline.CODE_FILES:
        copy = tmp_path / path.relative_to(ROOT)
        copy.parent.mkdir(parents=True, exist_ok=True)
        copy.write_bytes(path.read_bytes())
        copies.append(copy)
    monkeypatch.setattr(pipeline.settings, "ROOT", tmp_path)
    assert pipeline.code_version(copies) == pipeline.CODE_VERSION  # the same code, wherever it lies
    copies[0].write_bytes(copies[0].read_bytes() + b"\n# one more line\n")
    assert pipeline.code_version(copies) != pipeline.CODE_VERSION


def test_every_component_declares_what_it_needs_and_an_earlier_one_assigns_it(nlp):
    analysis = nlp.analyze_pipes(pretty=False)
    assert all(problems == [] for problems in analysis["problems"].values()), analysis["problems"]
    assigned = {name: set(meta["assigns"]) for name, meta in analysis["summary"].items()}
    assert assigned["pressroom_sentences"] == {"doc._.sentences"}
    assert assigned["pressroom_quotes"] == {"doc._.quotes", "doc._.acronyms"}
    assert assigned["pressroom_topics"] == {"doc._.topic_mentions", "doc._.topic_sentences"}
    doc = nlp("Officers seized cocaine. “We are proud,” said Port Director Ana Ruiz.")
    assert doc._.sentences.starts == [0, 25]
