"""Processing throughput: `process` into an empty store against a bare nlp.pipe loop over the same texts, with
the same model and components; then one process against two; and (run_cluster) `process --cluster local:1` and
`local:2`, Dask worker processes, against one process without a cluster."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.common import ROOT, WHITE_HOUSE, Result, timed

SIZE = int(os.environ.get("PRESSROOM_BENCH_RELEASES", "300"))
REPEATS = int(os.environ.get("PRESSROOM_BENCH_REPEATS", "3"))


def _sample(target: Path, n: int) -> None:
    pages = sorted(WHITE_HOUSE.glob("**/*.md"))
    step = max(1, len(pages) // n)
    for page in pages[::step][:n]:
        shutil.copy(page, target / page.name)


def _bare_model(texts: list[str]):
    """The model with the components Pressroom's pipeline keeps, loaded once and warmed up on a few texts (a
    fresh model's first batches are slower), so both sides of the ratio run on a loaded, warm model."""
    import spacy

    from lib import nlp as pipeline

    full = pipeline.load()
    bare = spacy.load(
        pipeline.model_name(),
        exclude=[n for n in spacy.load(pipeline.model_name()).pipe_names if n not in full.pipe_names],
    )
    for _ in bare.pipe(texts[:8]):
        pass
    return bare


def _bare_words_per_second(bare, texts: list[str], jobs: int) -> float:
    from lib import settings

    texts = [t[: bare.max_length - 1] for t in texts]
    batch = settings.get("PRESSROOM_BATCH_SIZE")  # the batch size `process` uses
    seconds = timed(lambda: [None for _ in bare.pipe(texts, batch_size=batch, n_process=jobs)])
    return sum(len(t.split()) for t in texts) / seconds


def _process_words_per_second(corpus: Path, jobs: int) -> float:
    """Words a second of a whole `process` run into an empty store, in this process."""
    from lib.process import process

    before = os.environ.get("PRESSROOM_JOBS")
    os.environ["PRESSROOM_JOBS"] = str(jobs)
    try:
        with tempfile.TemporaryDirectory() as store:
            summary = process([corpus], Path(store), progress=False)
    finally:  # the setting is put back: later benchmarks (the 1% changed run) use the caller's
        if before is None:
            del os.environ["PRESSROOM_JOBS"]
        else:
            os.environ["PRESSROOM_JOBS"] = before
    return summary.words / summary.seconds


def run() -> list[Result]:
    """Bare spaCy and `process` alternate, REPEATS rounds of each, so that a change of load on the shared
    machine falls on both; each round's ratio is one value of the ratio rows."""
    from lib.ingest import read_file

    results = []
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp)
        _sample(corpus, SIZE)
        texts = [r.body for p in sorted(corpus.iterdir()) for r in read_file(p, 10**9).releases]
        bare_model = _bare_model(texts)
        per_jobs = {}
        for jobs in (1, 2):
            bare, ours = [], []
            for _ in range(REPEATS):
                bare.append(_bare_words_per_second(bare_model, texts, jobs))
                ours.append(_process_words_per_second(corpus, jobs))
            per_jobs[jobs] = ours
            results += [
                Result(
                    f"bare nlp.pipe, {jobs} process(es), {len(texts)} White House pages",
                    f"nlp.pipe(texts, n_process={jobs})",
                    "words/s",
                    bare,
                ),
                Result(
                    f"process into an empty store, {jobs} process(es)",
                    f"PRESSROOM_JOBS={jobs} python -m lib process <{len(texts)} pages>",
                    "words/s",
                    ours,
                ),
                Result(
                    f"ratio process / bare, {jobs} process(es)",
                    "",
                    "×",
                    [o / b for o, b in zip(ours, bare, strict=True)],
                    goal="≥ 0.9",
                    note="one ratio per round",
                ),
            ]
        results.append(
            Result(
                "two processes / one",
                "",
                "×",
                [two / one for two, one in zip(per_jobs[2], per_jobs[1], strict=True)],
                goal="≥ 1.7",
                note="one ratio per round",
            )
        )
    return results


def _cli_words_per_second(corpus: Path, cluster: str = "") -> float:
    """Words a second of `python -m lib process` run as a new process into an empty store, wall time: the
    interpreter's start, the imports, the model's loading and (with a cluster) the cluster's start."""
    command = [sys.executable, "-m", "lib", "process", str(corpus), "--quiet"]
    with tempfile.TemporaryDirectory() as store:
        command += ["--store", store] + (["--cluster", cluster] if cluster else [])
        environ = {**os.environ, "PRESSROOM_JOBS": "1"}
        start = time.perf_counter()
        done = subprocess.run(command, cwd=ROOT, env=environ, capture_output=True, text=True, check=True)
        seconds = time.perf_counter() - start
    words = re.search(r"processed by spaCy \(([\d,]+) words", done.stdout)
    if not words:
        raise RuntimeError(f"no word count in the output of {' '.join(command)}: {done.stdout!r}")
    return int(words.group(1).replace(",", "")) / seconds


def run_cluster() -> list[Result]:
    """`python -m lib process` on the same pages as a new process each time: alone, with `--cluster local:1`
    and with `--cluster local:2`, alternating, REPEATS rounds; each round's ratios are one value of the ratio
    rows. Every run starts cold, as a user's does: a process that had just run the same pages would hold
    every word of them in its vocabulary, and spaCy's first pass over new text is 1.2 to 2 times slower
    than a second pass over the same text (BENCHMARKS.md, Processing on a Dask cluster)."""
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp)
        _sample(corpus, SIZE)
        runs: dict[str, list[float]] = {"": [], "local:1": [], "local:2": []}
        for _ in range(REPEATS):
            for cluster, values in runs.items():
                values.append(_cli_words_per_second(corpus, cluster))
    one = runs[""]
    results = [
        Result(
            f"process into an empty store, {'one process' if not c else '--cluster ' + c}, {SIZE} pages",
            f"python -m lib process <{SIZE} White House pages>" + (f" --cluster {c}" if c else ""),
            "words/s",
            values,
            note="wall time of the command, a new process each run: start, imports, model, cluster",
        )
        for c, values in runs.items()
    ]
    for cluster, goal in (("local:1", "≥ 0.9"), ("local:2", "≥ 1.7")):
        results.append(
            Result(
                f"ratio --cluster {cluster} / one process",
                "",
                "×",
                [c / o for c, o in zip(runs[cluster], one, strict=True)],
                goal=goal,
                note="one ratio per round",
            )
        )
    return results
