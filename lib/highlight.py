"""A release body as HTML with its quotes, figures and topic terms marked, and Markdown escaping for release
text. Every character of release text goes through html.escape: the only markup in the output is the <span>,
<sup> and <div> elements written here. Render it with st.html (no Markdown, DOMPurify-sanitised), never as
Markdown."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

import pandas as pd

QUOTE_BG = "#e8f0fb"
FIGURE_STYLE = "font-weight:600;border-bottom:2px solid #d1495b"
TAG_STYLE = "font-size:0.7em;color:#1d4e89;margin-left:2px"
KINDS = ("quote", "figure", "topic")  # outermost first
_MARKDOWN = re.compile(r"([!-/:-@\[-`{-~])")  # every ASCII punctuation character; CommonMark escapes them all


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    kind: str  # quote, figure or topic
    label: str  # shown on hover: the speaker, the metric, the topic
    colour: str = ""
    tag: str = ""  # shown after the span's end: the quote's speaker


def escape_markdown(text: str) -> str:
    """Release text for st.markdown / st.header / st.caption: HTML and Markdown shown literally, on one
    line."""
    return _MARKDOWN.sub(r"\\\1", " ".join(str(text).split()))


def spans(
    quotes: pd.DataFrame, figures: pd.DataFrame, mentions: pd.DataFrame, colours: dict[str, str]
) -> list[Span]:
    """Spans from one release's rows of the quotes, figures and topic_mentions tables."""
    out = [
        Span(
            int(q.start),
            int(q.end),
            "quote",
            f"{_text(q.speaker) or 'unattributed'} ({q.kind} quote)",
            tag=_text(q.speaker),
        )
        for q in quotes.itertuples(index=False)
    ]
    out += [
        Span(
            int(f.start),
            int(f.end),
            "figure",
            ", ".join(filter(None, ["figure", _text(f.metric), _text(f.period)])),
        )
        for f in figures.itertuples(index=False)
    ]
    out += [
        Span(int(m.start), int(m.end), "topic", f"topic: {m.topic}", colours.get(m.topic, "#888888"))
        for m in mentions.itertuples(index=False)
    ]
    return out


def _text(value) -> str:
    return value if isinstance(value, str) else ""


def _style(span: Span) -> str:
    if span.kind == "quote":
        return f"background:{QUOTE_BG};border-radius:3px"
    if span.kind == "figure":
        return FIGURE_STYLE
    return (
        f"text-decoration:underline;text-decoration-color:{span.colour};"
        "text-decoration-thickness:3px;text-decoration-skip-ink:none"
    )


def _wrap(text: str, span: Span) -> str:
    return (
        f'<span class="pr-{span.kind}" style="{html.escape(_style(span))}" '
        f'title="{html.escape(span.label, quote=True)}">{text}</span>'
    )


def render(body: str, marks: list[Span]) -> str:
    """HTML of the body: cut at every span boundary, each piece escaped and wrapped in the spans covering it
    (the earliest of each kind, quotes outermost), so overlapping spans never break the markup."""
    body = body if isinstance(body, str) else ""
    n = len(body)
    valid = sorted(
        (s for s in marks if 0 <= s.start < s.end <= n and s.kind in KINDS), key=lambda s: (s.start, -s.end)
    )
    cuts = sorted({0, n, *(s.start for s in valid), *(s.end for s in valid)})
    active: list[Span] = []
    nxt, pieces = 0, []
    for a, b in zip(cuts, cuts[1:], strict=False):
        active = [s for s in active if s.end > a]
        while nxt < len(valid) and valid[nxt].start <= a:
            active.append(valid[nxt])
            nxt += 1
        text = html.escape(body[a:b], quote=True)
        covering = {}
        for s in active:
            covering.setdefault(s.kind, s)
        for kind in reversed(KINDS):  # innermost first, so quotes end up outermost
            if kind in covering:
                text = _wrap(text, covering[kind])
        pieces.append(text)
        pieces += [
            f'<sup style="{TAG_STYLE}">{html.escape(s.tag, quote=True)}</sup>'
            for s in active
            if s.kind == "quote" and s.end == b and s.tag
        ]
    return (
        '<div class="pr-release" style="white-space:pre-wrap;overflow-wrap:anywhere;line-height:1.6">'
        f"{''.join(pieces)}</div>"
    )


def legend(colours: dict[str, str], topics: list[str]) -> str:
    """A one-line key to the marks: quote (with its speaker), figure, and each topic present in its colour."""
    items = [
        f'<span style="background:{QUOTE_BG};padding:0 4px">quote</span>'
        f'<sup style="{TAG_STYLE}">speaker</sup>',
        f'<span style="{FIGURE_STYLE}">figure</span>',
    ]
    items += [
        f'<span style="text-decoration:underline;text-decoration-color:{colours.get(t, "#888888")};'
        f'text-decoration-thickness:3px;text-decoration-skip-ink:none">{html.escape(t)}</span>'
        for t in topics
    ]
    return '<div style="font-size:0.85em;color:#52606d">Marked: ' + " · ".join(items) + "</div>"
