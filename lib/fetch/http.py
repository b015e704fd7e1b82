"""A polite HTTP client: requests, with urllib3's Retry for 429 and 5xx answers, timeouts and dropped
connections (Retry-After honoured up to PRESSROOM_FETCH_MAX_WAIT), requests-cache for the conditional requests
of listings and feeds, robots.txt read with protego, a browser-like User-Agent and a delay between two
requests to a site."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlparse

import requests
from protego import Protego
from requests.adapters import HTTPAdapter
from requests_cache import CachedSession, FileCache
from urllib3.exceptions import ConnectTimeoutError, InvalidHeader, MaxRetryError, ReadTimeoutError
from urllib3.util.retry import Retry

from lib import settings
from lib.errors import PressroomError, file_errors

RETRY_STATUSES = (429, 500, 502, 503, 504)
_EXPLAIN = {
    403: "the server refused the request (some agency CDNs refuse clients that do not look like a browser; "
    "see PRESSROOM_USER_AGENT)",
    404: "no such page",
    410: "the page was removed",
    429: "too many requests; raise PRESSROOM_FETCH_DELAY",
}
_HEADERS = {
    "Accept": "text/html,application/xhtml+xml,application/rss+xml,application/atom+xml,"
    "application/xml;q=0.9,*/*;q=0.8",
    "Accept-Language": "en-US,en;q=0.9",
    "Accept-Encoding": "gzip, deflate",
}
_CHUNK = 64 * 1024


class FetchError(PressroomError):
    """A URL could not be fetched; the message is a sentence fragment saying why."""


class Disallowed(FetchError):
    """The site's robots.txt disallows the URL; the message names the robots.txt."""


@dataclass
class Response:
    url: str  # the final URL, after redirects
    status: int
    headers: dict[str, str]
    body: bytes
    fetched_at: str
    requested: str = ""
    not_modified: bool = False  # a 304: the body is the cached one

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "").split(";")[0].strip().lower()

    def sidecar(self) -> dict:
        return {
            "url": self.url,
            "requested_url": self.requested or self.url,
            "fetched_at": self.fetched_at,
            "status": self.status,
            "headers": self.headers,
        }


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def write_atomic(path: Path, data: bytes) -> None:
    tmp = path.with_name(f".{path.name}.tmp")
    with file_errors(path, "written"):
        tmp.write_bytes(data)
        tmp.replace(path)


class HttpCache:
    """Listings and feeds as last received with their ETag / Last-Modified (requests-cache, one JSON file a
    response under the directory): asked for again with If-None-Match / If-Modified-Since, a 304 gives them
    back."""

    def __init__(self, directory: Path):
        self.dir = directory
        self._backend: FileCache | None = None

    @property
    def backend(self) -> FileCache:
        if self._backend is None:  # made on first use: the folder appears only when something is cached
            self._backend = FileCache(self.dir, serializer="json", decode_content=False)
        return self._backend

    def forget(self, url: str) -> None:
        """Drop what was cached for a URL that turned out to be a page, not a listing or feed."""
        if self.dir.is_dir():
            self.backend.delete(urls=[url])


def retry_after(value: str | None) -> float | None:
    """The wait a Retry-After header asks for (seconds or an HTTP date); None if absent or unreadable."""
    if not value:
        return None
    try:
        return float(_PoliteRetry(retry_after_max=2**31).parse_retry_after(value))
    except InvalidHeader:
        return None


@dataclass
class _Attempts:
    """What the copies of one request's Retry share: the politeness rules, and the attempts made so far."""

    floor: float  # the site's delay: no retry comes sooner
    max_wait: float
    sleep: Callable[[float], None]
    made: int = 1


class _PoliteRetry(Retry):
    """urllib3's Retry (Retry-After read for every retried status, exponential backoff otherwise), waiting at
    least the site's delay and refusing a Retry-After longer than PRESSROOM_FETCH_MAX_WAIT."""

    RETRY_AFTER_STATUS_CODES = frozenset(RETRY_STATUSES)
    attempts: _Attempts | None = None

    def new(self, **kw) -> _PoliteRetry:
        retry = super().new(**kw)
        retry.attempts = self.attempts
        return retry

    def sleep(self, response=None) -> None:
        attempts = self.attempts
        assert attempts is not None, "a _PoliteRetry is made by Client._retry"
        asked = retry_after(response.headers.get("Retry-After")) if response is not None else None
        if asked is not None and asked > attempts.max_wait:
            raise FetchError(
                f"the server asks to wait {asked:.0f} s (Retry-After), longer than "
                f"PRESSROOM_FETCH_MAX_WAIT={attempts.max_wait:g} s, so it was not retried"
            )
        attempts.sleep(max(self.get_backoff_time() if asked is None else asked, attempts.floor))
        attempts.made += 1


class Client:
    """One client per run. Settings are read once, when it is made; it waits with `sleep` and `clock`."""

    def __init__(
        self,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
    ):
        self.user_agent = settings.get("PRESSROOM_USER_AGENT")
        self.delay = settings.get("PRESSROOM_FETCH_DELAY")
        self.timeout = settings.get("PRESSROOM_FETCH_TIMEOUT")
        self.retries = settings.get("PRESSROOM_FETCH_RETRIES")
        self.max_wait = settings.get("PRESSROOM_FETCH_MAX_WAIT")
        self.max_bytes = int(settings.get("PRESSROOM_MAX_FILE_MB") * 1e6)
        self.ignore_robots = robots_ignored_hosts()
        self.sleep, self.clock = sleep, clock
        self.requests = 0
        self._last: dict[str, float] = {}
        self._robots: dict[str, Protego | str | None] = {}  # site -> rules, or why none could be read
        self._adapter = HTTPAdapter(max_retries=self._retry(0.0))
        self._plain = self._session(requests.Session())
        self._cached: dict[Path, CachedSession] = {}

    # ---- sessions --------------------------------------------------------

    def _session(self, session: requests.Session) -> requests.Session:
        session.headers.update({"User-Agent": self.user_agent, **_HEADERS})
        session.hooks["response"].append(self._read_capped)
        session.mount("http://", self._adapter)
        session.mount("https://", self._adapter)
        return session

    def _with_cache(self, cache: HttpCache) -> requests.Session:
        if cache.dir not in self._cached:
            self._cached[cache.dir] = self._session(
                CachedSession(
                    backend=cache.backend,
                    expire_after=0,  # always revalidated; kept only when it has an ETag or Last-Modified
                    allowable_codes=(200,),
                    allowable_methods=("GET",),
                )
            )
        return self._cached[cache.dir]

    def _retry(self, floor: float) -> _PoliteRetry:
        retry = _PoliteRetry(
            total=self.retries,
            status_forcelist=RETRY_STATUSES,
            backoff_factor=0.5,  # 0, 1, 2, 4 … s after the 1st, 2nd, 3rd, 4th failure (at least `floor`)
            backoff_max=self.max_wait,
            raise_on_status=False,  # the last answer is returned, and reported with its status
            retry_after_max=2**31,
        )
        retry.attempts = _Attempts(floor, self.max_wait, self._wait)
        return retry

    def _read_capped(self, response: requests.Response, *args, **kwargs) -> requests.Response:
        """A response hook: the body read (and decompressed) up to PRESSROOM_MAX_FILE_MB, before anything else
        (the cache included) reads it."""
        if response._content_consumed:  # a cached response, or this hook ran on it already
            return response
        data = bytearray()
        try:
            for chunk in response.iter_content(_CHUNK):
                data += chunk
                if len(data) > self.max_bytes:
                    response.close()
                    limit = f"{self.max_bytes / 1e6:.0f} MB"
                    raise FetchError(f"the response is over the {limit} limit (PRESSROOM_MAX_FILE_MB)")
        except requests.exceptions.ContentDecodingError as exc:
            encoding = response.headers.get("content-encoding", "")
            raise FetchError(f"the {encoding} response could not be decompressed ({exc})") from None
        except (requests.exceptions.ChunkedEncodingError, requests.exceptions.ConnectionError) as exc:
            raise FetchError(f"the connection failed while the page was read ({exc})") from None
        response._content = bytes(data)
        return response

    # ---- requests --------------------------------------------------------

    def get(self, url: str, cache: HttpCache | None = None) -> Response:
        """GET with retries, unless the site's robots.txt disallows it; with a cache, a conditional request
        whose 304 gives the cached body with not_modified set."""
        parsed = urlparse(url)
        if parsed.scheme not in ("http", "https") or not parsed.hostname:
            raise FetchError("not an http(s) URL")
        self._check_robots(url)
        return self._send(url, self._with_cache(cache) if cache else self._plain)

    def delay_for(self, url: str) -> float:
        """Seconds between two requests to the URL's site: PRESSROOM_FETCH_DELAY, or the Crawl-delay of its
        robots.txt when that is longer (and robots.txt is read for the site)."""
        rules = self._robots.get(_site(url))
        crawl_delay = rules.crawl_delay(self.user_agent) if isinstance(rules, Protego) else None
        return max(self.delay, crawl_delay or 0.0)

    def _wait(self, seconds: float) -> None:
        if seconds > 0:
            self.sleep(seconds)

    def _pace(self, url: str) -> float:
        """Wait until the site's delay has passed since the last request to it; returns that delay."""
        site, delay = urlparse(url).netloc, self.delay_for(url)
        last = self._last.get(site)
        if last is not None:
            self._wait(last + delay - self.clock())
        return delay

    def _send(self, url: str, session: requests.Session) -> Response:
        resp, made = self._fetch(url, session)
        headers = {k.lower(): v for k, v in resp.headers.items()}
        not_modified = bool(getattr(resp, "from_cache", False))
        if not not_modified and not 200 <= resp.status_code < 300:
            reason = f"HTTP {resp.status_code} {resp.reason}"
            if resp.status_code in _EXPLAIN:
                reason += f": {_EXPLAIN[resp.status_code]}"
            raise FetchError(reason + _tries(made))
        status = 304 if not_modified else resp.status_code
        return Response(resp.url, status, headers, resp.content, now_iso(), url, not_modified)

    def _fetch(self, url: str, session: requests.Session) -> tuple[requests.Response, int]:
        """The final answer, whatever its status, and the attempts it took; FetchError when there was none."""
        retry = self._retry(self._pace(url))
        self._adapter.max_retries = retry  # one client makes one request at a time
        try:
            return session.get(url, timeout=self.timeout), retry.attempts.made
        except requests.exceptions.RequestException as exc:
            raise FetchError(self._reason(exc) + _tries(retry.attempts.made)) from None
        finally:
            self.requests += retry.attempts.made
            self._last[urlparse(url).netloc] = self.clock()  # the delay runs from the end of a request

    def _reason(self, exc: requests.exceptions.RequestException) -> str:
        cause = exc.args[0] if exc.args else exc
        cause = cause.reason if isinstance(cause, MaxRetryError) else cause
        if isinstance(exc, requests.exceptions.Timeout) or isinstance(
            cause, (ReadTimeoutError, ConnectTimeoutError, TimeoutError)
        ):
            return f"no response within {self.timeout:g} s (PRESSROOM_FETCH_TIMEOUT)"
        if isinstance(exc, requests.exceptions.TooManyRedirects):
            return "too many redirects"
        if isinstance(exc, requests.exceptions.ConnectionError):
            return f"could not connect: {cause}"
        return f"the request failed: {type(exc).__name__}: {exc}"

    # ---- robots.txt ------------------------------------------------------

    def _check_robots(self, url: str) -> None:
        host = (urlparse(url).hostname or "").lower()
        if any(h == "*" or host == h or host.endswith("." + h) for h in self.ignore_robots):
            return
        site = _site(url)
        if site not in self._robots:
            self._robots[site] = self._read_robots(site)
        rules, where = self._robots[site], f"{site}/robots.txt"
        if isinstance(rules, str):
            raise Disallowed(
                f"{where} could not be read ({rules}), and a site whose robots.txt cannot be read is not "
                f"crawled (RFC 9309; {_OVERRIDE})"
            )
        if rules is not None and not rules.can_fetch(url, self.user_agent):
            raise Disallowed(f"{where} disallows it for this User-Agent ({_OVERRIDE})")

    def _read_robots(self, site: str) -> Protego | str | None:
        """The site's rules; None when it has no robots.txt (a 4xx answer: everything is allowed); why it
        could not be read when there was no answer or a 5xx one (then nothing is allowed)."""
        try:
            resp, made = self._fetch(f"{site}/robots.txt", self._plain)
        except FetchError as exc:
            return str(exc)
        if 400 <= resp.status_code < 500:
            return None
        if not 200 <= resp.status_code < 300:
            return f"HTTP {resp.status_code} {resp.reason}{_tries(made)}"
        return Protego.parse(resp.content.decode("utf-8", "replace"))


_OVERRIDE = "PRESSROOM_IGNORE_ROBOTS lists the sites whose owners let you crawl them regardless"


def robots_ignored_hosts() -> list[str]:
    """The hosts of PRESSROOM_IGNORE_ROBOTS, lower case, "*" for every site."""
    return [h.strip().lower() for h in settings.get("PRESSROOM_IGNORE_ROBOTS").split(",") if h.strip()]


def _site(url: str) -> str:
    parsed = urlparse(url)
    return f"{parsed.scheme}://{parsed.netloc}"


def _tries(made: int) -> str:
    return f" after {made} attempts" if made > 1 else ""
