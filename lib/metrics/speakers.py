"""Who is quoted, how often, as what, and what they said. Pure pandas: frame -> frame.

The dashboard no longer calls counted, ranking and over_time on whole frames of quotes: lib/query.py
counts in SQL, and counted_text, ranked (with held_modes) and over_time_of finish its counts. They stay as
the reference tests/test_query.py compares the SQL with (and lib.briefing.inputs uses ranking)."""

from __future__ import annotations

from urllib.parse import quote as urlquote

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from lib import schema
from lib.derived import words
from lib.filters import positions
from lib.metrics import counts_per_period, date_span, fill_periods

MEASURES = {"quotes": "Quotes", "releases": "Releases quoted in", "words": "Words quoted"}
GROUPS = {"speaker": "Person", "speaker_title": "Title", "speaker_org": "Organisation"}
NOT_GIVEN = "(not given)"
# Who a quote's speaker is (the quotes' speaker_kind), as the Speakers page ranks them apart; EVERYONE is all
EVERYONE = "all"
KINDS = {"person": "People", "organisation": "Organisations", "group": "Groups", EVERYONE: "Everyone"}
assert set(KINDS) - {EVERYONE} == set(schema.SPEAKER_KINDS), "a kind of speaker without its label"
A_KIND = {"person": "a person", "organisation": "an organisation", "group": "a group", EVERYONE: "anyone"}


def of_kind(quotes: pd.DataFrame, kind: str) -> pd.DataFrame:
    """The quotes whose speaker is of `kind` (a key of KINDS; EVERYONE keeps every quote); a quote of a
    version written without speaker_kind is a person's."""
    if kind == EVERYONE:
        return quotes
    return quotes[quotes["speaker_kind"].fillna("person").astype(str).to_numpy() == kind]


def _given(values: pd.Series) -> pd.Series:
    """True where a text value is present (not missing, not blank)."""
    return values.astype("string").str.strip().fillna("") != ""


def _arrow(values: pd.Series) -> pa.Array:
    return pa.array(values.astype("string"), from_pandas=True)


def _labels(values: pd.Series, straight: bool = False) -> pd.Categorical:
    """A short text column as a categorical, stripped, missing as "": cleaning the distinct values only.
    `straight` makes curly apostrophes straight ("Mexico’s National Guard" and "Mexico's National Guard" are
    one)."""
    codes, uniques = pd.factorize(values.astype("string").fillna(""))
    clean_codes, clean = pd.factorize(cleaned(pd.Index(uniques.astype(str)), straight), sort=True)
    return pd.Categorical.from_codes(clean_codes[codes], categories=clean)


def cleaned(values: pd.Index, straight: bool = False) -> pd.Index:
    """Text labels as quoted() gives them (see _labels): stripped, curly apostrophes straight if
    `straight`."""
    clean = values.str.strip()
    return clean.str.replace("’", "'") if straight else clean


def _kept(frame: pd.DataFrame, keep: np.ndarray) -> pd.DataFrame:
    """The rows where keep is True, renumbered; the frame itself (a shallow copy) when every row is kept, so a
    million quotes are not copied for nothing."""
    if keep.all():
        return frame.copy(deep=False).reset_index(drop=True)
    return frame[keep].reset_index(drop=True)


def quoted(quotes: pd.DataFrame, releases: pd.DataFrame) -> pd.DataFrame:
    """Attributed quotes of the releases, each with its release's date and title and the words quoted:
    release_id, release_no (the release's row in `releases`), date, release (title), speaker,
    speaker_as_written, speaker_title, speaker_org, kind, cue, start, words and text when `quotes` has it
    (words are counted from it when `quotes` has no words column), and speaker_id when `quotes` has it (see
    lib.speakers.apply; without it, the name as written is the speaker). Text labels are categorical (fast
    grouping); rows.attrs["unattributed"] counts the quotes of the releases that name no speaker."""
    named = _given(quotes["speaker"])
    rows = _kept(quotes, named.to_numpy())
    if "speaker_as_written" not in rows:
        rows["speaker_as_written"] = rows["speaker"]
    position = positions(rows["release_id"], releases["id"])
    rows, position = _kept(rows, position >= 0), position[position >= 0]
    rows["release_no"] = position
    rows["date"] = releases["date"].to_numpy()[position]
    codes, titles = pd.factorize(releases["title"])  # one label per title, not a Python string per quote
    rows["release"] = pd.Categorical.from_codes(codes[position], titles)
    if "words" not in rows:
        rows["words"] = words(_arrow(rows["text"]))
    for column in ("speaker", "speaker_as_written", "speaker_title", "speaker_org", "kind", "cue"):
        rows[column] = _labels(rows[column], straight=column in ("speaker_title", "speaker_org"))
    in_selection = pc.is_in(_arrow(quotes.loc[~named, "release_id"]), value_set=_arrow(releases["id"]))
    rows.attrs["unattributed"] = int(pc.sum(in_selection).as_py() or 0)
    return rows


def _n(count: int, noun: str) -> str:
    return f"{count:,} {noun}{'' if count == 1 else 's'}"


def counted(rows: pd.DataFrame, aliases: str = "data/speakers.yml") -> str:
    """What the page counts, in sentences: attributed quotes, speakers, quotes left out for want of a speaker,
    and how many names as written the speakers were merged from (`aliases`: the alias file, to merge or
    split)."""
    return counted_text(
        len(rows),
        rows["speaker"].nunique(),
        rows["speaker_as_written"].nunique(),
        rows.attrs.get("unattributed", 0),
        aliases,
    )


def counted_text(attributed: int, people: int, written: int, unattributed: int, aliases: str) -> str:
    """counted() from its counts: attributed quotes, speakers, names as written, quotes without a speaker."""
    left_out = (
        f"{_n(unattributed, 'quote')} without a speaker {'is' if unattributed == 1 else 'are'} left out"
        if unattributed
        else "every quote names its speaker"
    )
    return (
        f"{_n(attributed, 'attributed quote')} from {_n(people, 'speaker')}; {left_out}. "
        f"{_n(written, 'name')} as written merged into {_n(people, 'speaker')}; see {aliases} to merge or "
        "split speakers."
    )


def _modes(rows: pd.DataFrame, by: str, column: str) -> pd.Series:
    """Per value of `by`, the most frequent non-empty value of `column` (ties: alphabetical first)."""
    given = rows[rows[column] != ""]
    return _modes_of(given.groupby([by, column], observed=True).size().rename("n").reset_index(), by, column)


def _modes_of(counts: pd.DataFrame, by: str, column: str) -> pd.Series:
    """_modes from the quotes per value of `by` and non-empty value of `column` (by, column, n)."""
    counts = counts.sort_values([by, "n", column], ascending=[True, False, True]).drop_duplicates(by)
    return pd.Series(counts[column].astype(str).to_numpy(), index=counts[by].astype(str).to_numpy())


def ranking(rows: pd.DataFrame, by: str = "speaker") -> pd.DataFrame:
    """Per person (or title, or organisation) in `rows` (from quoted()): quotes, releases quoted in, words
    quoted, first and last date quoted, and for people the title and organisation most often given; most
    quoted first. Quotes without the grouping value (e.g. no title) are left out."""
    needed = list(
        dict.fromkeys([by, "speaker", "speaker_title", "speaker_org", "release_no", "words", "date"])
    )
    rows = rows.loc[rows[by] != "", needed]  # not the quotes' text: a million quotes copied for nothing
    if rows.empty:
        return ranked(pd.DataFrame(), by)
    grouped = rows.groupby(by, observed=True)
    out = pd.DataFrame(
        {
            "quotes": grouped.size(),
            "releases": grouped["release_no"].nunique(),
            "words": grouped["words"].sum(),
            "first": grouped["date"].min(),
            "last": grouped["date"].max(),
        }
    )
    if by == "speaker":
        titles, organisations = _modes(rows, by, "speaker_title"), _modes(rows, by, "speaker_org")
        return ranked(out, by, titles, organisations)
    out["people"] = grouped["speaker"].nunique().to_numpy()
    return ranked(out, by)


def held_modes(held: pd.DataFrame) -> tuple[pd.Series, pd.Series]:
    """Each speaker's usual title and organisation (see _modes) from the quotes per speaker, title and
    organisation (speaker, speaker_title, speaker_org, n; missing ones '')."""
    out = []
    for column in ("speaker_title", "speaker_org"):
        given = held[held[column] != ""]
        counts = given.groupby(["speaker", column], observed=True)["n"].sum().reset_index()
        out.append(_modes_of(counts, "speaker", column))
    return out[0], out[1]


def ranked(
    out: pd.DataFrame, by: str, titles: pd.Series | None = None, organisations: pd.Series | None = None
) -> pd.DataFrame:
    """ranking() from its counts (quotes, releases, words, first, last, and people for titles and
    organisations, indexed by `by`) and, for people, the usual titles and organisations (by speaker)."""
    columns = [by, "quotes", "releases", "words", "first", "last"] + (
        ["title", "organisation"] if by == "speaker" else ["people"]
    )
    if out.empty:
        return pd.DataFrame(
            {c: pd.Series(dtype="int64" if c in MEASURES or c == "people" else "object") for c in columns}
        )
    out = out.copy()
    out.index = out.index.astype(str).rename(by)
    if by == "speaker":
        out["title"] = titles.reindex(out.index).fillna("")
        out["organisation"] = organisations.reindex(out.index).fillna("")
    out = out.reset_index().sort_values(
        ["quotes", "releases", "words", by], ascending=[False, False, False, True]
    )
    return out[columns].reset_index(drop=True)


def top(table: pd.DataFrame, measure: str, n: int = 15) -> pd.DataFrame:
    """The n rows of a ranking with the highest `measure` (ties: the ranking's order)."""
    return table.sort_values(measure, ascending=False, kind="stable").head(n).reset_index(drop=True)


def over_time(rows: pd.DataFrame, speakers: list[str], period: str, start=None, end=None) -> pd.DataFrame:
    """Quotes per period for each of `speakers` (in that order): period, label, speaker, quotes. Every period
    from `start` (or the first date in `rows`) to `end` (or the last) is there, empty ones as 0."""
    dated = rows.loc[rows["date"].notna(), ["date", "speaker"]]
    mine = dated["speaker"].isin(list(speakers))
    chosen = pd.DataFrame(
        {"date": dated.loc[mine, "date"], "speaker": dated.loc[mine, "speaker"].astype(str)}
    )
    counts = counts_per_period(chosen, period, by="speaker", name="quotes")
    lo = pd.Timestamp(start) if start is not None else dated["date"].min()
    hi = pd.Timestamp(end) if end is not None else dated["date"].max()
    return over_time_of(counts, speakers, period, lo, hi)


def over_time_of(counts: pd.DataFrame, speakers: list[str], period: str, lo, hi) -> pd.DataFrame:
    """over_time() from the quotes per period of the chosen speakers that have any (period, speaker, quotes)
    and the first and last day to show."""
    if pd.isna(lo) or pd.isna(hi) or counts.empty:
        return fill_periods(counts.iloc[:0], period, by="speaker", name="quotes")
    counts = fill_periods(counts, period, by="speaker", name="quotes", span=(lo, hi))
    order = {s: i for i, s in enumerate(speakers)}
    counts = counts.assign(_o=counts["speaker"].map(order)).sort_values(["_o", "period"], kind="stable")
    return counts.drop(columns="_o").reset_index(drop=True)


def profile(rows: pd.DataFrame, speaker: str, link: str = "", texts: pd.DataFrame | None = None) -> dict:
    """Everything the profile shows of one speaker: facts, names as written, titles, organisations, quotes
    (see the functions below). When `rows` have no text, `texts` gives it (see with_text)."""
    own = rows[rows["speaker"] == speaker]
    if texts is not None:
        own = with_text(own, texts)
    elif "text" not in own:
        raise ValueError("the quotes have no text: pass their texts (release_id, start, text)")
    names = held(own, "speaker_as_written").sort_values("quotes", ascending=False, kind="stable")
    return {
        "facts": facts(own),
        "names": names.reset_index(drop=True),
        "titles": held(own, "speaker_title"),
        "organisations": held(own, "speaker_org"),
        "quotes": quotes_of(own, link),
    }


def with_text(own: pd.DataFrame, texts: pd.DataFrame) -> pd.DataFrame:
    """Quotes from quoted() with their text, found in `texts` (release_id, start, text: e.g. every quote of
    their releases) by release and position; a quote not found there gets no text."""
    keyed = texts[["release_id", "start", "text"]].drop_duplicates(["release_id", "start"])
    return own.drop(columns="text", errors="ignore").merge(keyed, on=["release_id", "start"], how="left")


def facts(own: pd.DataFrame) -> dict[str, str]:
    """One speaker's counts as the profile writes them: quotes, releases, words quoted, direct / indirect
    quotes, and the months quoted in."""
    direct, indirect = int((own["kind"] == "direct").sum()), int((own["kind"] == "indirect").sum())
    span = date_span(own)
    return {
        "Quotes": f"{len(own):,}",
        "Releases": f"{own['release_no'].nunique():,}",
        "Words quoted": f"{int(own['words'].sum()):,}",
        "Direct / indirect": f"{direct:,} / {indirect:,}",
        "Quoted": f"{'from' if ' to ' in span else 'in'} {span}" if span else "in undated releases only",
    }


def held(own: pd.DataFrame, column: str = "speaker_title") -> pd.DataFrame:
    """The titles (or organisations, or names as written) one speaker was given, each with the first and last
    date it was used and its quotes, earliest first: value, from, to, quotes. A missing value reads "(not
    given)"."""
    values = own[column].astype(str)
    grouped = own.assign(value=values.where(values != "", NOT_GIVEN)).groupby("value")
    out = pd.DataFrame({"from": grouped["date"].min(), "to": grouped["date"].max(), "quotes": grouped.size()})
    return out.reset_index().sort_values(["from", "value"]).reset_index(drop=True)


def quotes_of(own: pd.DataFrame, link: str = "") -> pd.DataFrame:
    """One speaker's quotes, newest first: date, open (`link` followed by the release id, URL-encoded: `link`
    ends with e.g. "release="), text, kind, cue, speaker_title (title at the time), release (its title)."""
    own = own.sort_values(["date", "release_id", "start"], ascending=[False, True, True])
    codes, ids = pd.factorize(own["release_id"])
    ids = pd.Index(ids.astype(str))
    if not ids.str.fullmatch(r"[A-Za-z0-9_.~-]*").all():  # store ids are hex: usually nothing to encode
        ids = pd.Index([urlquote(i, safe="") for i in ids])
    encoded = np.asarray(link + ids if len(ids) else [""], dtype=object)
    out = pd.DataFrame(
        {
            "date": own["date"].to_numpy(),
            "open": encoded[np.maximum(codes, 0)],
            "text": own["text"].to_numpy(),
        }
    )
    for column in ("kind", "cue", "speaker_title", "release"):
        out[column] = own[column].astype("string").fillna("").to_numpy(dtype=object)
    return out
