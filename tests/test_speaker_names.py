"""One person, one speaker: names as written merged into canonical speakers (lib.speakers), the alias file,
and the mapping applied to a real store's quotes."""

from __future__ import annotations

import itertools

import pandas as pd
import pytest
from conftest import ROOT

from lib import speakers as S
from lib.store import Store


def ids(names, aliases=S.NO_ALIASES) -> dict[str, str]:
    return {name: speaker.id for name, speaker in S.canonical(names, aliases).items()}


def shown(names, aliases=S.NO_ALIASES) -> dict[str, str]:
    return {name: speaker.name for name, speaker in S.canonical(names, aliases).items()}


def same(found: dict, *names: str) -> bool:
    return len({found[n] for n in names}) == 1


# automatic merging


def test_a_middle_initial_does_not_make_another_speaker():
    found = ids(["Robert E. Perez", "Robert Perez", "Robert E Perez"])
    assert same(found, "Robert E. Perez", "Robert Perez", "Robert E Perez")


def test_case_spacing_and_punctuation_are_folded():
    found = ids(
        ["Robert Perez", "ROBERT PEREZ", "robert  perez", " Robert Perez,", "Robert O'Neil", "Robert ONeil"]
    )
    assert same(found, "Robert Perez", "ROBERT PEREZ", "robert perez", "Robert Perez,")
    assert same(found, "Robert O'Neil", "Robert ONeil") and found["Robert Perez"] != found["Robert O'Neil"]


def test_acting_and_honorifics_in_front_of_a_name_are_dropped():
    names = [
        "Acting Commissioner Robert Perez",
        "Dr. Robert Perez",
        "Mr. Robert Perez",
        "Chair Robert Perez",
        "First Lady Robert Perez",
        "Robert Perez",
    ]
    assert same(ids(names), *names)
    assert shown(names)["Dr. Robert Perez"] == "Robert Perez"  # shown without the honorific


def test_suffixes_are_dropped():
    found = ids(["Robert Perez Jr.", "Robert Perez, Jr", "Robert Perez III", "Robert Perez"])
    assert same(found, *found)


def test_accents_are_folded_and_the_accented_form_wins_a_tie():
    names = ["Tomás Echeverría"] * 3 + ["Tomas Echeverria"] * 3
    assert set(shown(names).values()) == {"Tomás Echeverría"}


def test_different_first_names_with_the_same_surname_are_different_people():
    found = ids(["Robert Perez", "Maria Perez", "Roberta Perez", "R. E. Perez"])
    assert len({found["Robert Perez"], found["Maria Perez"], found["Roberta Perez"]}) == 3


def test_a_bare_surname_joins_the_only_full_name_with_that_surname():
    found = ids(["Robert Perez", "Perez", "Ann Lee"])
    assert same(found, "Robert Perez", "Perez") and found["Ann Lee"] != found["Perez"]
    assert shown(["Perez"] * 5 + ["Robert Perez"])["Perez"] == "Robert Perez"  # the full name is shown


def test_a_bare_surname_shared_by_two_people_stays_a_speaker_of_its_own():
    found = ids(["Robert Perez", "Maria Perez", "Perez"])
    assert len(set(found.values())) == 3
    assert shown(["Robert Perez", "Maria Perez", "Perez"])["Perez"] == "Perez"


def test_an_initial_and_surname_joins_only_the_one_full_name_it_fits():
    found = ids(["Robert Perez", "Maria Perez", "R. Perez", "J. Perez"])
    assert same(found, "Robert Perez", "R. Perez")
    assert found["J. Perez"] not in {found["Robert Perez"], found["Maria Perez"]}
    both = ids(["Robert Perez", "Rosa Perez", "R. Perez"])
    assert len(set(both.values())) == 3


def test_the_commonest_written_form_is_shown_ties_longest_then_alphabetical():
    assert set(shown(["Robert Perez"] * 3 + ["Robert E. Perez"] * 2).values()) == {"Robert Perez"}
    assert set(shown(["Robert Perez", "Robert E. Perez"]).values()) == {"Robert E. Perez"}
    assert set(shown(["Robert A. Perez", "Robert E. Perez"]).values()) == {"Robert A. Perez"}
    assert set(shown(["ROBERT PEREZ"] * 4 + ["Robert Perez"]).values()) == {"Robert Perez"}  # capitals last


def test_counts_may_be_given_as_a_series():
    counts = pd.Series({"Robert Perez": 1, "Robert E. Perez": 9})
    assert set(shown(counts).values()) == {"Robert E. Perez"}


def test_ids_are_stable_and_do_not_depend_on_the_order_of_the_names():
    names = ["Robert E. Perez", "Robert Perez", "Maria Perez", "Perez", "R. Perez", "Ann Lee", "Lee"]
    first = S.canonical(names)
    for order in itertools.permutations(names):
        assert S.canonical(list(order)) == first
    # derived from the normalised name alone: the same on every run and machine
    assert first["Robert E. Perez"].id == S.speaker_id("robert perez") == "sp-c052df0242"


def test_blank_names_are_left_out():
    assert S.canonical(["", "  ", None, "Ann Lee"]) == {
        "Ann Lee": S.Speaker(S.speaker_id("ann lee"), "Ann Lee")
    }


# the alias file

ALIASES = """
merge:
  Robert Perez:
    - Bob Perez
    - Roberto Pérez
split:
  - Robert E. Perez
"""


def test_merge_folds_variants_into_the_canonical_name_keeping_its_automatic_id():
    aliases = S.parse(ALIASES, "speakers.yml")
    found = S.canonical(
        ["Bob Perez", "BOB PEREZ", "Roberto Perez", "Robert Perez", "Robert E. Perez"], aliases
    )
    assert {found[n] for n in ("Bob Perez", "BOB PEREZ", "Roberto Perez", "Robert Perez")} == {
        S.Speaker(S.canonical(["Robert Perez"])["Robert Perez"].id, "Robert Perez")
    }


def test_merge_may_name_a_canonical_name_no_release_writes():
    aliases = S.parse("merge:\n  Robert Q. Perez: [Bob Perez]\n", "speakers.yml")
    assert S.canonical(["Bob Perez"], aliases)["Bob Perez"].name == "Robert Q. Perez"


def test_split_keeps_a_name_as_written_apart_and_makes_a_bare_surname_ambiguous():
    aliases = S.parse(ALIASES, "speakers.yml")
    found = ids(["Robert E. Perez", "Robert Perez", "Perez"], aliases)
    assert len(set(found.values())) == 3
    assert shown(["Robert E. Perez", "Robert Perez"], aliases)["Robert E. Perez"] == "Robert E. Perez"
    assert (
        ids(["Robert E. Perez", "Perez"])["Perez"] == ids(["Robert E. Perez"])["Robert E. Perez"]
    )  # no split


def test_a_name_listed_under_merge_is_merged_even_when_also_split():
    aliases = S.parse("merge:\n  Robert Perez: [Robert E. Perez]\nsplit: [Robert E. Perez]\n", "speakers.yml")
    assert same(ids(["Robert E. Perez", "Robert Perez"], aliases), "Robert E. Perez", "Robert Perez")


def test_the_shipped_alias_file_is_valid():
    assert S.load(ROOT / "data" / "speakers.yml") == S.Aliases({}, ())


@pytest.mark.parametrize(
    "text,reason",
    [
        ("merge: [\n", "is not valid YAML"),
        ("- Robert Perez\n", "must be a mapping with only the keys 'merge' and 'split'"),
        ("merges: {}\n", "must be a mapping with only the keys 'merge' and 'split'"),
        ("merge: [Robert Perez]\n", "'merge' must map each canonical name to a list of names"),
        ("merge:\n  Robert Perez: {Bob: 1}\n", "'merge' of 'Robert Perez' must be a list of names"),
        ("split: {Robert: Perez}\n", "'split' must be a list of names"),
        ("split: [Robert, 3]\n", "'split' must be a list of names"),
        (
            "merge:\n  Robert Perez: [Bob Perez]\n  Roberto Perez: [BOB PEREZ]\n",
            "'BOB PEREZ' is merged into both 'Robert Perez' and 'Roberto Perez'",
        ),
    ],
)
def test_a_bad_alias_file_is_named_with_the_reason(tmp_path, text, reason):
    path = tmp_path / "my-speakers.yml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(S.AliasError) as error:
        S.load(path)
    assert str(path) in str(error.value) and reason in str(error.value)


def test_a_missing_alias_file_says_which_setting_to_change(tmp_path):
    with pytest.raises(S.AliasError, match=r"absent\.yml does not exist; .*PRESSROOM_SPEAKERS"):
        S.load(tmp_path / "absent.yml")


def test_the_setting_names_the_alias_file(monkeypatch, tmp_path):
    monkeypatch.setenv("PRESSROOM_SPEAKERS", str(tmp_path / "mine.yml"))
    assert S.configured() == tmp_path / "mine.yml"
    monkeypatch.setenv("PRESSROOM_SPEAKERS", "")
    assert S.configured() is None and S.load(None) == S.NO_ALIASES


def test_the_fingerprint_changes_with_the_content(tmp_path):
    path = tmp_path / "speakers.yml"
    path.write_text("merge: {}\n")
    before = S.fingerprint(path)
    path.write_text("split: [Ann Lee]\n")
    assert S.fingerprint(path) != before and S.fingerprint(None) == ""


# the mapping at read time, on the sample store


def test_apply_maps_the_sample_stores_speakers_over_distinct_names(sample_store):
    quotes = Store(sample_store).read("quotes")
    table = S.table(quotes["speaker"].value_counts())
    merged = table.groupby("speaker")["speaker_as_written"].agg(frozenset)
    assert set(merged[merged.map(len) > 1]) == {
        frozenset({"Daniel R. Whitcomb", "Daniel Whitcomb"}),
        frozenset({"Tomás Echeverría", "Tomas Echeverria"}),
    }
    out = S.apply(quotes, table)
    assert len(out) == len(quotes) and (out["text"] == quotes["text"]).all()
    assert out["speaker_as_written"].astype(str).tolist() == quotes["speaker"].fillna("").str.strip().tolist()
    assert all(
        isinstance(out[c].dtype, pd.CategoricalDtype) for c in ("speaker", "speaker_as_written", "speaker_id")
    )
    whitcomb = out[out["speaker_as_written"].isin(["Daniel R. Whitcomb", "Daniel Whitcomb"])]
    assert set(whitcomb["speaker"]) == {"Daniel R. Whitcomb"} and whitcomb["speaker_id"].nunique() == 1
    assert len(out["speaker"].cat.categories) == table["speaker"].nunique() + ("" in set(out["speaker"]))


def test_variants_lists_every_name_as_written_of_the_chosen_speakers(sample_store):
    table = S.table(Store(sample_store).read("quotes", ["speaker"])["speaker"].value_counts())
    assert set(S.variants(table, ["Daniel R. Whitcomb"])) == {"Daniel R. Whitcomb", "Daniel Whitcomb"}
    assert "Daniel Whitcomb" not in S.names(table) and S.names(table)[0] == "Elena Marquez"
