"""Settings and stores that cannot be used: one clear sentence, from the command line and in the dashboard,
never a traceback."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from hypothesis import given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from lib import settings
from lib.store import Store, StoreUnusable
from tests.conftest import ROOT

NUMBERS = [s for s in settings.SETTINGS if s.kind is not str]
ENV_TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=12
)


@hsettings(max_examples=300, deadline=None, derandomize=True, database=None)
@given(
    name=st.sampled_from([s.name for s in NUMBERS]),
    value=st.one_of(
        ENV_TEXT,
        st.sampled_from(
            ["-1", "0", "nan", "inf", "-inf", "1e999", "0x10", "1_000", " 2 ", "3.5", "", "１２"]
        ),
    ),
)
def test_any_value_of_a_number_setting_is_used_or_refused_in_one_sentence(name, value):
    os.environ[name] = value
    try:
        settings.check_all()
    except settings.SettingsError as exc:
        message = str(exc)
        assert (
            message.startswith(f"Setting {name}=") and "\n" not in message and message.rstrip().endswith(".")
        )
    finally:
        del os.environ[name]


def run_cli(*args: str, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "lib", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, **env},
        timeout=300,
    )


def one_sentence(result: subprocess.CompletedProcess, *words: str) -> None:
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr
    assert all(w in lines[0] for w in words), lines[0]


def test_a_store_path_that_is_a_file_is_one_sentence(tmp_path):
    path = tmp_path / "file"
    path.write_text("not a store")
    one_sentence(run_cli("status", "--store", str(path)), "is a file, not a directory")
    one_sentence(
        run_cli("process", str(tmp_path), "--quiet", "--store", str(path)), "is a file, not a directory"
    )


def test_a_folder_of_other_files_is_not_turned_into_a_store(tmp_path):
    folder = tmp_path / "documents"
    folder.mkdir()
    (folder / "thesis.docx").write_text("precious")
    one_sentence(
        run_cli("process", str(ROOT / "data" / "sample" / "txt"), "--quiet", "--store", str(folder)),
        "is not a Pressroom store",
    )
    assert sorted(p.name for p in folder.iterdir()) == ["thesis.docx"]


def test_a_store_that_cannot_be_created_is_one_sentence(tmp_path):
    (tmp_path / "file").write_text("x")
    with (
        pytest.raises(StoreUnusable, match="cannot write its store in"),
        Store(tmp_path / "file" / "store").lock(),
    ):
        pass


@pytest.mark.parametrize(
    "env,words",
    [
        ({"PRESSROOM_JOBS": "two"}, ["PRESSROOM_JOBS='two' is not a valid int"]),
        ({"PRESSROOM_FETCH_TIMEOUT": "0"}, ["PRESSROOM_FETCH_TIMEOUT=0 must be greater than 0"]),
        ({"PRESSROOM_SPACY_MODEL": "no_such_model"}, ["No spaCy model found", "pip install"]),
    ],
)
def test_bad_settings_on_the_command_line_are_one_sentence(tmp_path, env, words):
    (tmp_path / "r.txt").write_text("Title\n\nBody text.")
    one_sentence(
        run_cli("process", str(tmp_path / "r.txt"), "--quiet", "--store", str(tmp_path / "s"), **env), *words
    )


def test_a_broken_settings_file_is_one_sentence(tmp_path):
    config = tmp_path / "pressroom.toml"
    config.write_text("jobs = [\n")
    one_sentence(run_cli("status", PRESSROOM_CONFIG=str(config)), "is not valid TOML", str(config))


@pytest.mark.parametrize(
    "env,words",
    [
        ({"PRESSROOM_BATCH_SIZE": "-3"}, ["PRESSROOM_BATCH_SIZE=-3 must be at least 1"]),
        ({"PRESSROOM_MAX_FILE_MB": "lots"}, ["PRESSROOM_MAX_FILE_MB='lots' is not a valid float"]),
        ({"PRESSROOM_STORE": "{file}"}, ["is a file, not a directory"]),
        ({"PRESSROOM_STORE": "{folder}"}, ["is not a Pressroom store"]),
        ({"PRESSROOM_CONFIG": "{toml}"}, ["is not valid TOML"]),
    ],
)
def test_the_dashboard_says_what_is_wrong_in_one_sentence(open_app, monkeypatch, tmp_path, env, words):
    (tmp_path / "file").write_text("x")
    (tmp_path / "folder").mkdir()
    (tmp_path / "folder" / "notes.txt").write_text("x")
    (tmp_path / "bad.toml").write_text("store = \n")
    places = {"file": tmp_path / "file", "folder": tmp_path / "folder", "toml": tmp_path / "bad.toml"}
    for name, value in env.items():
        monkeypatch.setenv(name, value.format(**places))
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120).run()
    assert not at.exception, [e.value for e in at.exception]
    assert len(at.error) == 1
    message = at.error[0].value
    assert message.startswith("The processed store could not be loaded: ") and "\n" not in message
    assert all(w in message for w in words), message
