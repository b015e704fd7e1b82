"""The one schema: table names, columns, dtypes and display labels. Writers and readers import it."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

STORE_FORMAT = 1  # bump when a table's layout changes incompatibly


@dataclass(frozen=True)
class Column:
    name: str
    dtype: str  # pandas dtype; "list" is a column of lists of strings
    label: str


def _cols(*spec: tuple[str, str, str]) -> tuple[Column, ...]:
    return tuple(Column(*s) for s in spec)


TABLES: dict[str, tuple[Column, ...]] = {
    "releases": _cols(
        ("id", "string", "Release id"),
        ("title", "string", "Title"),
        ("date", "datetime64[ns]", "Published"),
        ("date_source", "string", "Date taken from"),
        ("agency", "string", "Agency"),
        ("agency_acronym", "string", "Agency acronym"),
        ("url", "string", "URL"),
        ("body", "string", "Text"),
        ("source", "string", "Source file"),
        ("sources", "list", "All source files"),
        ("format", "string", "Format"),
        ("footer", "string", "Page footer removed"),
        ("words", "int64", "Words"),
        ("pipeline_version", "string", "Pipeline version"),
    ),
    "quotes": _cols(
        ("release_id", "string", "Release id"),
        ("text", "string", "Quote"),
        ("start", "int64", "Start"),
        ("end", "int64", "End"),
        ("speaker", "string", "Speaker"),
        ("speaker_title", "string", "Title"),
        ("speaker_org", "string", "Organisation"),
        ("speaker_org_full", "string", "Organisation, spelled out"),
        ("kind", "string", "Kind"),
        ("cue", "string", "Cue"),
        # person, group ("Airline CEOs") or organisation (an organisation or a document: "the group tweeted");
        # missing in a version written before it: read as person
        ("speaker_kind", "string", "Speaker is"),
    ),
    "figures": _cols(
        ("release_id", "string", "Release id"),
        ("text", "string", "Figure as written"),
        ("start", "int64", "Start"),
        ("end", "int64", "End"),
        ("value", "float64", "Value"),
        ("low", "float64", "Lower bound"),
        ("high", "float64", "Upper bound"),
        ("qualifier", "string", "Qualifier"),
        ("change", "string", "Change"),
        ("unit", "string", "Unit"),
        ("metric", "string", "Metric"),
        ("period", "string", "Period referred to"),
        ("sentence", "string", "Sentence"),
    ),
    "topic_mentions": _cols(
        ("release_id", "string", "Release id"),
        ("topic", "string", "Topic"),
        ("term", "string", "Matched term"),
        ("start", "int64", "Start"),
        ("end", "int64", "End"),
        ("passage", "string", "Passage"),
    ),
    "topic_about": _cols(
        ("release_id", "string", "Release id"),
        ("topic", "string", "Topic"),
        ("score", "float64", "About score"),
        ("about", "bool", "About"),
    ),
    "entities": _cols(
        ("release_id", "string", "Release id"),
        ("text", "string", "Entity"),
        ("label", "string", "Type"),
        ("start", "int64", "Start"),
        ("end", "int64", "End"),
    ),
    "rejects": _cols(
        ("path", "string", "File"),
        ("reason", "string", "Reason"),
        ("time", "datetime64[ns]", "When"),
    ),
    "files": _cols(
        ("path", "string", "File"),
        ("size", "int64", "Bytes"),
        ("mtime_ns", "int64", "Modified (ns)"),
        ("format", "string", "Format"),
        ("ids", "list", "Release ids"),
    ),
}

JOINED = " + "  # between the metrics of a count of several together: "apprehensions + inadmissibles"
QUALIFIERS = ("exact", "approx", "more_than", "at_least", "less_than", "at_most", "range")
QUOTE_KINDS = ("direct", "indirect")
SPEAKER_KINDS = ("person", "organisation", "group")  # a quote's speaker_kind


class SchemaError(ValueError):
    """A frame does not have the columns its table needs."""


def empty(table: str) -> pd.DataFrame:
    """An empty frame with the table's columns and dtypes."""
    return conform(pd.DataFrame({c.name: [] for c in TABLES[table]}), table)


def conform(frame: pd.DataFrame, table: str, only: list[str] | None = None) -> pd.DataFrame:
    """The frame with exactly the table's columns (or the subset `only`), in order, with their dtypes;
    raises SchemaError if any is missing."""
    columns = TABLES[table]
    if only is not None:
        unknown = sorted(set(only) - {c.name for c in columns})
        if unknown:
            raise SchemaError(f"table {table!r} has no columns {unknown}")
        columns = tuple(c for c in columns if c.name in only)
    missing = [c.name for c in columns if c.name not in frame.columns]
    if missing:
        raise SchemaError(f"table {table!r} is missing columns {missing}")
    out = frame[[c.name for c in columns]].copy()
    for col in columns:
        if col.dtype == "list":
            out[col.name] = out[col.name].map(lambda v: list(v) if v is not None else [])
        elif col.dtype.startswith("datetime"):
            out[col.name] = pd.to_datetime(out[col.name], errors="coerce").astype(col.dtype)
        else:
            out[col.name] = out[col.name].astype(col.dtype)
    return out.reset_index(drop=True)


def labels(table: str) -> dict[str, str]:
    """Display labels of a table's columns."""
    return {c.name: c.label for c in TABLES[table]}
