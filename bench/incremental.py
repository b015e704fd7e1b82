"""A second run over the White House corpus with nothing changed, and with 1% of the files changed.

The store takes about 45 minutes of spaCy to build on two cores (built with a process per core).
PRESSROOM_BENCH_STANDIN=1 builds a stand-in in under a minute instead (data/bench/whitehouse-standin): every
file read and every release stamped with the current pipeline version, but no NLP rows. A run with nothing to
do reads only the files, rejects and releases tables (ids, versions, sources), so it costs the same there; a
run with changes writes fewer kept rows than on the real store."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from bench.common import ROOT, WHITE_HOUSE, Result, repeat, timed

STANDIN = os.environ.get("PRESSROOM_BENCH_STANDIN") == "1"
STORE = Path(
    os.environ.get(
        "PRESSROOM_BENCH_STORE", ROOT / "data" / "bench" / ("whitehouse-standin" if STANDIN else "whitehouse")
    )
)


def _process(corpus: Path, store: Path, env: dict | None = None) -> None:
    subprocess.run(
        [sys.executable, "-m", "lib", "process", str(corpus), "--store", str(store), "--quiet"],
        cwd=ROOT,
        check=True,
        capture_output=True,
        env=env,
    )


def _standin(corpus: Path, store: Path) -> None:
    """The store of `corpus` with every release stamped as processed, without running spaCy (no NLP rows)."""
    import lib.process as process
    import lib.records as records

    class Unread:
        max_length = 10**9

        def pipe(self, texts, **kwargs):
            return ((None, release) for _, release in texts)

    process.pipeline.load, records.doc_rows = lambda name=None: Unread(), lambda *args: {}
    process.process([corpus], store, progress=False)


def run(times: int = 5) -> list[Result]:
    if not WHITE_HOUSE.is_dir():
        raise SystemExit(f"incremental: the White House corpus is not at {WHITE_HOUSE}")
    if not (STORE / "CURRENT").is_file():
        print(
            f"incremental: building {STORE} first" + ("" if STANDIN else " (about 45 minutes on two cores)"),
            file=sys.stderr,
        )
        if STANDIN:  # in a process of its own: it replaces the pipeline for the run
            subprocess.run(
                [sys.executable, "-m", "bench.incremental", "--standin", str(WHITE_HOUSE), str(STORE)],
                cwd=ROOT,
                check=True,
            )
        else:
            # with every core (not measured): 20.7 million words, 45 minutes with two processes on two cores
            _process(
                WHITE_HOUSE,
                STORE,
                {**os.environ, "PRESSROOM_JOBS": os.environ.get("PRESSROOM_JOBS", str(os.cpu_count() or 1))},
            )
    command = "python -m lib process ../shared/corpora/whitehouse-briefings --store S --quiet"
    noop = repeat(lambda: timed(lambda: _process(WHITE_HOUSE, STORE)), times)
    load = f"; load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores"
    standin = "; on the stand-in store (PRESSROOM_BENCH_STANDIN=1: no NLP rows, which this run never reads)"
    results = [
        Result(
            "Incremental, nothing changed (14,396 pages)",
            command,
            "s",
            noop,
            goal="≤ 3 s",
            note="wall time of the command, Python start and imports included"
            + load
            + (standin if STANDIN else ""),
        )
    ]
    with tempfile.TemporaryDirectory() as tmp:
        corpus, store = Path(tmp) / "corpus", Path(tmp) / "store"
        shutil.copytree(WHITE_HOUSE, corpus)
        shutil.copytree(STORE, store)
        _process(corpus, store)  # the copy's paths become known
        pages = sorted(corpus.glob("**/*.md"))
        for page in pages[::100]:
            with page.open("a", encoding="utf-8") as fh:
                fh.write("\n\nA sentence added for the benchmark.\n")
        one = timed(lambda: _process(corpus, store))
    results.append(
        Result(
            "Incremental, 1% of files changed",
            command.replace("whitehouse-briefings", "copy"),
            "s",
            [one],
            note=f"{len(pages[::100])} pages changed, their releases processed by spaCy"
            + (
                f"; on the stand-in store, whose kept releases have no NLP rows to carry over{load}"
                if STANDIN
                else load
            ),
        )
    )
    return results


if __name__ == "__main__":  # python -m bench.incremental --standin CORPUS STORE
    if sys.argv[1:2] == ["--standin"] and len(sys.argv) == 4:
        _standin(Path(sys.argv[2]), Path(sys.argv[3]))
    else:
        raise SystemExit("usage: python -m bench.incremental --standin CORPUS STORE")
