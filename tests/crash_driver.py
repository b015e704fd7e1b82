"""Runs `python -m lib process ...` and kills itself with SIGKILL at a chosen point, for the crash-safety
tests.

    python tests/crash_driver.py POINT N -- process ARGS...

POINT is where the process dies, N which occurrence (1 = the first):
  walk        listing the files             read        before reading the Nth file
  nlp         after spaCy gave the Nth doc  parquet     before writing the Nth table file of a version
  manifest    before the Nth manifest       publish     before the Nth finished version is renamed into place
  published   just after that rename        pointer     before the Nth CURRENT pointer replaces the old one
  prune       before the Nth old version is deleted
Nothing in Pressroom's code knows about this: the driver wraps the functions it calls, then runs the real CLI.
"""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import pandas as pd

from lib import cli, process, store

POINTS = ("walk", "read", "nlp", "parquet", "manifest", "publish", "published", "pointer", "prune")


def die() -> None:
    sys.stdout.flush()
    os.kill(os.getpid(), signal.SIGKILL)


def arm(point: str, n: int) -> None:
    count = {"n": 0}

    def hit() -> bool:
        count["n"] += 1
        return count["n"] == n

    if point == "walk":
        walk = process.walk
        process.walk = lambda paths: die() if hit() else walk(paths)
    elif point == "read":
        read_file = process.read_file
        process.read_file = lambda path, cap: die() if hit() else read_file(path, cap)
    elif point == "nlp":
        docs = process._docs

        def killing_docs(todo, progress):
            for pair in docs(todo, progress):
                yield pair
                if hit():
                    die()

        process._docs = killing_docs
    elif point == "parquet":
        to_parquet = pd.DataFrame.to_parquet
        pd.DataFrame.to_parquet = lambda self, *a, **k: die() if hit() else to_parquet(self, *a, **k)
    elif point == "manifest":
        write_text = Path.write_text
        Path.write_text = lambda self, *a, **k: (
            die() if self.name == "manifest.json" and hit() else write_text(self, *a, **k)
        )
    elif point in ("publish", "published", "pointer"):
        replace = os.replace

        def killing_replace(src, dst, *a, **k):
            name = Path(dst).name
            is_version = point != "pointer" and Path(dst).parent.name == "versions"
            is_pointer = point == "pointer" and name == "CURRENT"
            if (is_version or is_pointer) and point != "published" and hit():
                die()
            replace(src, dst, *a, **k)
            if is_version and point == "published" and hit():
                die()

        store.os.replace = killing_replace
    elif point == "prune":
        rmtree = store.shutil.rmtree

        def killing_rmtree(path, *a, **k):
            if Path(path).parent.name == "versions" and not Path(path).name.startswith(".") and hit():
                die()
            rmtree(path, *a, **k)

        store.shutil.rmtree = killing_rmtree
    else:
        raise SystemExit(f"unknown point {point!r}; one of {', '.join(POINTS)}")


def main() -> int:
    point, n, sep, *args = sys.argv[1:]
    if sep != "--":
        raise SystemExit(__doc__)
    arm(point, int(n))
    return cli.main(args)


if __name__ == "__main__":
    raise SystemExit(main())
