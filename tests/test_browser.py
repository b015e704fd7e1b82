"""A real `streamlit run` driven by Playwright with Debian's chromium: pages render, the URL keeps the view,
downloads are real files, hostile release text stays text. Saves a screenshot of every page."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from conftest import ROOT, need

ARTIFACTS = ROOT / "tests" / "artifacts"
# (url path, title shown, plotly charts expected at least)
PAGES = [
    ("", "Pressroom", 2),
    ("topics", "Topics", 2),
    ("speakers", "Speakers", 2),
    ("figures", "Figures", 1),
    ("releases", "Releases", 0),
    ("briefing", "Briefing", 2),
    ("data", "Data", 1),
]
HOSTILE = """Officers Seize Fentanyl <script>window.__pwned=1;alert('title')</script> at the Port

EL PASO, Texas — March 3, 2021 — Officers seized 500 pounds of fentanyl \
<img src=x onerror="window.__pwned=2;alert('img')"> in a truck, a record for the port.

"We found it hidden in the cab <script>window.__pwned=3;alert('quote')</script>," said Port Director \
Ana Ruiz. "Smuggling <iframe src="javascript:alert('frame')"></iframe> will not pay," Ruiz said.

See [the details](javascript:window.__pwned=4) and **bold** text, ${alert('tpl')} and %{x} too.
"""

pytestmark = pytest.mark.browser


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(store: Path, **settings: str):
    """`streamlit run app.py` on a free port over `store` (and other settings, e.g. PRESSROOM_RAW); yields its
    URL."""
    port = _free_port()
    env = {**os.environ, "PRESSROOM_STORE": str(store), **settings}
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            str(ROOT / "app.py"),
            "--server.port",
            str(port),
            "--server.headless",
            "true",
            "--server.address",
            "127.0.0.1",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    for _ in range(120):
        try:
            if urllib.request.urlopen(f"{url}/_stcore/health", timeout=1).read() == b"ok":
                break
        except OSError:
            time.sleep(0.5)
    else:
        proc.kill()
        pytest.fail(f"streamlit did not start: {proc.stdout.read().decode()[-2000:]}")
    return proc, url


@pytest.fixture(scope="module")
def server(sample_store):
    proc, url = start_server(sample_store)
    yield url
    proc.terminate()
    proc.wait(timeout=20)


@pytest.fixture(scope="module")
def browser():
    chromium = shutil.which("chromium") or "/usr/bin/chromium"
    need(Path(chromium).exists(), "Debian's chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(
            executable_path=chromium,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--disable-quic",
            ],
        )
        yield b
        b.close()


@pytest.fixture
def page(browser):
    """A 1280x720 page that records every dialog (none may fire) and every uncaught page error."""
    p = browser.new_page(viewport={"width": 1280, "height": 720}, accept_downloads=True)
    p.dialogs, p.errors = [], []
    p.on("dialog", lambda d: (p.dialogs.append(d.message), d.dismiss()))
    p.on("pageerror", lambda e: p.errors.append(str(e)))
    yield p
    assert p.dialogs == [], f"a dialog fired: {p.dialogs}"
    p.close()


def wait_ready(page, charts: int = 0) -> None:
    """Until the app stopped running and at least `charts` plotly charts drew their traces."""
    page.wait_for_selector("[data-testid='stSidebar']", timeout=60_000)
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"]') && "
        "!document.querySelector('[data-testid=\"stSkeleton\"]')",
        timeout=60_000,
    )
    if charts:
        page.wait_for_function(
            f"() => document.querySelectorAll('.js-plotly-plot .trace').length >= {charts}", timeout=60_000
        )
    assert page.locator("[data-testid='stException']").count() == 0, "a traceback is shown"


def chart_title(page, prefix: str) -> str:
    """Waits until a drawn plotly chart's title starts with `prefix`; returns the whole title. Found and read
    in one step in the page: a rerun may redraw the chart between a check and a second read."""
    found = page.wait_for_function(
        "(p) => [...document.querySelectorAll('.js-plotly-plot .gtitle')].map(e => e.textContent)"
        ".find(t => t.startsWith(p)) || false",
        arg=prefix,
        timeout=30_000,
    )
    return found.json_value()


def screenshot(page, name: str) -> Path:
    """The whole page (Streamlit scrolls inside its main block, so the viewport grows to fit it first)."""
    height, last = 0, -1
    for _ in range(20):  # until the page stops growing (tables below the fold draw last)
        if height == last:
            break
        last = height
        page.wait_for_timeout(500)
        height = page.evaluate("() => document.querySelector('[data-testid=\"stMain\"]').scrollHeight")
    page.set_viewport_size({"width": 1280, "height": max(720, min(int(height) + 40, 6000))})
    page.wait_for_timeout(800)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path))
    page.set_viewport_size({"width": 1280, "height": 720})
    return path


@pytest.mark.parametrize("path,title,charts", PAGES, ids=[p[0] or "overview" for p in PAGES])
def test_every_page_renders_its_charts(server, page, path, title, charts):
    page.goto(f"{server}/{path}")
    wait_ready(page, charts)
    assert page.locator("h1").first.inner_text().strip() == title
    assert page.locator(".js-plotly-plot").count() >= charts
    shot = screenshot(page, path or "overview")
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_a_link_to_a_page_works_as_the_first_request_of_a_fresh_server(sample_store, page):
    proc, url = start_server(sample_store)
    try:
        page.goto(f"{url}/speakers?period=year")
        wait_ready(page, 1)
        nav = page.locator("[data-testid='stSidebarNav']").inner_text()
        assert "Overview" in nav and "Briefing" in nav and "app" not in nav.split()  # app.py's navigation
        assert page.locator("h1").first.inner_text().strip() == "Speakers"
        assert chart_title(page, "Quotes per year")
    finally:
        proc.terminate()
        proc.wait(timeout=20)


def test_an_uploaded_zip_is_processed_and_shows_on_every_page(sample_store, page, tmp_path):
    import zipfile

    store = tmp_path / "store"
    shutil.copytree(sample_store, store)
    archive = tmp_path / "releases.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr(
            "new/uploaded.txt",
            "Agents Rescue Hikers Near Altar Valley\n\nTUCSON, Ariz. - October 3, 2025 - "
            "Border Patrol agents rescued three hikers in the Altar Valley, the Tucson Sector said.\n",
        )
    proc, url = start_server(store, PRESSROOM_RAW=str(tmp_path / "raw"))
    try:
        page.goto(f"{url}/data")
        wait_ready(page, 1)
        page.get_by_role("tab", name="Upload files").click()
        page.locator("[data-testid='stFileUploaderDropzoneInput']").set_input_files(str(archive))
        page.get_by_role("button", name="Add and process the uploaded files").click()
        # the upload is processed by a job; the page shows how it ended (its log, below, says it too)
        page.get_by_test_id("stAlertContentSuccess").get_by_text("73 in the store").wait_for(timeout=120_000)
        assert (tmp_path / "raw" / "uploads" / "releases" / "new" / "uploaded.txt").is_file()
        page.goto(f"{url}/releases?q=Altar+Valley")
        wait_ready(page)
        page.get_by_text("1 release selected").wait_for(timeout=30_000)  # the list itself is a canvas
        page.goto(f"{url}/?q=Altar+Valley")
        wait_ready(page, 1)
        assert chart_title(page, "Releases per month, ") == "Releases per month, Oct 2025 to Oct 2025"
        assert (
            page.locator(".js-plotly-plot .xtick").first.text_content() == "Oct 2025"
        )  # a label, not a time
        assert page.locator("[data-testid='stMetricValue']").first.inner_text().strip() == "1"
    finally:
        proc.terminate()
        proc.wait(timeout=20)


def test_the_reader_marks_quotes_figures_and_topics(server, sample_store, page):
    from lib.store import Store

    quotes = Store(sample_store).read("quotes", ["release_id"])["release_id"].value_counts()
    page.goto(f"{server}/releases?release={quotes.index[0]}")
    wait_ready(page)
    reader = page.locator(".pr-release").first
    reader.wait_for(timeout=30_000)
    assert reader.locator(".pr-quote").count() >= 3 and reader.locator(".pr-figure").count() >= 1
    assert page.get_by_role("tab", name=f"Quotes ({quotes.iloc[0]})").count() == 1
    screenshot(page, "release_reader")


def test_a_filter_change_updates_the_url_and_the_url_restores_the_view(server, browser, page):
    page.goto(server)
    wait_ready(page, 1)
    assert chart_title(page, "Releases per month, ")
    page.locator("[data-testid='stSidebar']").get_by_text("fiscal year", exact=True).click()
    page.wait_for_function(
        "() => location.search.includes('period=fiscal+year') || "
        "location.search.includes('period=fiscal%20year')",
        timeout=30_000,
    )
    wait_ready(page, 1)
    title = chart_title(page, "Releases per fiscal year, FY")
    url = page.url
    restored = browser.new_page(viewport={"width": 1280, "height": 720})
    restored.goto(url)
    wait_ready(restored, 1)
    assert chart_title(restored, title) == title
    sidebar = restored.locator("[data-testid='stSidebar']")
    assert (
        sidebar.get_by_role("radio", name="fiscal year", exact=True).get_attribute("aria-checked") == "true"
    )
    assert sidebar.get_by_role("radio", name="month", exact=True).get_attribute("aria-checked") == "false"
    restored.close()


def test_a_link_with_a_name_as_written_keeps_its_canonical_speaker_in_the_address_bar(server, page):
    page.goto(f"{server}/speakers?speaker=Daniel+Whitcomb&period=year")
    wait_ready(page, 2)
    assert chart_title(page, "Quotes per year, selected speakers")
    page.wait_for_function(
        "() => new URLSearchParams(location.search).get('speaker') === 'Daniel R. Whitcomb'", timeout=30_000
    )  # the URL names the merged speaker, so a copied link keeps the filter
    chips = page.locator(".st-key-speaker [data-tag]")  # the multiselect's chosen values
    assert chips.evaluate_all("els => els.map(e => e.getAttribute('aria-label'))") == ["Daniel R. Whitcomb"]


def test_overview_csv_download_holds_the_charted_counts(server, page):
    page.goto(server)
    wait_ready(page, 2)
    with page.expect_download() as download:
        page.get_by_text("Download the chart's data (CSV)").first.click()
    lines = Path(download.value.path()).read_text().splitlines()
    assert lines[0] == "period,label,releases" and sum(int(line.split(",")[2]) for line in lines[1:]) == 72


def test_briefing_png_download_is_a_valid_png(server, page):
    page.goto(f"{server}/briefing")
    wait_ready(page, 2)
    with page.expect_download(timeout=60_000) as download:
        page.get_by_role("button", name="PNG (1600×900)").first.click()
    data = Path(download.value.path()).read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and int.from_bytes(data[16:20], "big") == 1600


def test_briefing_deck_downloads_are_a_pptx_and_a_pdf_with_the_typed_note(server, page):
    import io

    from pptx import Presentation
    from pptx.enum.shapes import MSO_SHAPE_TYPE
    from pypdf import PdfReader

    page.goto(f"{server}/briefing")
    wait_ready(page, 3)
    note = "Spring peaks every year; ask why."
    # Typed, and the deck button clicked at once: the click sends the note, in a run after the one that made
    # the button, and the deck has it all the same.
    page.locator(".st-key-briefing_topics_note textarea").fill(note)
    files = {}
    for label in ("Download deck (PowerPoint)", "Download deck (PDF)"):
        with page.expect_download(timeout=90_000) as download:
            page.get_by_role("button", name=label).click()
        files[label] = (download.value.suggested_filename, Path(download.value.path()).read_bytes())
    name, pptx = files["Download deck (PowerPoint)"]
    assert name.startswith("briefing-") and name.endswith(".pptx")
    prs = Presentation(io.BytesIO(pptx))
    slides = list(prs.slides)
    assert len(slides) == 4 and (prs.slide_width, prs.slide_height) == (12_192_000, 6_858_000)
    assert slides[0].shapes.title.text == "Pressroom briefing"
    assert [s.shapes.title.text_frame.paragraphs[0].text.split(",")[0] for s in slides[1:]] == [
        "Releases per month",
        "Top topics",
        "Top 10 people quoted",
    ]
    assert slides[2].notes_slide.notes_text_frame.text == note
    assert not slides[1].has_notes_slide and not slides[3].has_notes_slide
    assert all(any(sh.shape_type == MSO_SHAPE_TYPE.PICTURE for sh in s.shapes) for s in slides[1:])
    name, pdf = files["Download deck (PDF)"]
    assert name.endswith(".pdf") and pdf.startswith(b"%PDF-")
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 4
    assert note in reader.pages[2].extract_text() and "Top topics" in reader.pages[2].extract_text()
    assert all(len(p.images) == 1 for p in reader.pages[1:])


@pytest.fixture(scope="module")
def hostile_server(tmp_path_factory):
    """A store holding two releases full of markup, script, formulas, invisible controls, 2,000 quotes and a
    1 MB line, and a rejected file whose name is markup, served by its own `streamlit run`."""
    from lib.process import process
    from lib.store import Store
    from tests.test_reliability_hostile import hostile_release

    corpus = tmp_path_factory.mktemp("hostile")
    (corpus / "hostile.txt").write_text(HOSTILE, encoding="utf-8")
    (corpus / "hostile_long.txt").write_text(hostile_release(), encoding="utf-8")
    (corpus / "<img src=x onerror=window.__pwned=5>.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00")
    store = tmp_path_factory.mktemp("hostile_store")
    process([corpus], store, progress=False)
    releases = Store(store).read("releases", ["id", "source"])
    ids = dict(zip(releases["source"].map(lambda s: Path(s).name), releases["id"], strict=True))
    proc, url = start_server(store)
    yield url, ids["hostile.txt"], ids["hostile_long.txt"]
    proc.terminate()
    proc.wait(timeout=20)


def assert_nothing_injected(page) -> None:
    assert page.evaluate("() => window.__pwned") is None, "release text ran as script"
    assert page.locator("img[src='x']").count() == 0, "an <img> from release text was inserted"
    assert page.locator("iframe[src^='javascript']").count() == 0, (
        "an <iframe> from release text was inserted"
    )
    assert page.locator("a[href^='javascript']").count() == 0, (
        "a javascript: link from release text was inserted"
    )


@pytest.mark.parametrize(
    "path",
    [
        "",
        "releases?release={id}",
        "releases?release={long}",
        "topics?topics_kwic_term=script",
        "topics?topics_discover=true&period=year",
        "speakers",
        "speakers?speakers_profile=Maria+Lopez",
        "figures?figures_by=release+date",
        "briefing",
        "data",
    ],
)
def test_hostile_release_text_stays_text_on_every_page(hostile_server, page, path):
    url, release_id, long_id = hostile_server
    page.goto(f"{url}/{path.format(id=release_id, long=long_id)}")
    wait_ready(page)
    page.wait_for_timeout(1500)  # let charts and tables draw
    assert_nothing_injected(page)
    if path.startswith("releases?release={id}"):
        body = page.locator(".pr-release").first.inner_text()
        assert "<script>window.__pwned=3;alert('quote')</script>" in body and "<img src=x onerror=" in body
        assert "[the details](javascript:window.__pwned=4)" in body and "**bold**" in body
        screenshot(page, "hostile_release")
    if path.startswith("releases?release={long}"):
        body = page.locator(".pr-release").first.inner_text()
        assert "<b onmouseover=alert(2)>Ana</b>" in body and "A1b2C3d4+/=" * 1000 in body
        assert "\u202e" not in body and "fentanyl" in body
    assert page.dialogs == []


def job_of(store: Path) -> dict:
    """The store's job as its files say (what every session reads)."""
    return json.loads((store / "job.json").read_text(encoding="utf-8"))


def pause_job_at(store: Path, done: int) -> dict:
    """Once the store's job processed `done` releases, its process is stopped (SIGSTOP) where it is: the test
    then looks at the pages of a job mid-run for as long as it needs. Returns the job as it was paused."""
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            job = job_of(store)
        except (FileNotFoundError, json.JSONDecodeError):
            job = {}
        if job.get("step") == "processing release" and job["done"] >= done:
            os.kill(job["pid"], signal.SIGSTOP)
            return job_of(store)  # what it wrote last, pages included
        assert job.get("status", "running") == "running", job
        time.sleep(0.02)
    pytest.fail(f"the job did not reach release {done} in 120 s: {job}")


def resume(job: dict | None) -> None:
    """The paused job goes on (if it still lives)."""
    if job:
        with contextlib.suppress(ProcessLookupError):
            os.kill(job["pid"], signal.SIGCONT)


def test_the_first_build_is_a_job_every_tab_follows_until_every_page_draws(tmp_path, browser):
    store = tmp_path / "store"  # a fresh server with no store
    proc, url = start_server(store)
    job = None
    try:
        first = browser.new_page(viewport={"width": 1280, "height": 720})
        first.goto(url)  # the Overview starts the first build
        job = pause_job_at(store, 24)  # about a third of the 72 sample releases
        shown = f"processing release {job['done']} of 72, started "
        first.get_by_text(shown).wait_for(timeout=30_000)
        assert first.locator("h1").first.inner_text().strip() == "Overview"
        screenshot(first, "first_build")
        first.locator("[data-testid='stSidebarNav']").get_by_text("Topics").click()
        first.wait_for_function("() => document.querySelector('h1')?.innerText.trim() === 'Topics'")
        first.get_by_text(shown).wait_for(timeout=30_000)  # the same run, not a new one
        second = browser.new_page(viewport={"width": 1280, "height": 720})
        second.goto(f"{url}/speakers")
        second.get_by_text(shown).wait_for(timeout=30_000)
        assert second.locator("h1").first.inner_text().strip() == "Speakers"
        first.close()  # the tab that started the run
        resume(job)
        wait_ready(second, 2)  # the page draws as soon as the store version exists, with no reload
        assert second.locator("h1").first.inner_text().strip() == "Speakers"
        assert chart_title(second, "Quotes per month")
        third = browser.new_page(viewport={"width": 1280, "height": 720})
        third.goto(f"{url}/topics")
        wait_ready(third, 2)
        assert third.locator("h1").first.inner_text().strip() == "Topics"
        end = job_of(store)
        assert (end["id"], end["started"], end["status"], end["done"], end["total"]) == (
            job["id"],
            job["started"],
            "done",
            72,
            72,
        )
        assert (store / "job.log").read_text().count(": started.") == 1  # the run was not restarted
        assert [p.name for p in (store / "versions").iterdir()] == ["v000001"]  # one store version written
        assert third.locator("[data-testid='stProgress']").count() == 0
        second.close()
        third.close()
    finally:
        resume(job)
        proc.terminate()
        proc.wait(timeout=20)


def test_a_job_shows_a_banner_on_every_page_and_cancel_leaves_the_store_as_it_was(
    sample_store, tmp_path, page
):
    from tests.test_jobs import fingerprint, many

    store = tmp_path / "store"
    shutil.copytree(sample_store, store)
    before = fingerprint(store / "versions" / "v000001")
    upload = many(sample_store, tmp_path / "many", copies=2) / "releases.jsonl"
    proc, url = start_server(store, PRESSROOM_RAW=str(tmp_path / "raw"))
    job = None
    try:
        page.goto(f"{url}/data")
        wait_ready(page, 1)
        page.locator("[data-testid='stFileUploaderDropzoneInput']").set_input_files(str(upload))
        page.get_by_role("button", name="Add and process the uploaded files").click()
        job = pause_job_at(store, 16)
        page.goto(url)  # another page: it works on the current version, under the banner
        wait_ready(page, 2)
        banner = f"Processing 1 uploaded file(s): processing release {job['done']} of 144, started "
        page.get_by_text(banner).wait_for(timeout=30_000)
        assert page.locator("[data-testid='stMetricValue']").first.inner_text().strip() == "72"
        screenshot(page, "job_banner")
        page.get_by_role("button", name="Cancel").click()
        page.get_by_text("Cancelling: it stops at its next checkpoint.").wait_for(timeout=30_000)
        resume(job)
        page.locator("[data-testid='stProgress']").wait_for(state="detached", timeout=60_000)
        wait_ready(page, 2)
        assert job_of(store)["status"] == "cancelled"
        page.goto(f"{url}/data")
        wait_ready(page, 1)
        said = page.get_by_test_id("stAlertContentInfo").get_by_text(
            "Processing 1 uploaded file(s) was cancelled at processing release "
        )
        assert said.inner_text().endswith("the store stays at version v000001.")
        page.get_by_role("tab", name="Process a folder").click()
        assert page.get_by_role("button", name="Process new and changed files").is_enabled()
        assert [p.name for p in (store / "versions").iterdir()] == ["v000001"]
        assert (store / "CURRENT").read_text() == "v000001"
        assert fingerprint(store / "versions" / "v000001") == before
    finally:
        resume(job)
        proc.terminate()
        proc.wait(timeout=20)
