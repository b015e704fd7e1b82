"""Readers: each format to the same Release record; format chosen by content; every failure a reason."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import FIXTURES, SEED

from lib.ingest import read_file, sniff, walk
from lib.ingest.base import parse_date, release_id

MB = 10**6


def one(path: Path):
    result = read_file(path, 50 * MB)
    assert result.rejects == [], result.rejects
    assert len(result.releases) == 1
    return result.releases[0]


@pytest.mark.shared
def test_seed_layout_gives_date_agency_clean_title_and_body(shared):
    release = one(SEED)
    assert (
        release.title
        == "U.S. Customs and Border Protection Discusses Shared Concerns with Mexican Counterparts"
    )
    assert release.date == "2020-02-28" and release.date_source == "preamble"
    assert (release.agency, release.agency_acronym) == ("U.S. Customs and Border Protection", "CBP")
    assert release.body.startswith("A shared border means shared security concerns")
    assert "published the following information" not in release.body and "| site |" not in release.body
    assert release.body.endswith("forward-leaning efforts by this group.”")
    assert release.body.count("\n\n") == 13  # paragraphs kept
    assert release.format == "text"


def test_plain_text_first_line_is_title_when_a_blank_line_follows():
    release = one(FIXTURES / "plain_title.txt")
    assert release.title == "Officers Seize Heroin at the Port"
    assert release.body == "Officers seized 12 pounds of heroin on Tuesday.\n\nThe driver was arrested."
    assert release.date is None and release.date_source == "missing"


def test_plain_text_dateline_gives_the_date(tmp_path):
    path = tmp_path / "dateline.txt"
    path.write_text("Agents Rescue Hikers\n\nEL PASO, Texas — March 3, 2021 — Agents rescued two hikers.\n")
    assert one(path).date == "2021-03-03"


def test_plain_text_without_title_line_takes_first_sentence(tmp_path):
    path = tmp_path / "run_on.txt"
    path.write_text("Officers seized 40 pounds of cocaine. The driver fled.\nMore text follows here.\n")
    release = one(path)
    assert release.title == "Officers seized 40 pounds of cocaine."
    assert release.body.startswith("Officers seized 40 pounds")


def test_cbp_newsroom_article_layout():
    release = one(FIXTURES / "cbp_article.html")
    assert release.title == "Border Patrol Agents Stop Smuggling Attempt Near Sunland Park"
    assert release.date == "2026-08-07" and release.date_source == "release_date_label"
    assert release.agency == "U.S. Customs and Border Protection"
    assert release.url.endswith("/border-patrol-agents-stop-smuggling-attempt-near-sunland-park")
    paragraphs = release.body.split("\n\n")
    assert paragraphs[0].startswith("SUNLAND PARK, N.M. — Agents")
    assert len(paragraphs) == 3
    assert "Skip to main content" not in release.body and "Privacy Policy" not in release.body
    assert "Release Date" not in release.body


def test_html_meta_tags_give_title_date_and_agency():
    release = one(FIXTURES / "news_meta.html")
    assert release.title == "Officers Find Cocaine in Produce Load"
    assert release.date == "2024-03-05" and release.date_source == "meta"
    assert release.agency == "U.S. Customs and Border Protection"
    assert "120 pounds of cocaine" in release.body and "Site footer" not in release.body


@pytest.mark.shared
def test_doj_csv_rows_with_html_bodies(shared):
    result = read_file(shared / "corpora/doj-press-releases/doj_press_releases_100.csv", 50 * MB)
    assert result.rejects == [] and len(result.releases) == 100
    first = result.releases[0]
    assert first.title == "INTERPOL Red Notice facilitates arrest of fugitive sex offender wanted in Texas"
    assert first.date == "2013-05-16"  # unix seconds
    assert first.agency == "U.S. Department of Justice"  # from the justice.gov URL
    assert first.body.startswith("WASHINGTON - INTERPOL Washington")
    assert all("<p>" not in r.body and "</div>" not in r.body for r in result.releases)
    assert all(
        r.date and r.date.startswith(("2009", "2010", "2011", "2012", "2013", "2014"))
        for r in result.releases
    )
    assert first.source.endswith("doj_press_releases_100.csv#row=1")


@pytest.mark.shared
def test_whitehouse_markdown_front_matter_and_escaped_wrapped_title(shared):
    path = next(
        (shared / "corpora/whitehouse-briefings/statements-releases/2024-10").glob("*senator-tim-johnson.md")
    )
    release = one(path)
    assert (
        release.title
        == "Statement from Vice President Kamala Harris on the Passing of Former U.S. Senator Tim Johnson"
    )
    assert release.date == "2024-10-10" and release.date_source == "front_matter"
    assert release.agency == "The White House"
    assert release.body.startswith(
        "Senator Tim Johnson was a tenacious fighter for the people of South Dakota."
    )


@pytest.mark.shared
def test_whitehouse_markdown_links_and_html_are_removed(shared):
    path = (
        shared
        / "corpora/whitehouse-briefings/articles/2025-02"
        / "2025-02-18-illegal-border-crossings-plummeted-in-january.md"
    )
    release = one(path)
    assert release.title == "Illegal Border Crossings “Plummeted” In January"
    assert "](" not in release.body and "<figure" not in release.body and "**" not in release.body
    assert release.body.startswith("Illegal immigration at the southern border “plummeted” in January")


@pytest.mark.parametrize("suffix", [".xhtml", ".html", ".txt"])
def test_xhtml_with_xml_declaration_reads_as_html(tmp_path, suffix):
    path = tmp_path / f"osha{suffix}"
    path.write_bytes((FIXTURES / "xhtml_release.xhtml").read_bytes())
    result = read_file(path, MB)
    assert result.format == "html" and result.rejects == []
    (release,) = result.releases
    assert release.title == "OSHA Cites Contractor for Fall Hazards at Denver Site"
    assert release.date == "2009-06-15" and release.date_source == "meta"
    assert release.agency == "U.S. Department of Labor"
    assert release.url.endswith("/osha20090615.htm")
    assert release.body.startswith(
        "DENVER — The U.S. Department of Labor’s Occupational Safety"
    )  # no title again
    assert release.body.count("\n\n") >= 2  # paragraphs kept
    assert "fall arrest systems" in release.body and "Site footer" not in release.body
    plain = tmp_path / "plain.html"  # the declaration changes nothing else
    plain.write_text(path.read_text(encoding="utf-8").split("\n", 1)[1], encoding="utf-8")
    assert one(plain).body == release.body


def test_xml_declaration_before_doctype_is_sniffed_as_html():
    head = (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" "x.dtd">'
    )
    assert (
        sniff(head + '\n<html xmlns="http://www.w3.org/1999/xhtml"><head><title>T</title></head>', ".txt")
        == "html"
    )


def test_csv_columns_are_case_insensitive_and_dates_us_style(tmp_path):
    path = tmp_path / "rel.csv"
    path.write_text(
        'TITLE,Release_Date,Text,Link,Agency\n"A title","03/04/2021","Body one.\n\nBody two.",'
        "https://www.cbp.gov/x,U.S. Customs and Border Protection\n",
        encoding="utf-8",
    )
    release = one(path)
    assert (release.title, release.date, release.url) == ("A title", "2021-03-04", "https://www.cbp.gov/x")
    assert release.body == "Body one.\n\nBody two."
    assert release.agency_acronym == "CBP"


def test_jsonl_bad_line_is_rejected_with_its_line_number_and_the_rest_read(tmp_path):
    path = tmp_path / "rel.jsonl"
    rows = [
        json.dumps({"Title": "First", "date": 1583020800, "body": "Text one."}),
        "{not json",
        json.dumps({"title": "Third", "date": "2020-03-02", "text": "Text three."}),
        json.dumps({"title": "No body", "date": "2020-03-02"}),
    ]
    path.write_text("\n".join(rows), encoding="utf-8")
    result = read_file(path, MB)
    assert [r.title for r in result.releases] == ["First", "Third"]
    assert result.releases[0].date == "2020-03-01"
    reasons = dict(result.rejects)
    assert "not valid JSON" in reasons[f"{path}#line=2"]
    assert reasons[f"{path}#line=4"].startswith("no body or text column")
    assert result.releases[1].source == f"{path}#line=3"


def test_pretty_printed_json_array_is_read_whole_and_bad_items_rejected_by_number(tmp_path):
    path = tmp_path / "rel.json"
    items = [
        {"title": "First", "date": "2020-03-01", "body": "Text one."},
        "not an object",
        {"headline": "Third", "published": "2020-03-03", "text": "Text three."},
        {"title": "No body"},
    ]
    path.write_text(json.dumps(items, indent=2), encoding="utf-8")
    result = read_file(path, MB)
    assert [(r.title, r.date) for r in result.releases] == [("First", "2020-03-01"), ("Third", "2020-03-03")]
    assert [r.source for r in result.releases] == [f"{path}#item=1", f"{path}#item=3"]
    assert result.rejects == [
        (f"{path}#item=2", "not a JSON object"),
        (f"{path}#item=4", "no body or text column (columns found: title)"),
    ]


def test_pretty_printed_json_object_is_one_release_and_a_wrapped_list_is_unwrapped(tmp_path):
    single, wrapped = tmp_path / "one.json", tmp_path / "wrapped.json"
    single.write_text("\n" + json.dumps({"title": "Only", "body": "Text.", "tags": ["a", "b"]}, indent=2))
    assert one(single).title == "Only" and one(single).source == f"{single}#line=2"  # same as a one-line file
    wrapped.write_text(
        json.dumps(
            {"count": 2, "releases": [{"title": "A", "body": "One."}, {"title": "B", "body": "Two."}]},
            indent=2,
        )
    )
    result = read_file(wrapped, MB)
    assert [r.title for r in result.releases] == ["A", "B"] and result.rejects == []


def test_csv_without_body_column_is_rejected_with_the_columns_found(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("name,when\nx,2020-01-01\n")
    result = read_file(path, MB)
    assert result.releases == []
    assert result.rejects == [(str(path), "no body or text column (columns found: name, when)")]


def test_format_is_chosen_by_content_not_only_extension(tmp_path):
    html = tmp_path / "page.txt"
    html.write_bytes((FIXTURES / "news_meta.html").read_bytes())
    assert read_file(html, MB).format == "html"
    md = tmp_path / "notes.txt"
    md.write_text("---\ntitle: Front matter wins\ndate: '2022-01-02'\n---\nBody text here.\n")
    assert one(md).title == "Front matter wins"
    assert sniff('{"title": "x"}', ".txt") == "jsonl"


@pytest.mark.parametrize(
    "data,reason",
    [
        (b"", "empty file"),
        (b"\x00\x01\x02binary\x00", "binary file"),
    ],
)
def test_unreadable_files_are_rejected_with_a_reason(tmp_path, data, reason):
    path = tmp_path / "x.txt"
    path.write_bytes(data)
    result = read_file(path, MB)
    assert result.releases == [] and reason in result.rejects[0][1]


def test_oversized_file_is_rejected_unread(tmp_path):
    path = tmp_path / "big.txt"
    path.write_text("Title\n\n" + "word " * 1000)
    result = read_file(path, 1000)
    assert "over the" in result.rejects[0][1]


def test_encodings_utf16_and_cp1252_are_decoded(tmp_path):
    utf16, cp1252 = tmp_path / "u16.txt", tmp_path / "cp.txt"
    utf16.write_bytes("Título\n\nCafé “quoted” text.".encode("utf-16"))
    cp1252.write_bytes("Title\n\nCaf\xe9 \x93quoted\x94 text.".encode("latin-1"))
    assert one(utf16).body == "Café “quoted” text."
    assert one(cp1252).body == "Café “quoted” text."


def test_walk_skips_documentation_and_feeds_and_reports_them(tmp_path):
    (tmp_path / "sub").mkdir()
    for name in ("README.md", "LICENSE", "sub/feed.xml", "sub/a.txt", ".hidden.txt"):
        (tmp_path / name).write_text("Title\n\nBody")
    files, skipped = walk([tmp_path])
    assert [f.name for f in files] == ["a.txt"]
    assert sorted(Path(p).name for p, _ in skipped) == ["LICENSE", "README.md", "feed.xml"]


def test_release_id_ignores_layout_quotes_and_case():
    assert release_id("A “Title”", "One  para.\n\nTwo") == release_id('a "title"', "One para. Two")
    assert release_id("A", "x") != release_id("A", "y")


@pytest.mark.parametrize(
    "text,expected",
    [
        ("2021-03-04T10:00:00-05:00", "2021-03-04"),
        ("03/04/2021", "2021-03-04"),
        ("Fri, 08/07/2026", "2026-08-07"),
        ("February 28, 2020", "2020-02-28"),
        ("Sept. 3, 2019", "2019-09-03"),
        (1583020800, "2020-03-01"),
        ("1583020800", "2020-03-01"),
        ("not a date", None),
        ("02/30/2021", None),
        # odd formats, read by dateparser when the patterns miss them
        ("14 October 2026", "2026-10-14"),
        ("Oct. 14th, 2026", "2026-10-14"),
        ("Tuesday, the 14th of October, 2026", "2026-10-14"),
        ("October 14 , 2026", "2026-10-14"),
        ("2026/10/14", "2026-10-14"),
        ("14-Oct-2026", "2026-10-14"),
        ("03.04.2021", "2021-03-04"),  # ambiguous: month first, as US agencies write
        ("Wednesday 14 October 2026 - 23:30 EST", "2026-10-14"),  # the day written, not the day in UTC
        # and what it must not guess
        ("2 days ago", None),
        ("yesterday", None),
        ("October 2026", None),
        ("Tuesday", None),
        ("20261014", None),
        ("le 14 octobre 2026", None),
        ("Released after talks " * 8 + "on 14 October 2026", None),  # prose, not a date
    ],
)
def test_parse_date(text, expected):
    assert parse_date(text) == expected


@pytest.mark.shared
def test_whitehouse_corpus_every_twentieth_page_reads_dated_and_titled(shared):
    files, skipped = walk([shared / "corpora/whitehouse-briefings"])
    assert len(files) == 14396 + 1  # the pages plus INDEX.derived.csv, a list of files rather than releases
    assert {Path(p).name for p, _ in skipped} == {"README.md", "LICENSE", "rss.xml"}
    for path in files[::20]:
        result = read_file(path, 50 * MB)
        if path.name == "INDEX.derived.csv":
            assert result.skipped.startswith("an index of files") and result.rejects == []
            continue
        assert result.rejects == [], path
        (release,) = result.releases
        assert release.title and release.date and release.agency == "The White House", path


@pytest.mark.shared
def test_image_only_page_is_kept_with_its_title_and_an_empty_body(shared):
    path = (
        shared
        / "corpora/whitehouse-briefings/briefings-statements/2025-04"
        / "2025-04-13-memorandum-from-the-white-house-physician.md"
    )
    release = one(path)
    assert release.title == "Memorandum from the White House Physician" and release.body == ""
