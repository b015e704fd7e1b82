"""The attributed quotes (lib.metrics.speakers.quoted), cached: the Speakers and Briefing pages share them."""

from __future__ import annotations

import pandas as pd

from lib import filters as flt
from lib.metrics import speakers as sm
from lib.ui.cache import related, selected
from lib.ui.pinning import Key, key, per_version


@per_version(max_entries=4)
def _quoted(k: Key, f: flt.Filters) -> pd.DataFrame:
    return sm.quoted(related("quotes", sm.QUOTE_COLUMNS, f), selected(f))


def quoted(f: flt.Filters) -> pd.DataFrame:
    """The attributed quotes of the selected releases with their dates, titles and words, canonical speakers
    as the alias file says; cached per store version, filters and alias file."""
    return _quoted(key("speakers"), f).copy(deep=False)
