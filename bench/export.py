"""Seconds per PNG after the first, with one Chromium kept running."""

from __future__ import annotations

import time

import pandas as pd

from bench.common import Result, repeat, timed


def run(times: int = 10) -> list[Result]:
    from lib import charts, export, metrics

    dates = pd.date_range("2019-01-01", periods=400, freq="5D")
    counts = metrics.releases_per_period(pd.DataFrame({"id": range(len(dates)), "date": dates}), "month")
    fig = charts.slide(charts.releases_over_time(counts, "month", "Source: bench"), "stamp")
    first = timed(lambda: export.image(fig, "png"))
    after = repeat(lambda: time.sleep(1) or timed(lambda: export.image(fig, "png")), times)
    back_to_back = repeat(lambda: timed(lambda: export.image(fig, "png")), times)
    return [
        Result(
            "PNG export, first image",
            "lib.export.image(fig, 'png')",
            "s",
            [first],
            note="starts kaleido's Chromium",
        ),
        Result(
            "PNG export, each after the first",
            "lib.export.image(fig, 'png')",
            "s",
            after,
            goal="≤ 0.3 s",
            note="one a second, as clicks come",
        ),
        Result(
            "PNG export, back to back",
            "lib.export.image(fig, 'png')",
            "s",
            back_to_back,
            note="no pause: each waits for a tab to finish reloading",
        ),
    ]
