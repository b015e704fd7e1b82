"""One typed row per table of lib/schema.py: what the extraction and the writers pass between them, checked
against the schema by tests/test_rows.py (same columns, types that agree with the dtypes)."""

from __future__ import annotations

from typing import TypedDict


class ReleaseRow(TypedDict):
    id: str
    title: str
    date: str | None  # ISO date, or None when the release gives none
    date_source: str
    agency: str
    agency_acronym: str
    url: str
    body: str
    source: str
    sources: list[str]
    format: str
    footer: str
    words: int
    pipeline_version: str


class QuoteRow(TypedDict):
    release_id: str
    text: str
    start: int
    end: int
    speaker: str
    speaker_title: str
    speaker_org: str
    speaker_org_full: str
    kind: str  # one of schema.QUOTE_KINDS
    cue: str
    speaker_kind: str  # one of schema.SPEAKER_KINDS


class FigureRow(TypedDict):
    release_id: str
    text: str
    start: int
    end: int
    value: float
    low: float | None
    high: float | None
    qualifier: str  # one of schema.QUALIFIERS
    change: str
    unit: str
    metric: str
    period: str | None  # 'FY2019', 'CY2019', '2020-01', '2019-08/2020-01'
    sentence: str


class TopicMentionRow(TypedDict):
    release_id: str
    topic: str
    term: str
    start: int
    end: int
    passage: str


class TopicAboutRow(TypedDict):
    release_id: str
    topic: str
    score: float
    about: bool


class EntityRow(TypedDict):
    release_id: str
    text: str
    label: str
    start: int
    end: int


class RejectRow(TypedDict):
    path: str
    reason: str
    time: object  # a timestamp


class FileRow(TypedDict):
    path: str
    size: int
    mtime_ns: int
    format: str
    ids: list[str]


ROWS: dict[str, type] = {
    "releases": ReleaseRow,
    "quotes": QuoteRow,
    "figures": FigureRow,
    "topic_mentions": TopicMentionRow,
    "topic_about": TopicAboutRow,
    "entities": EntityRow,
    "rejects": RejectRow,
    "files": FileRow,
}


class DocRows(TypedDict):
    """One release's rows of each extraction table (lib.records.doc_rows)."""

    quotes: list[QuoteRow]
    figures: list[FigureRow]
    topic_mentions: list[TopicMentionRow]
    topic_about: list[TopicAboutRow]
    entities: list[EntityRow]
