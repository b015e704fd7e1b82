"""The dashboard's part of lib, and the only lib package that imports streamlit. Pages use it as
`from lib import ui`, `ui.summary(f)`; its modules:

- pinning.py    the store version each script run reads, and key(): the one cache key every cache uses
- cache.py      what the pages read, through lib/query.py (DuckDB over the pinned version's Parquet files),
                cached per store version and filters: counts, rankings, a page of rows; speakers' names
- sidebar.py    the shared filter widgets bound to the URL, and links that keep the filters
- page.py       what every page does: go through app.py, have a store version, charts with CSV
- jobs.py       the store's background job: the first build's progress, the banner, the Data page's jobs
- topics.py     the Topics page's trends, co-occurrence, passages and suggested terms (lib/metrics/topics.py)
- speakers.py   the Speakers page's rankings, counts over time and profiles (lib/metrics/speakers.py)
- figures.py    one metric's figures placed in time (lib/metrics/figures.py)
- briefing.py   the data of each briefing chart (lib/briefing.py), from the caches above
- internals.py  every Streamlit internal the code touches, in one place
"""

from lib.ui import briefing, figures, speakers, topics
from lib.ui.cache import (
    LIST_PAGE,
    data_summary,
    date_span,
    latest,
    latest_figures,
    listing,
    overview_counts,
    releases_per_period,
    rows_of,
    speaker_aliases,
    summary,
    table,
    top_speakers,
    top_topics,
)
from lib.ui.internals import session_state_reader
from lib.ui.jobs import banner as job_banner
from lib.ui.jobs import fetch_job, job_running, last_job, process_job, upload_job
from lib.ui.page import chart, choice, empty, load_or_stop, source, through_app
from lib.ui.pinning import Key, key, pin, store, version
from lib.ui.sidebar import filters, link, sidebar

__all__ = [
    "LIST_PAGE",
    "Key",
    "briefing",
    "chart",
    "choice",
    "data_summary",
    "date_span",
    "empty",
    "fetch_job",
    "figures",
    "filters",
    "job_banner",
    "job_running",
    "key",
    "last_job",
    "latest",
    "latest_figures",
    "link",
    "listing",
    "load_or_stop",
    "overview_counts",
    "pin",
    "process_job",
    "releases_per_period",
    "rows_of",
    "session_state_reader",
    "sidebar",
    "source",
    "speaker_aliases",
    "speakers",
    "store",
    "summary",
    "table",
    "through_app",
    "top_speakers",
    "top_topics",
    "topics",
    "upload_job",
    "version",
]
