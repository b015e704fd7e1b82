"""Raw storage of fetched pages: <raw>/<source>/<name>.html with a <name>.html.json sidecar (URL, fetch time,
status, HTTP headers, and what the fetcher knows of the release), and an index of the URLs already fetched."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path
from urllib.parse import urlparse

from lib.errors import file_errors
from lib.fetch.http import HttpCache, Response, write_atomic
from lib.ingest import SIDECAR_SUFFIX

INDEX = ".fetched.jsonl"
STATE = ".fetch-state.json"


def slug(url: str, limit: int = 80) -> str:
    """A file name for a URL: the last path segment made safe, and a short hash so that names never
    collide."""
    parsed = urlparse(url)
    last = [p for p in parsed.path.split("/") if p][-1:] or [parsed.hostname or "page"]
    stem = re.sub(r"\.(s?html?|php|aspx?)$", "", last[0], flags=re.I)
    stem = re.sub(r"[^A-Za-z0-9._-]+", "-", stem).strip("-.")[:limit] or "page"
    return f"{stem}-{hashlib.sha1(url.encode()).hexdigest()[:8]}"


def site_source(url: str) -> str:
    """The raw folder for pages of a site: its host without www. (and the port, if any)."""
    parsed = urlparse(url)
    host = (parsed.hostname or "unknown").lower().removeprefix("www.")
    return f"{host}_{parsed.port}" if parsed.port else host


class RawStore:
    """The raw directory: pages, their sidecars, the index of fetched URLs and the HTTP cache."""

    def __init__(self, root: Path):
        self.root = root
        with file_errors(root, "created", "set PRESSROOM_RAW (or --raw) to a folder Pressroom may write"):
            self.root.mkdir(parents=True, exist_ok=True)
        self.cache = HttpCache(root / ".http-cache")
        self.fetched = self._load_index()

    def _load_index(self) -> dict[str, str]:
        """URL -> saved file (relative to the raw dir); rebuilt from the sidecars when the index is
        missing."""
        index = self.root / INDEX
        found: dict[str, str] = {}
        if index.is_file():
            for line in index.read_text(encoding="utf-8").splitlines():
                try:
                    entry = json.loads(line)
                except ValueError:
                    continue  # a line cut short by a killed run
                for url in (entry.get("url"), entry.get("requested_url")):
                    if url:
                        found[url] = entry.get("path", "")
            return found
        for sidecar in self.root.rglob(f"*{SIDECAR_SUFFIX}"):
            try:
                entry = json.loads(sidecar.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                continue
            page = str(sidecar.relative_to(self.root))[: -len(SIDECAR_SUFFIX)]
            for url in (entry.get("url"), entry.get("requested_url")):
                if url:
                    found[url] = page
        return found

    def known(self, url: str) -> bool:
        return url in self.fetched

    def save(self, source: str, response: Response, release: dict) -> Path:
        """Write the page and its sidecar, then add its URLs to the index; returns the page's path."""
        folder = self.root / source
        with file_errors(folder, "created"):
            folder.mkdir(parents=True, exist_ok=True)
        page = folder / f"{slug(response.requested or response.url)}.html"
        write_atomic(page, response.body)
        sidecar = {**response.sidecar(), "source": source, "release": {k: v for k, v in release.items() if v}}
        write_atomic(
            page.with_name(page.name + SIDECAR_SUFFIX),
            json.dumps(sidecar, indent=1, ensure_ascii=False).encode(),
        )
        rel = str(page.relative_to(self.root))
        entry = {
            "url": response.url,
            "requested_url": response.requested or response.url,
            "path": rel,
            "source": source,
            "fetched_at": response.fetched_at,
        }
        with file_errors(self.root / INDEX, "written"), open(self.root / INDEX, "a", encoding="utf-8") as fh:
            fh.write(json.dumps(entry, ensure_ascii=False) + "\n")
        for url in (entry["url"], entry["requested_url"]):
            self.fetched[url] = rel
        return page

    def state(self) -> dict:
        try:
            return json.loads((self.root / STATE).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}

    def set_state(self, key: str, value) -> None:
        state = self.state()
        state[key] = value
        write_atomic(self.root / STATE, json.dumps(state, indent=1).encode())
