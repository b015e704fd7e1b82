"""A briefing deck: the chosen charts as 16:9 slides, as PowerPoint (python-pptx) and as PDF (fpdf2), laid out
alike. A chart's slide has its title, the chart as a picture the full width of the slide (a PNG through
lib.export), an optional note under it (also in the slide's notes) and the stamp as its footer; a title slide
with the selection and the date comes first."""

from __future__ import annotations

import html
import io
import math
import re
import shutil
import subprocess
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import plotly.graph_objects as go

from lib import charts, export

# PowerPoint's widescreen slide, 13.33 × 7.5 inches; the PDF's pages are the same size. Boxes are in inches.
WIDTH, HEIGHT = 12_192_000 / 914_400, 6_858_000 / 914_400
MARGIN = 0.5
PICTURE_PX = 1600  # width of a chart's picture in pixels: 120 per inch of slide
TOP = 1.15  # where the picture starts, under the title (and its second line)
FOOTER_H = 0.45
NOTE_PT, NOTE_LINE, NOTE_CHARS = 14, 0.3, 110  # a note's type, inches a line, characters a line (about)
MAX_NOTE_LINES = 4  # under the chart; the slide's notes keep the whole note
GREY = (0x52, 0x60, 0x6D)
INK = (0x1F, 0x29, 0x33)
COVER_TITLE = "Pressroom briefing"
TYPEFACE = (
    "Arial"  # on every computer PowerPoint runs on; Liberation Sans, the PDF's first choice, has its metrics
)


@dataclass(frozen=True)
class Box:
    x: float
    y: float
    w: float
    h: float


TITLE = Box(MARGIN, 0.3, WIDTH - 2 * MARGIN, TOP - 0.35)
FOOTER = Box(MARGIN, HEIGHT - FOOTER_H - 0.1, WIDTH - 2 * MARGIN, FOOTER_H)


@dataclass(frozen=True)
class Slide:
    """One chart's slide: its title (and a smaller second line when the chart has one), the PNG, the stamp
    and the note typed for it."""

    title: str
    subtitle: str
    picture: bytes
    stamp: str
    note: str = ""


@dataclass(frozen=True)
class Cover:
    title: str
    lines: tuple[str, ...]


def text(value: str) -> str:
    """Text fit for a slide: no control or format characters (NUL, bidirectional overrides, zero-width marks),
    which XML refuses or which disguise what is written; line breaks and tabs kept."""
    return "".join(
        c for c in str(value) if c in "\n\t" or unicodedata.category(c) not in ("Cc", "Cf", "Cs", "Co", "Cn")
    ).strip()


def _note_lines(note: str) -> list[str]:
    """The note as it shows under the chart: at most MAX_NOTE_LINES lines (about), cut with an ellipsis."""
    shown, used = [], 0
    for para in note.splitlines():
        lines = max(1, math.ceil(len(para) / NOTE_CHARS))
        if used + lines > MAX_NOTE_LINES:
            room = (MAX_NOTE_LINES - used) * NOTE_CHARS
            if room > 0:
                shown.append(para[: room - 1].rstrip(" .,;:") + "…")
            elif shown:
                shown[-1] = shown[-1].rstrip(" .,;:…") + "…"
            break
        shown.append(para)
        used += lines
    return shown


def layout(note: str) -> tuple[Box, Box | None]:
    """The picture's box (full slide width) and the note's box under it (None without a note)."""
    shown = _note_lines(note)
    lines = sum(max(1, math.ceil(len(p) / NOTE_CHARS)) for p in shown)
    note_h = lines * NOTE_LINE + 0.1 if shown else 0.0
    picture = Box(0.0, TOP, WIDTH, FOOTER.y - TOP - note_h - 0.05)
    return picture, (Box(MARGIN, picture.y + picture.h, WIDTH - 2 * MARGIN, note_h) if shown else None)


def pixels(box: Box) -> tuple[int, int]:
    return PICTURE_PX, round(PICTURE_PX * box.h / box.w)


def title_lines(fig: go.Figure) -> tuple[str, str]:
    """A chart's title as plain text: its first line, and the rest (a `<br><sup>…</sup>` line) as a second."""
    raw = str(fig.layout.title.text or "")
    first, _, rest = raw.partition("<br>")
    plain = lambda s: text(html.unescape(re.sub(r"<[^>]*>", "", s)).replace("\u200b", ""))  # noqa: E731
    return plain(first), plain(rest.replace("<br>", " "))


def picture(fig: go.Figure, box: Box) -> bytes:
    """The chart as a PNG for `box`: the slide's type sizes and margins, without the title and the stamp,
    which the slide carries as text."""
    out = charts.slide(fig, "")
    out.layout.annotations = out.layout.annotations[:-1]  # the (empty) stamp charts.slide added
    legend = sum(1 for t in out.data if t.showlegend is not False) > 1 and out.layout.showlegend is not False
    width, height = pixels(box)
    out.update_layout(
        title=dict(text=""), width=width, height=height, margin=dict(t=55 if legend else 15, b=60)
    )
    return export.image(out, "png", width, height)


def chart_slide(fig: go.Figure, stamp: str, note: str = "", png: bytes | None = None) -> Slide:
    """A chart's slide, its picture drawn unless given (a fraction of a second once the browser runs)."""
    note = text(note)
    title, subtitle = title_lines(fig)
    return Slide(title, subtitle, png or picture(fig, layout(note)[0]), text(stamp), note)


def _title_pt(title: str) -> int:
    """Type size that keeps a chart's title on one line, most of the time (PowerPoint wraps the rest)."""
    return 26 if len(title) <= 55 else 22 if len(title) <= 68 else 19 if len(title) <= 82 else 16


# PowerPoint -------------------------------------------------------------------------------------------------


def pptx(cover: Cover, slides: list[Slide]) -> bytes:
    """The deck as a PowerPoint file: the title slide, then one slide a chart."""
    from pptx import Presentation

    prs = Presentation()
    _widescreen(prs)
    _pptx_cover(prs, cover)
    for slide in slides:
        _pptx_slide(prs, slide)
    out = io.BytesIO()
    prs.save(out)
    return out.getvalue()


def _widescreen(prs) -> None:
    """16:9, the template's placeholders stretched to match, so slides added later in PowerPoint fit too."""
    from pptx.util import Emu

    factor = Emu(round(WIDTH * 914_400)) / prs.slide_width
    prs.slide_width, prs.slide_height = Emu(round(WIDTH * 914_400)), Emu(round(HEIGHT * 914_400))
    layouts = [ph for layout in prs.slide_layouts for ph in layout.placeholders]
    for ph in [*prs.slide_master.placeholders, *layouts]:
        if ph.left is not None and ph.width is not None:
            ph.left, ph.width = Emu(round(ph.left * factor)), Emu(round(ph.width * factor))


def _place(shape, box: Box) -> None:
    from pptx.util import Inches

    shape.left, shape.top, shape.width, shape.height = (Inches(v) for v in (box.x, box.y, box.w, box.h))


def _paragraph(frame, index: int, value: str, pt: int, colour=INK, bold: bool | None = None):
    from pptx.dml.color import RGBColor
    from pptx.enum.text import PP_ALIGN
    from pptx.util import Pt

    para = frame.paragraphs[0] if index == 0 else frame.add_paragraph()
    para.alignment = PP_ALIGN.LEFT
    run = para.add_run()
    run.text = value
    run.font.name, run.font.size, run.font.color.rgb = TYPEFACE, Pt(pt), RGBColor(*colour)
    if bold is not None:
        run.font.bold = bold
    return para


def _pptx_cover(prs, cover: Cover) -> None:
    from pptx.enum.text import MSO_ANCHOR

    slide = prs.slides.add_slide(prs.slide_layouts[0])  # "Title Slide"
    title, body = slide.shapes.title, slide.placeholders[1]
    _place(title, Box(1.0, 1.6, WIDTH - 2.0, 1.6))
    _place(body, Box(1.0, 3.4, WIDTH - 2.0, 2.8))
    title.text_frame.vertical_anchor = MSO_ANCHOR.BOTTOM
    _paragraph(title.text_frame, 0, text(cover.title), 40, bold=True)
    body.text_frame.word_wrap = True
    body.text_frame.vertical_anchor = MSO_ANCHOR.TOP
    for i, line in enumerate(cover.lines):
        _paragraph(body.text_frame, i, text(line), 18, GREY if i else INK)


def _pptx_slide(prs, slide: Slide) -> None:
    from pptx.enum.shapes import PP_PLACEHOLDER
    from pptx.enum.text import MSO_ANCHOR
    from pptx.util import Inches

    template = prs.slide_layouts[5]  # "Title Only"
    page = prs.slides.add_slide(template)
    title = page.shapes.title
    _place(title, TITLE)
    frame = title.text_frame
    frame.word_wrap, frame.vertical_anchor = True, MSO_ANCHOR.TOP
    _paragraph(frame, 0, slide.title, _title_pt(slide.title), bold=True)
    if slide.subtitle:
        _paragraph(frame, 1, slide.subtitle, 15, GREY, bold=False)
    picture_box, note_box = layout(slide.note)
    pic = page.shapes.add_picture(
        io.BytesIO(slide.picture),
        Inches(picture_box.x),
        Inches(picture_box.y),
        prs.slide_width,
        Inches(picture_box.h),
    )
    pic.name = "Chart"
    pic._element.nvPicPr.cNvPr.set("descr", slide.title)  # alternative text, read out by screen readers
    if note_box is not None:
        box = page.shapes.add_textbox(0, 0, 0, 0)
        _place(box, note_box)
        box.text_frame.word_wrap = True
        for i, line in enumerate(_note_lines(slide.note)):
            _paragraph(box.text_frame, i, line, NOTE_PT)
    if slide.note:
        page.notes_slide.notes_text_frame.text = slide.note
    footer = next(ph for ph in template.placeholders if ph.placeholder_format.type == PP_PLACEHOLDER.FOOTER)
    page.shapes.clone_placeholder(footer)  # a real footer, as PowerPoint's Header & Footer dialog makes
    shape = page.placeholders[footer.placeholder_format.idx]
    _place(shape, FOOTER)
    shape.text_frame.word_wrap = True
    _paragraph(shape.text_frame, 0, slide.stamp, 10, GREY)


# PDF --------------------------------------------------------------------------------------------------------

# Unicode fonts for the PDF's text: the first found is used and the others fill in missing characters.
# Chromium, which draws the charts, brings fontconfig and a font with it; with none of these, the PDF's own
# Helvetica (Latin-1).
FONTS = (
    ("LiberationSans-Regular.ttf", "LiberationSans-Bold.ttf"),
    ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf"),
)
FONT_DIRS = (Path("/usr/share/fonts"), Path("/usr/local/share/fonts"))


@lru_cache(maxsize=1)
def fonts() -> tuple[tuple[Path, Path], ...]:
    """(regular, bold) TrueType files found on this machine, in order of preference (looked for once)."""
    found = []
    for regular, bold in FONTS:
        for root in FONT_DIRS:
            hits = sorted(root.rglob(regular)) if root.is_dir() else []
            if hits and (hits[0].parent / bold).is_file():
                found.append((hits[0], hits[0].parent / bold))
                break
    if not found and shutil.which("fc-match"):
        files = [
            subprocess.run(
                ["fc-match", "-f", "%{file}", f"sans-serif:{style}"], capture_output=True, text=True
            ).stdout
            for style in ("regular", "bold")
        ]
        if all(f.lower().endswith(".ttf") and Path(f).is_file() for f in files):
            found.append((Path(files[0]), Path(files[1])))
    return tuple(found)


class _Pdf:
    """fpdf2 with the deck's sizes: pages of WIDTH × HEIGHT inches, type in points, Unicode if fonts allow."""

    def __init__(self) -> None:
        from fpdf import FPDF

        self.doc = FPDF(orientation="L", unit="in", format=(HEIGHT, WIDTH))
        self.doc.set_auto_page_break(False)
        self.doc.set_margin(0)
        self.doc.set_creator("Pressroom")
        found = fonts()
        for i, (regular, bold) in enumerate(found):
            self.doc.add_font(f"deck{i}", "", str(regular))
            self.doc.add_font(f"deck{i}", "B", str(bold))
        self.family = "deck0" if found else "helvetica"
        if len(found) > 1:
            self.doc.set_fallback_fonts([f"deck{i}" for i in range(1, len(found))])
        self.unicode = bool(found)

    def write(self, box: Box, value: str, pt: float, colour=INK, bold: bool = False) -> float:
        """Wrapped text from the top of `box`; returns where it ended (inches)."""
        if not self.unicode:  # Helvetica knows Latin-1 only
            value = value.replace("…", "...").encode("latin-1", "replace").decode("latin-1")
        self.doc.set_font(self.family, "B" if bold else "", pt)
        self.doc.set_text_color(*colour)
        self.doc.set_xy(box.x, box.y)
        self.doc.multi_cell(box.w, pt * 1.2 / 72, value, align="L")
        return self.doc.get_y()


def pdf(cover: Cover, slides: list[Slide]) -> bytes:
    """The deck as a PDF, one page a slide, laid out as the PowerPoint file."""
    out = _Pdf()
    out.doc.set_title(text(cover.title))
    out.doc.add_page()
    y = out.write(Box(1.0, 2.4, WIDTH - 2.0, 1.0), text(cover.title), 40, bold=True)
    y += 0.35
    for i, line in enumerate(cover.lines):
        y = out.write(Box(1.0, y, WIDTH - 2.0, 0.5), text(line), 18, GREY if i else INK) + 0.12
    for slide in slides:
        out.doc.add_page()
        y = out.write(TITLE, slide.title, _title_pt(slide.title), bold=True)
        if slide.subtitle:
            out.write(Box(TITLE.x, y + 0.04, TITLE.w, 0.3), slide.subtitle, 15, GREY)
        picture_box, note_box = layout(slide.note)
        out.doc.image(io.BytesIO(slide.picture), picture_box.x, picture_box.y, picture_box.w, picture_box.h)
        if note_box is not None:
            out.write(note_box, "\n".join(_note_lines(slide.note)), NOTE_PT)
        out.write(FOOTER, slide.stamp, 10, GREY)
    return bytes(out.doc.output())


FORMATS = {  # kind -> the button's label, the MIME type, the writer
    "pptx": (
        "Download deck (PowerPoint)",
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        pptx,
    ),
    "pdf": ("Download deck (PDF)", "application/pdf", pdf),
}


def make(
    kind: str,
    cover: Cover,
    figs: list[go.Figure],
    stamp: str,
    notes: Sequence[str] | Callable[[], Sequence[str]] = (),
) -> bytes:
    """The deck of `figs` as `kind` ("pptx" or "pdf"), with a note per chart ("" or none for none).

    `notes` may be a function giving them as they are when called. It is asked again once the pictures are
    drawn: a note typed just before the click that starts the deck reaches the page's state only in the run
    that click starts, meanwhile. A picture whose room changed with its note is drawn again."""
    writer = FORMATS[kind][2]  # an unknown kind fails before any picture is drawn
    drawn: dict[tuple[int, Box], bytes] = {}

    def typed() -> list[str]:
        given = [text(n) for n in (notes() if callable(notes) else notes)]
        return (given + [""] * len(figs))[: len(figs)]

    def draw(chosen: list[str]) -> list[bytes]:
        for i, (fig, note) in enumerate(zip(figs, chosen, strict=True)):
            box = layout(note)[0]
            if (i, box) not in drawn:
                drawn[i, box] = picture(fig, box)
        return [drawn[i, layout(note)[0]] for i, note in enumerate(chosen)]

    draw(typed())
    final = typed()
    slides = [
        chart_slide(fig, stamp, note, png) for fig, note, png in zip(figs, final, draw(final), strict=True)
    ]
    return writer(cover, slides)
