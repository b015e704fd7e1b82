"""python -m bench [NAME...]: run benchmarks (all by default), print their rows, rewrite BENCHMARKS.md.
Results are kept in bench/results.json, so running one benchmark updates its rows and keeps the others."""

from __future__ import annotations

import argparse
import json
from dataclasses import asdict
from datetime import UTC, datetime

from bench import common, dashboard, export, incremental, processing

BENCHMARKS = {
    "processing": processing.run,
    "cluster": processing.run_cluster,
    "incremental": incremental.run,
    "export": export.run,
    "deck": export.run_deck,
    "dashboard": dashboard.run,
}
RESULTS = common.ROOT / "bench" / "results.json"
NOTES = common.ROOT / "bench" / "NOTES.md"  # hand-written, kept under the tables
HEADER = """# Benchmarks

Written by `make bench` (`python -m bench [processing|cluster|incremental|export|deck|dashboard]`); every \
row is min / median / max over
the runs shown. The test suite has no timing asserts: speed is measured here.

| benchmark | command | runs | min | median | max | unit | goal | note |
|---|---|---|---|---|---|---|---|---|
"""


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench")
    parser.add_argument("names", nargs="*", choices=[*BENCHMARKS, []], help="which to run (default: all)")
    parser.add_argument(
        "--render", action="store_true", help="only rewrite BENCHMARKS.md from bench/results.json"
    )
    args = parser.parse_args()
    stored = json.loads(RESULTS.read_text()) if RESULTS.is_file() else {}
    if args.render:
        return render(stored)
    names = args.names or list(BENCHMARKS)
    for name in names:
        results = BENCHMARKS[name]()
        stored[name] = {
            "machine": common.machine(),
            "when": datetime.now(UTC).isoformat(timespec="minutes"),
            "results": merged(stored.get(name), [asdict(r) for r in results]),
        }
        for r in results:
            print(r.row(), flush=True)
    RESULTS.write_text(json.dumps(stored, indent=1) + "\n")
    render(stored)


def merged(before: dict | None, rows: list[dict]) -> list[dict]:
    """The rows of a run, in place of the rows of the same name the last run of the benchmark wrote; its other
    rows (e.g. the dashboard at sizes PRESSROOM_BENCH_SIZES left out this time) are kept, their note saying
    when they were measured."""
    new = {r["name"]: r for r in rows}
    out = []
    for row in (before or {}).get("results", []):
        if row["name"] in new:
            out.append(new.pop(row["name"]))
        elif "measured " in row["note"]:  # kept from an earlier run already: it says when
            out.append(row)
        else:
            when = f"measured {before['when']} ({before['machine'].rsplit('commit ', 1)[-1]})"
            out.append({**row, "note": "; ".join(n for n in (row["note"], when) if n)})
    return out + list(new.values())


def render(stored: dict) -> None:
    """BENCHMARKS.md from the stored results and bench/NOTES.md (`python -m bench --render` redoes only
    this)."""
    lines = [HEADER]
    for block in stored.values():
        lines += [common.Result(**r).row() + "\n" for r in block["results"]]
    lines.append("\nMachines and dates:\n\n")
    lines += [f"- {name}: {block['machine']}, {block['when']}\n" for name, block in stored.items()]
    if NOTES.is_file():  # what the numbers mean: goals missed, their profiles, what would close them
        lines += ["\n", NOTES.read_text(encoding="utf-8")]
    (common.ROOT / "BENCHMARKS.md").write_text("".join(lines))


if __name__ == "__main__":
    main()
