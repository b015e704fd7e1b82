"""bench/__main__.py keeps the rows of a benchmark a run did not measure (the dashboard at sizes left out)."""

from __future__ import annotations

from bench.__main__ import merged


def _row(name: str, value: float, note: str = "") -> dict:
    return {"name": name, "command": "c", "unit": "s", "values": [value], "goal": "", "note": note}


def test_a_run_replaces_its_rows_and_keeps_the_others_saying_when_they_were_measured():
    before = {
        "machine": "vm: 2 cores; commit abc1234",
        "when": "2026-12-06T20:04+00:00",
        "results": [_row("15k overview", 1.0, "5 warm reruns"), _row("200k overview", 2.0)],
    }
    rows = merged(before, [_row("200k overview", 0.5), _row("2M overview", 1.5)])
    assert [r["name"] for r in rows] == ["15k overview", "200k overview", "2M overview"]
    assert [r["values"] for r in rows] == [[1.0], [0.5], [1.5]]
    assert rows[0]["note"] == "5 warm reruns; measured 2026-12-06T20:04+00:00 (abc1234)"
    assert merged({**before, "results": rows}, [])[0]["note"] == rows[0]["note"]  # said once
    assert merged(None, [_row("x", 1.0)]) == [_row("x", 1.0)]


def test_a_row_kept_over_several_runs_keeps_the_date_it_was_measured():
    first = {"machine": "vm; commit aaa", "when": "T1", "results": [_row("15k", 1.0), _row("2M", 2.0, "")]}
    second = {"machine": "vm; commit bbb", "when": "T2", "results": merged(first, [_row("2M", 3.0)])}
    third = merged(second, [_row("2M", 4.0)])
    assert [r["note"] for r in third] == ["measured T1 (aaa)", ""]
