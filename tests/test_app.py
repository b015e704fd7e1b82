"""The dashboard: AppTest runs the script in-process; the browser test drives a real `streamlit run`."""
from __future__ import annotations

import base64
import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import numpy as np
import pytest

from conftest import ROOT, need

ARTIFACTS = ROOT / "tests" / "artifacts"


def chart_spec(at: AppTest) -> dict:
    return json.loads(at.get("plotly_chart")[0].proto.spec)


def values(array) -> list:
    """Plotly JSON stores numeric arrays as base64 typed arrays ({"dtype", "bdata"})."""
    if isinstance(array, dict) and "bdata" in array:
        return np.frombuffer(base64.b64decode(array["bdata"]), dtype=array["dtype"]).tolist()
    return list(array)


def test_overview_shows_the_counts_of_the_store(open_app):
    at = open_app()
    assert not at.exception
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Releases"] == "72"
    assert int(metrics["Quotes"].replace(",", "")) > 100 and int(metrics["Figures"].replace(",", "")) > 200
    spec = chart_spec(at)
    assert spec["layout"]["title"]["text"] == "Releases per month, Nov 2018 to Sep 2025"
    assert sum(values(spec["data"][0]["y"])) == 72


def test_changing_the_period_changes_the_chart(open_app):
    at = open_app()
    monthly = chart_spec(at)["data"][0]["x"]
    at.segmented_control(key="period").set_value("fiscal year").run()
    yearly = chart_spec(at)
    assert len(values(yearly["data"][0]["x"])) < len(values(monthly)) and sum(values(yearly["data"][0]["y"])) == 72
    assert yearly["layout"]["title"]["text"] == "Releases per fiscal year, FY2019 to FY2025"


def test_a_topic_filter_narrows_every_count_and_the_url_restores_it(open_app):
    everything = {m.label: int(m.value.replace(",", "")) for m in open_app().metric}
    at = open_app(topic="weapons smuggling", period="year")
    narrowed = {m.label: int(m.value.replace(",", "")) for m in at.metric}
    assert not at.exception and at.multiselect(key="topic").value == ["weapons smuggling"]
    assert 0 < narrowed["Releases"] < everything["Releases"] and narrowed["Quotes"] < everything["Quotes"]
    assert "topic: weapons smuggling" in at.caption[0].value
    assert chart_spec(at)["layout"]["title"]["text"].startswith("Releases per year")


def test_a_filter_that_matches_nothing_says_so(open_app):
    at = open_app(q="no release says this 7c1f")
    assert not at.exception and at.metric[0].value == "0"
    assert "No release matches the current filters" in at.info[0].value


def test_missing_store_is_built_from_the_sample(open_app, tmp_path):
    at = open_app(store=tmp_path / "fresh")
    assert not at.exception
    assert {m.label: m.value for m in at.metric}["Releases"] == "72"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(sample_store):
    port = _free_port()
    env = {**os.environ, "PRESSROOM_STORE": str(sample_store)}
    proc = subprocess.Popen([sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"), "--server.port", str(port),
                             "--server.headless", "true", "--server.address", "127.0.0.1"],
                            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
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
    yield url
    proc.terminate()
    proc.wait(timeout=20)


@pytest.fixture(scope="module")
def browser():
    chromium = shutil.which("chromium") or "/usr/bin/chromium"
    need(Path(chromium).exists(), "Debian's chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=chromium, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--no-first-run", "--disable-quic"])
        yield b
        b.close()


@pytest.mark.browser
def test_overview_renders_counts_and_chart_in_a_real_browser(server, browser):
    page = browser.new_page(viewport={"width": 1280, "height": 720})
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(server)
    page.wait_for_selector("[data-testid='stMetricValue']", timeout=60_000)
    page.wait_for_selector(".js-plotly-plot .trace", timeout=60_000)
    values = page.locator("[data-testid='stMetricValue']").all_inner_texts()
    assert values[0] == "72"
    assert page.get_by_text("Releases per month").count() >= 1
    page.wait_for_timeout(500)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "overview.png"), full_page=True)
    with page.expect_download() as download:
        page.get_by_text("Download the chart's data (CSV)").first.click()
    data = Path(download.value.path()).read_text()
    assert data.splitlines()[0] == "period,label,releases" and sum(int(l.split(",")[2]) for l in data.splitlines()[1:]) == 72
    assert dialogs == []
    page.close()
