"""A polite HTTP client on urllib: browser-like User-Agent, a delay between requests to a host, retries with
backoff on 429/5xx that honour Retry-After, timeouts, redirects, and conditional requests from a small
cache."""

from __future__ import annotations

import email.utils
import hashlib
import http.client
import json
import socket
import time
import urllib.error
import urllib.request
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlparse

from lib import settings

RETRY_STATUSES = {429, 500, 502, 503, 504}
_EXPLAIN = {
    403: "the server refused the request (some agency CDNs refuse clients that do not look like a browser; "
    "see PRESSROOM_USER_AGENT)",
    404: "no such page",
    410: "the page was removed",
    429: "too many requests; raise PRESSROOM_FETCH_DELAY",
}


class FetchError(Exception):
    """A URL could not be fetched; the message is a sentence fragment saying why."""


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


class HttpCache:
    """ETag / Last-Modified and the body last received, per URL, for conditional requests (listings,
    feeds)."""

    def __init__(self, directory: Path):
        self.dir = directory

    def _paths(self, url: str) -> tuple[Path, Path]:
        key = hashlib.sha1(url.encode()).hexdigest()
        return self.dir / f"{key}.json", self.dir / f"{key}.body"

    def validators(self, url: str) -> dict[str, str]:
        meta, body = self._paths(url)
        try:
            entry = json.loads(meta.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        if not body.is_file():
            return {}
        headers = {}
        if entry.get("etag"):
            headers["If-None-Match"] = entry["etag"]
        if entry.get("last_modified"):
            headers["If-Modified-Since"] = entry["last_modified"]
        return headers

    def body(self, url: str) -> bytes:
        return self._paths(url)[1].read_bytes()

    def remember(self, url: str, response: Response) -> None:
        etag, modified = response.headers.get("etag"), response.headers.get("last-modified")
        if response.not_modified or not (etag or modified):
            return
        meta, body = self._paths(url)
        self.dir.mkdir(parents=True, exist_ok=True)
        write_atomic(body, response.body)
        write_atomic(
            meta,
            json.dumps(
                {"url": url, "etag": etag, "last_modified": modified, "fetched_at": response.fetched_at}
            ).encode(),
        )


def write_atomic(path: Path, data: bytes) -> None:
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_bytes(data)
    tmp.replace(path)


def retry_after(value: str | None) -> float | None:
    """Seconds to wait from a Retry-After header: delta-seconds or an HTTP date; None when absent or
    unreadable."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - datetime.now(UTC)).total_seconds())


class Client:
    """One client per run. Settings are read once, when it is made."""

    def __init__(self, sleep: Callable[[float], None] = time.sleep):
        self.user_agent = settings.get("PRESSROOM_USER_AGENT")
        self.delay = settings.get("PRESSROOM_FETCH_DELAY")
        self.timeout = settings.get("PRESSROOM_FETCH_TIMEOUT")
        self.retries = settings.get("PRESSROOM_FETCH_RETRIES")
        self.max_wait = settings.get("PRESSROOM_FETCH_MAX_WAIT")
        self.max_bytes = int(settings.get("PRESSROOM_MAX_FILE_MB") * 1e6)
        self.sleep = sleep
        self.requests = 0
        self._last: dict[str, float] = {}
        self._opener = urllib.request.build_opener()

    def get(self, url: str, cache: HttpCache | None = None) -> Response:
        """GET with retries; a 304 to a conditional request gives the cached body with not_modified set."""
        if urlparse(url).scheme not in ("http", "https"):
            raise FetchError("not an http(s) URL")
        conditional = cache.validators(url) if cache else {}
        for attempt in range(self.retries + 1):
            try:
                return self._once(url, conditional, cache)
            except _Retry as retry:
                if attempt == self.retries:
                    tries = f" after {attempt + 1} attempts" if attempt else ""
                    raise FetchError(f"{retry.reason}{tries}") from None
                wait = retry.wait if retry.wait is not None else min(2.0**attempt, self.max_wait)
                if wait > self.max_wait:
                    raise FetchError(
                        f"{retry.reason}; the server asks to wait {wait:.0f} s (Retry-After), longer "
                        f"than PRESSROOM_FETCH_MAX_WAIT={self.max_wait:g} s, so it was not retried"
                    ) from None
                self.sleep(wait)
        raise AssertionError("unreachable")

    def _pace(self, host: str) -> None:
        last = self._last.get(host)
        if last is not None:
            wait = last + self.delay - time.monotonic()
            if wait > 0:
                self.sleep(wait)
        self._last[host] = time.monotonic()

    def _request(self, url: str, conditional: dict[str, str]) -> urllib.request.Request:
        headers = {
            "User-Agent": self.user_agent,
            "Accept": "text/html,application/xhtml+xml,application/rss+xml,application/atom+xml,"
            "application/xml;q=0.9,*/*;q=0.8",
            "Accept-Language": "en-US,en;q=0.9",
            "Accept-Encoding": "gzip, deflate",
            **conditional,
        }
        return urllib.request.Request(url, headers=headers)

    def _once(self, url: str, conditional: dict[str, str], cache: HttpCache | None) -> Response:
        self._pace(urlparse(url).netloc)
        self.requests += 1
        try:
            with self._opener.open(self._request(url, conditional), timeout=self.timeout) as resp:
                headers = {k.lower(): v for k, v in resp.headers.items()}
                body = self._read(resp, headers)
                return Response(resp.geturl(), resp.status, headers, body, now_iso(), requested=url)
        except urllib.error.HTTPError as exc:
            headers = {k.lower(): v for k, v in (exc.headers or {}).items()}
            if exc.code == 304 and cache is not None and conditional:
                return Response(
                    exc.geturl() or url,
                    304,
                    headers,
                    cache.body(url),
                    now_iso(),
                    requested=url,
                    not_modified=True,
                )
            reason = f"HTTP {exc.code} {exc.reason}"
            if exc.code in _EXPLAIN:
                reason += f": {_EXPLAIN[exc.code]}"
            if exc.code in RETRY_STATUSES:
                raise _Retry(reason, retry_after(headers.get("retry-after"))) from None
            raise FetchError(reason) from None
        except TimeoutError:
            raise _Retry(f"no response within {self.timeout:g} s (PRESSROOM_FETCH_TIMEOUT)") from None
        except urllib.error.URLError as exc:
            if isinstance(exc.reason, (TimeoutError, socket.timeout)):
                raise _Retry(f"no response within {self.timeout:g} s (PRESSROOM_FETCH_TIMEOUT)") from None
            raise _Retry(f"could not connect: {exc.reason}") from None
        except (ConnectionError, http.client.HTTPException) as exc:
            raise _Retry(f"the connection failed: {type(exc).__name__}: {exc}") from None

    def _read(self, resp, headers: dict[str, str]) -> bytes:
        data = resp.read(self.max_bytes + 1)
        encoding = headers.get("content-encoding", "").lower()
        if encoding in ("gzip", "deflate"):
            try:
                inflater = zlib.decompressobj(zlib.MAX_WBITS | 32)  # gzip or zlib header, detected
                data = inflater.decompress(data, self.max_bytes + 1)
            except zlib.error as exc:
                raise FetchError(f"the {encoding} response could not be decompressed ({exc})") from None
        if len(data) > self.max_bytes:
            raise FetchError(
                f"the response is over the {self.max_bytes / 1e6:.0f} MB limit (PRESSROOM_MAX_FILE_MB)"
            )
        return data


@dataclass
class _Retry(Exception):
    reason: str
    wait: float | None = field(default=None)
