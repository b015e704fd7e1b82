"""The Releases page: the list, the reader, and safe highlighting of release text (lib/highlight.py)."""

from __future__ import annotations

import json
from html.parser import HTMLParser

import pandas as pd
import pytest

from lib import highlight as hl
from lib.metrics import releases as rel
from lib.store import Store

SCRIPT, IMG = "<script>alert(1)</script>", "<img src=x onerror=alert(1)>"
LINK, BOLD, LONG = "[link](javascript:alert(1))", "**bold**", "A" * 10_000
HOSTILE_BODY = (
    f"Officials said {SCRIPT} and {IMG} appeared.\n\nSee {LINK} and {BOLD} text, $x$ & &amp; too.\n\n"
    "\u201cWe seized 4,000 pounds of fentanyl <script>alert(2)</script> at the port,\u201d said Port "
    f"Director Lisa Okafor.\n\n{LONG}\n\nThe end."
)
HOSTILE_TITLE = f"{SCRIPT} **Hostile** [x](javascript:alert(1))"


class Tags(HTMLParser):
    """Collects start tags, checks every tag is closed in order, and keeps the text outside <sup> tags."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack, self.tags, self.text, self.balanced = [], [], [], True

    def handle_starttag(self, tag, attrs):
        self.stack.append(tag)
        self.tags.append((tag, dict(attrs)))

    def handle_endtag(self, tag):
        self.balanced &= bool(self.stack) and self.stack.pop() == tag

    def handle_data(self, data):
        if "sup" not in self.stack:
            self.text.append(data)


def parse(markup: str) -> Tags:
    parser = Tags()
    parser.feed(markup)
    parser.close()
    assert parser.balanced and not parser.stack
    return parser


# lib/highlight.py


@pytest.mark.parametrize("hostile", [SCRIPT, IMG, LINK, BOLD, LONG, HOSTILE_BODY])
def test_render_shows_hostile_text_literally(hostile):
    out = hl.render(hostile, [hl.Span(0, min(len(hostile), 12), "figure", "figure <b>x</b>")])
    tags = parse(out)
    assert "<script" not in out and "<img" not in out and "<a " not in out and "href" not in out
    assert {t for t, _ in tags.tags} <= {"div", "span"}
    assert "".join(tags.text) == hostile  # every character is there, and only as text
    assert BOLD not in hostile or BOLD in out  # Markdown is not interpreted by st.html


def test_escape_markdown_escapes_every_markup_character():
    assert hl.escape_markdown(LINK) == r"\[link\]\(javascript\:alert\(1\)\)"
    assert hl.escape_markdown(BOLD) == r"\*\*bold\*\*"
    assert hl.escape_markdown(SCRIPT) == r"\<script\>alert\(1\)\<\/script\>"
    assert hl.escape_markdown("a_b $x$ ~c~ #1 &amp;\nnext") == r"a\_b \$x\$ \~c\~ \#1 \&amp\; next"


def test_overlapping_spans_nest_quotes_outermost_and_keep_the_text():
    body = "He said it was 4,000 pounds of fentanyl today."
    marks = [
        hl.Span(31, 39, "topic", "topic: narcotics", "#1d4e89"),
        hl.Span(15, 27, "figure", "figure"),
        hl.Span(8, 35, "quote", "Kim (direct quote)", tag="Kim"),
        hl.Span(24, 45, "topic", "topic: x", "#000"),
    ]
    tags = parse(hl.render(body, marks))
    assert "".join(tags.text) == body
    kinds = [a.get("class") for t, a in tags.tags if t == "span"]
    assert kinds[0] == "pr-quote" and {"pr-figure", "pr-topic"} <= set(kinds)
    assert ("sup", {"style": hl.TAG_STYLE}) in tags.tags  # the speaker is named after the quote
    out = hl.render(body, marks)
    assert out.index(" of ") < out.index(">Kim</sup>") < out.index("today")


def test_spans_outside_the_body_or_of_unknown_kind_are_ignored():
    out = hl.render(
        "short", [hl.Span(2, 99, "quote", "x"), hl.Span(-1, 2, "topic", "y"), hl.Span(0, 3, "link", "z")]
    )
    assert "<span" not in out and "short" in out


def test_labels_are_escaped_in_attributes():
    out = hl.render("abc", [hl.Span(0, 3, "quote", '"><script>x</script>', tag="<b>Kim</b>")])
    assert "<script" not in out and "<b>" not in out
    assert parse(out).tags[1][1]["title"] == '"><script>x</script>'


def test_spans_from_tables_name_the_speaker_and_colour_the_topic():
    quotes = pd.DataFrame({"start": [0], "end": [5], "speaker": [pd.NA], "kind": ["direct"]})
    figures = pd.DataFrame({"start": [1], "end": [2], "metric": ["drug seizures"], "period": [None]})
    mentions = pd.DataFrame({"start": [3], "end": [4], "topic": ["narcotics"]})
    out = hl.spans(quotes, figures, mentions, {"narcotics": "#123456"})
    assert out[0].label == "unattributed (direct quote)" and out[0].tag == ""
    assert out[1].label == "figure, drug seizures" and out[2].colour == "#123456"


def test_legend_lists_each_topic_in_its_colour():
    out = hl.legend({"narcotics": "#123456"}, ["narcotics", "<odd>"])
    assert "text-decoration-color:#123456" in out and "&lt;odd&gt;" in out and "<odd>" not in out


# lib/metrics/releases.py


def frames():
    releases = pd.DataFrame(
        {
            "id": ["a", "b", "c"],
            "title": ["A", "B", "C"],
            "agency": ["X", "X", "Y"],
            "date": pd.to_datetime(["2024-01-01", "2025-01-01", None]),
            "words": [10, 20, 30],
        }
    )
    quotes = pd.DataFrame({"release_id": ["a", "a", "b"]})
    figures = pd.DataFrame({"release_id": ["b"]})
    mentions = pd.DataFrame({"release_id": ["a", "a", "a", "b"], "topic": ["t1", "t2", "t2", "t1"]})
    return releases, quotes, figures, mentions


def test_listing_counts_per_release_newest_first_topics_most_mentioned_first():
    out = rel.listing(*frames())
    assert out["id"].tolist() == ["b", "a", "c"]
    assert out["quotes"].tolist() == [1, 2, 0] and out["figures"].tolist() == [1, 0, 0]
    assert out["topics"].tolist() == ["t1", "t2, t1", ""]


def test_listing_limit_keeps_the_newest():
    assert rel.listing(*frames(), limit=1)["id"].tolist() == ["b"]


def test_links_append_the_id_to_the_base():
    assert rel.links(pd.Series(["ab12"]), "releases?q=x&release=").tolist() == ["releases?q=x&release=ab12"]


@pytest.mark.parametrize(
    "url, safe",
    [
        ("https://example.org/a", True),
        ("HTTP://example.org", True),
        ("javascript:alert(1)", False),
        ("data:text/html,x", False),
        (pd.NA, False),
    ],
)
def test_only_web_urls_are_linked(url, safe):
    assert (rel.safe_url(url) is not None) == safe


def test_provenance_shows_a_non_web_url_as_text_and_every_source():
    row = pd.Series({"url": "javascript:alert(1)", "sources": ["a.txt", "b.md"]})
    assert rel.provenance(row) == "URL (not a web link): javascript:alert(1)\nSource: a.txt\n        b.md"
    assert rel.provenance(pd.Series({"url": pd.NA, "sources": ["a.txt"]})) == "Source: a.txt"


def test_heading_and_choices():
    releases = frames()[0]
    row = releases.iloc[2].copy()
    row["agency"] = pd.NA
    assert rel.heading(row, 1, 2, 3) == "undated · agency unknown · 30 words · 1 quotes, 2 figures, 3 topics"
    assert rel.choices(rel.listing(*frames())) == {
        "b": "2025-01-01 · B",
        "a": "2024-01-01 · A",
        "c": "undated · C",
    }


def test_topic_table_counts_mentions_and_terms_the_topics_it_is_about_first():
    mentions = pd.DataFrame({"topic": ["t", "t", "u"], "term": ["x", "y", "x"]})
    out = rel.topic_table(mentions)
    first = out.to_dict("records")[0]
    assert pd.isna(first.pop("score"))  # no about row: not scored
    assert first == {"topic": "t", "about": False, "mentions": 2, "terms": "x, y"}
    about = pd.DataFrame({"topic": ["u", "t", "v"], "score": [0.4, 0.1, 0.2], "about": [True, False, True]})
    out = rel.topic_table(mentions, about)
    assert out["topic"].tolist() == ["u", "v", "t"]  # about first, then by mentions
    assert out.loc[1].to_dict() == {"topic": "v", "about": True, "score": 0.2, "mentions": 0, "terms": ""}
    assert rel.topic_table(mentions.iloc[:0]).empty


# The page through AppTest


def first_release(store) -> pd.Series:
    releases = Store(store).read("releases", ["id", "title", "date"])
    return releases.sort_values("date").iloc[0]


def test_the_list_shows_the_selection_and_the_text_search_narrows_it(open_app):
    at = open_app(page="pages/releases.py")
    assert not at.exception
    listing = at.dataframe(key="releases_list").value
    assert len(listing) == 72 and listing["open"].str.startswith("releases?release=").all()
    narrowed = open_app(page="pages/releases.py", q="fentanyl").dataframe(key="releases_list").value
    assert 0 < len(narrowed) < 72
    assert (narrowed["open"].str.startswith("releases?q=fentanyl&release=")).all()


def test_a_long_list_pages_through_every_selected_release(open_app, monkeypatch):
    from lib import ui

    monkeypatch.setattr(ui, "LIST_PAGE", 30)
    at = open_app(page="pages/releases.py")
    assert not at.exception
    pager = at.number_input(key="releases_page")
    assert pager.value == 1 and pager.max == 3 and pager.label == "Page (of 3)"
    assert "Listing 1–30 of 72, newest first" in " ".join(c.value for c in at.caption)
    seen = [at.dataframe(key="releases_list").value]
    for page in (2, 3):
        at.number_input(key="releases_page").set_value(page).run()
        assert not at.exception
        seen.append(at.dataframe(key="releases_list").value)
    assert [len(p) for p in seen] == [30, 30, 12]
    assert "Listing 61–72 of 72" in " ".join(c.value for c in at.caption)
    whole = pd.concat(seen)
    assert whole["open"].is_unique and whole["date"].is_monotonic_decreasing
    at.text_input(key="q").set_value("fentanyl").run()  # other filters: their list from its first page
    narrowed = at.dataframe(key="releases_list").value
    assert not at.exception and 0 < len(narrowed) < 30 and not at.number_input  # fewer than a page: no pager
    at.text_input(key="q").set_value("").run()
    assert at.number_input(key="releases_page").value == 1
    assert at.dataframe(key="releases_list").value["open"].tolist() == seen[0]["open"].tolist()


def test_a_release_in_the_url_opens_the_reader_with_marks_and_tables(open_app, sample_store):
    quotes = Store(sample_store).read("quotes", ["release_id", "speaker"])
    rid = quotes["release_id"].value_counts().index[0]
    title = Store(sample_store).read("releases", ["id", "title"], where=("id", rid))["title"].iloc[0]
    at = open_app(page="pages/releases.py", release=rid)
    assert not at.exception
    assert at.main.header[0].value == hl.escape_markdown(title)
    body = at.html[1].proto.body
    assert 'class="pr-quote"' in body and 'class="pr-figure"' in body and 'class="pr-topic"' in body
    speaker = quotes.loc[quotes["release_id"] == rid, "speaker"].dropna().iloc[0]
    assert f">{speaker}</sup>" in body
    tabs = {t.label.split(" (")[0]: t for t in at.tabs}
    assert len(tabs["Quotes"].dataframe[0].value) == (quotes["release_id"] == rid).sum()
    assert not tabs["Figures"].dataframe[0].value.empty and not tabs["Topics"].dataframe[0].value.empty
    assert at.selectbox(key="releases_pick").value == rid


def test_choosing_a_release_in_the_picker_puts_it_in_the_url(open_app, sample_store):
    first = first_release(sample_store)
    at = open_app(page="pages/releases.py")
    assert not at.main.header
    at.selectbox(key="releases_pick").set_value(first["id"]).run()
    assert not at.exception
    assert at.text_input(key="release").value == first["id"] and at.query_params["release"] == first["id"]
    assert at.main.header[0].value == hl.escape_markdown(first["title"])


def test_an_unknown_release_id_says_so(open_app):
    at = open_app(page="pages/releases.py", release="no-such-id")
    assert not at.exception and not at.html
    assert "No release has the id" in at.warning[0].value


def test_a_filter_matching_nothing_says_so(open_app):
    at = open_app(page="pages/releases.py", q="no release says this 7c1f")
    assert not at.exception and "No release matches the current filters" in at.info[0].value


@pytest.fixture(scope="module")
def hostile_store(tmp_path_factory):
    from lib.process import process

    corpus, store = tmp_path_factory.mktemp("hostile"), tmp_path_factory.mktemp("hostile_store")
    release = {
        "title": HOSTILE_TITLE,
        "date": "2024-05-01",
        "body": HOSTILE_BODY,
        "url": "javascript:alert(1)",
        "agency": "U.S. Customs and Border Protection",
    }
    (corpus / "hostile.jsonl").write_text(json.dumps(release) + "\n", encoding="utf-8")
    process([corpus], store, progress=False)
    return store


def test_a_hostile_release_is_shown_as_literal_text(open_app, hostile_store):
    rid = Store(hostile_store).read("releases", ["id"])["id"].iloc[0]
    at = open_app(store=hostile_store, page="pages/releases.py", release=rid)
    assert not at.exception
    body = at.html[1].proto.body
    assert "<script" not in body and "<img" not in body and "href" not in body
    assert "&lt;script&gt;alert(" in body and "&lt;img src=x onerror=alert(" in body and "&amp;amp;" in body
    assert "[link](javascript:alert(" in body and BOLD in body and LONG in body
    assert 'class="pr-quote"' in body and ">Lisa Okafor</sup>" in body  # marks still work inside hostile text
    assert "".join(parse(body).text) == HOSTILE_BODY
    assert at.main.header[0].value == hl.escape_markdown(HOSTILE_TITLE)
    assert r"\<script\>" in at.main.header[0].value and r"\[x\]\(javascript\:" in at.main.header[0].value
    assert not at.get("link_button")  # a javascript: URL is never a link
    assert "URL (not a web link): javascript:alert(1)" in at.text[0].value
    assert at.dataframe(key="releases_list").value["title"].tolist() == [HOSTILE_TITLE]
