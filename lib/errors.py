"""The errors a user can cause and fix. Imports nothing from lib, so every module can raise them.

The command line (lib/cli.py) and the dashboard (app.py, pages/) catch PressroomError only and show its
message; any other exception is a bug and shows its traceback (and fails the tests)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


class PressroomError(Exception):
    """Something the user can fix: a bad setting, a busy or unusable store, a file that cannot be read or
    written, a source that cannot be reached, a missing install. Its message is one sentence: what and why."""


class FileError(PressroomError):
    """A file or folder cannot be read or written; the message names it and the reason."""


def reason(exc: BaseException) -> str:
    """An OSError's reason in words ('Permission denied'), else the exception's own text."""
    return getattr(exc, "strerror", None) or str(exc) or type(exc).__name__


@contextmanager
def file_errors(path: Path | str, doing: str = "read", fix: str = "") -> Iterator[None]:
    """An OSError inside becomes a FileError naming the file (the one the error names, else `path`), what
    could not be done to it and why, and `fix`, what to do about it."""
    try:
        yield
    except OSError as exc:
        where = exc.filename if getattr(exc, "filename", None) else path
        raise FileError(f"{where} cannot be {doing} ({reason(exc)}){'; ' + fix if fix else ''}.") from exc
