"""The releases list: one row per selected release with what was extracted from it.

The dashboard no longer calls listing (lib.query.listing builds the list in SQL): it stays as the reference
tests/test_query.py compares the SQL with."""

from __future__ import annotations

from urllib.parse import quote

import numpy as np
import pandas as pd

from lib import schema
from lib.filters import positions


def listing(
    releases: pd.DataFrame,
    quotes: pd.DataFrame,
    figures: pd.DataFrame,
    mentions: pd.DataFrame,
    limit: int | None = None,
) -> pd.DataFrame:
    """date, title, agency, words, quotes, figures, topics (most mentioned first), id; newest first, at most
    `limit` rows (the counts are only computed for those)."""
    out = releases.sort_values(["date", "title"], ascending=[False, True], na_position="last")
    out = (out.head(limit) if limit else out)[["id", "date", "title", "agency", "words"]].reset_index(
        drop=True
    )
    out["quotes"], out["figures"] = _counts(out["id"], quotes), _counts(out["id"], figures)
    out["topics"] = _topics(out["id"], mentions)
    return out[["date", "title", "agency", "words", "quotes", "figures", "topics", "id"]]


def _counts(ids: pd.Series, rows: pd.DataFrame) -> np.ndarray:
    """Rows per id of `ids` (vectorised in Arrow, then a bincount: no Python string per row)."""
    codes = positions(rows["release_id"], ids)
    return np.bincount(codes[codes >= 0], minlength=len(ids)).astype("int64")


def _topics(ids: pd.Series, mentions: pd.DataFrame) -> list[str]:
    """Per id of `ids`, its topics (rows of `mentions`, or of the topics it is about), most rows first (ties
    by name), joined by commas."""
    codes = positions(mentions["release_id"], ids)
    keep = codes >= 0
    topic_codes, names = pd.factorize(
        mentions["topic"][keep].to_numpy(), sort=True
    )  # the listed releases' only
    matrix = np.zeros((len(ids), len(names)), dtype=np.int64)
    np.add.at(matrix, (codes[keep], topic_codes), 1)
    order = np.argsort(-matrix, axis=1, kind="stable")
    present = np.take_along_axis(matrix, order, axis=1) > 0
    names = np.asarray(names, dtype=object)
    return [
        ", ".join(names[o[p]]) for o, p in zip(order, present, strict=True)
    ]  # one join per listed release (≤ limit)


def links(ids: pd.Series, base: str) -> pd.Series:
    """Reader links: `base` is a link ending in 'release=' (the filters kept before it), ids are hex
    strings."""
    return base + ids.map(quote)


def safe_url(url: str | None) -> str | None:
    """The URL when it is http(s), else None: a release's url is never rendered as another kind of link."""
    return url if isinstance(url, str) and url.lower().startswith(("http://", "https://")) else None


def provenance(row: pd.Series) -> str:
    """Plain text: the URL when it is not a web link (it is then not linked), and every source file."""
    url = row["url"] if isinstance(row["url"], str) else ""
    lines = [f"URL (not a web link): {url}"] if url and not safe_url(url) else []
    lines.append("Source: " + "\n        ".join(row["sources"]))
    footer = row.get("footer")
    if isinstance(footer, str) and footer:  # the site's page footer, removed when the release was read
        first = footer.split("\n", 1)[0]
        lines.append(
            f"Page footer removed ({len(footer):,} characters): {first[:60]}{'…' if len(first) > 60 else ''}"
        )
    return "\n".join(lines)


def choices(listing: pd.DataFrame) -> dict[str, str]:
    """id -> '2025-09-10 · Title' in the listing's order: the options of the release picker."""
    dates = listing["date"].dt.strftime("%Y-%m-%d").fillna("undated")
    return dict(zip(listing["id"], dates + " · " + listing["title"].fillna("(untitled)"), strict=True))


def heading(row: pd.Series, quotes: int, figures: int, topics: int) -> str:
    """'10 September 2025 · U.S. Customs and Border Protection · 612 words · 7 quotes, 9 figures, 3
    topics'."""
    date = "undated" if pd.isna(row["date"]) else f"{row['date']:%d %B %Y}"
    agency = row["agency"] if isinstance(row["agency"], str) and row["agency"] else "agency unknown"
    return f"{date} · {agency} · {row['words']:,} words · {quotes} quotes, {figures} figures, {topics} topics"


def topic_table(mentions: pd.DataFrame, about: pd.DataFrame | None = None) -> pd.DataFrame:
    """One release's topics: topic, about (whether the release is about it, from its topic_about rows),
    score, mentions, the terms that matched; the topics it is about first."""
    about = about if about is not None else pd.DataFrame({"topic": [], "score": [], "about": []})
    grouped = mentions.groupby("topic", observed=True)["term"]
    out = pd.DataFrame(
        {"mentions": grouped.size(), "terms": grouped.agg(lambda t: ", ".join(sorted(set(t))))}
    )
    out.index = out.index.astype(str)
    scored = about.set_index(about["topic"].astype(str))[["about", "score"]]
    out = scored.join(out, how="outer")
    out["about"] = out["about"].fillna(False).astype(bool)
    out["mentions"] = out["mentions"].fillna(0).astype(int)
    out["terms"] = out["terms"].fillna("")
    out.index.name = "topic"
    out = out.sort_values(["about", "mentions"], ascending=False).reset_index()
    return out[["topic", "about", "score", "mentions", "terms"]]


def labelled(frame: pd.DataFrame, table: str, columns: list[str]) -> pd.DataFrame:
    """The columns of one of the store's tables, headed by their display labels."""
    return frame[columns].rename(columns=schema.labels(table))
