"""The briefing deck: a PowerPoint file read back with python-pptx and a PDF read back with pypdf."""

from __future__ import annotations

import io
import re
import struct
import zlib
from datetime import date

import pytest
from conftest import need
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE, PP_PLACEHOLDER
from pypdf import PdfReader

from lib import briefing, deck, export
from lib.filters import Filters

NOTES = {
    "topics": "Narcotics leads every year; “fentanyl” seizures doubled → see the Figures page. Zoë, 5 €.",
    "speakers": "Two people give half the quotes.\nAsk the press office why.",
}
MADE = date(2026, 3, 14)


def _png(width: int, height: int) -> bytes:
    """A white RGB PNG, written by hand: a real picture for the tests that need no browser."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    rows = b"".join(b"\x00" + b"\xff" * 3 * width for _ in range(height))
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


def _png_size(png: bytes) -> tuple[int, int]:
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", png[16:24])


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


@pytest.fixture(scope="module")
def sample_deck(sample_store):
    """Every briefing chart of the sample, as the page builds them, made into both decks (real pictures)."""
    need(export.available(), "Debian's chromium is not installed (apt-get install chromium)")
    from lib.store import Store

    store = Store(sample_store)
    frames = {
        "releases": store.read("releases"),
        **{t: store.read(t) for t in ("topic_mentions", "topic_about", "quotes", "figures")},
    }
    f = Filters()
    stamp = briefing.stamp(f, frames["releases"], store.current())
    data = briefing.inputs(frames, f)
    figs = {key: spec.build(data, f, "Source: test")[0] for key, spec in briefing.CHARTS.items()}
    cover = deck.Cover(deck.COVER_TITLE, briefing.cover(f, frames["releases"], store.current(), MADE))
    slides = [deck.chart_slide(fig, stamp, NOTES.get(key, "")) for key, fig in figs.items()]
    return {
        "keys": list(figs),
        "figs": figs,
        "stamp": stamp,
        "slides": slides,
        "pptx": Presentation(io.BytesIO(deck.pptx(cover, slides))),
        "pdf": PdfReader(io.BytesIO(deck.pdf(cover, slides))),
    }


def _picture(slide):
    pictures = [s for s in slide.shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE]
    assert len(pictures) == 1
    return pictures[0]


def _footer(slide):
    footers = [p for p in slide.placeholders if p.placeholder_format.type == PP_PLACEHOLDER.FOOTER]
    assert len(footers) == 1
    return footers[0]


@pytest.mark.browser
def test_the_deck_is_a_title_slide_then_one_16_by_9_slide_per_chart(sample_deck):
    prs = sample_deck["pptx"]
    assert len(prs.slides) == 1 + len(briefing.CHARTS)
    assert (prs.slide_width, prs.slide_height) == (12_192_000, 6_858_000)  # 13.33 × 7.5 inches
    assert prs.slide_width * 9 == prs.slide_height * 16


@pytest.mark.browser
def test_the_title_slide_gives_the_selection_and_the_date(sample_deck):
    cover = sample_deck["pptx"].slides[0]
    assert cover.shapes.title.text == "Pressroom briefing"
    body = cover.placeholders[1].text_frame.text
    assert "Selection: all releases" in body and "72 releases, published" in body
    assert "made 14 Mar 2026" in body and "Store version v" in body


@pytest.mark.browser
def test_each_slide_is_titled_as_its_chart(sample_deck):
    for key, slide in zip(sample_deck["keys"], list(sample_deck["pptx"].slides)[1:], strict=True):
        chart_title = sample_deck["figs"][key].layout.title.text
        paragraphs = [p.text for p in slide.shapes.title.text_frame.paragraphs]
        assert paragraphs[0] == chart_title.split("<br>")[0] and paragraphs[0], key
        if key == "topic_trend":  # the chart's second title line, without its <sup> markup
            assert paragraphs[1].startswith("illegal migration, narcotics") and "<" not in paragraphs[1]
        else:
            assert len(paragraphs) == 1, key


@pytest.mark.browser
def test_the_chart_is_a_picture_the_full_width_of_the_slide(sample_deck):
    prs = sample_deck["pptx"]
    for made, slide in zip(sample_deck["slides"], list(prs.slides)[1:], strict=True):
        picture = _picture(slide)
        assert picture.left == 0 and picture.width == prs.slide_width
        assert picture.image.blob == made.picture and picture.image.content_type == "image/png"
        width, height = _png_size(made.picture)
        assert width == 1600
        assert abs(height / width - picture.height / picture.width) < 1 / width  # drawn undistorted
        title = slide.shapes.title
        assert (
            title.top + title.height <= picture.top < _footer(slide).top
        )  # between the title and the footer
        assert picture.top + picture.height <= _footer(slide).top


@pytest.mark.browser
def test_the_stamp_is_each_slides_footer(sample_deck):
    stamp = sample_deck["stamp"]
    assert "72 releases" in stamp and "store version v" in stamp and "all releases" in stamp
    for slide in list(sample_deck["pptx"].slides)[1:]:
        footer = _footer(slide)
        assert footer.text_frame.text == stamp
        assert footer.top + footer.height <= sample_deck["pptx"].slide_height


@pytest.mark.browser
def test_a_note_goes_under_the_chart_and_into_the_slides_notes(sample_deck):
    for key, slide in zip(sample_deck["keys"], list(sample_deck["pptx"].slides)[1:], strict=True):
        boxes = [s for s in slide.shapes if s.shape_type == MSO_SHAPE_TYPE.TEXT_BOX]
        if key in NOTES:
            assert slide.notes_slide.notes_text_frame.text == NOTES[key]
            assert len(boxes) == 1 and boxes[0].text_frame.text == NOTES[key]
            picture = _picture(slide)
            assert picture.top + picture.height <= boxes[0].top < _footer(slide).top
        else:
            assert not slide.has_notes_slide and boxes == [], key


@pytest.mark.browser
def test_the_pdf_has_a_page_a_slide_with_title_picture_note_and_stamp(sample_deck):
    reader = sample_deck["pdf"]
    assert len(reader.pages) == 1 + len(briefing.CHARTS)
    for page in reader.pages:
        assert (float(page.mediabox.width), float(page.mediabox.height)) == (960, 540)  # 13.33 × 7.5 in
    cover = _flat(reader.pages[0].extract_text())
    assert (
        "Pressroom briefing" in cover and "Selection: all releases" in cover and "made 14 Mar 2026" in cover
    )
    assert len(reader.pages[0].images) == 0
    for key, made, page in zip(sample_deck["keys"], sample_deck["slides"], reader.pages[1:], strict=True):
        words = _flat(page.extract_text())
        assert _flat(made.title) in words and _flat(sample_deck["stamp"]) in words, key
        if key in NOTES:
            assert _flat(NOTES[key]) in words, key
        images = page.images
        assert len(images) == 1 and images[0].image.size == _png_size(made.picture), key


@pytest.mark.browser
def test_notes_given_as_a_function_are_read_again_once_the_pictures_are_drawn(sample_deck):
    figs = [sample_deck["figs"]["releases"], sample_deck["figs"]["topics"]]
    asked = []

    def notes():  # the page's notes: the second is typed while the deck is being made
        asked.append(len(asked))
        return ["", "Typed at the last moment."] if len(asked) > 1 else ["", ""]

    cover = deck.Cover("T", ())
    prs = Presentation(io.BytesIO(deck.make("pptx", cover, figs, "the stamp", notes)))
    assert asked == [0, 1]
    second = prs.slides[2]
    assert second.notes_slide.notes_text_frame.text == "Typed at the last moment."
    picture, box = _picture(second), deck.layout("Typed at the last moment.")[0]
    assert _png_size(picture.image.blob) == deck.pixels(box)  # drawn again for the room the note leaves
    assert not prs.slides[1].has_notes_slide
    assert _png_size(_picture(prs.slides[1]).image.blob) == deck.pixels(deck.layout("")[0])
    reader = PdfReader(io.BytesIO(deck.make("pdf", cover, figs, "the stamp", ["A", "B"])))
    assert len(reader.pages) == 3 and "A" in reader.pages[1].extract_text()


def _slide(note: str = "", stamp: str = "the stamp", title: str = "A chart") -> deck.Slide:
    box, _ = deck.layout(deck.text(note))
    return deck.Slide(title, "", _png(*deck.pixels(box)), deck.text(stamp), deck.text(note))


def test_a_long_note_is_cut_under_the_chart_and_kept_whole_in_the_notes():
    note = "\n".join(f"Paragraph {i}: " + " ".join(["more words"] * 30) for i in range(6))
    prs = Presentation(io.BytesIO(deck.pptx(deck.Cover("T", ()), [_slide(note)])))
    slide = prs.slides[1]
    assert slide.notes_slide.notes_text_frame.text == note
    shown = next(s for s in slide.shapes if s.shape_type == MSO_SHAPE_TYPE.TEXT_BOX).text_frame.text
    assert shown.endswith("…") and len(shown) <= deck.MAX_NOTE_LINES * deck.NOTE_CHARS + 5
    assert shown.startswith("Paragraph 0: more words")
    picture, under = deck.layout(note)
    assert picture.w == deck.WIDTH and under.y + under.h <= deck.FOOTER.y
    assert picture.h > 3.5  # the chart keeps most of the slide
    assert deck.layout("")[0].h > picture.h and deck.layout("")[1] is None


def test_hostile_text_is_written_as_text_in_both_files():
    note = '=HYPERLINK("http://x") <script>alert(1)</script>\x00 \u202egnp.exe\x0b &amp; done'
    stamp = 'Pressroom · text "<b onmouseover=alert(2)>" \x07 · 3 releases'
    made = _slide(note, stamp, title="Quotes <i>about</i> &lt;ports&gt;")
    assert "\x00" not in made.note and "\u202e" not in made.note and "\x0b" not in made.note
    prs = Presentation(io.BytesIO(deck.pptx(deck.Cover("Cover \x00 <b>", ("line \u202e one",)), [made])))
    slide = prs.slides[1]
    assert slide.notes_slide.notes_text_frame.text == (
        '=HYPERLINK("http://x") <script>alert(1)</script> gnp.exe &amp; done'
    )
    assert _footer(slide).text_frame.text == 'Pressroom · text "<b onmouseover=alert(2)>"  · 3 releases'
    assert slide.shapes.title.text == "Quotes <i>about</i> &lt;ports&gt;"  # a Slide's title is shown as given
    assert prs.slides[0].shapes.title.text == "Cover  <b>"
    words = _flat(PdfReader(io.BytesIO(deck.pdf(deck.Cover("Cover", ()), [made]))).pages[1].extract_text())
    assert "<script>alert(1)</script>" in words and "<b onmouseover=alert(2)>" in words


def test_a_chart_title_becomes_plain_text():
    import plotly.graph_objects as go

    fig = go.Figure(layout=dict(title=dict(text="Quotes by A &amp; B<br><sup>x &lt;y&gt;, z\u200b{</sup>")))
    assert deck.title_lines(fig) == ("Quotes by A & B", "x <y>, z{")
    assert deck.title_lines(go.Figure()) == ("", "")


def test_without_a_unicode_font_the_pdf_falls_back_to_latin_1(monkeypatch):
    monkeypatch.setattr(deck, "fonts", lambda: ())
    made = _slide("Zoë sees “€5” → Nguyễn…", "Pressroom · 3 releases")
    words = _flat(
        PdfReader(io.BytesIO(deck.pdf(deck.Cover("Cover", ("made today",)), [made]))).pages[1].extract_text()
    )
    assert "Zoë sees ?" in words and "Nguy?n..." in words and "Pressroom · 3 releases" in words


def test_the_pdf_uses_a_unicode_font_when_the_machine_has_one():
    need(bool(deck.fonts()), "no Liberation or DejaVu font here (chromium's fontconfig brings one)")
    made = _slide("Zoë sees “€5” → Nguyễn", "Pressroom · 3 releases")
    words = _flat(PdfReader(io.BytesIO(deck.pdf(deck.Cover("Cover", ()), [made]))).pages[1].extract_text())
    assert "Zoë sees “€5” → Nguy" in words


def test_an_unknown_kind_of_deck_is_refused():
    with pytest.raises(KeyError):
        deck.make("key", deck.Cover("T", ()), [], "stamp")
    assert set(deck.FORMATS) == {"pptx", "pdf"}
