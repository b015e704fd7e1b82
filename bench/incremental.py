"""A second run over the White House corpus with nothing changed, and with 1% of the files changed."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from bench.common import ROOT, WHITE_HOUSE, Result, repeat, timed

STORE = Path(os.environ.get("PRESSROOM_BENCH_STORE", ROOT / "data" / "bench" / "whitehouse"))


def _process(corpus: Path, store: Path) -> None:
    subprocess.run([sys.executable, "-m", "lib", "process", str(corpus), "--store", str(store), "--quiet"],
                   cwd=ROOT, check=True, capture_output=True)


def run(times: int = 5) -> list[Result]:
    if not WHITE_HOUSE.is_dir():
        raise SystemExit(f"incremental: the White House corpus is not at {WHITE_HOUSE}")
    if not (STORE / "CURRENT").is_file():
        print(f"incremental: building {STORE} first (about an hour on two cores)", file=sys.stderr)
        _process(WHITE_HOUSE, STORE)
    command = "python -m lib process ../shared/corpora/whitehouse-briefings --store S --quiet"
    noop = repeat(lambda: timed(lambda: _process(WHITE_HOUSE, STORE)), times)
    results = [Result("Incremental, nothing changed (14,396 pages)", command, "s", noop, goal="≤ 3 s",
                      note="wall time of the command, Python start and imports included")]
    with tempfile.TemporaryDirectory() as tmp:
        corpus, store = Path(tmp) / "corpus", Path(tmp) / "store"
        shutil.copytree(WHITE_HOUSE, corpus)
        shutil.copytree(STORE, store)
        _process(corpus, store)  # the copy's paths become known
        pages = sorted(corpus.glob("**/*.md"))
        for page in pages[:: 100]:
            with page.open("a", encoding="utf-8") as fh:
                fh.write("\n\nA sentence added for the benchmark.\n")
        one = timed(lambda: _process(corpus, store))
    results.append(Result("Incremental, 1% of files changed", command.replace("whitehouse-briefings", "copy"), "s",
                          [one], note=f"{len(pages[::100])} pages changed, their releases processed by spaCy"))
    return results
