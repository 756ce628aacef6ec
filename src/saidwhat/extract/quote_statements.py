"""Statements made of direct quotes that no frame took as its content.

A quote left over after the frames joins the statement before it (the second half of a
quote split by its cue, or the next quote of one speaker's paragraph), takes the cue of
the frame right before it, or the speaker of a frame the scorer dropped, or goes without
a source (``orphan_quotes``).  A single-quoted passage inside a quote with its own speech
cue is the inner speaker's statement as well (``nested_quotes``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from spacy.tokens import Doc, Token

from saidwhat.extract.cues import CueLexicon
from saidwhat.extract.quote_frames import only_glue
from saidwhat.extract.quotes import Quote, find_single_quotes
from saidwhat.extract.records import direct_statement, sentence_span
from saidwhat.extract.sources import source_of
from saidwhat.extract.spans import Frame
from saidwhat.extract.unreported import is_conditional, is_unsaid
from saidwhat.model import Span, Statement
from saidwhat.overlap import spans_overlap


def orphan_quotes(
    doc: Doc,
    quotes: Sequence[Quote],
    statements: list[Statement],
    text: str,
    dropped: Sequence[Frame] = (),
) -> list[Statement]:
    """Direct quotes no cue took: the second half of a quote split by its cue ("A," she
    said, "B.") joins the first; else same cue as the frame just before, a continuation
    of the last speaker, or a quote without a source."""
    taken = [(s.content.start, s.content.end) for s in statements]
    # a quote left open at a paragraph's end goes on in the next paragraph's quote
    open_ends = {q.end for q in quotes if not q.closed}
    out = sorted(statements, key=lambda s: s.content.start)
    for q in quotes:
        if any(spans_overlap(q.start, q.end, a, b) for a, b in taken):
            continue
        prev = [i for i, s in enumerate(out) if s.content.end <= q.start]
        last = out[prev[-1]] if prev else None
        between = text[last.content.end : q.start] if last else ""
        same_par = last is not None and "\n" not in between
        par_gap = between.count("\n")
        breaks = len(_BREAK.findall(between))  # blank lines count as one break
        new: Statement | None
        runs_on = last is not None and last.content.end in open_ends and par_gap <= 2
        if (
            last is not None
            and (same_par or runs_on and _starts_paragraph(text, q))
            and last.kind in ("direct", "mixed")
            and not _unsaid_between(doc, last, q)
        ):
            # PolNeAR annotates the quotes of one speaker in one paragraph ("A," he
            # said. "B." "C.") as one (discontinuous) content: 1,100 of 1,300 such
            # quote pairs in train; we extend the content over the cue between, and a
            # direct statement keeps its quotes as the pieces of what was said.  So
            # for a quote that runs on over paragraphs (no closing mark before the
            # paragraph break, the news convention).
            start = last.content.start
            pieces: tuple[Span, ...] = ()
            if last.kind == "direct":
                piece = Span(q.start, q.end, text[q.start : q.end])
                pieces = (*(last.pieces or (last.content,)), piece)
            out[prev[-1]] = replace(
                last,
                content=Span(start, q.end, text[start : q.end]),
                pieces=pieces,
                sentence=sentence_span(doc, start, q.end),
            )
            continue
        if (
            last is not None
            and last.cue is not None
            and same_par
            and _adjacent_after_cue(last, q, text)
        ):
            new = direct_statement(doc, q, last.cue, last.source, 0.75, continues=False)
        elif last is not None and (same_par or breaks == 1 and _starts_paragraph(text, q)):
            new = direct_statement(doc, q, None, last.source, 0.6, continues=True)
        elif (own := _own_frame(q, dropped, text)) is not None:
            # the scorer dropped the frame, but its cue touches the quote ('“...,” Lasry
            # told Bloomberg'): its subject is the quote's speaker, as in rule 3 above
            new = direct_statement(doc, q, own[0], own[1], 0.5, continues=False)
        else:
            nxt = [s for s in out if s.content.start >= q.end]
            if nxt and "\n" not in text[q.end : nxt[0].content.start] and nxt[0].source:
                new = direct_statement(doc, q, None, nxt[0].source, 0.5, continues=False)
            else:
                new = direct_statement(doc, q, None, None, 0.3, continues=False)
        out.append(new)
        out.sort(key=lambda s: s.content.start)
    return out


_BREAK = re.compile(r"\n\s*")


def nested_quotes(
    doc: Doc, quotes: Sequence[Quote], lexicon: CueLexicon, text: str
) -> list[Statement]:
    """Quotes inside a quote, each with its own cue: '“Putin said something, he said,
    ‘Your election was rigged’,” Trump said.'  The outer quote is the outer speaker's;
    the single-quoted words are the inner cue's subject's (PARC's nested attribution,
    Pareti 2016), so they make a statement of their own as well.  The inner cue is a
    speech verb touching the inner quote (before it: 'he said, ‘...’', or after it:
    '‘...,’ he said'), its subject inside the outer quote."""
    out: list[Statement] = []
    for q in quotes:
        lo, hi = q.inner
        for inner in find_single_quotes(text, lo, hi):
            a, b = inner.inner
            if len(text[a:b].split()) < 2:
                continue
            found = _inner_cue(doc, inner, lo, hi, lexicon, text)
            if found is None:
                continue
            cue, source = found
            if text[source[0] : source[1]].lower() in THIRD_PERSON:
                source = _quoted_antecedent(doc, q.start, cue.idx) or (
                    (out[-1].source.start, out[-1].source.end)
                    if out and out[-1].source and inner.start - out[-1].content.end < 600
                    else source
                )
            out.append(
                Statement(
                    content=Span(inner.start, inner.end, text[inner.start : inner.end]),
                    kind="direct",
                    cue=Span(cue.idx, cue.idx + len(cue), cue.text),
                    source=Span(source[0], source[1], text[source[0] : source[1]]),
                    confidence=0.7,
                    attitude="speech",
                    sentence=sentence_span(doc, inner.start, inner.end),
                )
            )
    return out


# pronouns that, inside a speaker's own quote, name someone else (the speaker is "I")
THIRD_PERSON = frozenset(["he", "she"])


def _quoted_antecedent(doc: Doc, lo: int, hi: int) -> tuple[int, int] | None:
    """The person a quoted 'he' or 'she' stands for: the last person named inside the
    quote before it ('“Putin said something, he said, ‘...’”').  Not the quote's own
    speaker, who would say "I"."""
    names = [e for e in doc.ents if e.label_ == "PERSON" and lo <= e.start_char < e.end_char <= hi]
    return (names[-1].start_char, names[-1].end_char) if names else None


def _inner_cue(
    doc: Doc, inner: Quote, lo: int, hi: int, lexicon: CueLexicon, text: str
) -> tuple[Token, tuple[int, int]] | None:
    """(cue token, source span) of a speech verb inside ``lo:hi`` that introduces
    ``inner`` ('he said: ‘...’') or follows it ('‘...,’ he said')."""
    span = doc.char_span(lo, hi, alignment_mode="contract")
    if span is None:
        return None
    for tok in span:
        if tok.pos_ not in ("VERB", "AUX") or inner.start <= tok.idx < inner.end:
            continue
        info = lexicon.lookup(tok.lemma_, "VERB")
        if info is None or info.attitude != "speech" or info.prior < 0.5:
            continue
        if not _reports_act(tok):
            continue  # 'I would say, ‘...’', 'people say, ‘...’': no one said it
        end = tok.idx + len(tok)
        if end <= inner.start:
            touches = only_glue(text[end : inner.start]) and not _NESTED_STOP.search(
                text[end : inner.start]
            )
        else:
            touches = (
                tok.idx >= inner.end
                and _NESTED_AFTER.fullmatch(text, inner.end, tok.idx) is not None
            )
        if not touches:
            continue
        source = source_of(tok)
        if (
            source is not None
            and lo <= source[0]
            and source[1] <= hi
            and not (inner.start <= source[0] < inner.end)
        ):
            return tok, source
    return None


def _reports_act(tok: Token) -> bool:
    """A cue that tells of a speech act that took place: past or third person present
    ('he said', 'she says'), without a modal ('I would say'), not in an if-clause, and
    not a name given ('what they called ‘...’')."""
    return (
        tok.tag_ in ("VBD", "VBZ")
        and tok.lemma_ != "call"
        and not any(c.dep_ == "aux" and c.tag_ == "MD" for c in tok.children)
        and not is_conditional(tok)
        and not (tok.dep_ == "conj" and is_conditional(tok.head))
    )


# what may stand between a cue and the inner quote it introduces: a comma or colon, an
# object ('told me,'); no other quote mark
_NESTED_STOP = re.compile(r"[\"“”'‘’]")


# between an inner quote and the cue after it: a comma, then the subject ('‘...,’ he said')
_NESTED_AFTER = re.compile(r"[\s,]*(?:\w+\s+){1,3}")


def _unsaid_between(doc: Doc, last: Statement, q: Quote) -> bool:
    """Whether the writer reports what the speaker did not say between two quotes
    ('“A,” he told reporters, without spelling out the plan. “B.”'): one content over
    both quotes would hold the narration; the second quote goes on as a statement of
    its own."""
    span = doc.char_span(last.content.end, q.start, alignment_mode="contract")
    return span is not None and any(is_unsaid(t) for t in span)


def _own_frame(q: Quote, dropped: Sequence[Frame], text: str) -> tuple[Span, Span] | None:
    """(cue, source) of a dropped frame whose direct quote is ``q``."""
    for f in dropped:
        if f.quote is q and f.source is not None:
            c0, c1 = f.cue_span
            s0, s1 = f.source
            return Span(c0, c1, text[c0:c1]), Span(s0, s1, text[s0:s1])
    return None


def _adjacent_after_cue(last: Statement, q: Quote, text: str) -> bool:
    anchor = max(last.cue.end if last.cue else 0, last.source.end if last.source else 0)
    return 0 <= q.start - anchor <= 25 and only_glue(text[anchor : q.start])


def _starts_paragraph(text: str, q: Quote) -> bool:
    line_start = text.rfind("\n", 0, q.start) + 1
    return not text[line_start : q.start].strip()
