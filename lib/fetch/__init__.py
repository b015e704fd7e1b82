"""Live and bulk sources: the CBP newsroom, RSS/Atom feeds, single pages, and uploaded files, kept in a raw
directory (pages with a JSON sidecar each) that process() reads like any other."""

from lib.fetch.http import Client, FetchError
from lib.fetch.sources import PROCESSING, FetchSummary, fetch_cbp, fetch_urls
from lib.fetch.uploads import Saved, save_uploads

__all__ = [
    "PROCESSING",
    "Client",
    "FetchError",
    "FetchSummary",
    "Saved",
    "fetch_cbp",
    "fetch_urls",
    "save_uploads",
]
