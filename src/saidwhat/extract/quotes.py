"""Quotation marks: find the quoted stretches of a text, whatever the quote style.

Straight (") and curly (“ ”) double quotes are treated as one system, so a quote that
opens with one style and closes with the other (common in copy-edited wire text) pairs
up.  A straight quote is an opener or a closer by its neighbours: an opener follows
the start of a line, a space or an opening bracket; a closer precedes a space, a
punctuation mark or the end of a line.  Quotes do not cross paragraphs; a quote left
open at the end of a paragraph is closed there (``closed=False``), which is also how the
news convention for multi-paragraph quotes (no closing mark until the last paragraph)
comes out: one quote per paragraph, each continuing the speaker of the last.
"""

from __future__ import annotations

from dataclasses import dataclass

OPENERS = "“„«"
CLOSERS = "”»"
STRAIGHT = '"'
_ALL = OPENERS + CLOSERS + STRAIGHT
_LEFT_OPEN_CONTEXT = " \t\n([{—–-:"


@dataclass(frozen=True, slots=True)
class Quote:
    """A quoted stretch: ``start``/``end`` include the quote marks."""

    start: int
    end: int
    closed: bool

    @property
    def inner(self) -> tuple[int, int]:
        """Offsets of the words inside the marks."""
        return self.start + 1, self.end - (1 if self.closed else 0)


def _can_open(text: str, i: int) -> bool:
    ch = text[i]
    if ch in OPENERS:
        return True
    if ch in CLOSERS:
        return False
    before = text[i - 1] if i > 0 else "\n"
    after = text[i + 1] if i + 1 < len(text) else "\n"
    return (before in _LEFT_OPEN_CONTEXT or before in _ALL) and not after.isspace()


def _can_close(text: str, i: int) -> bool:
    ch = text[i]
    if ch in CLOSERS:
        return True
    if ch in OPENERS:
        return False
    before = text[i - 1] if i > 0 else "\n"
    after = text[i + 1] if i + 1 < len(text) else "\n"
    return not before.isspace() and (not after.isalnum())


def find_quotes(text: str) -> list[Quote]:
    """All double-quoted stretches of ``text``, in order, never crossing a line break."""
    quotes: list[Quote] = []
    pos = 0
    for line in text.split("\n"):
        quotes.extend(_quotes_in_line(text, pos, pos + len(line)))
        pos += len(line) + 1
    return quotes


def _quotes_in_line(text: str, start: int, end: int) -> list[Quote]:
    out: list[Quote] = []
    open_at: int | None = None
    for i in range(start, end):
        ch = text[i]
        if ch not in _ALL:
            continue
        if open_at is None:
            if _can_open(text, i):
                open_at = i
        elif _can_close(text, i):
            out.append(Quote(open_at, i + 1, True))
            open_at = None
        elif ch in OPENERS or (ch == STRAIGHT and _can_open(text, i)):
            # Two openers in a row: the first was never closed (a typo or a nested
            # quote in the wrong style); keep the first open, ignore this one.
            continue
    if open_at is not None:
        stop = end
        while stop > open_at + 1 and text[stop - 1].isspace():
            stop -= 1
        if stop - open_at > 1:
            out.append(Quote(open_at, stop, False))
    return out
