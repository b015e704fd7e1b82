"""Processing throughput: `process` into an empty store against a bare nlp.pipe loop over the same texts, with
the same model and components; then one process against two."""
from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from bench.common import WHITE_HOUSE, Result, timed

SIZE = int(os.environ.get("PRESSROOM_BENCH_RELEASES", "300"))


def _sample(target: Path, n: int) -> list[Path]:
    pages = sorted(WHITE_HOUSE.glob("**/*.md"))
    step = max(1, len(pages) // n)
    chosen = pages[::step][:n]
    for page in chosen:
        shutil.copy(page, target / page.name)
    return chosen


def _bare_words_per_second(texts: list[str], jobs: int) -> float:
    import spacy

    from lib import nlp as pipeline

    full = pipeline.load()
    bare = spacy.load(pipeline.model_name(), exclude=[n for n in spacy.load(pipeline.model_name()).pipe_names
                                                       if n not in full.pipe_names])
    texts = [t[: bare.max_length - 1] for t in texts]
    seconds = timed(lambda: [None for _ in bare.pipe(texts, batch_size=64, n_process=jobs)])
    return sum(len(t.split()) for t in texts) / seconds


def _process_words_per_second(corpus: Path, jobs: int) -> float:
    from lib.process import process

    os.environ["PRESSROOM_JOBS"] = str(jobs)
    with tempfile.TemporaryDirectory() as store:
        summary = process([corpus], Path(store), progress=False)
    return summary.words / summary.seconds


def run() -> list[Result]:
    from lib.ingest import read_file

    results = []
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp)
        _sample(corpus, SIZE)
        texts = [r.body for p in sorted(corpus.iterdir()) for r in read_file(p, 10**9).releases]
        per_jobs = {}
        for jobs in (1, 2):
            bare = _bare_words_per_second(texts, jobs)
            ours = _process_words_per_second(corpus, jobs)
            per_jobs[jobs] = ours
            results += [Result(f"bare nlp.pipe, {jobs} process(es), {len(texts)} White House pages",
                               f"nlp.pipe(texts, n_process={jobs})", "words/s", [bare]),
                        Result(f"process into an empty store, {jobs} process(es)",
                               f"PRESSROOM_JOBS={jobs} python -m lib process <{len(texts)} pages>", "words/s", [ours]),
                        Result(f"ratio process / bare, {jobs} process(es)", "", "×", [ours / bare], goal="≥ 0.9")]
        results.append(Result("two processes / one", "", "×", [per_jobs[2] / per_jobs[1]], goal="≥ 1.7"))
    return results
