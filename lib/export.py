"""Charts to PNG and SVG through kaleido and Debian's chromium, one browser kept alive for every export."""

from __future__ import annotations

import os
import shutil
import threading

import plotly.graph_objects as go

from lib.errors import PressroomError

WIDTH, HEIGHT = 1600, 900  # 16:9, sharp when pasted into a slide
TABS = 2  # browser tabs drawing images: while one reloads, the other draws
INSTALL = "sudo apt-get install chromium"
_lock = threading.Lock()
_drawing = threading.Lock()  # one image at a time: kaleido 1.5 mixes up the images of concurrent callers
_server_started = False


class ExportUnavailable(PressroomError):
    """No Chromium to render images with."""


def chromium() -> str | None:
    """The browser kaleido will use: BROWSER_PATH when set, else chromium or chrome on the PATH."""
    explicit = os.environ.get("BROWSER_PATH")
    if explicit:
        return explicit if os.path.exists(explicit) else None
    return next(
        (p for name in ("chromium", "chromium-browser", "google-chrome") if (p := shutil.which(name))), None
    )


def available() -> bool:
    return chromium() is not None


def _ensure_server() -> None:
    """Start kaleido's shared browser once per process: the first image costs seconds, the next ones
    little."""
    global _server_started
    import kaleido

    with _lock:
        if not _server_started:
            if not available():
                raise ExportUnavailable(
                    f"Image export needs Chromium, which is not installed: run `{INSTALL}` (or set "
                    "BROWSER_PATH). The camera icon in the chart's toolbar still downloads a PNG."
                )
            _reload_tabs_in_background()
            kaleido.start_sync_server(n=TABS, silence_warnings=True)
            _server_started = True


def _reload_tabs_in_background() -> None:
    """kaleido reloads a browser tab after every image (a clean page for the next one) and only then hands the
    image back: about 0.3 s of every export. Here the reload runs after the image is returned; the tab rejoins
    the queue once reloaded, as before, so no image is drawn on a used page. Written for kaleido 1.5."""
    import asyncio

    from kaleido import kaleido as k

    reload_then_queue = k.Kaleido._return_kaleido_tab
    if getattr(reload_then_queue, "in_background", False):
        return

    async def return_tab(self, tab) -> None:
        task = asyncio.get_running_loop().create_task(reload_then_queue(self, tab))
        pending = self.__dict__.setdefault("_pressroom_reloads", set())  # keep a reference until it is done
        pending.add(task)
        task.add_done_callback(pending.discard)

    return_tab.in_background = True
    k.Kaleido._return_kaleido_tab = return_tab


def image(fig: go.Figure, fmt: str = "png", width: int = WIDTH, height: int = HEIGHT) -> bytes:
    """The chart as PNG (scale 1 at 1600x900) or SVG bytes."""
    if fmt not in ("png", "svg"):
        raise ValueError(f"unknown image format {fmt!r}; use png or svg")
    _ensure_server()
    import warnings

    with _drawing, warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # "kopts is ignored if using a server": expected
        return fig.to_image(format=fmt, width=width, height=height)
