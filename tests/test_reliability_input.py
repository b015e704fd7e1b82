"""Bad input, tried by hypothesis: every reader, every upload and a whole processing run end each case as a
release or as a reject naming the file and a reason a person understands, never as an exception; the run goes
on."""

from __future__ import annotations

import csv
import io
import json
import tempfile
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lib.fetch.uploads import save_uploads
from lib.ingest import read_file
from lib.process import process
from lib.store import Store
from tests.conftest import SAMPLE

# Deterministic (CI sees the same cases every run), no example database written into the project.
CASES = settings(
    max_examples=200,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
SUFFIXES = [".txt", ".html", ".htm", ".md", ".csv", ".jsonl", ".json", ".xml", ".bin", ""]
CAP = 2_000_000
GOOD = SAMPLE / "txt" / "2019-03-20-laredo-cbp-officers-find-61-migrants-locked-inside-tractor-trailer.txt"
HTML = SAMPLE / "html" / "2023-01-25-port-huron-officers-seize-methamphetamine-blue-water-bridge.html"
# Words a person understands in a reason; a bare exception name or repr is not one.
UNDERSTOOD = (
    "not a text release",
    "empty",
    "binary",
    "no body",
    "neither a title",
    "not a JSON",
    "row",
    "line",
    "item",
    "UTF-16",
    "over the",
    "column",
    "could not be read",
    "no text",
    "no release",
)


def outcome(path: Path, data: bytes):
    """Write the bytes, read the file; assert it became releases, rejects naming the file, or a skip
    reason."""
    path.write_bytes(data)
    result = read_file(path, CAP)  # must not raise
    assert result.releases or result.rejects or result.skipped, f"{path.name}: neither a release nor a reject"
    for where, reason in result.rejects:
        assert where.split("#")[0] == str(path), (where, path)
        assert reason.strip() and any(w in reason for w in UNDERSTOOD), reason
    for release in result.releases:
        assert release.title or release.body
        assert release.id and release.source.startswith(str(path))
    return result


@CASES
@given(data=st.binary(max_size=3000), suffix=st.sampled_from(SUFFIXES))
def test_random_bytes_become_a_release_or_a_reject(data, suffix):
    with tempfile.TemporaryDirectory() as tmp:
        outcome(Path(tmp) / f"release{suffix}", data)


ENCODINGS = ["utf-8", "utf-8-sig", "cp1252", "latin-1", "utf-16", "utf-16-le", "utf-16-be"]


@CASES
@given(
    title=st.text(min_size=1, max_size=80),
    body=st.text(min_size=1, max_size=800),
    encoding=st.sampled_from(ENCODINGS),
    suffix=st.sampled_from([".txt", ".md", ".html"]),
)
def test_text_in_any_encoding_is_read_or_rejected(title, body, encoding, suffix):
    raw = f"{title}\n\n{body}".encode(encoding, errors="replace")
    with tempfile.TemporaryDirectory() as tmp:
        outcome(Path(tmp) / f"release{suffix}", raw)


def test_the_encodings_a_person_would_save_in_give_the_same_release(tmp_path):
    text = (
        "Officers seize 3,500 pounds of méthamphetamine\n\nThe “largest” seizure this year — officers said."
    )
    ids = set()
    for encoding in ("utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be"):
        result = outcome(tmp_path / f"{encoding}.txt", text.encode(encoding))
        assert [r.title for r in result.releases] == ["Officers seize 3,500 pounds of méthamphetamine"], (
            encoding
        )
        ids |= {r.id for r in result.releases}
    assert len(ids) == 1
    mixed = text.encode("utf-8") + " café".encode("cp1252")  # a UTF-8 file with a cp1252 line pasted in
    assert outcome(tmp_path / "mixed.txt", mixed).releases


@CASES
@given(cut=st.integers(min_value=0, max_value=HTML.stat().st_size), junk=st.binary(max_size=200))
def test_truncated_html_with_junk_appended_is_read_or_rejected(cut, junk):
    with tempfile.TemporaryDirectory() as tmp:
        outcome(Path(tmp) / "page.html", HTML.read_bytes()[:cut] + junk)


TAGS = [
    "<div>",
    "</div>",
    "<p>",
    "</p>",
    "<script>",
    "</script>",
    "<!--",
    "-->",
    "<![CDATA[",
    "]]>",
    "<html>",
    "<body>",
    "<article>",
    "<h1>",
    "</h1>",
    "&amp;",
    "&#xZZ;",
    "&#1114112;",
    "<meta property='og:title'>",
    "<time datetime='not a date'>",
    "<",
    ">",
    '"',
    "'",
    "Title",
    " text ",
    "\n\n",
    "<br/>",
    "<style>",
    "<?xml?>",
]


@CASES
@given(parts=st.lists(st.sampled_from(TAGS), max_size=200))
def test_malformed_markup_is_read_or_rejected(parts):
    with tempfile.TemporaryDirectory() as tmp:
        outcome(Path(tmp) / "page.html", "".join(parts).encode())


@pytest.mark.parametrize("depth", [1_000, 100_000])
def test_deeply_nested_markup_is_read_or_rejected(tmp_path, depth):
    page = (
        "<html><head><title>Nested</title></head><body>" + "<div>" * depth + "Deep text." + "</div>" * depth
    )
    outcome(tmp_path / "nested.html", page.encode())


COLUMNS = ["title", "Title", "date", "Date", "body", "text", "Text", "url", "agency", "extra", "", "body"]
VALUES = st.one_of(
    st.text(max_size=60),
    st.sampled_from(
        ["2020-02-30", "13/45/2020", "yesterday", "", "0", "1e309", "2020-02-28", "Feb. 28, 2020", "NaN"]
    ),
)


@CASES
@given(
    header=st.lists(st.sampled_from(COLUMNS), min_size=1, max_size=6),
    rows=st.lists(st.lists(VALUES, max_size=8), max_size=6),
)
def test_csv_with_missing_extra_and_bad_columns_and_dates(header, rows):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows(rows)
    with tempfile.TemporaryDirectory() as tmp:
        result = outcome(Path(tmp) / "releases.csv", buffer.getvalue().encode())
    for release in result.releases:
        assert release.date is None or len(release.date) == 10


@CASES
@given(
    items=st.lists(
        st.one_of(
            st.dictionaries(st.sampled_from(COLUMNS), VALUES, max_size=6),
            st.dictionaries(
                st.text(max_size=5), st.one_of(st.integers(), st.none(), st.lists(st.integers())), max_size=3
            ),
            st.text(max_size=30),
            st.integers(),
            st.none(),
        ),
        max_size=6,
    )
)
def test_jsonl_with_missing_extra_and_bad_fields(items):
    lines = "\n".join(json.dumps(i) if n % 3 else json.dumps(i)[:-1] for n, i in enumerate(items, 1))
    with tempfile.TemporaryDirectory() as tmp:
        outcome(Path(tmp) / "releases.jsonl", lines.encode())


def test_empty_binary_and_oversized_files_are_rejected_with_their_reason(tmp_path):
    cases = {
        "empty.txt": (b"", "empty file"),
        "image.txt": (b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "PNG image"),
        "doc.html": (b"%PDF-1.7\n", "PDF document"),
        "prog.md": (b"\x7fELF\x02\x01", "program"),
        "nul.txt": (b"abc\x00\x01\x02\xff" * 20, "binary file"),
        "big.txt": (b"Title\n\n" + b"word " * (CAP // 5 + 10), "over the"),
    }
    for name, (data, reason) in cases.items():
        result = outcome(tmp_path / name, data)
        assert not result.releases and reason in result.rejects[0][1], (name, result.rejects)


# ---- uploads -----------------------------------------------------------------


def zipped(members: dict[str, bytes], compression=zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, data in members.items():
            info = zipfile.ZipInfo("placeholder")
            info.filename = name  # as given: ZipInfo() itself would cut a name at a NUL byte
            info.compress_type = compression
            archive.writestr(info, data)
    return buffer.getvalue()


def assert_inside(saved, raw: Path) -> None:
    root = (raw / "uploads").resolve()
    for path in saved.paths:
        assert path.resolve().is_relative_to(root), path
        assert path.is_file()
    for label, reason in saved.rejects:
        assert label and reason


NAMES = st.one_of(
    st.text(max_size=40),
    st.sampled_from(
        [
            "../../etc/passwd.txt",
            "/etc/cron.d/x.txt",
            "C:\\Windows\\x.txt",
            "..\\..\\x.md",
            "a/../../b.txt",
            "./.txt",
            "....//....//x.html",
            "\x00.txt",
            "con.txt",
            "a" * 300 + ".txt",
            "ok/release.txt",
            "üñí/ćødé.md",
        ]
    ),
)


@CASES
@given(names=st.lists(NAMES.filter(bool), min_size=1, max_size=5))
def test_archive_member_names_never_escape_the_upload_folder(names):
    members = {name: b"Title\n\nBody text of the release." for name in names}
    with tempfile.TemporaryDirectory() as tmp:
        raw = Path(tmp) / "raw"
        saved = save_uploads([("upload.zip", zipped(members))], raw)
        assert_inside(saved, raw)
        outside = [p for p in Path(tmp).rglob("*") if p.is_file() and not p.is_relative_to(raw / "uploads")]
        assert not outside, outside


@CASES
@given(name=NAMES, data=st.binary(max_size=500))
def test_uploaded_names_and_contents_are_saved_safely_or_refused(name, data):
    with tempfile.TemporaryDirectory() as tmp:
        raw = Path(tmp) / "raw"
        saved = save_uploads([(name, data)], raw)
        assert len(saved.paths) + len(saved.rejects) >= 1
        assert_inside(saved, raw)


def test_a_zip_bomb_is_stopped_at_the_cap_without_extracting_it(tmp_path, monkeypatch):
    monkeypatch.setenv("PRESSROOM_MAX_UPLOAD_MB", "5")
    bomb = zipped({"bomb.txt": b"Title\n\n" + b"0" * 300_000_000})  # 300 MB of text, about 300 kB zipped
    assert len(bomb) < 1_000_000
    saved = save_uploads([("bomb.zip", bomb)], tmp_path / "raw")
    assert not saved.paths
    assert saved.rejects == [
        (
            "bomb.zip/bomb.txt",
            "over the total size extracted from one upload (PRESSROOM_MAX_UPLOAD_MB); upload it separately",
        )
    ]
    assert not (tmp_path / "raw").exists() or not any((tmp_path / "raw").rglob("*.txt"))


def test_many_small_members_stop_at_the_total_cap(tmp_path, monkeypatch):
    monkeypatch.setenv("PRESSROOM_MAX_UPLOAD_MB", "1")
    archive = zipped({f"r{i}.txt": b"Title\n\n" + b"x" * 300_000 for i in range(6)})
    saved = save_uploads([("many.zip", archive)], tmp_path / "raw")
    assert len(saved.paths) == 3
    assert all("PRESSROOM_MAX_UPLOAD_MB" in reason for _, reason in saved.rejects) and len(saved.rejects) == 3


def test_bad_members_symlinks_nested_zips_and_corrupt_data_are_refused_one_by_one(tmp_path):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr("good.txt", b"Good title\n\nGood body.")
        link = zipfile.ZipInfo("link.txt")
        link.external_attr = 0o120777 << 16
        archive.writestr(link, b"/etc/passwd")
        archive.writestr("inner.zip", zipped({"x.txt": b"x"}))
        archive.writestr("image.txt", b"\x89PNG\r\n\x1a\n\x00\x00")
        archive.writestr("tool.exe", b"MZ\x90\x00")
        archive.writestr("corrupt.txt", b"Corrupt title\n\nThis member's bytes are damaged below.")
    data = bytearray(buffer.getvalue())
    at = data.find(b"This member's bytes")
    data[at : at + 4] = b"XXXX"  # the stored CRC no longer matches
    saved = save_uploads([("mixed.zip", bytes(data))], tmp_path / "raw")
    assert [p.name for p in saved.paths] == ["good.txt"]
    reasons = dict(saved.rejects)
    assert reasons["mixed.zip/link.txt"] == "a symbolic link; not extracted"
    assert "zip inside a zip" in reasons["mixed.zip/inner.zip"]
    assert "PNG image" in reasons["mixed.zip/image.txt"]
    assert "not a file type Pressroom reads" in reasons["mixed.zip/tool.exe"]
    assert "could not be extracted" in reasons["mixed.zip/corrupt.txt"]


def test_content_decides_over_the_name(tmp_path):
    saved = save_uploads(
        [
            ("scan.txt", b"%PDF-1.4\n..."),
            ("releases.txt", zipped({"a.txt": b"A\n\nBody."})),
            ("notes.html", "Title\n\nPlain text named .html".encode("utf-16")),
        ],
        tmp_path / "raw",
    )
    assert dict(saved.rejects) == {
        "scan.txt": "the file is a PDF document, not a text release (the content was "
        "checked, not only the name)"
    }
    assert sorted(p.name for p in saved.paths) == ["a.txt", "notes.html"]


def test_a_truncated_zip_is_one_reject(tmp_path):
    data = zipped({"a.txt": b"Title\n\n" + b"body " * 1000})
    saved = save_uploads([("cut.zip", data[: len(data) // 2])], tmp_path / "raw")
    assert (
        not saved.paths and saved.rejects[0][0] == "cut.zip" and "not a readable zip" in saved.rejects[0][1]
    )


# ---- a whole run -------------------------------------------------------------


def test_a_run_over_a_folder_of_bad_files_keeps_every_good_release_and_reports_every_bad_file(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_bytes(GOOD.read_bytes())
    bad = {
        "empty.txt": b"",
        "image.html": b"\x89PNG\r\n\x1a\n\x00",
        "random.md": bytes(range(256)) * 4,
        "cut.html": HTML.read_bytes()[:700],
        "nested.html": b"<div>" * 50_000,
        "noheader.csv": b"",
        "nobody.csv": b"title,date\nA,2020-01-01\n",
        "badrows.jsonl": b'{"title": "T", "body": "B"}\n{oops\n[1,2]\n',
        "utf16.txt": "Title\n\nUTF-16 body".encode("utf-16"),
        "pdf.txt": b"%PDF-1.5\n",
    }
    for name, data in bad.items():
        (folder / name).write_bytes(data)
    store = tmp_path / "store"
    summary = process([folder], store, progress=False)
    titles = set(Store(store).read("releases")["title"])
    assert "Laredo CBP Officers Find 61 Migrants Locked Inside Tractor-Trailer" in titles
    rejects = Store(store).read("rejects")
    rejected_files = {Path(p.split("#")[0]).name for p in rejects["path"]}
    assert {
        "empty.txt",
        "image.html",
        "random.md",
        "nobody.csv",
        "badrows.jsonl",
        "pdf.txt",
    } <= rejected_files
    assert all(any(w in reason for w in UNDERSTOOD) for reason in rejects["reason"]), list(rejects["reason"])
    for name in bad:  # each bad file is a release, a reject or a skip with its reason: none vanished
        assert (
            name in rejected_files
            or any(name in s for s in Store(store).read("files")["path"])
            or any(name in p for p, _ in summary.skipped)
        ), name
    assert len(summary.rejects) == len(rejects)
