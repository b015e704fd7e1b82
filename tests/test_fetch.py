"""Fetching from the CBP newsroom, feeds and single pages, against a local server of our own fixture pages."""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import os
import subprocess
import sys
import threading
import time
import zipfile
from collections import Counter
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from conftest import FIXTURES, ROOT

from lib import settings
from lib.fetch import cbp, fetch_cbp, fetch_urls, save_uploads
from lib.fetch.feed import Item, NotAFeed, parse_feed
from lib.fetch.http import Client, FetchError, retry_after
from lib.ingest import read_file, walk
from lib.process import process
from lib.store import Store

HERE = FIXTURES / "fetch"
ARTICLES = json.loads((HERE / "cbp_articles.json").read_text(encoding="utf-8"))
LAST_MODIFIED = "Wed, 25 Nov 2026 12:00:00 GMT"
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n"


def cbp_article(article: dict) -> bytes:
    day = date.fromisoformat(article["date"])
    page = (HERE / "cbp_article_template.html").read_text(encoding="utf-8")
    return page.format(
        title=article["title"],
        slug=article["slug"],
        release_date=day.strftime("%a, %m/%d/%Y"),
        paragraphs="\n".join(f"<p>{p}</p>" for p in article["body"]),
        kind_label=f"{article['kind'].title()} Media Release",
    ).encode()


def fixture(name: str) -> bytes:
    return (HERE / name).read_bytes()


HTML, RSS, ATOM = "text/html; charset=utf-8", "application/rss+xml", "application/atom+xml"
# Pages with validators: answered 304 to a matching conditional request.
CONDITIONAL = {
    "/newsroom/media-releases/all": (fixture("cbp_listing_0.html"), HTML),
    "/newsroom/media-releases/all?page=1": (fixture("cbp_listing_1.html"), HTML),
    "/newsroom/media-releases/all?page=2": (fixture("cbp_listing_2.html"), HTML),
    "/dhs/rss.xml": (fixture("dhs_rss.xml"), RSS),
    "/ice/atom.xml": (fixture("ice_atom.xml"), ATOM),
}
STATIC = {
    **{f"/newsroom/{a['slug']}": (cbp_article(a), HTML) for a in ARTICLES},
    "/dhs/news/2026/10/14/port-screening-technology": (fixture("dhs_port_screening.html"), HTML),
    "/dhs/news/2026/09/30/trusted-traveler-renewal": (fixture("dhs_trusted_traveler.html"), HTML),
    "/ice/news/releases/ice-removes-fugitive-wanted-for-fraud": (fixture("ice_fugitive.html"), HTML),
    "/ice/news/releases/ice-arrests-smuggling-suspect-in-houston": (fixture("ice_houston.html"), HTML),
    "/doj/pr/two-men-sentenced": (fixture("doj_release.html"), HTML),
    "/pages/moved-here": (fixture("redirected_release.html"), HTML),
    "/pages/malformed": (fixture("malformed.html"), "text/html"),
    "/pages/no-text": (fixture("no_text.html"), HTML),
    "/pages/report.pdf": (PDF, "application/pdf"),
    "/pages/chart.png": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(40), "image/png"),
}
REDIRECTS = {
    "/newsroom/national-media-release/cbp-announces-trade-enforcement-results-old": (
        "/newsroom/national-media-release/cbp-announces-trade-enforcement-results"
    ),
    "/pages/old-address": "/pages/moved-here",
}


class Handler(BaseHTTPRequestHandler):
    server: Server

    def log_message(self, *args) -> None:  # quiet
        pass

    def send(self, status: int, body: bytes = b"", kind: str = HTML, headers: dict | None = None) -> None:
        self.server.log.append((self.path, status, self.headers.get("User-Agent", "")))
        self.send_response(status)
        for key, value in {"Content-Type": kind, "Content-Length": str(len(body)), **(headers or {})}.items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:
        path = self.path
        self.server.hits[path] += 1
        if path == "/robots.txt":  # none unless a test sets one (its text, or a status to answer)
            if self.server.robots is None:
                return self.send(404, b"<h1>Not found</h1>")
            if isinstance(self.server.robots, int):
                return self.send(self.server.robots, b"", "text/plain")
            return self.send(200, self.server.robots, "text/plain")
        if path in CONDITIONAL:
            body, kind = CONDITIONAL[path]
            etag = f'"{hashlib.sha1(body).hexdigest()[:12]}"'
            if self.headers.get("If-None-Match") == etag:
                return self.send(304, headers={"ETag": etag})
            return self.send(200, body, kind, {"ETag": etag, "Last-Modified": LAST_MODIFIED})
        if path in STATIC:
            return self.send(200, *STATIC[path])
        if path in REDIRECTS:
            return self.send(301, headers={"Location": REDIRECTS[path]})
        if path == "/pages/browsers-only":  # refuses Python's default User-Agent, as agency CDNs do
            if "Mozilla/" not in self.headers.get("User-Agent", ""):
                return self.send(403, b"<h1>Access Denied</h1>")
            return self.send(200, fixture("ua_release.html"))
        if path == "/pages/busy-once":  # 429 the first time, then the page
            if self.server.hits[path] == 1:
                return self.send(429, b"slow down", "text/plain", {"Retry-After": "1"})
            return self.send(200, fixture("retry_release.html"))
        if path == "/pages/unavailable":
            return self.send(503, b"maintenance", "text/plain", {"Retry-After": "1"})
        if path == "/pages/come-back-tomorrow":
            return self.send(429, b"", "text/plain", {"Retry-After": "86400"})
        if path == "/pages/gzip-bomb":  # 60 MB of zeros in about 60 kB: must stop at PRESSROOM_MAX_FILE_MB
            return self.send(
                200, gzip.compress(b"<p>" + bytes(60_000_000), 1), "text/html", {"Content-Encoding": "gzip"}
            )
        if path == "/feeds/gzip-bomb":  # the same, as a feed: read through the HTTP cache
            return self.send(
                200,
                gzip.compress(b"<rss>" + bytes(60_000_000), 1),
                RSS,
                {"Content-Encoding": "gzip", "ETag": '"bomb"'},
            )
        if path == "/pages/pdf-called-html":  # the Content-Type lies: the content decides
            return self.send(200, PDF, "text/html")
        if path == "/pages/broken-utf16":  # a UTF-16 byte-order mark, then bytes that are not UTF-16
            return self.send(200, b"\xff\xfe<\x00p\x00>\x00\x00\xd8", "text/html")
        if path == "/pages/slow":
            time.sleep(2)
            return self.send(200, fixture("doj_release.html"))
        return self.send(404, b"<h1>Not found</h1>")


class Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self):
        super().__init__(("127.0.0.1", 0), Handler)
        self.hits: Counter = Counter()
        self.log: list[tuple[str, int, str]] = []
        self.robots: bytes | int | None = None

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server_port}"

    def handle_error(self, request, client_address) -> None:
        if not isinstance(
            sys.exc_info()[1], (BrokenPipeError, ConnectionResetError)
        ):  # a client that timed out
            super().handle_error(request, client_address)

    @property
    def pages(self) -> list[tuple[str, int, str]]:
        """The log without the requests for robots.txt (one a site and run)."""
        return [entry for entry in self.log if entry[0] != "/robots.txt"]

    def reset(self) -> None:
        self.hits.clear()
        self.log.clear()
        self.robots = None


@pytest.fixture(scope="module")
def server():
    srv = Server()
    thread = threading.Thread(target=srv.serve_forever, daemon=True)
    thread.start()
    yield srv
    srv.shutdown()
    srv.server_close()


class FixedDate(date):
    @classmethod
    def today(cls):
        return cls(2026, 11, 28)


@pytest.fixture(autouse=True)
def fast_settings(monkeypatch, server, tmp_path):
    """Settings for a quick local run; no proxy; the crawl's "today" fixed for the listing's year
    inference."""
    for setting in settings.SETTINGS:
        monkeypatch.delenv(setting.name, raising=False)
    for proxy in ("http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"):
        monkeypatch.delenv(proxy, raising=False)
    monkeypatch.setenv("PRESSROOM_CONFIG", str(tmp_path / "absent.toml"))
    monkeypatch.setenv("PRESSROOM_CBP_URL", server.base)
    monkeypatch.setenv("PRESSROOM_FETCH_DELAY", "0")
    monkeypatch.setenv("PRESSROOM_FETCH_TIMEOUT", "0.5")
    monkeypatch.setenv("PRESSROOM_FETCH_RETRIES", "1")
    monkeypatch.setenv("PRESSROOM_FETCH_MAX_WAIT", "1.5")
    monkeypatch.setattr("lib.fetch.sources.date", FixedDate)
    server.reset()


def releases(store: Path):
    return Store(store).read("releases").set_index("url")


def rejects(store: Path) -> dict[str, str]:
    table = Store(store).read("rejects")
    return dict(zip(table["path"], table["reason"], strict=True))


# ---- the CBP newsroom ----------------------------------------------------------------------------------


def test_cbp_crawl_brings_every_release_with_title_date_agency_and_body(server, tmp_path):
    raw, store = tmp_path / "raw", tmp_path / "store"
    summary = fetch_cbp(raw, store)
    assert summary.failures == [] and summary.listings == 3 and len(summary.fetched) == len(ARTICLES)
    stored = releases(store)
    for article in ARTICLES:
        row = stored.loc[f"{server.base}/newsroom/{article['slug']}"]  # the redirected one at its final URL
        assert row["title"] == article["title"]
        assert row["date"].date().isoformat() == article["date"]
        assert (row["agency"], row["agency_acronym"]) == ("U.S. Customs and Border Protection", "CBP")
        assert row["body"] == "\n\n".join(article["body"])
        assert row["format"] == "html" and row["pipeline_version"]
    assert (stored["date_source"] == "release_date_label").all()
    assert Store(store).read("quotes")["speaker"].str.contains("Lena Ostrowski").any()  # processed by spaCy
    assert all(
        "Mozilla/" in agent for _, _, agent in server.log
    )  # a browser-like User-Agent on every request


def test_second_cbp_run_fetches_nothing_and_the_listing_answers_304(server, tmp_path):
    raw, store = tmp_path / "raw", tmp_path / "store"
    fetch_cbp(raw, store)
    version = Store(store).current()
    server.reset()
    summary = fetch_cbp(raw, store)
    assert summary.fetched == [] and summary.failures == [] and summary.not_modified == 1
    assert server.pages == [("/newsroom/media-releases/all", 304, server.log[0][2])]
    assert server.hits["/robots.txt"] == 1  # once a run, not before every request
    assert Store(store).current() == version  # nothing new: no new store version


def test_crawl_cut_short_goes_on_to_the_end_next_time(server, tmp_path):
    raw = tmp_path / "raw"
    first = fetch_cbp(raw, max_pages=1)
    assert len(first.fetched) == 3
    server.reset()
    second = fetch_cbp(raw)  # page 1 has nothing new, but the listing was never read to its end
    assert len(second.fetched) == len(ARTICLES) - 3 and second.already == 3
    server.reset()
    assert fetch_cbp(raw).fetched == [] and len(server.pages) == 1


def test_kind_and_since_choose_the_rows(server, tmp_path):
    raw = tmp_path / "raw"
    summary = fetch_cbp(raw, kind="local", since="2026-09-01")
    local_recent = [a for a in ARTICLES if a["kind"] == "local" and a["date"] >= "2026-09-01"]
    assert sorted(summary.fetched) == sorted(f"{server.base}/newsroom/{a['slug']}" for a in local_recent)
    assert "/newsroom/media-releases/all?page=2" not in server.hits  # page 1 ends before the date: stop there


def test_listing_rows_give_dates_across_a_year_and_kinds_and_the_next_page():
    rows, following = cbp.parse_listing(
        fixture("cbp_listing_2.html"), "http://x/newsroom/media-releases/all?page=2", today=date(2026, 8, 7)
    )
    assert [(r.date, r.kind) for r in rows] == [("2026-01-14", "national"), ("2025-12-19", "local")]
    assert following is None
    rows, following = cbp.parse_listing(
        fixture("cbp_listing_0.html"), "http://x/newsroom/media-releases/all", today=date(2026, 11, 28)
    )
    assert (
        rows[0].url
        == "http://x/newsroom/national-media-release/cbp-officers-seize-record-fentanyl-load-at-nogales"
    )
    assert (
        rows[0].title == "CBP Officers Seize Record Fentanyl Load at Nogales Port"
        and rows[0].date == "2026-11-20"
    )
    assert following == "http://x/newsroom/media-releases/all?page=1"


def test_article_page_gives_title_and_release_date():
    assert cbp.parse_article(cbp_article(ARTICLES[0])) == {
        "title": ARTICLES[0]["title"],
        "date": "2026-11-20",
        "date_source": "release_date_label",
    }


# ---- feeds ---------------------------------------------------------------------------------------------


def test_fetch_feed_command_follows_rss_and_atom_items_and_a_second_run_fetches_nothing(server, tmp_path):
    raw, store = tmp_path / "raw", tmp_path / "store"
    env = {**os.environ, "PRESSROOM_FETCH_DELAY": "0", "PRESSROOM_CBP_URL": server.base}
    cmd = [
        sys.executable,
        "-m",
        "lib",
        "fetch",
        "feed",
        f"{server.base}/dhs/rss.xml",
        f"{server.base}/ice/atom.xml",
        "--raw",
        str(raw),
        "--store",
        str(store),
        "--quiet",
    ]
    out = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=300, env=env)
    assert out.returncode == 0, out.stderr
    assert "fetch feed: 4 new pages fetched" in out.stdout and "0 failed" in out.stdout
    stored = releases(store)
    dhs = stored.loc[
        f"{server.base}/dhs/news/2026/09/30/trusted-traveler-renewal"
    ]  # relative link; no date on page
    assert dhs["title"] == "DHS Marks Tenth Year of the Trusted Traveler Renewal Program"
    assert (dhs["date"].date().isoformat(), dhs["date_source"]) == ("2026-09-30", "feed")
    assert (dhs["agency"], dhs["agency_acronym"]) == ("U.S. Department of Homeland Security", "DHS")
    assert dhs["body"].startswith("WASHINGTON — Ten years ago this month")
    assert "Privacy Policy" not in dhs["body"]
    ice = stored.loc[f"{server.base}/ice/news/releases/ice-removes-fugitive-wanted-for-fraud"]
    assert (ice["title"], ice["date"].date().isoformat()) == (
        "ICE Removes Fugitive Wanted for Investment Fraud",
        "2026-11-03",
    )  # published, not updated
    assert ice["agency"] == "U.S. Immigration and Customs Enforcement"
    assert (
        stored.loc[f"{server.base}/ice/news/releases/ice-arrests-smuggling-suspect-in-houston", "date"]
        .date()
        .isoformat()
        == "2026-10-21"
    )

    server.reset()
    again = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=300, env=env)
    assert again.returncode == 0 and "fetch feed: 0 new pages fetched" in again.stdout
    assert "2 listing pages or feeds read (2 not modified)" in again.stdout
    assert sorted(status for _, status, _ in server.pages) == [304, 304]


def test_feed_parsing_of_rss_and_atom():
    rss = parse_feed(fixture("dhs_rss.xml"), "http://h/dhs/rss.xml")
    assert rss.title == "DHS Press Releases"
    assert [(i.url, i.date) for i in rss.items] == [
        ("http://h/dhs/news/2026/10/14/port-screening-technology", "2026-10-14"),
        ("http://h/dhs/news/2026/09/30/trusted-traveler-renewal", "2026-09-30"),
    ]
    atom = parse_feed(fixture("ice_atom.xml"), "http://h/ice/atom.xml")
    assert (
        atom.items[0].url == "http://h/ice/news/releases/ice-removes-fugitive-wanted-for-fraud"
    )  # not the enclosure
    with pytest.raises(NotAFeed):
        parse_feed(fixture("doj_release.html"), "http://h/")


LAUGHS = "".join(f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10))


def test_feed_entities_are_neither_expanded_nor_read_from_files(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("SECRET-FILE-TEXT")
    feed = f"""<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY lol0 "lol">{LAUGHS}<!ENTITY file SYSTEM "file://{secret}">]>
<rss version="2.0"><channel><title>Laughs &lol9;</title>
<item><title>One &lol9; &file;</title><link>http://h/one</link></item></channel></rss>""".encode()
    parsed = parse_feed(feed, "http://h/feed.xml")  # a billion "lol"s if &lol9; were expanded
    assert [item.url for item in parsed.items] == ["http://h/one"]
    titles = [parsed.title, parsed.items[0].title]
    assert all(len(t) < 40 and "lollol" not in t and "SECRET" not in t for t in titles), titles


def test_mis_encoded_and_oddly_dated_feeds_are_read():
    rss = b"""<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>T</title>
<item><title>Agency \x93Seizes\x94 Drugs \x96 Again</title><link>/a</link>
<pubDate>14 October 2026</pubDate></item>
<item><title>B</title><link>/b</link><pubDate>Oct. 14th, 2026</pubDate></item>
<item><title>C</title><link>/c</link><pubDate>Tue, 14 Oct 2026 23:30:00 -0500</pubDate></item>
<item><title>D</title><link>/d</link><pubDate>sometime soon</pubDate></item>
</channel></rss>"""  # declared UTF-8, written in Windows-1252
    feed = parse_feed(rss, "http://h/feed.xml")
    assert feed.items[0].title == "Agency \u201cSeizes\u201d Drugs \u2013 Again"
    assert [(i.url, i.date) for i in feed.items] == [
        ("http://h/a", "2026-10-14"),
        ("http://h/b", "2026-10-14"),
        ("http://h/c", "2026-10-14"),  # the publisher's day, not the next one in UTC
        ("http://h/d", None),
    ]
    rdf = b"""<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel rdf:about="http://h/"><title>R</title>
</channel><item rdf:about="http://h/r1"><title>R1</title><dc:date>2026-10-14T23:30:00-05:00</dc:date></item></rdf:RDF>"""
    assert parse_feed(rdf, "http://h/feed.xml").items == [Item("R1", "http://h/r1", "2026-10-14")]


def test_a_page_given_as_a_feed_is_a_failure_with_a_reason(server, tmp_path):
    summary = fetch_urls([f"{server.base}/doj/pr/two-men-sentenced"], tmp_path / "raw", mode="feed")
    assert summary.failures == [
        (
            f"{server.base}/doj/pr/two-men-sentenced",
            f"could not fetch {server.base}/doj/pr/two-men-sentenced: not an RSS or Atom feed (text/html)",
        )
    ]


# ---- single pages, failures -------------------------------------------------------------------------------

FAILING = {
    "/pages/unavailable": "HTTP 503 Service Unavailable after 2 attempts",
    "/pages/come-back-tomorrow": (
        "the server asks to wait 86400 s (Retry-After), longer than PRESSROOM_FETCH_MAX_WAIT"
    ),
    "/pages/slow": "no response within 0.5 s (PRESSROOM_FETCH_TIMEOUT) after 2 attempts",
    "/pages/report.pdf": "not an HTML page: the server sent application/pdf",
    "/pages/chart.png": "not an HTML page: the server sent image/png",
    "/pages/missing": "HTTP 404 Not Found: no such page",
    "/dhs/rss.xml": "an RSS or Atom feed (application/rss+xml), not a page; fetch it as a feed",
    "/pages/gzip-bomb": "the response is over the 50 MB limit (PRESSROOM_MAX_FILE_MB)",
    "/pages/pdf-called-html": "not an HTML page: the content is a PDF document (sent as text/html)",
    "/pages/broken-utf16": "starts with a UTF-16 byte-order mark but is not valid UTF-16",
}
GOOD = {
    "/doj/pr/two-men-sentenced": (
        "Two Men Sentenced for Smuggling Firearms Across the Border",
        "2026-09-08",
        "U.S. Department of Justice",
        "TUCSON, Ariz. — Two men were sentenced",
    ),
    "/pages/browsers-only": (
        "Agency Releases Annual Report on Port Wait Times",
        "2026-07-01",
        "U.S. Department of Homeland Security",
        "WASHINGTON — Average wait times",
    ),
    "/pages/busy-once": (
        "Officers Seize Counterfeit Medicine at Mail Facility",
        "2026-06-18",
        "U.S. Customs and Border Protection",
        "CHICAGO — Officers at the international mail",
    ),
    "/pages/old-address": (
        "Agents Find Tunnel Under Border Fence in Arizona",
        "2026-05-12",
        "U.S. Customs and Border Protection",
        "NOGALES, Ariz. — Border Patrol agents found",
    ),
    "/pages/malformed": (
        "Port Officers Stop Shipment of Fake Airbags",
        "2026-04-22",
        "U.S. Customs and Border Protection",
        "MIAMI — Officers at the seaport",
    ),
}


def test_fetch_url_keeps_good_pages_and_reports_every_failure_in_rejects(server, tmp_path):
    raw, store = tmp_path / "raw", tmp_path / "store"
    urls = [server.base + p for p in [*GOOD, *FAILING, "/pages/no-text"]]
    summary = fetch_urls(urls, raw, store, mode="page")
    stored = releases(store)
    for path, (title, day, agency, start) in GOOD.items():
        final = server.base + ("/pages/moved-here" if path == "/pages/old-address" else path)
        row = stored.loc[final]
        assert (row["title"], row["date"].date().isoformat(), row["agency"]) == (title, day, agency)
        assert row["body"].startswith(start)
    assert "not part of the release" not in stored.loc[server.base + "/pages/malformed", "body"]
    assert server.hits["/pages/busy-once"] == 2  # 429 with Retry-After, then the page

    found = rejects(store)
    for path, reason in FAILING.items():
        url = server.base + path
        assert url in found[url] and reason in found[url], (path, found.get(url))
    no_text = [(p, r) for p, r in found.items() if p.endswith(".html") and "no-text" in p]
    assert len(no_text) == 1  # saved, but nothing to read in it: the reject names the URL it came from
    assert (
        no_text[0][1] == f"neither a title nor any body text found (fetched from {server.base}/pages/no-text)"
    )
    assert len(summary.failures) == len(FAILING)

    server.reset()
    again = fetch_urls(
        urls, raw, store, mode="page"
    )  # fetched pages are not fetched again; failures are retried
    assert again.fetched == [] and again.already == len(GOOD) + 1
    assert set(server.hits) - {"/robots.txt"} == {p for p in FAILING}
    assert rejects(store) == {**found, **{u: r for u, r in again.failures}}  # replaced, not piled up
    assert len(Store(store).read("rejects")) == len(found)


def test_default_client_user_agent_is_refused_and_the_403_explained(server, tmp_path, monkeypatch):
    monkeypatch.setenv("PRESSROOM_USER_AGENT", "Python-urllib/3.11")
    summary = fetch_urls([f"{server.base}/pages/browsers-only"], tmp_path / "raw", mode="page")
    assert len(summary.failures) == 1
    url, reason = summary.failures[0]
    assert (
        reason.startswith(f"could not fetch {url}: HTTP 403 Forbidden") and "PRESSROOM_USER_AGENT" in reason
    )


def test_a_reject_leaves_the_table_when_the_url_is_fetched(server, tmp_path, monkeypatch):
    raw, store, url = tmp_path / "raw", tmp_path / "store", f"{server.base}/pages/browsers-only"
    monkeypatch.setenv("PRESSROOM_USER_AGENT", "curl/8.0")
    fetch_urls([url], raw, store)
    assert url in rejects(store)
    monkeypatch.delenv("PRESSROOM_USER_AGENT")
    fetch_urls([url], raw, store)
    assert url not in rejects(store) and url in releases(store).index


def test_auto_mode_tells_feeds_from_pages(server, tmp_path):
    summary = fetch_urls(
        [f"{server.base}/ice/atom.xml", f"{server.base}/doj/pr/two-men-sentenced"], tmp_path / "raw"
    )
    assert summary.listings == 1 and len(summary.fetched) == 3 and summary.failures == []


def test_fetch_url_command_lists_failures_on_stderr(server, tmp_path):
    env = {**os.environ, "PRESSROOM_FETCH_DELAY": "0", "PRESSROOM_FETCH_RETRIES": "0"}
    out = subprocess.run(
        [
            sys.executable,
            "-m",
            "lib",
            "fetch",
            "url",
            f"{server.base}/pages/report.pdf",
            f"{server.base}/doj/pr/two-men-sentenced",
            "--raw",
            str(tmp_path / "raw"),
            "--no-process",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )
    assert out.returncode == 0, out.stderr
    assert "fetch url: 1 new pages fetched" in out.stdout and "1 failed" in out.stdout
    assert (
        f"failed: {server.base}/pages/report.pdf: could not fetch {server.base}/pages/report.pdf: "
        "not an HTML page: the server sent application/pdf"
    ) in out.stderr


class FakeTime:
    """A clock that moves only when the client sleeps: the waits a client makes, without waiting."""

    def __init__(self):
        self.now, self.slept = 1000.0, []

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds


def test_retry_after_is_honoured_up_to_the_max_wait(server):
    time_ = FakeTime()
    client = Client(sleep=time_.sleep, clock=time_.clock)
    assert client.get(f"{server.base}/pages/busy-once").status == 200
    assert time_.slept == [1.0] and client.requests == 3  # robots.txt, the 429, the page
    with pytest.raises(FetchError, match="HTTP 503 Service Unavailable after 2 attempts"):
        client.get(f"{server.base}/pages/unavailable")
    assert time_.slept == [1.0, 1.0]
    with pytest.raises(FetchError, match="asks to wait 86400 s .*PRESSROOM_FETCH_MAX_WAIT=1.5 s"):
        client.get(f"{server.base}/pages/come-back-tomorrow")
    assert time_.slept == [1.0, 1.0] and server.hits["/pages/come-back-tomorrow"] == 1  # no wait, no retry


def test_a_gzip_bomb_sent_as_a_feed_stops_at_the_cap_before_the_cache(server, tmp_path):
    raw = tmp_path / "raw"
    summary = fetch_urls([f"{server.base}/feeds/gzip-bomb"], raw, mode="feed")
    assert "over the 50 MB limit (PRESSROOM_MAX_FILE_MB)" in summary.failures[0][1]
    assert list((raw / ".http-cache").glob("*.json")) == []


def test_only_feeds_stay_in_the_http_cache(server, tmp_path):
    raw = tmp_path / "raw"
    listing = (
        f"{server.base}/newsroom/media-releases/all"  # an HTML page with an ETag, asked for as maybe a feed
    )
    summary = fetch_urls([listing, f"{server.base}/dhs/rss.xml"], raw, refetch=True)
    assert summary.listings == 1 and listing in summary.fetched
    assert len(list((raw / ".http-cache").glob("*.json"))) == 1


# ---- robots.txt --------------------------------------------------------------------------------------------


def test_a_url_robots_txt_disallows_is_skipped_and_reported(server, tmp_path):
    server.robots = b"User-agent: *\nDisallow: /pages/\n"
    raw, store = tmp_path / "raw", tmp_path / "store"
    skipped, allowed = f"{server.base}/pages/old-address", f"{server.base}/doj/pr/two-men-sentenced"
    summary = fetch_urls([skipped, allowed], raw, store, mode="page")
    assert summary.fetched == [allowed] and summary.disallowed == 1
    reason = (
        f"skipped {skipped}: {server.base}/robots.txt disallows it for this User-Agent "
        "(PRESSROOM_IGNORE_ROBOTS lists the sites whose owners let you crawl them regardless)"
    )
    assert summary.failures == [(skipped, reason)] and rejects(store)[skipped] == reason
    assert "/pages/old-address" not in server.hits and server.hits["/robots.txt"] == 1


@pytest.mark.parametrize("hosts", ["127.0.0.1", "*", "example.gov, 127.0.0.1"])
def test_ignore_robots_fetches_a_disallowed_url_without_reading_robots_txt(
    server, tmp_path, monkeypatch, hosts
):
    server.robots = b"User-agent: *\nDisallow: /\n"
    monkeypatch.setenv("PRESSROOM_IGNORE_ROBOTS", hosts)
    summary = fetch_urls([f"{server.base}/doj/pr/two-men-sentenced"], tmp_path / "raw", mode="page")
    assert len(summary.fetched) == 1 and summary.failures == [] and "/robots.txt" not in server.hits


def test_ignore_robots_for_another_host_leaves_this_one_checked(server, tmp_path, monkeypatch):
    server.robots = b"User-agent: *\nDisallow: /\n"
    monkeypatch.setenv("PRESSROOM_IGNORE_ROBOTS", "example.gov")
    summary = fetch_urls([f"{server.base}/doj/pr/two-men-sentenced"], tmp_path / "raw", mode="page")
    assert summary.fetched == [] and summary.disallowed == 1


def test_a_robots_txt_that_cannot_be_read_stops_the_site(server, tmp_path):
    server.robots = 503
    url = f"{server.base}/doj/pr/two-men-sentenced"
    summary = fetch_urls([url], tmp_path / "raw", mode="page")
    assert summary.disallowed == 1 and "/doj/pr/two-men-sentenced" not in server.hits
    assert summary.failures[0][1].startswith(
        f"skipped {url}: {server.base}/robots.txt could not be read (HTTP 503 Service Unavailable after 2 "
        "attempts), and a site whose robots.txt cannot be read is not crawled (RFC 9309; "
        "PRESSROOM_IGNORE_ROBOTS"
    )


@pytest.mark.parametrize("setting,expected", [("0", 5.0), ("7", 7.0)])
def test_crawl_delay_wins_when_longer_than_the_fetch_delay(server, monkeypatch, setting, expected):
    server.robots = b"User-agent: *\nCrawl-delay: 5\n"
    monkeypatch.setenv("PRESSROOM_FETCH_DELAY", setting)
    time_ = FakeTime()
    client = Client(sleep=time_.sleep, clock=time_.clock)
    for path in ("/doj/pr/two-men-sentenced", "/pages/moved-here"):
        client.get(server.base + path)
    assert client.delay_for(server.base + "/any") == expected
    assert time_.slept == [expected, expected]  # robots.txt, then each page a delay after the one before


# ---- raw storage -----------------------------------------------------------------------------------------


def test_raw_pages_keep_url_fetch_time_and_headers_and_process_gives_the_same_releases(server, tmp_path):
    raw, store = tmp_path / "raw", tmp_path / "store"
    fetch_cbp(raw, store)
    fetch_urls([f"{server.base}/dhs/rss.xml", f"{server.base}/pages/old-address"], raw, store)
    page = next((raw / "cbp").glob("cbp-officers-seize-record-fentanyl-load-at-nogales-*.html"))
    sidecar = json.loads(page.with_name(page.name + ".fetch.json").read_text())
    assert sidecar["url"] == f"{server.base}/newsroom/{ARTICLES[0]['slug']}"
    assert sidecar["status"] == 200 and sidecar["headers"]["content-type"] == HTML and sidecar["fetched_at"]
    moved = json.loads(
        next((raw / f"127.0.0.1_{server.server_port}").glob("old-address-*.fetch.json")).read_text()
    )
    assert (moved["requested_url"], moved["url"]) == (
        f"{server.base}/pages/old-address",
        f"{server.base}/pages/moved-here",
    )

    files, skipped = walk([raw])
    assert (
        all(f.suffix == ".html" for f in files) and skipped == []
    )  # sidecars, index and cache are not releases
    again = tmp_path / "again"
    process([raw], again, progress=False)  # what `python -m lib process data/raw` does
    columns = ["id", "title", "date", "agency", "agency_acronym", "body"]
    assert releases(again)[columns].sort_index().equals(releases(store)[columns].sort_index())


def test_index_is_rebuilt_from_the_sidecars_when_lost(server, tmp_path):
    raw = tmp_path / "raw"
    fetch_urls([f"{server.base}/doj/pr/two-men-sentenced"], raw)
    (raw / ".fetched.jsonl").unlink()
    server.reset()
    assert fetch_urls([f"{server.base}/doj/pr/two-men-sentenced"], raw).already == 1 and not server.hits


def test_sidecar_values_win_over_the_page(tmp_path):
    page = tmp_path / "p.html"
    page.write_bytes(fixture("doj_release.html"))
    (tmp_path / "p.html.fetch.json").write_text(
        json.dumps(
            {
                "url": "https://www.justice.gov/x",
                "release": {
                    "title": "Feed Title",
                    "date": "2026-09-09",
                    "date_source": "feed",
                    "url": "https://www.justice.gov/x",
                },
            }
        )
    )
    release = read_file(page, 10**6).releases[0]
    assert (release.title, release.date, release.date_source) == ("Feed Title", "2026-09-09", "feed")
    assert (release.url, release.agency) == ("https://www.justice.gov/x", "U.S. Department of Justice")


def test_retry_after_reads_seconds_and_http_dates():
    assert retry_after("7") == 7.0
    assert retry_after("Wed, 21 Oct 2015 07:28:00 GMT") == 0.0  # in the past: retry now
    assert retry_after("soon") is None and retry_after(None) is None


# ---- uploads ---------------------------------------------------------------------------------------------


def zip_of(members: dict[str, bytes], symlink: str = "") -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
        if symlink:
            info = zipfile.ZipInfo(symlink)
            info.external_attr = 0o120777 << 16
            archive.writestr(info, "/etc/passwd")
    return buffer.getvalue()


def test_uploads_and_zips_are_saved_safely_and_processed(tmp_path):
    raw = tmp_path / "raw"
    text = b"Officers Seize Heroin at the Port\n\nOfficers seized 12 pounds of heroin on Tuesday.\n"
    archive = zip_of(
        {
            "releases/one.md": b"---\ntitle: Agents Rescue Swimmer\ndate: 2026-07-04\n---\nAgents pulled "
            b"a swimmer from the river.\n",
            "../../escape.txt": b"Escaped Title\n\nThis tries to leave the upload folder.\n",
            "/abs/path.csv": b"title,date,body\nA CSV Release,2026-01-02,Body of the CSV release.\n",
            "tool.exe": b"MZ",
            "inner.zip": zip_of({"a.txt": b"x"}),
            "__MACOSX/._one.md": b"junk",
        },
        symlink="link.txt",
    )
    saved = save_uploads(
        [
            ("heroin.txt", text),
            ("page.html", fixture("doj_release.html")),
            ("bundle.zip", archive),
            ("notes.docx", b"PK..."),
            ("lines.jsonl", b'{"title": "A JSONL Release", "body": "Text."}\n'),
        ],
        raw,
    )
    names = sorted(str(p.relative_to(raw.resolve())) for p in saved.paths)
    assert names == [
        "uploads/bundle/abs/path.csv",
        "uploads/bundle/escape.txt",
        "uploads/bundle/releases/one.md",
        "uploads/heroin.txt",
        "uploads/lines.jsonl",
        "uploads/page.html",
    ]
    assert {name: reason.split(" (")[0].split(";")[0] for name, reason in saved.rejects} == {
        "bundle.zip/tool.exe": "not a file type Pressroom reads",
        "bundle.zip/inner.zip": "a zip inside a zip",
        "bundle.zip/link.txt": "a symbolic link",
        "notes.docx": "not a file type Pressroom reads",
    }
    store = tmp_path / "store"
    summary = process([raw], store, progress=False)
    assert summary.rejects == [] and summary.releases == 6
    assert {"Agents Rescue Swimmer", "A CSV Release", "A JSONL Release"} <= set(releases(store)["title"])


def test_upload_caps_hold_even_when_a_zip_lies_about_sizes(tmp_path, monkeypatch):
    monkeypatch.setenv("PRESSROOM_MAX_UPLOAD_MB", "0.01")  # 10 kB in all
    big = b"Title\n\n" + b"word " * 3000  # 15 kB
    saved = save_uploads(
        [("bomb.zip", zip_of({"a.txt": b"Small\n\nfine.", "b.txt": big})), ("c.txt", big)], tmp_path / "raw"
    )
    assert [p.name for p in saved.paths] == ["a.txt"]
    assert [r.split(";")[0] for _, r in saved.rejects] == [
        "over the total size extracted from one upload (PRESSROOM_MAX_UPLOAD_MB)"
    ] * 2


def test_bad_zip_is_a_reject_not_a_crash(tmp_path):
    saved = save_uploads([("broken.zip", b"PK\x03\x04 not really")], tmp_path / "raw")
    assert saved.paths == [] and saved.rejects[0][1].startswith("not a readable zip archive")
