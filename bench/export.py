"""Seconds per PNG after the first, with one Chromium kept running; seconds per five-slide briefing deck."""

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


def run_deck(times: int = 5) -> list[Result]:
    """The five briefing charts of a synthetic store of 5,000 releases as a deck, PowerPoint and PDF, each
    made from scratch (its five pictures drawn) after the first image, as the Briefing page's buttons do."""
    import tempfile
    from datetime import date
    from pathlib import Path

    from bench import synth
    from lib import briefing, deck, export
    from lib.filters import Filters
    from lib.store import Store

    with tempfile.TemporaryDirectory() as tmp:
        synth.build(Path(tmp), 5_000)
        store = Store(Path(tmp))
        frames = {
            t: store.read(t) for t in ("releases", "topic_mentions", "topic_about", "quotes", "figures")
        }
    f = Filters()
    stamp = briefing.stamp(f, frames["releases"], "bench")
    data = briefing.inputs(frames, f)
    figs = [spec.build(data, f, "Source: bench")[0] for spec in briefing.CHARTS.values()]
    cover = deck.Cover(deck.COVER_TITLE, briefing.cover(f, frames["releases"], "bench", date.today()))
    notes = ["", "A note under the chart, also in the slide's notes.", "", "A second note.", ""]
    export.image(figs[0], "png")  # the first image starts kaleido's Chromium
    made = {
        kind: repeat(
            lambda kind=kind: time.sleep(1) or timed(lambda: deck.make(kind, cover, figs, stamp, notes)),
            times,
        )
        for kind in deck.FORMATS
    }
    return [
        Result(
            f"Deck of five slides, {name}",
            f"lib.deck.make('{kind}', ...)",
            "s",
            made[kind],
            goal="≤ 3 s",
            note="after the first image; five pictures drawn, two slides with notes",
        )
        for kind, name in (("pptx", "PowerPoint"), ("pdf", "PDF"))
    ]
