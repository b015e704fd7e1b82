"""The extraction against the hand-annotated gold set: no score may fall below its floor. Floors sit just
under the results recorded in EVALUATION.md; raise them as the extraction improves, never lower one to let a
change pass."""

from __future__ import annotations

import pytest

from lib import evaluate, gold
from tests.conftest import need

# Floors on real text (every origin but our own sample), one point under EVALUATION.md. The sample keeps
# floors of its own (SAMPLE_FLOORS) so that a change for real text does not quietly break the layouts we
# wrote.
FLOORS = {  # field: lowest acceptable F1 (or accuracy) over the real releases of the gold set
    "quote span": 0.92,
    "quote + speaker": 0.88,
    "speaker": 0.95,
    "title": 0.94,
    "organisation": 0.93,
    "organisation spelled out": 0.62,
    "quote kind": 0.99,
    "speaker not a person": 0.9,  # six organisations and documents among the matched speakers
    "figure value": 0.94,
    "value + qualifier": 0.91,
    "value + bounds": 0.91,
    "value + unit": 0.86,
    "value + metric": 0.89,
    "value + change": 0.92,
    "value + period": 0.845,
    "topics": 0.72,
    "about topics": 0.90,
}

SAMPLE_FLOORS = {
    "quote span": 0.99,
    "speaker": 0.97,
    "title": 0.97,
    "figure value": 0.97,
    "value + metric": 0.92,
    "value + period": 0.89,
    "topics": 0.85,
}


@pytest.fixture(scope="module")
def report():
    need(gold.SHARED.is_dir(), f"the gold set annotates releases in the shared material at {gold.SHARED}")
    return evaluate.evaluate()


@pytest.mark.shared
def test_every_field_has_a_floor():
    assert set(FLOORS) == {name for name, _ in evaluate.FIELDS}


@pytest.mark.shared
@pytest.mark.parametrize("field", list(FLOORS))
def test_no_score_falls_below_its_floor(report, field):
    assert report.score(field) >= FLOORS[field], f"{field}: {report.score(field):.3f} < floor {FLOORS[field]}"


@pytest.mark.shared
@pytest.mark.parametrize("field", list(SAMPLE_FLOORS))
def test_no_sample_score_falls_below_its_floor(report, field):
    score = report.score(field, evaluate.SAMPLE)
    assert score >= SAMPLE_FLOORS[field], f"{field} on the sample: {score:.3f} < floor {SAMPLE_FLOORS[field]}"


def test_spans_match_when_they_overlap_by_half_of_the_longer_one_and_one_to_one():
    spans = [gold.Span(0, 10, {}), gold.Span(20, 30, {})]
    predicted = [{"start": 0, "end": 16}, {"start": 2, "end": 9}, {"start": 24, "end": 40}]
    pairs = evaluate.match(predicted, spans)
    assert [(p["start"], g.start) for p, g in pairs] == [
        (2, 0)
    ]  # 0-16 covers 10 of 16 > half; 2-9 covers 7 of 10


def test_units_agree_by_their_words_not_their_spelling():
    assert evaluate.unit_agrees("pounds of methamphetamine", "pounds of Methamphetamine")
    assert evaluate.unit_agrees("Total southwest border encounters", "southwest border encounters")
    assert evaluate.unit_agrees("firearm", "firearms")
    assert not evaluate.unit_agrees("pounds of cocaine", "migrants")
    assert not evaluate.unit_agrees("", "migrants")


def test_a_gold_set_with_errors_is_refused_with_the_file_named(tmp_path):
    (tmp_path / "bad.yml").write_text("source: sample/nowhere.txt\n", encoding="utf-8")
    with pytest.raises(gold.GoldError, match="bad.yml: source 'sample/nowhere.txt' is not a file"):
        evaluate.evaluate(tmp_path)


def test_an_organisation_agrees_with_the_annotated_one_or_its_spelled_out_form_and_none_with_a_missing_one():
    assert evaluate.org_agrees("CBP", "CBP", "U.S. Customs and Border Protection")
    assert evaluate.org_agrees(
        "U.S. Customs and Border Protection", "CBP", "U.S. Customs and Border Protection"
    )
    assert evaluate.org_agrees("", None, None)
    assert not evaluate.org_agrees("", "Civil Rights Division", None)
    assert not evaluate.org_agrees("Criminal Division", "Civil Rights Division", None)
