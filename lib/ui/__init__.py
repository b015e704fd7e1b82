"""The dashboard's part of lib, and the only lib package that imports streamlit. Pages use it as
`from lib import ui`, `ui.selected(f)`; its modules:

- pinning.py    the store version each script run reads, and key(): the one cache key every cache uses
- cache.py      frames kept per store version: table columns, selected releases and related rows, speakers
- sidebar.py    the shared filter widgets bound to the URL, and links that keep the filters
- page.py       what every page does: go through app.py, have a store version, charts with CSV
- jobs.py       the store's background job: the first build's progress, the banner, the Data page's jobs
- speakers.py   the Speakers page's quotes, cached (beside lib/metrics/speakers.py)
- figures.py    one metric's figures placed in time, cached (beside lib/metrics/figures.py)
- internals.py  every Streamlit internal the code touches, in one place
"""

from lib.ui.cache import (
    bodies,
    lengths,
    read_once,
    related,
    rows_of,
    rows_where,
    selected,
    speaker_aliases,
    table,
)
from lib.ui.figures import placed
from lib.ui.internals import session_state_reader
from lib.ui.jobs import banner as job_banner
from lib.ui.jobs import fetch_job, job_running, last_job, process_job, upload_job
from lib.ui.page import chart, empty, load_or_stop, source, through_app
from lib.ui.pinning import Key, key, pin, store, version
from lib.ui.sidebar import filters, link, sidebar
from lib.ui.speakers import quoted

__all__ = [
    "Key",
    "bodies",
    "chart",
    "empty",
    "fetch_job",
    "filters",
    "job_banner",
    "job_running",
    "key",
    "lengths",
    "last_job",
    "link",
    "load_or_stop",
    "pin",
    "placed",
    "process_job",
    "quoted",
    "read_once",
    "related",
    "rows_of",
    "rows_where",
    "selected",
    "session_state_reader",
    "sidebar",
    "source",
    "speaker_aliases",
    "store",
    "table",
    "through_app",
    "upload_job",
    "version",
]
