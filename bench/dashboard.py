"""Dashboard at scale: on synthetic stores of 15k, 50k, 200k and 2,000,000 releases (bench/synth.py, built
once into data/bench/synth-<n>/, a chunk of releases at a time), the server-side time of a full script run of
every page through streamlit's AppTest, with the default filters, with a narrow one (one topic, one year),
with a text search ("Text contains": SEARCHED) and, for the Topics page, with its suggested terms on; and the
peak memory of the process.

Each size is measured in a fresh subprocess (`python -m bench.dashboard --measure STORE`), so peaks do not
mix. In it, every page first runs once (imports: spaCy for the Data page, plotly, the pages' modules), then,
per filter set and page: the caches are cleared (st.cache_data.clear(), st.cache_resource.clear()) and the
page runs once cold, then PRESSROOM_BENCH_RUNS (5) times warm, as when a reader comes back to the page with
the same filters. The warm runs are the rows' min / median / max; the cold run is in the note, not in those
numbers. Times are wall-clock of AppTest.run() for the page, which includes AppTest turning the page's output
into its element tree.

Memory: the memory row is the process's peak RSS, with its high-water mark after the first run of each page
(caches kept, as on a server a reader goes through every page). Each page's note gives the peak RSS while it
ran (Linux: VmHWM restarted through /proc/self/clear_refs) and the RSS before; memory freed by earlier pages
is not always given back to the system, so the difference understates a page's own need."""

from __future__ import annotations

import argparse
import gc
import json
import logging
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from bench.common import ROOT, Result, timed

SIZES = [
    int(s)
    for s in os.environ.get("PRESSROOM_BENCH_SIZES", "15000,50000,200000,2000000").split(",")
    if s.strip()
]
RUNS = int(os.environ.get("PRESSROOM_BENCH_RUNS", "5"))
BENCH = ROOT / "data" / "bench"
PAGES = ("overview", "topics", "speakers", "figures", "releases", "briefing", "data")
NARROW_TOPIC = "narcotics"
SEARCHED = "fentanyl"  # "Text contains": a word in about a quarter of the synthetic releases
TIME_GOALS = {15_000: "≤ 0.5 s", 200_000: "≤ 2 s", 2_000_000: "≤ 2 s"}
COLD_GOALS = {2_000_000: "≤ 10 s"}  # the first run with every cache cleared
MEMORY_GOALS = {200_000: "≤ 1 GB", 2_000_000: "≤ 1.5 GB"}


# -------------------------------------------------------------- the parent: stores, subprocesses, result rows


def store_for(n: int) -> Path:
    """data/bench/synth-<n>, built by bench.synth unless it holds a store of n releases from this
    generator."""
    from bench import synth
    from lib.errors import PressroomError
    from lib.store import Store

    path = BENCH / f"synth-{n}"
    try:
        manifest = Store(path).manifest()
    except (PressroomError, ValueError):  # none there, or unusable: built again
        manifest = {}
    made = manifest.get("synthetic", {})
    if (
        manifest.get("counts", {}).get("releases") == n
        and made.get("generator") == synth.GENERATOR
        and made.get("seed") == 0
    ):
        return path
    print(f"dashboard: building a synthetic store of {n:,} releases in {path}", file=sys.stderr, flush=True)
    shutil.rmtree(path, ignore_errors=True)
    subprocess.run([sys.executable, "-m", "bench.synth", str(path), str(n)], cwd=ROOT, check=True)
    return path


def _measure_in_subprocess(store: Path, runs: int) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "result.json"
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "bench.dashboard",
                "--measure",
                str(store),
                "--runs",
                str(runs),
                "--out",
                str(out),
            ],
            cwd=ROOT,
            capture_output=True,
            text=True,
        )
        if done.returncode != 0 or not out.is_file():
            raise SystemExit(f"dashboard: measuring {store} failed:\n{done.stderr[-4000:]}")
        return json.loads(out.read_text())


def _disk_mb(path: Path) -> float:
    return sum(p.stat().st_size for p in path.rglob("*.parquet")) / 2**20


def run() -> list[Result]:
    results = []
    for n in SIZES:
        store = store_for(n)
        load = os.getloadavg()[0]
        measured = _measure_in_subprocess(store, RUNS)
        load = max(load, os.getloadavg()[0])
        busy = (
            f"; load average {load:.1f} on {os.cpu_count()} cores (this benchmark counts for about 1)"
            if load > 1.5
            else ""
        )
        for variant, pages in measured["variants"].items():
            query = measured["queries"][variant]
            what = (
                "default filters"
                if variant == "default"
                else "default filters, suggested terms on"
                if variant == "suggest"
                else f"text contains “{SEARCHED}”, {measured['selected'][variant]:,} releases"
                if variant == "text"
                else f"narrow: topic {NARROW_TOPIC}, {query['dates'][0][:4]}, "
                f"{measured['selected'][variant]:,} releases"
            )
            for page, m in pages.items():
                params = "&".join(
                    f"{k}={v}" for k, vs in query.items() for v in (vs if isinstance(vs, list) else [vs])
                )
                memory = (
                    f"; peak RSS during the page {m['peak_mb']:,.0f} MB (from {m['rss_before_mb']:,.0f})"
                    if m.get("peak_mb")
                    else ""
                )
                cold_goal = f" (goal {COLD_GOALS[n]})" if n in COLD_GOALS else ""
                note = (
                    f"{RUNS} warm reruns; cold first run (cache cleared) {m['cold']:.2f} s{cold_goal}, "
                    "not included" + memory + (f"; RAISED {m['error']}" if m.get("error") else "") + busy
                )
                results.append(
                    Result(
                        f"Dashboard {page}, {n:,} releases, {what}",
                        f"AppTest pages/{page}.py" + (f"?{params}" if params else ""),
                        "s",
                        m["warm"],
                        goal=TIME_GOALS.get(n, ""),
                        note=note,
                    )
                )
        steps = ", ".join(f"{k} {v:,.0f}" for k, v in measured["peaks"].items())
        results.append(
            Result(
                f"Dashboard peak memory, {n:,} releases",
                "python -m bench.dashboard --measure data/bench/synth-N",
                "MB",
                [measured["peak_mb"]],
                goal=MEMORY_GOALS.get(n, ""),
                note=(
                    f"peak RSS (VmHWM) of a fresh process running every page with every filter "
                    f"set; its high-water mark after imports and after the first run of each page "
                    f"(default filters, caches kept as on a server), MB: {steps}; store "
                    f"{_disk_mb(store):,.0f} MB of Parquet"
                ),
            )
        )
    return results


# -------------------------------------------------------------- the child: one store, every page

_HIGHEST = [0.0]  # the highest peak seen: resetting VmHWM (below) restarts it


def _peak_mb() -> float:
    """The process's peak resident memory so far: VmHWM on Linux, which belongs to this process's own memory.
    ru_maxrss is not used there: it keeps the peak of the process that started this one (the benchmark's
    parent, 1.1 GB after the processing benchmark loaded spaCy), so it read 1,125 MB at every size, before any
    page ran."""
    hwm = _status_mb("VmHWM")
    own = (
        hwm if hwm is not None else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    )  # KiB elsewhere
    _HIGHEST[0] = max(_HIGHEST[0], own)
    return _HIGHEST[0]


def _status_mb(field: str) -> float | None:
    try:
        return int(re.search(rf"{field}:\s+(\d+)", Path("/proc/self/status").read_text()).group(1)) / 1024
    except (OSError, AttributeError):
        return None


def _reset_high_water() -> bool:
    """Linux: restart VmHWM (the peak resident memory) from the current resident memory."""
    _peak_mb()
    try:
        Path("/proc/self/clear_refs").write_text("5")
        return True
    except OSError:
        return False


def _narrow(store: Path) -> dict:
    """One topic and the last whole calendar year of the store."""
    import pandas as pd

    from lib.store import Store

    last = Store(store).read("releases", ["date"])["date"].max()
    year = (last - pd.Timedelta(days=365)).year
    return {"topic": NARROW_TOPIC, "dates": [f"{year}-01-01", f"{year}-12-31"]}


def _clear(st) -> None:
    """Empty every cache: the selection and the quotes' word counts are kept with st.cache_resource, every
    result a page draws with st.cache_data."""
    st.cache_data.clear()
    st.cache_resource.clear()


def measure(store: Path, runs: int) -> dict:
    """Times of every page with each filter set (default, narrow, text search; the Topics page's suggested
    terms too), and peak memory, in this process."""
    os.environ["PRESSROOM_STORE"] = str(store)
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    for name in ("streamlit", "streamlit.runtime", "streamlit.runtime.caching"):
        logging.getLogger(name).setLevel(logging.ERROR)

    def app(query: dict) -> AppTest:
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=1800)
        for key, value in query.items():
            at.query_params[key] = value
        return at.run()

    peaks = {"imports": _peak_mb()}
    # As in tests/conftest.py: a real server remembers that app.py uses st.navigation; AppTest forgets before
    # every run and, with a pages/ folder present, would rerun the page alone. (lib.ui is imported only now,
    # after the imports are measured, as a server imports it with the first page.)
    from lib.ui import internals

    internals.keep_navigation_mode()
    at = app({})
    for page in PAGES:  # imports and first-use costs, outside the timings; the caches fill as on a server
        at.switch_page(f"pages/{page}.py").run()
        peaks[f"first {page}"] = _peak_mb()
    del at
    _clear(st)
    gc.collect()
    queries = {
        "default": {},
        "narrow": _narrow(store),
        "text": {"q": SEARCHED},
        "suggest": {"topics_discover": "true"},
    }
    out = {"queries": queries, "variants": {}, "selected": {}, "peaks": peaks}
    for variant, query in queries.items():
        at = app(query)
        out["selected"][variant] = int(
            next(m.value for m in at.metric if m.label == "Releases").replace(",", "")
        )
        pages = out["variants"][variant] = {}
        for page in PAGES if variant != "suggest" else ("topics",):  # the Topics page's on-demand section
            at.switch_page(f"pages/{page}.py")
            _clear(st)
            gc.collect()
            before, reset = _status_mb("VmRSS"), _reset_high_water()
            cold = timed(at.run)
            error = "; ".join(str(e.message)[:200] for e in at.exception)
            warm = [timed(at.run) for _ in range(runs)]
            pages[page] = {
                "cold": cold,
                "warm": warm,
                "error": error,
                "rss_before_mb": before,
                "peak_mb": _status_mb("VmHWM") if reset else None,
            }
            _peak_mb()
        del at
    out["peak_mb"] = _peak_mb()
    return out


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.dashboard")
    parser.add_argument(
        "--measure", type=Path, required=True, help="store directory to measure in this process"
    )
    parser.add_argument("--runs", type=int, default=RUNS)
    parser.add_argument("--out", type=Path, help="write the measurements here as JSON (default: stdout)")
    args = parser.parse_args(argv)
    text = json.dumps(measure(args.measure, args.runs), indent=1)
    if args.out:
        args.out.write_text(text)
    else:
        print(text)


if __name__ == "__main__":
    main()
