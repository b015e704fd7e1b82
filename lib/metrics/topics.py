"""Topics over time, together, in context, and title words that rise without a topic yet. Pure pandas/numpy
(Arrow compute for the one hash join on release ids, which pandas does slowly on Arrow strings)."""
from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import yaml

from lib.metrics import count_per_period
from lib.settings import ROOT

MEASURES = {"releases": "Releases mentioning", "share": "Share of releases (%)", "mentions": "Mentions"}
KWIC_COLUMNS = ["date", "left", "match", "right", "title", "release_id"]
RISING_COLUMNS = ["term", "releases_before", "share_before", "releases_after", "share_after", "rise"]
STOP_WORDS = frozenset("""
a about above after again against all also am amid an and any are as at be because been before being below between
both but by can could did do does doing down during each few for from further had has have having he her here hers
him his how i if in into is it its itself just me more most my nearly new no nor not now of off on once only or other
our out over own per same says said she should so some such than that the their them then there these they this
those through to too under until up very via was we were what when where which while who whom why will with would
you your announces announced releases released issues issued
january february march april may june july august september october november december
""".split())
_TOKEN = re.compile(r"[a-z][a-z'’-]*[a-z]|[a-z]")


def _arrow(strings: pd.Series) -> pa.Array:
    array = pa.array(strings.astype("string[pyarrow]"))
    return array.combine_chunks() if isinstance(array, pa.ChunkedArray) else array


def positions(values: pd.Series, keys: pd.Series) -> np.ndarray:
    """For each value, the row number of the equal key (-1 when none)."""
    found = pc.index_in(_arrow(values), value_set=_arrow(keys))
    return found.fill_null(-1).to_numpy(zero_copy_only=False).astype(np.int64)


def within(mentions: pd.DataFrame, releases: pd.DataFrame) -> pd.DataFrame:
    """The mentions (release_id, topic) of the given releases (id, date), light: rel (the release's row number in
    `releases`), topic (a category), date (the release's), first (the release's first mention of the topic).
    The functions below take this frame."""
    pos = positions(mentions["release_id"], releases["id"])
    keep = np.flatnonzero(pos >= 0)
    topics = pc.dictionary_encode(_arrow(mentions["topic"]))
    codes = topics.indices.to_numpy(zero_copy_only=False)[keep]
    rel = pos[keep]
    first = np.zeros(len(keep), dtype=bool)
    first[np.unique(rel * max(len(topics.dictionary), 1) + codes, return_index=True)[1]] = True
    topic = pd.Categorical.from_codes(codes, categories=topics.dictionary.to_pylist()).remove_unused_categories()
    return pd.DataFrame({"rel": rel, "topic": topic, "date": releases["date"].to_numpy()[rel], "first": first})


def _releases_per_topic(tagged: pd.DataFrame) -> pd.Series:
    counts = tagged.loc[tagged["first"], "topic"].value_counts()
    counts.index = counts.index.astype(str)
    return counts[counts > 0].sort_index().sort_values(ascending=False, kind="stable")  # ties by name


def chosen_topics(tagged: pd.DataFrame, wanted: tuple[str, ...], n: int = 5) -> list[str]:
    """The topics to compare: those asked for, else the n mentioned in most releases (ties by name)."""
    return list(wanted) if wanted else list(_releases_per_topic(tagged).index[:n])


def topic_order(tagged: pd.DataFrame, first: list[str]) -> list[str]:
    """The topics present, `first` ones leading, the rest by releases mentioning them."""
    return list(first) + [t for t in _releases_per_topic(tagged).index if t not in first]


def trend(releases: pd.DataFrame, tagged: pd.DataFrame, topics: list[str], period: str, measure: str,
          span: tuple | None = None, base: pd.DataFrame | None = None) -> pd.DataFrame:
    """Per period and topic: releases mentioning it, its share (%) of the period's releases in `base` (default
    `releases`; a frame with a date column), or its mentions. Columns period, label, topic, value; every period of
    the span, empty ones 0 (a share is left empty where the period has no release at all)."""
    dates = releases["date"].dropna()
    if span is None and len(dates):
        span = (dates.min(), dates.max())
    keep = tagged["topic"].isin(topics) & (tagged["first"] if measure != "mentions" else True)
    rows = tagged.loc[keep, ["topic", "date"]].dropna(subset=["date"])
    rows["topic"] = rows["topic"].cat.remove_unused_categories()
    counts = count_per_period(rows, period, by="topic", name="value", span=span)
    if measure == "share" and len(counts):
        base_dates = (releases if base is None else base)[["date"]]
        total = count_per_period(base_dates, period, name="total", span=span)[["period", "total"]]
        counts = counts.merge(total, on="period", how="left")
        counts["value"] = (100 * counts["value"] / counts["total"].where(counts["total"] > 0)).round(1)
        counts = counts.drop(columns="total")
    counts["topic"] = counts["topic"].astype(str)
    order = {t: i for i, t in enumerate(topics)}
    counts = counts.sort_values(["topic", "period"], key=lambda s: s.map(order) if s.name == "topic" else s)
    return counts.reset_index(drop=True)


def cooccurrence(tagged: pd.DataFrame) -> pd.DataFrame:
    """Releases mentioning both topics, as a square table (topics ordered by releases, diagonal = releases)."""
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


def cooccurrence_long(table: pd.DataFrame) -> pd.DataFrame:
    """The co-occurrence table as rows: topic, other topic, releases mentioning both (what the CSV holds)."""
    if table.empty:
        return pd.DataFrame(columns=["topic", "with", "releases"])
    long = table.rename_axis(index="topic", columns="with").stack().rename("releases").reset_index()
    return long.astype({"releases": int})


def topic_kwic(mentions: pd.DataFrame, releases: pd.DataFrame, topic: str, limit: int = 500,
               width: int = 40) -> tuple[pd.DataFrame, int]:
    """Keyword in context for a topic: its newest `limit` mentions (release_id, topic, term, start, passage) in
    the given releases, each shown in the sentence it was tagged in; and how many mentions it has there in all."""
    row = np.flatnonzero((mentions["topic"] == topic).fillna(False).to_numpy())
    pos = positions(mentions["release_id"].iloc[row], releases["id"])
    row, pos = row[pos >= 0], pos[pos >= 0]
    light = pd.DataFrame({"row": row, "rel": pos, "date": releases["date"].to_numpy()[pos],
                          "start": mentions["start"].to_numpy()[row]})  # sorted before the text is touched
    light = light.sort_values(["date", "rel", "start"], ascending=[False, True, True], na_position="last")
    newest = mentions.iloc[light["row"].to_numpy()[:limit]].assign(rel=light["rel"].to_numpy()[:limit])
    sentences = newest[["rel", "passage"]].drop_duplicates()
    picked = releases.iloc[sentences["rel"].to_numpy()]
    texts = pd.DataFrame({"release_id": picked["id"].to_numpy(), "date": picked["date"].to_numpy(),
                          "title": picked["title"].to_numpy(), "text": sentences["passage"].to_numpy()})
    lines, _ = kwic(texts, list(newest["term"].str.lower().unique()), width, limit, words=True)
    return lines, len(row)


def texts(bodies: pd.DataFrame, releases: pd.DataFrame) -> pd.DataFrame:
    """Release bodies (id, body) limited to the selected releases: release_id, date, title, text."""
    pos = positions(bodies["id"], releases["id"])
    kept, picked = bodies.loc[pos >= 0], releases.iloc[pos[pos >= 0]]
    return pd.DataFrame({"release_id": kept["id"].to_numpy(), "date": picked["date"].to_numpy(),
                         "title": picked["title"].to_numpy(), "text": kept["body"].to_numpy()})


def kwic(texts: pd.DataFrame, terms: list[str], width: int = 40, limit: int = 500,
         words: bool = False) -> tuple[pd.DataFrame, int]:
    """Keyword in context: every literal, case-insensitive occurrence of any of `terms` (whole words only when
    `words`) in `texts` (release_id, date, title, text) as left | match | right, newest release first.
    Returns at most `limit` lines and the number of occurrences in all."""
    terms = sorted({t.strip() for t in terms if t and t.strip()}, key=len, reverse=True)
    if not terms or texts.empty:
        return pd.DataFrame(columns=KWIC_COLUMNS), 0
    body = "|".join(re.escape(t) for t in terms)
    pattern = re.compile(rf"\b(?:{body})\b" if words else body, re.IGNORECASE)
    found = texts.assign(n=texts["text"].fillna("").str.count(pattern))
    found = found[found["n"] > 0].sort_values(["date", "release_id"], ascending=[False, True], na_position="last")
    shown = found[found["n"].cumsum().shift(fill_value=0) < limit]  # only the rows the first `limit` lines need
    rows = []
    for r in shown.itertuples(index=False):
        for m in pattern.finditer(r.text):
            left, right = _context(r.text, m.start(), m.end(), width)
            rows.append((r.date, left, m.group(0), right, r.title, r.release_id))
    return pd.DataFrame(rows[:limit], columns=KWIC_COLUMNS), int(found["n"].sum())


def _context(text: str, start: int, end: int, width: int) -> tuple[str, str]:
    """Up to `width` characters either side of a match, whitespace collapsed, cut at whole words ("…" where cut)."""
    left, right = text[max(0, start - width):start], text[end:end + width]
    if start > width and " " in left.strip():
        left = "…" + left.split(maxsplit=1)[1] if not left[0].isspace() else "…" + left.lstrip()
    if end + width < len(text) and " " in right.strip():
        right = right.rsplit(maxsplit=1)[0] + "…" if not text[end + width].isspace() else right.rstrip() + "…"
    return " ".join(left.split()).replace("… ", "…"), " ".join(right.split())


def taxonomy_terms(path=None) -> list[str]:
    """Every term of data/topics.yml (a trailing * means any ending)."""
    data = yaml.safe_load((path or ROOT / "data" / "topics.yml").read_text(encoding="utf-8")) or {}
    return [str(term) for terms in data.values() for term in terms or []]


def covered_pattern(terms: list[str]) -> re.Pattern:
    """A regex finding any taxonomy term the way the topic tagger matches it (word boundaries, * = any ending)."""
    def one(term: str) -> str:
        body = re.escape(term.rstrip("*")).replace(r"\ ", r"\s+")
        return rf"\b{body}[\w-]*" if term.endswith("*") else rf"\b{body}\b"
    return re.compile("|".join(one(t) for t in terms) or r"(?!)", re.IGNORECASE)


def phrase_words(terms: list[str]) -> list[str]:
    """The words of the taxonomy's several-word terms ("forced" and "labor" of "forced labor"), stop words left
    out: a title word that is part of a topic's phrase counts as covered too."""
    words = {w.rstrip("*") for t in terms if " " in t.strip() for w in t.lower().split()}
    return sorted(w for w in words if w not in STOP_WORDS and len(w) > 2)


@dataclass(frozen=True)
class TitleIndex:
    """Which words and two-word phrases each release's title holds: pairs (rel = row in `ids`, term = row in
    `vocab`), distinct; vocab has term and covered (a taxonomy term or a word of one finds it)."""
    ids: pd.Series
    pairs: pd.DataFrame
    vocab: pd.DataFrame


def title_index(releases: pd.DataFrame, taxonomy: list[str]) -> TitleIndex:
    """The words (lower-case, no stop words, no numbers) and two-word phrases (two adjacent words, neither a stop
    word) of every title (id, title); built once per store version, then counted per selection."""
    tokens = releases["title"].fillna("").str.lower().str.findall(_TOKEN)
    rel = np.repeat(np.arange(len(releases)), tokens.str.len().to_numpy(dtype=np.int64))
    if not len(rel):
        return TitleIndex(releases["id"].reset_index(drop=True), pd.DataFrame({"rel": [], "term": []}, dtype=np.int64),
                          pd.DataFrame({"term": pd.Series([], dtype=object), "covered": pd.Series([], dtype=bool)}))
    codes, uniques = pd.factorize(tokens.explode().dropna().to_numpy(dtype=object))
    stop = np.isin(uniques, list(STOP_WORDS))
    keep = ~stop[codes] if len(codes) else np.zeros(0, dtype=bool)
    nxt = np.r_[rel[1:] == rel[:-1], False] & keep & np.r_[keep[1:], False]
    pair_codes, pair_uniques = pd.factorize(codes[:-1][nxt[:-1]].astype(np.int64) * len(uniques) + codes[1:][nxt[:-1]])
    phrases = [f"{uniques[p // len(uniques)]} {uniques[p % len(uniques)]}" for p in pair_uniques]
    vocab = pd.DataFrame({"term": np.r_[np.asarray(uniques, dtype=object), np.asarray(phrases, dtype=object)]})
    covered = covered_pattern(taxonomy + phrase_words(taxonomy))
    vocab["covered"] = np.r_[stop, np.zeros(len(phrases), bool)] | vocab["term"].str.contains(covered).to_numpy()
    pairs = pd.DataFrame({"rel": np.r_[rel[keep], rel[:-1][nxt[:-1]]],
                          "term": np.r_[codes[keep], pair_codes + len(uniques)]}).drop_duplicates()
    return TitleIndex(releases["id"].reset_index(drop=True), pairs.reset_index(drop=True), vocab)


def rising_terms(releases: pd.DataFrame, index: TitleIndex, n: int = 15,
                 min_releases: int = 2) -> tuple[pd.DataFrame, pd.Timestamp | None]:
    """Title words and phrases whose share of the releases (id, date) rose most in the latest third of their time
    span against the two thirds before, leaving out those the taxonomy covers. Returns the top `n` (term,
    releases_before, share_before, releases_after, share_after, rise in percentage points) and the cut date."""
    dated = releases[["id", "date"]].dropna(subset=["date"])
    if dated.empty:
        return pd.DataFrame(columns=RISING_COLUMNS), None
    lo, hi = dated["date"].min(), dated["date"].max()
    cut = lo + (hi - lo) * 2 / 3
    part = np.zeros(len(index.ids) + 1, dtype=np.int8)  # 0 not selected, 1 before, 2 after
    pos = positions(dated["id"], index.ids)
    part[pos] = np.where(dated["date"].to_numpy() >= cut, 2, 1)
    part[-1] = 0  # ids missing from the index landed on the spare last slot
    n_after, n_before = int((part == 2).sum()), int((part == 1).sum())
    if not n_after or not n_before:
        return pd.DataFrame(columns=RISING_COLUMNS), cut
    side = part[index.pairs["rel"].to_numpy()]
    terms = index.pairs["term"].to_numpy()
    counts = index.vocab.assign(releases_before=np.bincount(terms[side == 1], minlength=len(index.vocab)),
                                releases_after=np.bincount(terms[side == 2], minlength=len(index.vocab)))
    counts = counts[(counts["releases_after"] >= min_releases) & ~counts["covered"]]
    counts = _drop_subsumed(counts)
    counts["share_before"] = (100 * counts["releases_before"] / n_before).round(1)
    counts["share_after"] = (100 * counts["releases_after"] / n_after).round(1)
    counts["rise"] = (counts["share_after"] - counts["share_before"]).round(1)
    counts = counts[counts["rise"] > 0].sort_values(["rise", "releases_after", "term"],
                                                    ascending=[False, False, True])
    return counts[RISING_COLUMNS].head(n).reset_index(drop=True), cut


def _drop_subsumed(counts: pd.DataFrame) -> pd.DataFrame:
    """Leave out a single word when a phrase containing it occurs in exactly the same numbers of releases."""
    phrases = counts[counts["term"].str.contains(" ")]
    if phrases.empty:
        return counts
    parts = phrases["term"].str.split(" ", expand=True)
    key = ["releases_before", "releases_after"]
    inside = pd.concat([phrases[key].assign(term=parts[i]) for i in (0, 1)]).drop_duplicates()
    marked = counts[["term", *key]].merge(inside.assign(_in=True), on=["term", *key], how="left")
    return counts[marked["_in"].isna().to_numpy()]
