"""One error family: what a user can fix is a PressroomError with one sentence, at the command line and in the
dashboard; anything else is a bug, and the boundaries let it through with its traceback."""

from __future__ import annotations

import io
import subprocess
import sys

import pandas as pd
import pytest

from lib import cli, schema
from lib.errors import FileError, PressroomError
from lib.store import Store, StoreUnusable
from tests.conftest import ROOT
from tests.test_reliability_settings import one_sentence, run_cli


def test_a_missing_store_is_one_sentence_and_exit_status_1(tmp_path):
    result = run_cli("status", "--store", str(tmp_path / "none"))
    one_sentence(result, f"No processed store in {tmp_path / 'none'}.", "python -m lib process")
    assert result.returncode == 1 and result.stdout == ""


def test_a_busy_store_is_one_sentence_and_exit_status_1(tmp_path):
    (tmp_path / "r.txt").write_text("Officers Seize Cocaine\n\nOfficers seized 20 pounds of cocaine.\n")
    with Store(tmp_path / "store").lock():  # another processing run, as far as the command can tell
        result = run_cli("process", str(tmp_path / "r.txt"), "--quiet", "--store", str(tmp_path / "store"))
    one_sentence(result, f"Another processing run is writing to {tmp_path / 'store'}; wait for it")
    assert result.returncode == 1


def test_a_raw_folder_that_cannot_be_made_is_one_sentence(tmp_path):
    (tmp_path / "raw").write_text("a file where the raw folder should be")
    result = run_cli(
        "fetch", "url", "http://127.0.0.1:9/page.html", "--quiet", "--raw", str(tmp_path / "raw")
    )
    one_sentence(
        result, f"{tmp_path / 'raw'} cannot be created (File exists)", "set PRESSROOM_RAW (or --raw)"
    )


@pytest.mark.parametrize("bug", [KeyError, ValueError, OSError, RuntimeError, TypeError])
def test_a_bug_is_not_swallowed_by_the_command_line(monkeypatch, tmp_path, bug):
    def broken(self, version=None):
        raise bug("a bug in the code, not the user's to fix")

    monkeypatch.setattr(Store, "manifest", broken)
    with pytest.raises(bug, match="a bug in the code"):
        cli.main(["status", "--store", str(tmp_path)])


def test_a_bug_shows_its_traceback_and_fails_the_command(tmp_path):
    code = (
        "import sys; from lib import cli; from lib.store import Store\n"
        "Store.manifest = lambda self, version=None: {}['no such key']\n"
        "sys.exit(cli.main(sys.argv[1:]))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, "status", "--store", str(tmp_path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 1
    assert "Traceback" in result.stderr and "KeyError: 'no such key'" in result.stderr
    assert "error: " not in result.stderr


def test_a_store_file_that_cannot_be_read_names_it(tmp_path):
    store = Store(tmp_path / "store")
    version = store.write({t: schema.empty(t) for t in schema.TABLES}, {})
    table = store.versions / version / "releases.parquet"
    table.unlink()
    table.mkdir()  # a folder where the table should be (as root, permissions cannot make a file unreadable)
    with pytest.raises(
        StoreUnusable, match=r"cannot be read \(.*releases\.parquet' is a directory\)"
    ) as raised:
        store.read_heads("releases", "id", "body", 600)
    assert "\n" not in str(raised.value)
    assert len(store.read("quotes")) == 0  # the other tables still read


def test_uploads_into_a_folder_that_cannot_be_made_name_it(tmp_path):
    from lib.fetch.uploads import save_uploads

    (tmp_path / "raw").write_text("a file where the raw folder should be")
    with pytest.raises(FileError, match=r"raw/uploads cannot be created \(Not a directory\)\.$"):
        save_uploads(
            [("release.txt", b"Officers Seize Cocaine\n\nOfficers seized 20 pounds.\n")], tmp_path / "raw"
        )


def test_adding_a_term_to_a_taxonomy_that_cannot_be_read_says_so(tmp_path):
    from lib import taxonomy

    missing = tmp_path / "gone" / "topics.yml"
    with pytest.raises(
        taxonomy.TaxonomyError, match=r"could not be added to .*gone.*No such file or directory"
    ):
        taxonomy.add_term("drugs", "carfentanil", missing)


def test_stdin_that_is_not_utf8_is_read_as_a_file_would_be():
    result = subprocess.run(
        [sys.executable, "-m", "lib", "extract", "-", "--json"],
        cwd=ROOT,
        input="Officers Seize Cocaine at Laredo Café\n\n“We found it,” said Ana Ruiz.\n".encode("cp1252"),
        capture_output=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr.decode()
    assert pd.read_json(io.StringIO(result.stdout.decode()), lines=True)["title"].tolist() == [
        "Officers Seize Cocaine at Laredo Café"
    ]


def test_every_error_the_user_can_fix_is_one_family():
    from lib import export, gold, nlp, official, settings, speakers, store, taxonomy
    from lib.fetch import feed, http
    from lib.ingest import base, tabular

    family = [
        settings.SettingsError,
        store.StoreBusy,
        store.StoreUnusable,
        store.StoreMissing,
        store.StoreOutdated,
        store.VersionGone,
        FileError,
        base.ReadError,
        tabular.NotReleaseTable,
        http.FetchError,
        http.Disallowed,
        feed.NotAFeed,
        speakers.AliasError,
        taxonomy.TaxonomyError,
        gold.GoldError,
        official.OfficialStatsError,
        nlp.ModelMissing,
        export.ExportUnavailable,
    ]
    assert all(issubclass(e, PressroomError) for e in family)
    assert not issubclass(
        schema.SchemaError, PressroomError
    )  # a frame without its columns is the code's fault


def test_the_dashboard_says_a_user_error_mid_page_and_lets_a_bug_through(open_app, monkeypatch):
    import streamlit as st

    from lib import metrics

    def unreadable(*frames):
        raise StoreUnusable("The store's topic_mentions.parquet cannot be read (Permission denied).")

    monkeypatch.setattr(metrics, "rank_topics", unreadable)  # the Overview's top topics
    st.cache_data.clear()  # not read from an earlier run's cache
    at = open_app()
    assert not at.exception, [e.value for e in at.exception]
    assert len(at.error) == 1
    assert at.error[0].value.replace("\\", "") == (
        "The store's topic_mentions.parquet cannot be read (Permission denied)."
    )

    def bug(*frames):
        raise KeyError("topic")

    monkeypatch.setattr(metrics, "rank_topics", bug)
    at.run()
    assert [e.message for e in at.exception] == ["'topic'"]  # the KeyError, with where it was raised
    assert 'raise KeyError("topic")' in at.exception[0].stack_trace[-1]


def test_the_dashboard_refuses_a_store_of_another_format_in_one_sentence(open_app, sample_store, tmp_path):
    import shutil

    copy = tmp_path / "store"
    shutil.copytree(sample_store, copy)
    manifest = copy / "versions" / Store(copy).current() / "manifest.json"
    manifest.write_text(manifest.read_text().replace('"store_format": 1', '"store_format": 99'))
    for page in (None, "pages/topics.py"):
        at = open_app(page=page, store=copy)
        assert not at.exception and not at.metric and not at.dataframe
        (error,) = (e.value for e in at.error)
        assert error.startswith(
            f"The processed store could not be loaded: The store in {copy} has format 99,"
        )
        assert error.endswith("process your releases again into a new store directory (--store).")
