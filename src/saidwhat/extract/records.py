"""Statement records from frames and quotes: the content trimmed, its kind, its sentence.

``statement_of(doc, frame)`` turns a kept frame into a :class:`~saidwhat.model.Statement`
(content pieces round a frame's gap, quote marks a clause stopped short of, a confidence
from the cue's prior or the scorer); ``direct_statement`` does the same for a direct quote
no frame took.
"""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Doc

from saidwhat.extract.quotes import Quote
from saidwhat.extract.spans import Frame, doc_text
from saidwhat.model import Kind, Span, Statement

QUOTE_CHARS = '"“”„«»'


def statement_of(doc: Doc, f: Frame, text: str, quotes: Sequence[Quote] = ()) -> Statement:
    """The statement of a kept frame: its content trimmed and balanced on ``quotes``."""
    assert f.content is not None
    lo, hi = _balance_quotes(text, *trim_content(text, *f.content), quotes)
    kind = content_kind(text, lo, hi, f.quote)
    confidence = min(
        0.95, 0.35 + 0.4 * f.info.prior + (0.15 if f.source else 0.0) + (0.1 if f.quote else 0.0)
    )
    if f.score is not None:
        confidence = min(0.95, f.score)
    return Statement(
        content=Span(lo, hi, text[lo:hi]),
        pieces=tuple(Span(a, b, text[a:b]) for a, b in content_pieces(f, text)),
        kind=kind,
        cue=Span(f.cue_span[0], f.cue_span[1], text[f.cue_span[0] : f.cue_span[1]]),
        source=Span(f.source[0], f.source[1], text[f.source[0] : f.source[1]])
        if f.source
        else None,
        confidence=round(confidence, 3),
        attitude=f.info.attitude,
        sentence=sentence_span(doc, lo, hi),
    )


def _balance_quotes(text: str, lo: int, hi: int, quotes: Sequence[Quote]) -> tuple[int, int]:
    """A content that stops just short of a quote mark it opened or starts just after
    one it closes ('described the talks as “extremely productive,”': the parse leaves
    the comma and the mark outside the clause) takes the mark and what lies between."""
    for q in quotes:
        if q.start < lo < q.end <= hi and not text[q.start + q.open_width : lo].strip():
            lo = q.start
        if lo <= q.start < hi < q.end and q.closed and not text[hi : q.end - 1].strip(",.?!;:"):
            hi = q.end
    return lo, hi


def content_pieces(f: Frame, text: str) -> list[tuple[int, int]]:
    """The two pieces around a frame's ``gap`` ("If X, he said, Y": X and Y), or none
    (no gap, or a content that became a direct quote)."""
    assert f.content is not None
    lo, hi = trim_content(text, *f.content)
    if f.gap is None or f.quote is not None or not lo < f.gap[0] <= f.gap[1] < hi:
        return []
    pieces = [trim_content(text, lo, f.gap[0]), trim_content(text, f.gap[1], hi)]
    return pieces if all(a < b for a, b in pieces) else []


def content_kind(text: str, lo: int, hi: int, quote: Quote | None) -> Kind:
    """Direct (the content is the quote), mixed (it holds quote marks) or indirect."""
    inner = text[lo:hi]
    if (
        quote is not None
        and quote.start >= lo - 1
        and quote.end <= hi + 1
        and len(inner.strip(QUOTE_CHARS + " ,.")) <= (quote.end - quote.start)
    ):
        return "direct"
    if any(c in inner for c in QUOTE_CHARS):
        return "mixed"
    return "indirect"


def trim_content(text: str, lo: int, hi: int) -> tuple[int, int]:
    """Drop surrounding spaces and trailing commas; keep quote marks and final stops."""
    while lo < hi and (text[lo].isspace() or text[lo] in ",;:—–"):
        lo += 1
    while hi > lo and (text[hi - 1].isspace() or text[hi - 1] in ",;:—–"):
        hi -= 1
    return lo, hi


def sentence_span(doc: Doc, lo: int, hi: int) -> Span:
    """The sentences that ``lo:hi`` lies in."""
    span = doc.char_span(lo, hi, alignment_mode="expand")
    if span is None or len(span) == 0:
        return Span(lo, hi, doc_text(doc)[lo:hi])
    start = span[0].sent.start_char
    end = span[-1].sent.end_char
    return Span(start, end, doc_text(doc)[start:end])


def direct_statement(
    doc: Doc,
    q: Quote,
    cue: Span | None,
    source: Span | None,
    confidence: float,
    *,
    continues: bool,
) -> Statement:
    """The statement of a direct quote no frame took (its cue and source, if any, given)."""
    text = doc_text(doc)
    return Statement(
        content=Span(q.start, q.end, text[q.start : q.end]),
        kind="direct",
        cue=cue,
        source=source,
        confidence=confidence,
        continues=continues,
        sentence=sentence_span(doc, q.start, q.end),
    )
