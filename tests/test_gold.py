"""The gold set: every annotation is well formed and found in its release's text."""

from __future__ import annotations

import pytest

from lib import gold
from tests.conftest import need


@pytest.mark.shared
def test_every_gold_file_loads_and_locates_its_annotations():
    need(gold.SHARED.is_dir(), f"the gold set annotates releases in the shared material at {gold.SHARED}")
    golds, errors = gold.load()
    assert not errors, "\n".join(errors)
    assert len(golds) >= 40
    origins = [g.path.name.split("_")[0] for g in golds]
    assert origins.count("seed") == 1 and origins.count("doj") + origins.count("wh") >= 15
    assert sum(len(g.quotes) for g in golds) > 300 and sum(len(g.figures) for g in golds) > 300


def test_a_text_that_is_not_in_the_release_is_an_error_naming_file_and_annotation(tmp_path):
    (tmp_path / "bad.yml").write_text(
        "source: sample/txt/"
        "2019-03-20-laredo-cbp-officers-find-61-migrants-locked-inside-tractor-trailer.txt\n"
        "quotes:\n  - text: words no release says\n    speaker: Nobody Known\n",
        encoding="utf-8",
    )
    golds, errors = gold.load(tmp_path)
    assert not golds
    assert errors == ["bad.yml: quote 1: text not found in the release: 'words no release says'"]


def test_a_figure_outside_the_metric_vocabulary_is_refused(tmp_path):
    (tmp_path / "bad.yml").write_text(
        "source: sample/txt/"
        "2019-03-20-laredo-cbp-officers-find-61-migrants-locked-inside-tractor-trailer.txt\n"
        "figures:\n  - {text: '61', value: 61, metric: migrants-ish}\n",
        encoding="utf-8",
    )
    _, errors = gold.load(tmp_path)
    assert len(errors) == 1 and "metric 'migrants-ish' is not one of" in errors[0]
