"""Direct quotes and the frames they belong to.

Which quotes are statements of their own (long enough, or closed off by their own
punctuation; not a title or a headline cited with its byline), and which frame a direct
quote becomes the content of: one whose cue touches it before or after ("“...,” she
said", "he said: “...”"), one whose content overlaps it, or a cue ending its sentence
with a colon before the quote's paragraph.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from saidwhat.extract.quotes import Quote
from saidwhat.extract.spans import ContentType, Frame

# A quote shorter than this (in words) is a phrase quoted inside a sentence ("called the
# talks “positive”"), part of a mixed statement, not a statement of its own.
MIN_DIRECT_WORDS = 5


def is_direct_quote(text: str, q: Quote) -> bool:
    """A quote that is a statement of its own: long enough, or closed off by its own
    punctuation ("“You winning?” she said"), unlike a phrase quoted inside a sentence,
    a title or a headline cited with its byline."""
    a, b = q.inner
    inner = text[a:b].strip()
    if _BYLINE.match(text, q.end):
        return False  # '“Museum to close,” by the Times' Ben Sisario': a headline
    if len(inner.split()) >= MIN_DIRECT_WORDS:
        return True
    return inner[-1:] in (",", "?", "!") and not _is_title(text, q, inner)


# a quote followed by its byline is a cited headline or title, not a statement
_BYLINE = re.compile(
    r",?\s+by\s+(?:the\s+)?(?!(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day|January|February|"
    r"March|April|May|June|July|August|September|October|November|December)[A-Z]"
)


# words a title leaves in lower case ("Guardians of the Galaxy", "Law and Order")
_TITLE_SMALL = frozenset(
    ["a", "an", "and", "as", "at", "but", "by", "for", "in", "nor", "of", "on", "or", "the", "to"]
)


def _is_title(text: str, q: Quote, inner: str) -> bool:
    """A short quote in mid-sentence in title case that ends in a comma names a show,
    book or group ('on CNN's “New Day,” the senator', 'star of “Thelma and Louise,”');
    it is no statement of its own."""
    words = inner.rstrip(",").split()
    before = text[max(0, q.start - 40) : q.start].rstrip(" \t")
    mid_sentence = bool(before) and before[-1] not in ".:!?\n"
    return (
        inner.endswith(",")
        and mid_sentence
        and bool(words)
        and words[0][:1].isupper()
        and all(w[:1].isupper() or not w[:1].isalpha() or w in _TITLE_SMALL for w in words)
    )


def attach_quote(f: Frame, quotes: Sequence[Quote], text: str, min_words: int = 2) -> Frame | None:
    """Make a direct quote the content of a frame it touches; drop empty frames."""
    cue_lo = min(f.cue_span[0], f.source[0] if f.source else f.cue_span[0])
    cue_hi = max(f.cue_span[1], f.source[1] if f.source else f.cue_span[1])
    best: Quote | None = None
    for q in quotes:
        overlaps = f.content is not None and q.start < f.content[1] and f.content[0] < q.end
        sent = f.cue.sent
        touches_before = (
            0 <= cue_lo - q.end <= 3
            and (
                q.end > sent.start_char
                # '“... ?” Carson said.': the parser ends the sentence at the quote
                or (f.content is None and not text[q.end : cue_lo].strip())
            )
            and not text[q.end : cue_lo].strip(" ,:;—–-")
            and "\n" not in text[q.end : cue_lo]
        )
        touches_after = (
            0 <= q.start - cue_hi <= 25
            and q.start < sent.end_char
            and only_glue(text[cue_hi : q.start])
        )
        # 'Stated Stone:' / 'He said:' ending a paragraph, the quote opening the next
        block = (
            not overlaps
            and 0 < q.start - cue_hi <= _COLON_BLOCK_MAX
            and (f.content is None or cue_hi <= f.content[0] and f.content[1] <= q.start)
            and _COLON_BLOCK.fullmatch(text, cue_hi, q.start) is not None
        )
        if block:
            f.content = None
        if overlaps or touches_before or touches_after or block:
            if q.start <= f.cue_span[0] < q.end:
                # the cue opens the quote ('have “agreed there ...'): content after it
                if f.content is not None:
                    f.content = (
                        max(f.content[0], f.cue_span[1]),
                        min(q.end, max(f.content[1], q.end)),
                    )
                f.quote = q
                continue
            best = best or q
            if overlaps and f.content is not None and f.content[0] >= q.start:
                best = q
                break
    if best is not None:
        if f.content is not None and (f.content[0] < best.start or f.content[1] > best.end):
            merged = (min(f.content[0], best.start), max(f.content[1], best.end))
            if merged[0] <= f.cue_span[0] and f.cue_span[1] <= merged[1]:
                # '“...,” Lasry told Bloomberg Politics': the object is the addressee,
                # the quote before the cue is what was said
                f.content = (best.start, best.end)
            elif not (best.start >= f.content[0] and best.end <= f.content[1] + 2):
                # clause runs outside the quote: quote + clause is one mixed content
                f.content = merged
        else:
            f.content = (best.start, best.end)
        f.quote = best
    if f.content is None or (
        f.source is None and f.quote is None and f.ctype != ContentType.ASKED and not f.agentless
    ):
        return None
    lo, hi = f.content
    # a content holding its own cue is a misparse, unless the frame knows the cue words
    # inside it (its ``gap``: "If X, he said, Y", "X is expected to Y")
    if f.cue_span[0] >= lo and f.cue_span[1] <= hi and f.gap is None:
        return None
    words = text[lo:hi].split()
    if len(words) < min_words or not any(c.isalnum() for c in text[lo:hi]):
        return None
    return f


# what may stand between a cue and a quote set off in the next paragraph: the rest of
# the cue's sentence (no sentence end), its colon, one paragraph break
_COLON_BLOCK_MAX = 220


_COLON_BLOCK = re.compile(r"[^.?!\n]{0,200}:[ \t]*\n\s*")


def only_glue(between: str) -> bool:
    """Text between a cue and a following quote that still ties them: ", on Tuesday:"."""
    if "\n" in between:
        return False
    stripped = between.strip(" ,:;—–-")
    return len(stripped.split()) <= 3 and "." not in stripped
