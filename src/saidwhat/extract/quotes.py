"""Quotation marks: find the quoted stretches of a text, whatever the quote style.

Straight (") and curly (“ ”) double quotes are treated as one system, so a quote that
opens with one style and closes with the other (common in copy-edited wire text) pairs
up.  A straight quote is an opener or a closer by its neighbours: an opener follows
the start of a line, a space or an opening bracket; a closer precedes a space, a
punctuation mark or the end of a line.  Quotes do not cross paragraphs; a quote left
open at the end of a paragraph is closed there (``closed=False``), which is also how the
news convention for multi-paragraph quotes (no closing mark until the last paragraph)
comes out: one quote per paragraph, each continuing the speaker of the last.

Two apostrophes in a row count as one straight double quote: the New York Times archive
text (a sixth of PolNeAR's articles) writes every double quote that way.  Of three
apostrophes, the outer pair is the double quote and the third a nested single quote.
"""

from __future__ import annotations

from dataclasses import dataclass

OPENERS = "“„«"
CLOSERS = "”»"
STRAIGHT = '"'
APOSTROPHE = "'"
_ALL = OPENERS + CLOSERS + STRAIGHT
_LEFT_OPEN_CONTEXT = " \t\n([{—–-:"


@dataclass(frozen=True, slots=True)
class Quote:
    """A quoted stretch: ``start``/``end`` include the quote marks."""

    start: int
    end: int
    closed: bool
    open_width: int = 1
    close_width: int = 1

    @property
    def inner(self) -> tuple[int, int]:
        """Offsets of the words inside the marks."""
        return self.start + self.open_width, self.end - (self.close_width if self.closed else 0)


def _can_open(text: str, i: int, width: int = 1) -> bool:
    ch = text[i]
    if ch in OPENERS:
        return True
    if ch in CLOSERS:
        return False
    before = text[i - 1] if i > 0 else "\n"
    after = text[i + width] if i + width < len(text) else "\n"
    return (before in _LEFT_OPEN_CONTEXT or before in _ALL) and not after.isspace()


def _can_close(text: str, i: int, width: int = 1) -> bool:
    ch = text[i]
    if ch in CLOSERS:
        return True
    if ch in OPENERS:
        return False
    before = text[i - 1] if i > 0 else "\n"
    after = text[i + width] if i + width < len(text) else "\n"
    return not before.isspace() and (not after.isalnum())


def _marks(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The double quote marks of a line: (offset, width) pairs, in order."""
    out: list[tuple[int, int]] = []
    i = start
    while i < end:
        ch = text[i]
        if ch in _ALL:
            out.append((i, 1))
            i += 1
        elif ch == APOSTROPHE and i + 1 < end and text[i + 1] == APOSTROPHE:
            run = 2
            while i + run < end and text[i + run] == APOSTROPHE:
                run += 1
            if run == 3:
                # ''' : '' + ' when opening (a space before), ' + '' when closing
                before = text[i - 1] if i > start else "\n"
                at = i if before in _LEFT_OPEN_CONTEXT else i + 1
                out.append((at, 2))
            elif run == 2:
                out.append((i, 2))
            i += run
        else:
            i += 1
    return out


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
    open_w = 1
    for at, width in _marks(text, start, end):
        if open_at is None:
            if _can_open(text, at, width):
                open_at, open_w = at, width
        elif _can_close(text, at, width):
            out.append(Quote(open_at, at + width, True, open_w, width))
            open_at = None
        # else: two openers in a row: the first was never closed (a typo or a nested
        # quote in the wrong style); keep the first open, ignore this one.
    if open_at is not None:
        stop = end
        while stop > open_at + open_w and text[stop - 1].isspace():
            stop -= 1
        if stop - open_at > open_w:
            out.append(Quote(open_at, stop, False, open_w, 1))
    return out


SINGLE_OPENERS = "‘"
SINGLE_CLOSERS = "’"


def find_single_quotes(text: str, start: int, end: int) -> list[Quote]:
    """The single-quoted stretches between ``start`` and ``end`` (the inside of a double
    quote: 'he said, ‘Your plan failed’'), in order.  An apostrophe opens after a space,
    a colon or a bracket and before a word; it closes after a word and before no letter
    or digit, so the apostrophes of "can't" and "Russia's" are neither.  A quote left
    open runs to ``end`` (``closed=False``)."""
    out: list[Quote] = []
    open_at: int | None = None
    for i in range(start, end):
        ch = text[i]
        if ch not in SINGLE_OPENERS + SINGLE_CLOSERS + APOSTROPHE:
            continue
        before = text[i - 1] if i > start else " "
        after = text[i + 1] if i + 1 < end else " "
        if open_at is None:
            if ch in SINGLE_OPENERS or (
                ch == APOSTROPHE and before in _LEFT_OPEN_CONTEXT and not after.isspace()
            ):
                open_at = i
        elif ch != SINGLE_OPENERS and not before.isspace() and not after.isalnum():
            out.append(Quote(open_at, i + 1, True))
            open_at = None
    if open_at is not None:
        stop = end
        while stop > open_at + 1 and text[stop - 1].isspace():
            stop -= 1
        if stop - open_at > 1:
            out.append(Quote(open_at, stop, False))
    return out
