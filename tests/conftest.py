"""Shared fixtures: the real spaCy pipeline, the real ../shared material, a store built from the sample."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SAMPLE = ROOT / "data" / "sample"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SEED = SHARED / "seeds" / "000_66bd9daa7e4c7f02.txt"


def need(condition: bool, reason: str) -> None:
    """Skip when something outside the project is missing; under PRESSROOM_STRICT=1 (CI) fail instead."""
    if condition:
        return
    if os.environ.get("PRESSROOM_STRICT") == "1":
        pytest.fail(f"{reason} (PRESSROOM_STRICT=1: CI must run this test)")
    pytest.skip(reason)


@pytest.fixture(autouse=True)
def main_module():
    """AppTest runs app.py as a new __main__ module and leaves it in sys.modules; multiprocessing's spawn (the
    workers of a Dask LocalCluster) would then run app.py in every process it starts. Put it back."""
    main = sys.modules["__main__"]
    yield
    sys.modules["__main__"] = main


@pytest.fixture(scope="session")
def shared() -> Path:
    need(SHARED.is_dir(), f"the shared material is not at {SHARED}")
    return SHARED


@pytest.fixture(scope="session")
def nlp():
    from lib import nlp as pipeline

    return pipeline.load()


@pytest.fixture(scope="session")
def sample_store(tmp_path_factory) -> Path:
    """The sample corpus processed once into a temporary store."""
    from lib.process import process

    store = tmp_path_factory.mktemp("store")
    process([SAMPLE], store, progress=False)
    return store


@pytest.fixture
def corpus_copy(tmp_path) -> Path:
    """A private copy of the sample corpus the test may change."""
    target = tmp_path / "corpus"
    shutil.copytree(SAMPLE, target)
    return target


@pytest.fixture
def open_app(monkeypatch, sample_store):
    """open_app(page=None, **query) -> an AppTest of app.py on the sample store, run once, on `page`
    (e.g. "pages/topics.py") with the URL query parameters `query`. Lists become repeated parameters."""
    from streamlit.testing.v1 import AppTest

    from lib.ui import internals

    # AppTest forgets before every run that app.py uses st.navigation; with a pages/ folder present a rerun
    # would then run the page alone (the legacy multipage mode). A real server remembers it; so do we.
    internals.keep_navigation_mode(monkeypatch.setattr)
    monkeypatch.setenv("PRESSROOM_STORE", str(sample_store))

    def make(page: str | None = None, store: Path | None = None, **query) -> AppTest:
        if store is not None:
            monkeypatch.setenv("PRESSROOM_STORE", str(store))
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
        for key, value in query.items():
            at.query_params[key] = value
        at.run()
        if page:
            at.switch_page(page).run()
        return at

    return make
