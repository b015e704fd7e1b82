"""The command-line contract: `python -m lib extract PATH... --json` and `python -m lib process`."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from conftest import ROOT, SEED

CONTRACT = {
    "id",
    "title",
    "date",
    "agency",
    "url",
    "source",
    "body",
    "quotes",
    "figures",
    "topics",
    "entities",
}
QUOTE = {"text", "start", "end", "speaker", "speaker_title", "speaker_org", "kind", "cue"}
FIGURE = {
    "text",
    "start",
    "end",
    "value",
    "low",
    "high",
    "qualifier",
    "change",
    "unit",
    "metric",
    "period",
    "sentence",
}


def run(*args, stdin=None, env=None):
    return subprocess.run(
        [sys.executable, "-m", "lib", *args],
        cwd=ROOT,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=600,
        env=env,
    )


@pytest.mark.shared
def test_extract_seed_prints_one_json_object_with_every_contract_field(shared):
    out = run("extract", str(SEED), "--json")
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    assert len(lines) == 1
    record = json.loads(lines[0])
    assert set(record) >= CONTRACT
    assert (record["date"], record["agency"], record["source"]) == (
        "2020-02-28",
        "U.S. Customs and Border Protection",
        str(SEED),
    )
    assert (
        record["title"]
        == "U.S. Customs and Border Protection Discusses Shared Concerns with Mexican Counterparts"
    )
    assert all(set(q) >= QUOTE for q in record["quotes"]) and record["quotes"]
    assert all(set(f) >= FIGURE for f in record["figures"]) and record["figures"]
    assert all(set(t) == {"topic", "mentions"} for t in record["topics"])
    assert all(set(e) == {"text", "label", "start", "end"} for e in record["entities"])


def test_extract_reads_a_plain_text_release_from_stdin():
    out = run(
        "extract",
        "-",
        "--json",
        stdin="Officers Seize Cocaine\n\n“We found it,” said Port Director Ana Ruiz.\n",
    )
    assert out.returncode == 0, out.stderr
    record = json.loads(out.stdout)
    assert (record["title"], record["source"]) == ("Officers Seize Cocaine", "-")
    assert record["quotes"][0]["speaker"] == "Ana Ruiz"


def test_extract_one_line_per_release_in_a_jsonl_file():
    out = run("extract", "data/sample/jsonl/releases.jsonl", "--json")
    assert out.returncode == 0, out.stderr
    assert len(out.stdout.splitlines()) == 10


def test_extract_of_empty_stdin_is_a_reject_not_a_traceback():
    out = run("extract", "-", "--json", stdin="")
    assert out.returncode == 1 and out.stdout == ""
    assert out.stderr.strip() == "rejected: -: neither a title nor any body text found"


def test_status_without_a_store_is_one_clear_sentence(tmp_path):
    out = run("status", "--store", str(tmp_path / "none"))
    assert out.returncode == 1 and "Traceback" not in out.stderr
    assert out.stderr.startswith(
        f"error: No processed store in {tmp_path / 'none'}. Run `python -m lib process`"
    )


def test_extract_missing_path_says_so():
    out = run("extract", "no/such/file.txt", "--json")
    assert out.returncode == 2 and "no/such/file.txt: no such file or directory" in out.stderr


def test_process_prints_a_summary_and_lists_rejects(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "ok.txt").write_text("A Title\n\nSome body text about 12 firearms.\n")
    (tmp_path / "in" / "bad.txt").write_bytes(b"\x00\x00binary")
    out = run("process", str(tmp_path / "in"), "--store", str(tmp_path / "store"))
    assert out.returncode == 0, out.stderr
    assert "2 files (2 read), 1 releases" in out.stdout and "1 rejected" in out.stdout
    assert f"rejected: {tmp_path / 'in' / 'bad.txt'}: binary file" in out.stderr
    assert "Processing" in out.stderr  # the progress bar


def test_invalid_setting_is_one_clear_sentence(tmp_path):
    import os

    env = {**os.environ, "PRESSROOM_JOBS": "two"}
    out = run("process", str(tmp_path), "--store", str(tmp_path / "s"), env=env)
    assert out.returncode == 1
    assert out.stderr.strip().startswith("error: Setting PRESSROOM_JOBS='two' is not a valid int")
    assert "Traceback" not in out.stderr
