"""Topics over time, together and in context (terms the taxonomy misses: lib/metrics/discover.py). Pure
pandas/numpy (Arrow compute for the one hash join on release ids, which pandas does slowly on Arrow
strings).

The dashboard no longer calls within, releases_per_topic, trend, cooccurrence and texts on whole frames:
lib/query.py counts in SQL, and finish_trend, cooccurrence_table, topic_kwic and kwic finish its results.
They stay as the reference tests/test_query.py compares the SQL with (and lib.briefing.inputs uses within
and trend)."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from lib.filters import positions
from lib.metrics import count_per_period

MEASURES = {"releases": "Releases about it", "share": "Share of releases (%)", "mentions": "Mentions"}
KWIC_COLUMNS = ["date", "left", "match", "right", "title", "release_id"]


def _arrow(strings: pd.Series) -> pa.Array:
    array = pa.array(strings.astype("string[pyarrow]"))
    return array.combine_chunks() if isinstance(array, pa.ChunkedArray) else array


def within(mentions: pd.DataFrame, releases: pd.DataFrame) -> pd.DataFrame:
    """The mentions (release_id, topic) of the given releases (id, date), light: rel (the release's row number
    in `releases`), topic (a category), date (the release's), first (the release's first mention of the
    topic). The functions below take this frame."""
    pos = positions(mentions["release_id"], releases["id"])
    keep = np.flatnonzero(pos >= 0)
    topics = pc.dictionary_encode(_arrow(mentions["topic"]))
    codes = topics.indices.to_numpy(zero_copy_only=False)[keep]
    rel = pos[keep]
    first = np.zeros(len(keep), dtype=bool)
    first[np.unique(rel * max(len(topics.dictionary), 1) + codes, return_index=True)[1]] = True
    topic = pd.Categorical.from_codes(
        codes, categories=topics.dictionary.to_pylist()
    ).remove_unused_categories()
    return pd.DataFrame(
        {"rel": rel, "topic": topic, "date": releases["date"].to_numpy()[rel], "first": first}
    )


def releases_per_topic(tagged: pd.DataFrame) -> pd.Series:
    """Releases per topic of a within() frame: topic -> releases."""
    counts = tagged.loc[tagged["first"], "topic"].value_counts()
    counts.index = counts.index.astype(str)
    return counts


def _ranked(counts: pd.Series) -> pd.Series:
    counts = counts.copy()
    counts.index = counts.index.astype(str)
    return counts[counts > 0].sort_index().sort_values(ascending=False, kind="stable")  # ties by name


def _counts(tagged: pd.DataFrame | pd.Series) -> pd.Series:
    return tagged if isinstance(tagged, pd.Series) else releases_per_topic(tagged)


def chosen_topics(tagged: pd.DataFrame | pd.Series, wanted: tuple[str, ...], n: int = 5) -> list[str]:
    """The topics to compare: those asked for, else the n mentioned in most releases (ties by name).
    `tagged`: a within() frame, or its releases_per_topic()."""
    return list(wanted) if wanted else list(_ranked(_counts(tagged)).index[:n])


def topic_order(tagged: pd.DataFrame | pd.Series, first: list[str]) -> list[str]:
    """The topics present, `first` ones leading, the rest by releases mentioning them. `tagged`: a within()
    frame, or its releases_per_topic()."""
    return list(first) + [t for t in _ranked(_counts(tagged)).index if t not in first]


def trend(
    releases: pd.DataFrame,
    tagged: pd.DataFrame,
    topics: list[str],
    period: str,
    measure: str,
    span: tuple | None = None,
    base: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Per period and topic: releases mentioning it, its share (%) of the period's releases in `base` (default
    `releases`; a frame with a date column), or its mentions. Columns period, label, topic, value; every
    period of the span, empty ones 0 (a share is left empty where the period has no release at all)."""
    dates = releases["date"].dropna()
    if span is None and len(dates):
        span = (dates.min(), dates.max())
    keep = tagged["topic"].isin(topics) & (tagged["first"] if measure != "mentions" else True)
    rows = tagged.loc[keep, ["topic", "date"]].dropna(subset=["date"])
    rows["topic"] = rows["topic"].cat.remove_unused_categories()
    counts = count_per_period(rows, period, by="topic", name="value", span=span)
    total = None
    if measure == "share" and len(counts):
        base_dates = (releases if base is None else base)[["date"]]
        total = count_per_period(base_dates, period, name="total", span=span)
    return finish_trend(counts, topics, total)


def finish_trend(counts: pd.DataFrame, topics: list[str], total: pd.DataFrame | None = None) -> pd.DataFrame:
    """trend() from its counts (count_per_period or fill_periods, by topic, named value) and, for shares, the
    period's releases (named total): the share of each, in the order of `topics` then of periods."""
    if total is not None:
        counts = counts.merge(total[["period", "total"]], on="period", how="left")
        counts["value"] = (100 * counts["value"] / counts["total"].where(counts["total"] > 0)).round(1)
        counts = counts.drop(columns="total")
    counts = counts.assign(topic=counts["topic"].astype(str))
    order = {t: i for i, t in enumerate(topics)}
    counts = counts.sort_values(["topic", "period"], key=lambda s: s.map(order) if s.name == "topic" else s)
    return counts.reset_index(drop=True)


def cooccurrence(tagged: pd.DataFrame) -> pd.DataFrame:
    """Releases mentioning both topics, as a square table (topics ordered by releases, diagonal =
    releases)."""
    if tagged.empty:
        return pd.DataFrame()
    topic = tagged["topic"].cat.remove_unused_categories()
    wide = np.zeros((int(tagged["rel"].max()) + 1, len(topic.cat.categories)), dtype=np.int32)
    wide[tagged["rel"].to_numpy(), topic.cat.codes.to_numpy()] = 1
    names = [str(t) for t in topic.cat.categories]
    both = pd.DataFrame(wide.T @ wide, index=names, columns=names)
    order = sorted(names, key=lambda t: (-both.loc[t, t], t))
    both = both.loc[order, order]
    both.index.name = both.columns.name = "topic"
    return both


def cooccurrence_table(pairs: pd.DataFrame) -> pd.DataFrame:
    """cooccurrence() from its pairs: topic, other, releases about both (each topic with itself too)."""
    if pairs.empty:
        return pd.DataFrame()
    names = sorted(set(pairs["topic"]) | set(pairs["other"]))
    matrix = np.zeros((len(names), len(names)), dtype=np.int32)
    at = pd.Index(names)
    matrix[at.get_indexer(pairs["topic"]), at.get_indexer(pairs["other"])] = pairs["releases"].to_numpy()
    both = pd.DataFrame(matrix, index=names, columns=names)
    order = sorted(names, key=lambda t: (-both.loc[t, t], t))
    both = both.loc[order, order]
    both.index.name = both.columns.name = "topic"
    return both


def cooccurrence_long(table: pd.DataFrame) -> pd.DataFrame:
    """The co-occurrence table as rows: topic, other topic, releases mentioning both (what the CSV holds)."""
    if table.empty:
        return pd.DataFrame(columns=["topic", "with", "releases"])
    long = table.rename_axis(index="topic", columns="with").stack().rename("releases").reset_index()
    return long.astype({"releases": int})


def topic_kwic(
    mentions: pd.DataFrame, releases: pd.DataFrame, topic: str, limit: int = 500, width: int = 40
) -> tuple[pd.DataFrame, int]:
    """Keyword in context for a topic: its newest `limit` mentions (release_id, topic, term, start, passage)
    in the given releases, each shown in the sentence it was tagged in; and how many mentions it has there in
    all."""
    row = np.flatnonzero((mentions["topic"] == topic).fillna(False).to_numpy())
    pos = positions(mentions["release_id"].iloc[row], releases["id"])
    row, pos = row[pos >= 0], pos[pos >= 0]
    light = pd.DataFrame(
        {
            "row": row,
            "rel": pos,
            "date": releases["date"].to_numpy()[pos],
            "start": mentions["start"].to_numpy()[row],
        }
    )  # sorted before the text is touched
    light = light.sort_values(["date", "rel", "start"], ascending=[False, True, True], na_position="last")
    newest = mentions.iloc[light["row"].to_numpy()[:limit]].assign(rel=light["rel"].to_numpy()[:limit])
    sentences = newest[["rel", "passage"]].drop_duplicates()
    picked = releases.iloc[sentences["rel"].to_numpy()]
    texts = pd.DataFrame(
        {
            "release_id": picked["id"].to_numpy(),
            "date": picked["date"].to_numpy(),
            "title": picked["title"].to_numpy(),
            "text": sentences["passage"].to_numpy(),
        }
    )
    lines, _ = kwic(texts, list(newest["term"].str.lower().unique()), width, limit, words=True)
    return lines, len(row)


def texts(bodies: pd.DataFrame, releases: pd.DataFrame) -> pd.DataFrame:
    """Release bodies (id, body) limited to the selected releases: release_id, date, title, text."""
    pos = positions(bodies["id"], releases["id"])
    kept, picked = bodies.loc[pos >= 0], releases.iloc[pos[pos >= 0]]
    return pd.DataFrame(
        {
            "release_id": kept["id"].to_numpy(),
            "date": picked["date"].to_numpy(),
            "title": picked["title"].to_numpy(),
            "text": kept["body"].to_numpy(),
        }
    )


def kwic(
    texts: pd.DataFrame, terms: list[str], width: int = 40, limit: int = 500, words: bool = False
) -> tuple[pd.DataFrame, int]:
    """Keyword in context: every literal, case-insensitive occurrence of any of `terms` (whole words only when
    `words`) in `texts` (release_id, date, title, text) as left | match | right, newest release first.
    Returns at most `limit` lines and the number of occurrences in all."""
    terms = sorted({t.strip() for t in terms if t and t.strip()}, key=len, reverse=True)
    if not terms or texts.empty:
        return pd.DataFrame(columns=KWIC_COLUMNS), 0
    body = "|".join(re.escape(t) for t in terms)
    pattern = re.compile(rf"\b(?:{body})\b" if words else body, re.IGNORECASE)
    found = texts.assign(n=texts["text"].fillna("").str.count(pattern))
    found = found[found["n"] > 0].sort_values(
        ["date", "release_id"], ascending=[False, True], na_position="last"
    )
    shown = found[
        found["n"].cumsum().shift(fill_value=0) < limit
    ]  # only the rows the first `limit` lines need
    rows = []
    for r in shown.itertuples(index=False):
        for m in pattern.finditer(r.text):
            left, right = _context(r.text, m.start(), m.end(), width)
            rows.append((r.date, left, m.group(0), right, r.title, r.release_id))
    return pd.DataFrame(rows[:limit], columns=KWIC_COLUMNS), int(found["n"].sum())


def _context(text: str, start: int, end: int, width: int) -> tuple[str, str]:
    """Up to `width` characters either side of a match, whitespace collapsed, cut at whole words ("…" where
    cut)."""
    left, right = text[max(0, start - width) : start], text[end : end + width]
    if start > width and " " in left.strip():
        left = "…" + left.split(maxsplit=1)[1] if not left[0].isspace() else "…" + left.lstrip()
    if end + width < len(text) and " " in right.strip():
        right = right.rsplit(maxsplit=1)[0] + "…" if not text[end + width].isspace() else right.rstrip() + "…"
    return " ".join(left.split()).replace("… ", "…"), " ".join(right.split())
