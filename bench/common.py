"""Timing and reporting shared by the benchmarks."""

from __future__ import annotations

import contextlib
import os
import platform
import statistics
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
WHITE_HOUSE = SHARED / "corpora" / "whitehouse-briefings"


@dataclass
class Result:
    name: str
    command: str
    unit: str
    values: list[float] = field(default_factory=list)
    goal: str = ""
    note: str = ""

    def row(self) -> str:
        lo, mid, hi = min(self.values), statistics.median(self.values), max(self.values)
        return (
            f"| {self.name} | `{self.command}` | {len(self.values)} | {lo:,.3g} | {mid:,.3g} | {hi:,.3g} | "
            f"{self.unit} | {self.goal} | {self.note} |"
        )


def repeat(fn: Callable[[], float], times: int) -> list[float]:
    """fn returns the measured value of one run; the runs are independent."""
    return [fn() for _ in range(times)]


def timed(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def machine() -> str:
    cpu = ""
    with contextlib.suppress(OSError, StopIteration):
        cpu = next(
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        )
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
    ).stdout
    return (
        f"{platform.node() or 'machine'}: {os.cpu_count()} cores ({cpu or platform.processor()}), {mem:.0f} "
        f"GiB, Python {platform.python_version()}, {platform.system()} {platform.release()}; commit "
        f"{commit.strip()}"
    )
