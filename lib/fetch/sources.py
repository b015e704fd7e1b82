"""Fetch runs: the CBP newsroom, feeds and single pages into the raw directory, then processing as usual."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from lib import settings
from lib.fetch import cbp
from lib.fetch.feed import NotAFeed, looks_like_feed, parse_feed
from lib.fetch.http import Client, Disallowed, FetchError, Response
from lib.fetch.raw import RawStore, site_source
from lib.fetch.url import not_a_page, page_metadata
from lib.ingest.base import ReadError, _agency_table, agency_from_url

# report(done, total, text): progress of a run; total is 0 while unknown (a crawl does not know its length).
Report = Callable[[int, int, str], None]
PROCESSING = "Processing releases"  # the text of reports once fetching is over and processing runs


@dataclass
class FetchSummary:
    fetched: list[str] = field(default_factory=list)  # URLs of the pages saved in this run
    already: int = 0  # pages skipped because they were fetched before
    listings: int = 0  # listing pages and feeds read
    not_modified: int = 0  # of those, answered 304 Not Modified
    failures: list[tuple[str, str]] = field(default_factory=list)  # (URL, reason)
    disallowed: int = 0  # of those, URLs skipped because the site's robots.txt disallows them
    tried: set[str] = field(default_factory=set)  # every URL requested; their old rejects are replaced
    requests: int = 0
    processed: object = None  # the process() Summary, when processing ran


class Fetcher:
    """One fetch run into a raw directory."""

    def __init__(self, raw_dir: Path, report: Report | None = None, refetch: bool = False):
        self.raw = RawStore(raw_dir)
        self.client = Client()
        self.report = report
        self.refetch = refetch
        self.summary = FetchSummary()
        self.expected = 0  # pages to fetch, as far as known so far

    # ---- pages -----------------------------------------------------------

    def fail(self, url: str, reason: str) -> None:
        self.summary.failures.append((url, f"could not fetch {url}: {reason}"))

    def _get(self, url: str, conditional: bool = False) -> Response | None:
        self.summary.tried.add(url)
        try:
            return self.client.get(url, self.raw.cache if conditional else None)
        except Disallowed as exc:  # reported like a failure, so that it is listed and kept in rejects
            self.summary.disallowed += 1
            self.summary.failures.append((url, f"skipped {url}: {exc}"))
            return None
        except FetchError as exc:
            self.fail(url, str(exc))
            return None
        finally:
            self.summary.requests = self.client.requests

    def page(
        self, url: str, source: str | None, known: dict, parse: Callable[[bytes], dict] | None = None
    ) -> None:
        """Fetch one release page unless fetched before, and keep it with what is known of the release."""
        if not self.refetch and self.raw.known(url):
            self.summary.already += 1
            return
        response = self._get(url)
        if response is not None:
            self.keep(response, source, known, parse)
        self._progress(url)

    def keep(
        self,
        response: Response,
        source: str | None,
        known: dict,
        parse: Callable[[bytes], dict] | None = None,
    ) -> None:
        problem = not_a_page(response)
        if problem:
            self.fail(response.requested or response.url, problem)
            return
        try:
            if parse:  # the page's own layout, parsed: its title and full date beat the listing's
                release = {**known, **{k: v for k, v in parse(response.body).items() if v}}
            else:  # what the feed said beats what is guessed from the page
                release = {**{k: v for k, v in page_metadata(response).items() if v}, **known}
        except ReadError as exc:  # e.g. bytes that are not text in any encoding we read
            self.fail(response.requested or response.url, str(exc))
            return
        release.setdefault("agency", agency_from_url(response.url)[0])
        release["url"] = response.url
        self.raw.save(source or site_source(response.url), response, release)
        self.summary.fetched.append(response.url)

    def _progress(self, url: str) -> None:
        if self.report:
            done = len(self.summary.fetched) + self.summary.already + len(self.summary.failures)
            self.report(done, max(done, self.expected), f"Fetched {url}")

    # ---- sources ---------------------------------------------------------

    def url(self, url: str, mode: str = "auto") -> None:
        """A page, a feed (mode "feed") or either, told apart by the response (mode "auto")."""
        url = url.strip()
        if mode != "feed" and not self.refetch and self.raw.known(url):
            self.summary.already += 1
            return
        response = self._get(url, conditional=mode != "page")
        if response is None:
            self._progress(url)
            return
        is_feed = mode != "page" and looks_like_feed(response.body, response.content_type)
        if mode != "page" and not is_feed:  # asked for as a possible feed: only feeds stay in the HTTP cache
            self.raw.cache.forget(url)
        if is_feed:
            self._feed(url, response)
        elif mode == "feed":
            self.fail(url, f"not an RSS or Atom feed ({response.content_type or 'no Content-Type'})")
        else:
            self.keep(response, None, {})
        self._progress(url)

    def _feed(self, url: str, response: Response) -> None:
        self.summary.listings += 1
        self.summary.not_modified += response.not_modified
        try:
            feed = parse_feed(response.body, response.url)
        except NotAFeed as exc:
            self.fail(url, str(exc))
            return
        agency = agency_from_url(url)[0] or agency_in_title(feed.title)
        self.expected += len(feed.items)
        for item in feed.items:
            if not item.url:
                self.fail(url, f"the feed item {item.title!r} has no link")
                continue
            known = {
                "title": item.title,
                "date": item.date,
                "date_source": "feed" if item.date else "",
                "agency": agency_from_url(item.url)[0] or agency,
            }
            self.page(item.url, None, {k: v for k, v in known.items() if v}, parse=None)

    def cbp(self, since: str | None = None, kind: str = "all", max_pages: int | None = None) -> None:
        """Crawl the newsroom listing, newest first, fetching each new release page of the wanted kind.
        Stops at the last page, at rows older than `since`, or, once a crawl has gone through the whole
        listing, at the first page with nothing new."""
        base = settings.get("PRESSROOM_CBP_URL").rstrip("/")
        url, seen, pages, ref = base + cbp.LISTING_PATH, set(), 0, date.today()
        covered = self.raw.state().get(f"cbp:{kind}")
        stop_when_known = covered is not None and (covered == "" or bool(since and covered <= since))
        while url and url not in seen and (max_pages is None or pages < max_pages):
            seen.add(url)
            pages += 1
            response = self._get(url, conditional=True)
            if response is None:
                return
            self.summary.listings += 1
            self.summary.not_modified += response.not_modified
            rows, following = cbp.parse_listing(response.body, response.url, today=ref)
            if not rows:
                self.fail(url, "no releases found on the listing page (no li.usa-collection__item rows)")
                return
            ref = date.fromisoformat(next((r.date for r in reversed(rows) if r.date), ref.isoformat()))
            wanted = [r for r in rows if kind == "all" or r.kind == kind]
            wanted = [r for r in wanted if not (since and r.date and r.date < since)]
            new = [r for r in wanted if self.refetch or not self.raw.known(r.url)]
            self.expected += len(new)
            self.summary.already += len(wanted) - len(new)
            for row in new:
                known = {"title": row.title, "date": row.date, "date_source": "listing", "agency": cbp.AGENCY}
                self.page(row.url, "cbp", {k: v for k, v in known.items() if v}, parse=cbp.parse_article)
            past_since = bool(since and rows[-1].date and rows[-1].date < since)
            if following is None or past_since:
                self._covered(kind, since or "", covered)
                return
            if not new and stop_when_known:
                return
            url = following

    def _covered(self, kind: str, since: str, covered: str | None) -> None:
        """Remember that the listing was crawled down to `since` ("" = to its end)."""
        if covered is None or since < covered:
            self.raw.set_state(f"cbp:{kind}", since)


def agency_in_title(title: str) -> str:
    """The known agency a feed's title names, in full or by acronym ("ICE News Releases"); else empty."""
    for row in _agency_table():
        if row["agency"].casefold() in title.casefold() or re.search(
            rf"\b{re.escape(row['acronym'])}\b", title
        ):
            return row["agency"]
    return ""


# ---- the functions the command line and the Data page call ---------------------------------------------


def fetch_urls(
    urls: Iterable[str],
    raw_dir: Path,
    store_dir: Path | None = None,
    report: Report | None = None,
    mode: str = "auto",
    refetch: bool = False,
    progress: bool = False,
) -> FetchSummary:
    """Fetch pages and feeds (mode "auto" tells them apart; "page" or "feed" insists) into raw_dir, then, when
    store_dir is given, process raw_dir into it; failures go to its rejects table."""
    urls = [u.strip() for u in urls if u.strip()]
    fetcher = Fetcher(raw_dir, report, refetch)
    fetcher.expected = len(urls)
    for url in urls:
        fetcher.url(url, mode)
    return _finish(fetcher, store_dir, progress)


def fetch_cbp(
    raw_dir: Path,
    store_dir: Path | None = None,
    since: str | None = None,
    kind: str = "all",
    max_pages: int | None = None,
    report: Report | None = None,
    refetch: bool = False,
    progress: bool = False,
) -> FetchSummary:
    """Crawl the CBP newsroom into raw_dir (its base URL is PRESSROOM_CBP_URL), then process as fetch_urls
    does."""
    if kind not in cbp.KINDS:
        raise ValueError(f"kind must be one of {', '.join(cbp.KINDS)}, not {kind!r}")
    fetcher = Fetcher(raw_dir, report, refetch)
    fetcher.cbp(since, kind, max_pages)
    return _finish(fetcher, store_dir, progress)


def _finish(fetcher: Fetcher, store_dir: Path | None, progress: bool) -> FetchSummary:
    summary = fetcher.summary
    summary.requests = fetcher.client.requests
    if store_dir is None:
        return summary
    from lib.process import process  # spaCy is loaded only when processing runs

    report = fetcher.report
    summary.processed = process(
        [fetcher.raw.root],
        store_dir,
        progress=progress,
        report=(lambda done, total: report(done, total, PROCESSING)) if report else None,
        outside_rejects=summary.failures,
        outside_tried=summary.tried,
    )
    return summary
