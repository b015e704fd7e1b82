"""Pure functions: a Release and its processed Doc to table rows and to the extract contract."""

from __future__ import annotations

import re
from collections import Counter

from spacy.tokens import Doc

from lib.ingest import Release
from lib.nlp import administrations, periods, topics, transcripts
from lib.nlp.acronyms import spelled_out
from lib.nlp.quotes import TITLE_WORDS, title_and_org
from lib.rows import DocRows, ReleaseRow

ENTITY_LABELS = {"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "LAW", "PRODUCT"}


def quotes(
    doc: Doc, agency: tuple[str, str] = ("", ""), title: str = "", released: str | None = None
) -> list[dict]:
    """The quotes, each organisation also spelled out (speaker_org_full) with the acronyms the release defines
    ('U.S. Customs and Border Protection (CBP)') and, where it defines none, its agency's (`agency` is
    (acronym, name): 'CBP' in a release of U.S. Customs and Border Protection). A speaker the body names by
    office alone ('THE PRESIDENT:') is the office's holder on the release date; one it names by surname alone
    ('MS. JEAN-PIERRE:') is the person of that surname the release's title names in full, with the title's
    words for them."""
    acronym, name = agency
    defined = {**({acronym: name} if acronym and name else {}), **(doc._.acronyms or {})}
    text = doc.text  # built from the tokens each time it is read: once
    return [
        {
            **q,
            **_named(q, title, released, text),
            "speaker_org_full": spelled_out(q["speaker_org"], defined),
        }
        for q in _with_speech(doc._.quotes or [], text, title)
    ]


def _with_speech(found: list[dict], text: str, title: str) -> list[dict]:
    """A release whose title says it is one person's speech and whose body has no turns is that person's
    words, one quote of kind transcript; the quotes inside it are part of it."""
    speech = transcripts.speech(title, text)
    if not speech or any(q["kind"] == "transcript" for q in found):
        return found
    who, start, end = speech
    name = _speaker_named(who)
    office, org = title_and_org(who, len(who) - len(name), len(who))
    turn = {
        "text": re.sub(r"\s*\n+\s*", " ", text[start:end]).strip(),
        "start": start,
        "end": end,
        "speaker": name,
        "speaker_title": office,
        "speaker_org": org,
        "kind": "transcript",
        "cue": "speech",
        "speaker_kind": "person",
    }
    return [turn, *(q for q in found if not start <= q["start"] < end)]


def _speaker_named(who: str) -> str:
    """The name at the end of a title and name ('Senior Advisor John Podesta', 'Assistant Attorney General
    for National Security John P. Carlin'): the words after the last title word, else the last two words and
    a middle initial."""
    words = who.split()
    titled = [i for i, w in enumerate(words) if w in TITLE_WORDS]
    after = words[titled[-1] + 1 :] if titled else words
    if not 1 <= len(after) <= 3 or after[0][:1].islower():
        after = words[-3:] if len(words) >= 3 and re.fullmatch(r"[A-Z]\.", words[-2]) else words[-2:]
    return " ".join(after)


def _as_written(holder: str, office: str, text: str) -> str:
    """The holder of an office as the release names them: in full where it does, else by the surname it gives
    after the office ('President Biden'), else in full."""
    if holder in text:
        return holder
    surname = holder.split()[-1]
    return surname if re.search(rf"\b{re.escape(office)}\s+{re.escape(surname)}\b", text) else holder


def _named(quote: dict, title: str, released: str | None, text: str = "") -> dict:
    """The speaker's full name (and title) where the body gives an office or a surname only; {} otherwise. An
    office ('the President said …') is its holder on the release date, named as the release names them
    ('Biden' where it only ever says 'President Biden'); a transcript's turn ('THE PRESIDENT:') the holder in
    full."""
    speaker = quote["speaker"]
    if speaker.startswith("The "):
        holder = administrations.office_holder(speaker, released)
        if holder and quote["kind"] != "transcript":
            holder = _as_written(holder, speaker[4:], f"{title}\n{text}")
        return {"speaker": holder, "speaker_title": quote["speaker_title"] or speaker[4:]} if holder else {}
    if len(speaker.split()) != 1 or not title:
        return {}
    m = re.search(rf"((?:[A-Z][\w.’'-]*\s+){{1,3}})(?i:{re.escape(speaker)})(?![\w-])", title)
    if not m:
        return {}
    words = m.group(0).split()
    while words and words[0] in TITLE_WORDS:  # "Press Secretary Karine Jean-Pierre" → the name
        words.pop(0)
    if len(words) < 2:
        return {}
    full = " ".join(words)
    office, _ = title_and_org(title, m.end() - len(full), m.end())
    return {"speaker": full, "speaker_title": quote["speaker_title"] or office}


def figures(doc: Doc, released: str | None) -> list[dict]:
    return [{**f, "period": periods.resolve(f["period"], released)} for f in doc._.figures or []]


def topic_mentions(doc: Doc) -> list[dict]:
    return [{k: v for k, v in m.items() if k != "sentence"} for m in doc._.topic_mentions or []]


def topic_about(doc: Doc, title: str = "") -> list[dict]:
    """Per topic the release mentions or its title names: its score and whether the release is about it."""
    return topics.about(doc._.topic_mentions or [], doc._.topic_sentences, title, lead=topics.lead(doc))


def entities(doc: Doc) -> list[dict]:
    return [
        {"text": e.text, "label": e.label_, "start": e.start_char, "end": e.end_char}
        for e in doc.ents
        if e.label_ in ENTITY_LABELS
    ]


def topic_counts(mentions: list[dict]) -> list[dict]:
    counts = Counter(m["topic"] for m in mentions)
    return [{"topic": t, "mentions": n} for t, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]


def doc_rows(
    release_id: str, doc: Doc, released: str | None, agency: tuple[str, str] = ("", ""), title: str = ""
) -> DocRows:
    """Rows for each extraction table, every row carrying the release id; `agency` is (acronym, name)."""
    tables = {
        "quotes": quotes(doc, agency, title, released),
        "figures": figures(doc, released),
        "topic_mentions": topic_mentions(doc),
        "topic_about": topic_about(doc, title),
        "entities": entities(doc),
    }
    return {name: [{"release_id": release_id, **row} for row in rows] for name, rows in tables.items()}


def release_row(release: Release, pipeline_version: str) -> ReleaseRow:
    sources = sorted(set(release.sources))
    return {
        "id": release.id,
        "title": release.title,
        "date": release.date,
        "date_source": release.date_source,
        "agency": release.agency,
        "agency_acronym": release.agency_acronym,
        "url": release.url,
        "body": release.body,
        "source": sources[0],
        "sources": sources,
        "format": release.format,
        "footer": release.footer,
        "words": len(release.body.split()),
        "pipeline_version": pipeline_version,
    }


def extract_record(release: Release, doc: Doc) -> dict:
    """The `extract --json` contract: add fields, never rename."""
    mentions = topic_mentions(doc)
    return {
        "id": release.id,
        "title": release.title,
        "date": release.date,
        "agency": release.agency,
        "url": release.url,
        "source": release.source,
        "body": release.body,
        "quotes": quotes(doc, (release.agency_acronym, release.agency), release.title, release.date),
        "figures": figures(doc, release.date),
        "topics": topic_counts(mentions),
        "entities": entities(doc),
    }
