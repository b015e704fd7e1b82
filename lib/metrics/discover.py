"""Terms the taxonomy misses: words and phrases of release text whose share of releases rises in the latest
periods, ranked by class-based TF-IDF with the periods as classes, as suggestions for data/topics.yml.

Deterministic: releases are put in (date, id) order before anything is counted, a sample (when the selection
is larger than `limit`) is drawn by a fixed hash of the release id, and every ranking breaks ties by the
term."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from scipy import sparse

from lib import taxonomy as tx
from lib.filters import positions
from lib.metrics import PERIODS, period_label, period_start

TEXT_CHARS = 600  # of each body, after the title: the lead says what a release is about, and bounds the cost
MAX_RELEASES = 12_000  # releases analysed at most (a fixed sample beyond), so a large selection stays seconds
MAX_FEATURES = 20_000  # terms kept, the most frequent
RISE = 1.5  # a term's recent share must be at least this multiple of its share before
NEW_TOPIC = "new topic"
COLUMNS = [
    "term",
    "releases_recent",
    "share_recent",
    "releases_before",
    "share_before",
    "score",
    "topic",
    "example",
    "title",
    "date",
    "release_id",
]
EXTRA_STOP_WORDS = frozenset(
    """
    amid including it's said says today announce announces announced release releases released issue issues
    issued statement read week year years
    january february march april may june july august september october november december
    jan feb mar apr jun jul aug sep sept oct nov dec monday tuesday wednesday thursday friday saturday sunday
    """.split()
)  # press-release boilerplate and dates, on top of scikit-learn's English list
KEPT_WORDS = frozenset(
    {"bill", "fire", "system", "computer", "interest", "found", "serious"}
)  # topics, not filler


@dataclass(frozen=True)
class Discovery:
    """Suggestions (COLUMNS) and what they were computed over; `reason` says why there are none."""

    suggestions: pd.DataFrame
    since: pd.Timestamp | None = None  # the first day of the recent periods
    recent_label: str = ""  # "Jul 2025 to Sep 2025"
    analysed: int = 0  # releases read (a fixed sample when the selection is larger than the limit)
    selected: int = 0  # dated releases selected
    reason: str = ""


@lru_cache(maxsize=1)
def stop_words() -> list[str]:
    """scikit-learn's English stop words, without KEPT_WORDS, with EXTRA_STOP_WORDS."""
    from sklearn.feature_extraction.text import (
        ENGLISH_STOP_WORDS,
    )  # here: importing it costs a second or more

    return sorted((ENGLISH_STOP_WORDS - KEPT_WORDS) | EXTRA_STOP_WORDS)


def covered(vocab: list[str], taxonomy: dict[str, list[str]]) -> np.ndarray:
    """Which terms the taxonomy already finds (a term of it matches inside them) or are part of a taxonomy
    term's words ("forced" of "forced labor")."""
    every = [t for ts in taxonomy.values() for t in ts]
    found = pd.Series(vocab, dtype=object).str.contains(tx.finder(every)).to_numpy(dtype=bool)
    words = [t.lower().rstrip("*").split() for t in every if " " in t.strip()]
    parts = {" ".join(w[i:j]) for w in words for i in range(len(w)) for j in range(i + 1, len(w) + 1)}
    return found | np.isin(np.asarray(vocab, dtype=object), list(parts))


def discover(
    releases: pd.DataFrame,
    bodies: pd.DataFrame | Callable[[list[str]], pd.DataFrame],
    mentions: pd.DataFrame,
    taxonomy: dict[str, list[str]],
    period: str = "month",
    recent: int = 3,
    n: int = 20,
    min_releases: int = 3,
    limit: int = MAX_RELEASES,
) -> Discovery:
    """Terms whose share of the releases (id, date, title) rises in the latest `recent` periods against the
    periods before, among those the taxonomy misses. `bodies` (id, body) gives the text after the title
    (or a function of the analysed releases' ids that reads it for them only, when there are many),
    `mentions` (release_id, topic) the topics tagged, for the topic each term goes with."""
    found = sample(releases, period, recent, limit)
    if isinstance(found, Discovery):
        return found
    read = bodies(found.docs["id"].tolist()) if callable(bodies) else bodies
    return analyse(found, texts(found.docs, read), mentions, taxonomy, period, n, min_releases)


@dataclass(frozen=True)
class Sample:
    """The dated releases discover() reads (id, date and, when given, title; in (date, id) order), the first
    day of each one's period, which are recent, the first day of the recent periods, and how many dated
    releases were selected."""

    docs: pd.DataFrame
    starts: pd.Series
    is_recent: np.ndarray
    since: pd.Timestamp
    selected: int


def sample(releases: pd.DataFrame, period: str, recent: int, limit: int = MAX_RELEASES) -> Sample | Discovery:
    """The releases (id, date[, title]) discover() analyses: every dated one, or a fixed sample of `limit`;
    or a Discovery saying why there is nothing to compare."""
    docs = _dated(releases)
    if docs.empty:
        return no_dates()
    starts = period_start(docs["date"], period)
    since = since_of(starts.min(), starts.max(), period, recent)
    if since is None:
        return too_short(period, recent, len(docs))
    is_recent = (starts >= since).to_numpy()
    keep = _sample(docs["id"], is_recent, limit)
    return Sample(
        docs[keep].reset_index(drop=True),
        starts[keep].reset_index(drop=True),
        is_recent[keep],
        since,
        len(keep),
    )


def analyse(
    found: Sample,
    text: pd.Series,
    mentions: pd.DataFrame,
    taxonomy: dict[str, list[str]],
    period: str = "month",
    n: int = 20,
    min_releases: int = 3,
) -> Discovery:
    """discover() of a sample, given the text of each of its releases (title, a line break, the start of the
    body; see texts()) and the topics tagged in them (release_id, topic)."""
    docs, starts, is_recent, since = found.docs.copy(), found.starts, found.is_recent, found.since
    docs["text"] = text.to_numpy(dtype=object)
    label = _label(since, starts.max(), period)
    base = {"since": since, "recent_label": label, "analysed": len(docs), "selected": int(found.selected)}
    matrix, vocab = vectorise(docs["text"], min(min_releases, max(1, len(docs))))
    if matrix is None:
        return _none("Too little text in the selected releases to find terms.", **base)
    table = _rank(matrix, vocab, starts, is_recent, taxonomy, min_releases)
    if table.empty:
        return _none(
            f"No term the taxonomy misses is in more of the releases of {label} than before.", **base
        )
    table = _distinct(
        table, matrix[is_recent], n
    ).sort_values(  # a wider term may score below the one it replaced
        ["score", "releases_recent", "words", "term"], ascending=[False, False, False, True], kind="stable"
    )
    if table.empty:
        return _none(f"Every term rising in {label} is one the taxonomy already finds.", **base)
    columns = table["column"].to_numpy()
    table = table.assign(topic=_topics(matrix, columns, docs["id"], mentions, taxonomy)).reset_index(
        drop=True
    )
    table = pd.concat([table, _examples(matrix, columns, table["term"], docs, is_recent)], axis=1)
    return Discovery(table[COLUMNS], **base)


def _none(reason: str, **meta) -> Discovery:
    return Discovery(pd.DataFrame({c: pd.Series(dtype=object) for c in COLUMNS}), reason=reason, **meta)


def _dated(releases: pd.DataFrame) -> pd.DataFrame:
    """The dated releases (id, date, and title when given) in (date, id) order."""
    docs = releases[[c for c in ("id", "date", "title") if c in releases]].dropna(subset=["date"])
    return docs.sort_values(["date", "id"], kind="stable").reset_index(drop=True)


def texts(docs: pd.DataFrame, bodies: pd.DataFrame) -> pd.Series:
    """Each release's title, a line break, and the first TEXT_CHARS characters of its body."""
    pos = positions(docs["id"], bodies["id"])
    lead = pd.Series("", index=docs.index, dtype=object)
    found = np.flatnonzero(pos >= 0)
    lead.iloc[found] = (
        bodies["body"].take(pos[found]).fillna("").str.slice(0, TEXT_CHARS).to_numpy(dtype=object)
    )
    return docs["title"].fillna("").astype(object) + "\n" + lead


def sampled(docs: pd.DataFrame, period: str, since: pd.Timestamp, selected: int) -> Sample:
    """The Sample of the releases `docs` (id, date[, title], in (date, id) order) taken from `selected` dated
    ones, the recent periods starting `since` (a sample taken elsewhere, e.g. in SQL, as _sample takes it)."""
    starts = period_start(docs["date"], period).reset_index(drop=True)
    return Sample(docs.reset_index(drop=True), starts, (starts >= since).to_numpy(), since, int(selected))


def no_dates() -> Discovery:
    return _none("No selected release has a date.")


def too_short(period: str, recent: int, selected: int) -> Discovery:
    return _none(
        f"The selected releases span {recent} {period}s or fewer: there is nothing before the "
        f"latest {recent} to compare with; choose fewer recent periods or a shorter period.",
        selected=selected,
    )


def since_of(first: pd.Timestamp, last: pd.Timestamp, period: str, recent: int) -> pd.Timestamp | None:
    """The first day of the latest `recent` periods from the period starting `first` to the one starting
    `last`, or None when no period is left before them."""
    every = pd.date_range(first, last, freq=PERIODS[period] if period != "week" else "7D")
    return every[-recent] if len(every) > recent else None


def _label(since: pd.Timestamp, last: pd.Timestamp, period: str) -> str:
    first, end = period_label(pd.Series([since, last]), period)
    return first if first == end else f"{first} to {end}"


def sample_key(release_id: str) -> str:
    """What orders releases for the sample: the MD5 of the id, in hex (SQL's md5() gives the same)."""
    return hashlib.md5(str(release_id).encode("utf-8")).hexdigest()


def _sample(ids: pd.Series, is_recent: np.ndarray, limit: int) -> np.ndarray:
    """All releases when they are `limit` or fewer; else, on each side of the cut, those with the lowest MD5
    of their id (up to half the limit for the recent side): the same selection always gives the same sample,
    in pandas or in SQL (lib.query.sample_of)."""
    keep = np.ones(len(ids), dtype=bool)
    if len(ids) <= limit:
        return keep
    order = np.asarray([sample_key(i) for i in ids], dtype=object)
    quota = min(int(is_recent.sum()), limit // 2)
    for side, size in ((is_recent, quota), (~is_recent, limit - quota)):
        rows = np.flatnonzero(side)
        keep[rows[np.argsort(order[rows], kind="stable")[size:]]] = False
    return keep


def vectorise(texts: pd.Series, min_df: int = 3, max_features: int = MAX_FEATURES):
    """Binary release x term matrix (CSR) and its terms, in alphabetical order; (None, empty) without any
    term. Terms are 1-3 lower-case words (no digits: numbers and dates are left out) in one stretch of text
    between punctuation, neither first nor last word a stop word; kept when in `min_df` releases or more, the
    `max_features` in most releases (ties by the term). Arrow compute and numpy, as scikit-learn's
    CountVectorizer does it in Python per token (10 s for 12,000 releases here, against under 1 s)."""
    words, doc, valid, edge = _tokens(texts)
    if not len(words) or not edge.any():
        return None, np.array([], dtype=object)
    width = np.int64(len(words.dictionary) + 1)
    code = np.asarray(_codes(words), dtype=np.int64) + 1  # 0 stands for "no word" in a key
    same1 = np.r_[doc[1:] == doc[:-1], False]
    same2 = np.r_[doc[2:] == doc[:-2], False, False]
    nxt1, nxt2 = np.r_[code[1:], 0], np.r_[code[2:], 0, 0]
    edge1, edge2 = np.r_[edge[1:], False], np.r_[edge[2:], False, False]
    valid1 = np.r_[valid[1:], False]
    grams = [
        (edge, code * width * width),
        (edge & same1 & edge1, (code * width + nxt1) * width),
        (edge & same2 & valid1 & edge2, (code * width + nxt1) * width + nxt2),
    ]
    rows = np.concatenate([doc[m] for m, _ in grams])
    keys = np.concatenate([k[m] for m, k in grams])
    term, uniques = pd.factorize(keys)
    pairs = pd.unique(rows.astype(np.int64) * len(uniques) + term)  # a release counts once per term
    rows, term = pairs // len(uniques), pairs % len(uniques)
    df = np.bincount(term, minlength=len(uniques))
    names = _names(uniques, words, width)
    found = pd.DataFrame({"term": names, "df": df})
    found = (
        found[found["df"] >= min_df].sort_values(["df", "term"], ascending=[False, True]).head(max_features)
    )
    if found.empty:
        return None, np.array([], dtype=object)
    keep = found.sort_values("term").index.to_numpy()
    column = np.full(len(uniques), -1, dtype=np.int64)
    column[keep] = np.arange(len(keep))
    hit = column[term] >= 0
    matrix = sparse.csr_matrix(
        (np.ones(int(hit.sum()), dtype=np.int32), (rows[hit], column[term[hit]])),
        shape=(len(texts), len(keep)),
    )
    return matrix, names[keep]


def _tokens(texts: pd.Series):
    """The words of every text in order (a dictionary array), each one's text number, whether it is a word
    (letters, inner hyphens and apostrophes) and whether it may begin or end a term (a word, not a stop word,
    more than one letter). Punctuation, digits and dashes become breaks: a term never spans one."""
    low = pc.utf8_lower(pa.array(texts.fillna("").tolist(), type=pa.large_string()))
    low = pc.replace_substring_regex(pc.replace_substring(low, "’", "'"), r"[^a-z' -]+|\s-+\s", " | ")
    split = pc.utf8_split_whitespace(low)
    flat = pc.dictionary_encode(pc.list_flatten(split))
    doc = pc.list_parent_indices(split).to_numpy(zero_copy_only=False).astype(np.int64)
    valid = pc.match_substring_regex(flat.dictionary, r"^[a-z](?:[a-z'-]*[a-z])?$").to_numpy(
        zero_copy_only=False
    )
    stop = pc.is_in(flat.dictionary, value_set=pa.array(stop_words())).to_numpy(zero_copy_only=False)
    long = pc.utf8_length(flat.dictionary).to_numpy(zero_copy_only=False) > 1
    index = flat.indices.to_numpy(zero_copy_only=False)
    return flat, doc, valid[index], (valid & ~stop & long)[index]


def _codes(words) -> np.ndarray:
    return words.indices.to_numpy(zero_copy_only=False)


def _names(keys: np.ndarray, words, width: np.int64) -> np.ndarray:
    """The terms' text from their keys: up to three word numbers (plus one, 0 for none) in base `width`."""
    vocab = np.asarray(words.dictionary.to_pylist() + [""], dtype=object)
    parts = [
        (keys // (width * width)) - 1,
        (keys // width) % width - 1,
        keys % width - 1,
    ]  # -1: the "" at the end
    joined = vocab[parts[0]]
    for part in parts[1:]:
        joined = np.where(part >= 0, joined + " " + vocab[part], joined)
    return joined.astype(object)


def _rank(
    matrix, vocab, starts: pd.Series, is_recent: np.ndarray, taxonomy, min_releases: int
) -> pd.DataFrame:
    """Class-based TF-IDF with a class per period (scikit-learn's TfidfTransformer over period x term):
    W[c, t] = share of c's releases holding t x idf(t), idf = ln((1 + periods) / (1 + periods with t)) + 1, so
    a term of a few periods weighs more than one of every period. Score: W's mean over the recent periods
    minus its mean over the periods before (x 100). Kept: terms in `min_releases` recent releases or more,
    with a share RISE times the one before or more; `covered` marks those the taxonomy finds. Sorted by score,
    releases, more words, then the term."""
    from sklearn.feature_extraction.text import TfidfTransformer  # here: importing it costs a second or more

    codes, classes = pd.factorize(starts, sort=True)
    onehot = sparse.csr_matrix(
        (np.ones(len(codes)), (codes, np.arange(len(codes)))), shape=(len(classes), len(codes))
    )
    counts = (
        onehot @ matrix
    ).tocsr()  # releases holding each term, per period; sparse: days over years are many
    sizes = np.bincount(codes, minlength=len(classes)).astype(float)
    weights = TfidfTransformer(norm=None).fit(counts).transform(sparse.diags(1 / sizes) @ counts).tocsr()
    late = np.asarray(classes >= starts[is_recent].min())
    gap = np.asarray(weights[late].mean(axis=0)).ravel() - np.asarray(weights[~late].mean(axis=0)).ravel()
    totals = np.asarray(matrix.sum(axis=0)).ravel()
    rec = np.asarray(matrix[is_recent].sum(axis=0)).ravel()
    table = pd.DataFrame(
        {
            "term": vocab,
            "column": np.arange(len(vocab)),
            "releases_recent": rec,
            "releases_before": totals - rec,
            "share_recent": 100 * rec / max(int(is_recent.sum()), 1),
            "share_before": 100 * (totals - rec) / max(int((~is_recent).sum()), 1),
            "score": (100 * gap).round(4),
            "words": [t.count(" ") + 1 for t in vocab],
        }
    )
    table = table[
        (table["releases_recent"] >= min_releases)
        & (table["score"] > 0)
        & (table["share_recent"] >= RISE * table["share_before"])
    ]
    table = table.assign(covered=covered(table["term"].tolist(), taxonomy))
    table[["share_recent", "share_before"]] = table[["share_recent", "share_before"]].round(1)
    return table.sort_values(
        ["score", "releases_recent", "words", "term"], ascending=[False, False, False, True], kind="stable"
    ).reset_index(drop=True)


def _distinct(table: pd.DataFrame, recent_matrix, n: int) -> pd.DataFrame:
    """The top `n` terms the taxonomy misses, one per subject. A term gives way to the longest term holding it
    in 90% of its recent releases ("president donald trump" for "president donald"), and is left out when a
    term the taxonomy finds does so ("ghost" of "ghost guns": the taxonomy finds those releases already). A
    term is skipped when its words hold, or are held in, a term taken ("trump" after "president trump"), or
    when 80% of its recent releases and of a taken term's hold both ("pill" after "presses")."""
    padded = np.array([f" {t} " for t in table["term"]], dtype=str)
    recent, cov = table["releases_recent"].to_numpy(), table["covered"].to_numpy()
    cols = recent_matrix[:, table["column"].to_numpy()].tocsc()
    rows_of = lambda k: cols.indices[cols.indptr[k] : cols.indptr[k + 1]]  # noqa: E731  recent releases of row k
    taken = []
    for i in np.flatnonzero(~cov):
        holds = (np.char.find(padded, padded[i]) >= 0) & (recent >= 0.9 * recent[i])
        if (holds & cov).any():
            continue
        i = _widest(i, padded, holds & ~cov)
        if any(
            padded[i] in padded[t] or padded[t] in padded[i] or _same(rows_of(i), rows_of(t)) for t in taken
        ):
            continue
        taken.append(i)
        if len(taken) == n:
            break
    return table.iloc[taken]


def _widest(i: int, padded: np.ndarray, holds: np.ndarray) -> int:
    """Of the rows `holds` marks (terms holding term i), the one with the longest term; i when none is
    longer."""
    rows = np.flatnonzero(holds)
    lengths = np.char.str_len(padded[rows])
    return int(rows[np.argmax(lengths)]) if len(rows) and lengths.max() > len(padded[i]) else i


def _same(a: np.ndarray, b: np.ndarray) -> bool:
    """Whether two sets of releases mostly coincide: 80% of each holds the other's term."""
    both = len(np.intersect1d(a, b, assume_unique=True))
    return both >= 0.8 * len(a) and both >= 0.8 * len(b)


def _topics(matrix, columns: np.ndarray, ids: pd.Series, mentions: pd.DataFrame, taxonomy) -> list[str]:
    """Per term, the taxonomy topic tagged in most of the releases holding it, when that is at least a quarter
    of them and half as often again as in all the releases analysed; else NEW_TOPIC. Ties go to the topic's
    name."""
    names = sorted(taxonomy)
    pos = positions(mentions["release_id"], ids) if len(mentions) else np.zeros(0, dtype=np.int64)
    code = (
        pd.Categorical(mentions["topic"], categories=names).codes if len(mentions) else np.zeros(0, dtype=int)
    )
    ok = (pos >= 0) & (code >= 0)
    tagged = sparse.csr_matrix((np.ones(int(ok.sum())), (pos[ok], code[ok])), shape=(len(ids), len(names)))
    tagged.data[:] = 1  # a release counts once per topic, however many mentions were summed
    sub = matrix[:, columns]
    both = (sub.T @ tagged).toarray()
    share = both / np.maximum(np.asarray(sub.sum(axis=0)).ravel(), 1)[:, None]
    overall = np.asarray(tagged.sum(axis=0)).ravel() / max(len(ids), 1)
    best = share.argmax(axis=1) if names else np.zeros(len(columns), dtype=int)
    out = []
    for i, b in enumerate(best):
        good = names and share[i, b] >= 0.25 and share[i, b] >= 1.5 * overall[b]
        out.append(names[b] if good else NEW_TOPIC)
    return out


def _examples(
    matrix, columns: np.ndarray, found: pd.Series, docs: pd.DataFrame, is_recent: np.ndarray
) -> pd.DataFrame:
    """Per term (`found`, its matrix column in `columns`), the sentence holding it in the newest recent
    release that has it, with that release's title, date and id."""
    cols = matrix[:, columns].tocsc()
    rows = []
    for k, term in enumerate(found):
        hits = cols.indices[cols.indptr[k] : cols.indptr[k + 1]]
        doc = docs.iloc[
            int(hits[is_recent[hits]].max())
        ]  # docs are in (date, id) order: the last is the newest
        rows.append((sentence(doc["text"], term), doc["title"], doc["date"], doc["id"]))
    return pd.DataFrame(rows, columns=["example", "title", "date", "release_id"])


def sentence(text: str, term: str, width: int = 300) -> str:
    """The sentence of `text` where `term` first stands as whole words, at most `width` characters around
    it."""
    found = tx.finder([term]).search(text.replace("’", "'"))  # as the terms were read; the same length
    if not found:
        return ""
    start = max(text.rfind(". ", 0, found.start()), text.rfind("\n", 0, found.start())) + 1
    stop = min(
        (i for i in (text.find(". ", found.end()), text.find("\n", found.end())) if i >= 0), default=len(text)
    )
    start, stop = max(start, found.start() - width // 2), min(stop + 1, found.end() + width // 2)
    return ("…" if start > 0 and text[start - 1] not in ".\n " else "") + " ".join(text[start:stop].split())
