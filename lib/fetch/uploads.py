"""Uploaded files saved into the raw directory, ready for process(): txt, html, md, jsonl, csv, and zip
archives of those (safe member names only, a cap on the total size extracted, nothing outside the target
folder)."""

from __future__ import annotations

import re
import stat
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from io import BytesIO
from pathlib import Path, PurePosixPath

from lib import settings
from lib.errors import file_errors
from lib.fetch.http import write_atomic
from lib.ingest.base import ReadError, decode

ACCEPTED = {
    ".txt",
    ".text",
    ".html",
    ".htm",
    ".xhtml",
    ".md",
    ".markdown",
    ".jsonl",
    ".ndjson",
    ".json",
    ".csv",
}
FOLDER = "uploads"
# Archive clutter skipped without a word: macOS resource forks, hidden files (not `..`), Windows thumbnails.
_IGNORED = re.compile(r"(^|/)(__MACOSX|\.[^/.][^/]*)(/|$)|(^|/)(Thumbs\.db|desktop\.ini)$", re.I)


@dataclass
class Saved:
    """Files written (ready for process()) and uploads or members refused, with the reason."""

    paths: list[Path] = field(default_factory=list)
    rejects: list[tuple[str, str]] = field(default_factory=list)


def safe_name(name: str) -> str:
    """A relative path made safe: no drive, no root, no `..`, only plain characters in each part; empty if
    nothing is left."""
    parts = []
    for part in PurePosixPath(name.replace("\\", "/")).parts:
        if part in ("/", ".", "..") or part.endswith(":"):
            continue
        clean = re.sub(r"[^A-Za-z0-9._ -]+", "_", part).strip(" .")[:120]
        if clean:
            parts.append(clean)
    return "/".join(parts)


def save_uploads(files: Iterable[tuple[str, bytes]], raw_dir: Path) -> Saved:
    """Save uploads (name, bytes) under <raw_dir>/uploads/; a zip is extracted into a folder named after it.
    A file uploaded again under the same name replaces the earlier one (process() then reads it again)."""
    target = raw_dir / FOLDER
    limits = _Limits()
    saved = Saved()
    for name, data in files:
        clean = safe_name(PurePosixPath(name.replace("\\", "/")).name)
        suffix = Path(clean).suffix.lower()
        if not clean:
            saved.rejects.append(
                (
                    name or "(a file without a name)",
                    "the file name is empty once unsafe characters are removed",
                )
            )
        elif suffix == ".zip" or (suffix in ACCEPTED and data.startswith(b"PK\x03\x04")):  # by content too
            _save_zip(name, data, target / Path(clean).stem, limits, saved)
        elif suffix not in ACCEPTED:
            saved.rejects.append((name, f"not a file type Pressroom reads ({_accepted()})"))
        else:
            problem = not_text(data) or limits.take(len(data))
            if problem:
                saved.rejects.append((name, problem))
            else:
                saved.paths.append(_write(target / clean, data))
    return saved


def not_text(data: bytes) -> str:
    """Why content is not a text release whatever its name says (a PDF, an image, a program, other binary), or
    ''."""
    try:
        decode(data[:4096])
    except ReadError as exc:
        return f"{exc} (the content was checked, not only the name)"
    return ""


def _accepted() -> str:
    return ", ".join(sorted(s.lstrip(".") for s in ACCEPTED | {".zip"}))


class _Limits:
    """The per-file cap (PRESSROOM_MAX_FILE_MB) and the total cap of one upload (PRESSROOM_MAX_UPLOAD_MB)."""

    def __init__(self):
        self.file = int(settings.get("PRESSROOM_MAX_FILE_MB") * 1e6)
        self.left = int(settings.get("PRESSROOM_MAX_UPLOAD_MB") * 1e6)

    def check(self, size: int) -> str:
        if size > self.file:
            return f"over the {self.file / 1e6:g} MB limit per file (PRESSROOM_MAX_FILE_MB)"
        if size > self.left:
            return (
                "over the total size extracted from one upload (PRESSROOM_MAX_UPLOAD_MB); "
                "upload it separately"
            )
        return ""

    def take(self, size: int) -> str:
        problem = self.check(size)
        if not problem:
            self.left -= size
        return problem


def _save_zip(name: str, data: bytes, folder: Path, limits: _Limits, saved: Saved) -> None:
    try:
        archive = zipfile.ZipFile(BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError) as exc:
        saved.rejects.append((name, f"not a readable zip archive ({exc})"))
        return
    with archive:
        for info in members:
            label = f"{name}/{info.filename}"
            if not info.filename:  # a stored name that starts with a NUL byte reads back empty
                saved.rejects.append(
                    (f"{name}/(a member without a name)", "the member has no name; not extracted")
                )
                continue
            if info.is_dir() or _IGNORED.search(info.filename):
                continue
            problem = _member_problem(info)
            clean = safe_name(info.filename)
            if not problem and not clean:
                problem = "the member's name is empty once unsafe parts are removed"
            if problem:
                saved.rejects.append((label, problem))
                continue
            data_or_problem = _read_member(archive, info, limits)
            if isinstance(data_or_problem, str):
                saved.rejects.append((label, data_or_problem))
            else:
                saved.paths.append(_write(folder / clean, data_or_problem))


def _member_problem(info: zipfile.ZipInfo) -> str:
    if stat.S_ISLNK(info.external_attr >> 16):
        return "a symbolic link; not extracted"
    if info.flag_bits & 0x1:
        return "encrypted; not extracted"
    suffix = PurePosixPath(info.filename).suffix.lower()
    if suffix == ".zip":
        return "a zip inside a zip; not opened (upload it on its own)"
    if suffix not in ACCEPTED:
        return f"not a file type Pressroom reads ({_accepted()})"
    return ""


def _read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, limits: _Limits) -> bytes | str:
    """The member's bytes, read in chunks so that a lying header cannot make us extract more than the caps."""
    cap = min(limits.file, limits.left)
    chunks, size = [], 0
    try:
        with archive.open(info) as fh:
            while chunk := fh.read(1 << 16):
                size += len(chunk)
                if size > cap:
                    return limits.check(size)
                chunks.append(chunk)
    except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError, RuntimeError) as exc:
        return f"could not be extracted ({type(exc).__name__}: {exc})"
    data = b"".join(chunks)
    problem = not_text(data) or limits.take(size)
    return problem or data


def _write(path: Path, data: bytes) -> Path:
    with file_errors(path.parent, "created"):
        path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(path, data)
    return path.resolve()
