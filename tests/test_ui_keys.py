"""Every page keys what it caches with lib.ui.key: the store root, the store version and the vocabulary files
its metrics read, so an edited alias file (or another store) shows at the next rerun, without a restart."""

from __future__ import annotations

import importlib
import pkgutil
import shutil
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

PAGES = ("overview", "topics", "speakers", "figures", "releases", "briefing", "data")
# Whatever is computed from the filters reads the alias file: a chosen speaker selects the names it merges.
READ_SPEAKERS = ("overview", "topics", "speakers", "figures", "releases", "briefing")
UI = ROOT / "lib" / "ui"
# Where the keys of what each page shows are built: lib/ui, which caches what the pages read
# (lib/ui/cache.py's keyed(), with the alias file always, for whatever is computed from the filters; key()
# for what only the store decides), and the page itself for the charts it caches (Briefing, Topics, Data).
OWN = {page: (ROOT / "pages" / f"{page}.py", *sorted(UI.glob("*.py"))) for page in PAGES}
# (file, function) of keys every page builds that are not its results': the sidebar's (its options, the
# speakers' names it offers), and those of the store's small tables read whatever the filters (the rejects).
SHARED = {
    (UI / "sidebar.py", "sidebar"),
    (UI / "cache.py", "speaker_names"),
    (UI / "cache.py", "table"),
    (UI / "cache.py", "rows_of"),
}


@pytest.fixture
def page_keys(monkeypatch):
    """keys(page) -> the keys the page's own caches were looked up with in the runs since the last call."""
    from lib import ui
    from lib.ui import pinning

    built: list[tuple[Path, str, pinning.Key]] = []
    original = pinning.key

    def recording(*vocabularies):
        k = original(*vocabularies)
        caller = sys._getframe(1).f_code
        built.append((Path(caller.co_filename).resolve(), caller.co_name, k))
        return k

    monkeypatch.setattr(ui, "key", recording)  # the pages' binding
    for module in pkgutil.iter_modules(ui.__path__):  # and every lib/ui module's that calls it
        module = importlib.import_module(f"lib.ui.{module.name}")
        if getattr(module, "key", None) is original:
            monkeypatch.setattr(module, "key", recording)

    def keys(page: str) -> set:
        found = {k for where, name, k in built if where in OWN[page] and (where, name) not in SHARED}
        built.clear()
        return found

    return keys


@pytest.fixture
def aliases(tmp_path, monkeypatch) -> Path:
    path = tmp_path / "speakers.yml"
    shutil.copy(ROOT / "data" / "speakers.yml", path)
    monkeypatch.setenv("PRESSROOM_SPEAKERS", str(path))
    return path


def test_an_edit_to_the_alias_file_changes_the_key_of_every_page_that_reads_it(open_app, page_keys, aliases):
    from lib import speakers

    at = open_app()
    before = {}
    for page in PAGES:
        at.switch_page(f"pages/{page}.py").run()
        assert not at.exception, page
        before[page] = page_keys(page)
        assert before[page], f"the {page} page cached nothing under a key"
    aliases.write_text("merge:\n  Howard Kim:\n    - Jared Holloway\nsplit: []\n", encoding="utf-8")
    edited = (str(aliases), speakers.fingerprint(aliases))
    for page in PAGES:
        at.switch_page(f"pages/{page}.py").run()
        assert not at.exception, page
        after = page_keys(page)
        if page in READ_SPEAKERS:
            assert after.isdisjoint(before[page]), page
            assert all(edited in k.files for k in after), (page, after)
        else:  # the Data page reads no vocabulary: its cache stays
            assert after == before[page] and all(not k.files for k in after), page


def test_two_stores_give_every_page_different_keys(open_app, page_keys, sample_store, tmp_path):
    copy = tmp_path / "copy"
    shutil.copytree(sample_store, copy)  # the same version names: only the root tells them apart
    seen = {}
    for store in (sample_store, copy):
        at = open_app(store=store)
        for page in PAGES:
            at.switch_page(f"pages/{page}.py").run()
            assert not at.exception, page
            keys = page_keys(page)
            assert keys and {k.root for k in keys} == {str(store)}, page
            assert {k.version for k in keys} == {(store / "CURRENT").read_text().strip()}, page
            seen.setdefault(page, []).append(keys)
    for page, (first, second) in seen.items():
        assert first.isdisjoint(second), page


def test_the_release_list_follows_an_edited_alias_file_at_the_next_rerun(open_app, aliases):
    def shown(at) -> tuple[int, int]:
        """(releases the caption says are selected, rows the cached list shows)."""
        selected = int(at.caption[0].value.split(" ")[0].replace(",", ""))
        listing = next(d.value for d in at.dataframe if "quotes" in d.value.columns)
        return selected, len(listing)

    at = open_app("pages/releases.py", speaker="Howard Kim")
    assert not at.exception
    alone, listed = shown(at)
    assert 0 < alone == listed
    aliases.write_text("merge:\n  Howard Kim:\n    - Jared Holloway\nsplit: []\n", encoding="utf-8")
    at.run()
    assert not at.exception
    merged, listed = shown(at)
    assert merged > alone and listed == merged
