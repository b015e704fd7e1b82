"""What every page does: go through app.py, have a store version to read (built from the sample by a
background job on the first run), and show charts with their data, empty results and captions the same way."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from lib import charts, settings
from lib import filters as flt
from lib.errors import PressroomError
from lib.ui import internals
from lib.ui.jobs import first_build
from lib.ui.pinning import pin, store, version


def through_app() -> None:
    """Every page calls this first. A link straight to a page (e.g. /speakers) as the first request of a fresh
    server would run the page alone, without app.py's navigation and settings; here that first run switches
    the server to app.py's navigation and reruns, so the same URL goes through app.py."""
    if internals.leave_pages_folder_mode():
        st.rerun()


def load_or_stop(title: str) -> None:
    """Make sure a store version exists (else show the first build's progress under the page's `title`, and
    stop the page); on failure say why in one sentence and stop the page."""
    try:
        settings.check_all()
        if store().current() is None:
            first_build(title)  # stops the script
        pin()
    except PressroomError as exc:
        st.error(f"The processed store could not be loaded: {exc}")
        st.stop()


def source(releases: int | None, f: flt.Filters) -> str:
    """The caption under a chart: store version, release count, filters in words."""
    return charts.caption(version(), releases, f.describe())


def chart(fig: go.Figure, data: pd.DataFrame, name: str, on_select: str = "ignore"):
    """A chart, and below it a CSV download of exactly the data it draws. Returns the selection event."""
    config = {"displaylogo": False, "toImageButtonOptions": {"format": "png", "filename": name, "scale": 2}}
    event = st.plotly_chart(
        fig, key=f"{name}_chart", config=config, on_select=on_select, selection_mode="points"
    )
    st.download_button(
        "Download the chart's data (CSV)", charts.to_csv(data), f"{name}.csv", "text/csv", key=f"{name}_csv"
    )
    return event


def empty(message: str) -> None:
    """An empty result said in a sentence, with a hint to widen the filters."""
    st.info(f"{message} Widen the filters in the sidebar to see more.")


def choice(
    where,
    label: str,
    options: list[str] | dict[str, str],
    default: str,
    key: str,
    help: str | None = None,
) -> str:
    """A segmented control of `options` (values; a dict's keys, shown by its labels) in `where` (st, or a
    column), kept in the URL; `default` when none is chosen."""
    chosen = where.segmented_control(
        label,
        list(options),
        default=default,
        format_func=options.get if isinstance(options, dict) else str,
        key=key,
        bind="query-params",
        help=help,
    )
    return chosen or default
