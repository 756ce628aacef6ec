"""Statements from one parsed article: ``extract_statements(doc) -> list[Statement]``.

A pure function of a spaCy ``Doc`` (tagger, parser; NER not needed): no I/O, no model
loading, no globals but the cue lexicon.  The approach follows the cue → source →
content frame of PARC/PolNeAR attribution (Pareti 2016; Newell et al. 2018) and the
rule families of BBC Citron and textacy:

1. every cue word (``cues.py``) outside a direct quote opens a frame; its source is the
   grammatical subject (inherited along conjoined verbs), "according to X" takes X;
2. the content is the reported clause (``ccomp``), the complement of "call X Y" and
   "call on X to ...", the object of "express", or, for a parenthetical cue ("..., he
   said."), the clause the cue hangs from; a direct quote touching the frame becomes its
   content;
3. every direct quote still without a frame takes the speaker of the frame right before
   it (same cue), or continues the last speaker's statement (no cue), or goes without a
   source.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import replace

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from saidwhat.extract.boundary import apply_cuts, default_boundary
from saidwhat.extract.cues import CueLexicon, default_lexicon
from saidwhat.extract.frames import (
    Frame,
    anaphoric_frame,
    colon_frame,
    doc_text,
    frames_for,
    is_conditional,
    is_unsaid,
    opens_quote,
    source_of,
)
from saidwhat.extract.quotes import Quote, find_quotes, find_single_quotes
from saidwhat.extract.scorer import FrameModel, default_model, frame_features
from saidwhat.extract.spans import ContentType
from saidwhat.model import Kind, Span, Statement

QUOTE_CHARS = '"“”„«»'
# The score of a frame whose content an anaphoric subject points back to ("This was
# announced by X"): the rule is narrow enough to trust without the scorer.
ANAPHORA_SCORE = 0.9
# A quote shorter than this (in words) is a phrase quoted inside a sentence ("called the
# talks “positive”"), part of a mixed statement, not a statement of its own.
MIN_DIRECT_WORDS = 5


def extract_statements(
    doc: Doc,
    lexicon: CueLexicon | None = None,
    model: FrameModel | None | bool = True,
    boundary: FrameModel | None | bool = True,
) -> list[Statement]:
    """Every statement in ``doc``, in text order, with source and cue spans unresolved.

    ``model``: the frame scorer (``True``: the packaged one, if installed; ``None`` or
    ``False``: the rule path, lexicon cues only).  ``boundary``: the content-cut model
    (``boundary.py``; ``True``: the packaged one, used only with a frame scorer).
    """
    scorer = default_model() if model is True else model or None
    text = doc_text(doc)
    all_quotes = find_quotes(text)
    quotes = [q for q in all_quotes if _is_direct_quote(text, q)]
    frames = candidate_frames(doc, quotes, lexicon, broad=scorer is not None)
    dropped: list[Frame] = []
    if scorer is not None:
        apply_cuts(frames, default_boundary() if boundary is True else boundary or None)
        kept = []
        for f in frames:
            f.score = scorer.probability(frame_features(f, text, _frame_kind(f, text)))
            if f.ctype == ContentType.ANAPHORA:
                # a rule frame the PolNeAR-trained scorer has no feature for
                f.score = max(f.score, ANAPHORA_SCORE)
            if f.score >= scorer.threshold:
                kept.append(f)
            elif f.quote is not None and f.source is not None:
                dropped.append(f)
        frames = kept
    frames = _drop_overlaps(_drop_channels(_drop_relays(frames)))
    statements = [_statement(doc, f, text, all_quotes) for f in frames]
    statements = _orphan_quotes(doc, quotes, statements, text, dropped)
    statements += _nested_quotes(doc, all_quotes, lexicon or default_lexicon(), text)
    statements.sort(key=lambda s: (s.content.start, s.content.end))
    return statements


def candidate_frames(
    doc: Doc, quotes: Sequence[Quote], lexicon: CueLexicon | None = None, *, broad: bool
) -> list[Frame]:
    """The frames the rules propose, with direct quotes attached and empty ones dropped."""
    lexicon = lexicon or default_lexicon()
    text = doc_text(doc)
    quote_starts = [q.start for q in quotes]

    def quote_at(idx: int) -> Quote | None:
        i = bisect.bisect_right(quote_starts, idx) - 1
        if i >= 0 and quotes[i].start < idx < quotes[i].end:
            return quotes[i]
        return None

    frames: list[Frame] = []
    for sent in doc.sents:
        if _is_question(sent) and quote_at(sent.start_char + 1) is None:
            mark = sent.start_char + len(sent.text.rstrip()) - 1
            if quote_at(mark) is None:
                continue  # the writer's own question; a quoted one is reported speech
        for tok in sent:
            q = quote_at(tok.idx)
            if q is not None and not opens_quote(tok, q, text):
                continue
            frame = anaphoric_frame(tok, lexicon)
            if frame is not None:
                frames.append(frame)  # the cue's own frame would report "This"
            else:
                frames.extend(frames_for(tok, sent, lexicon, broad=broad))
            if broad and tok.text == ":":
                frame = colon_frame(tok, sent)
                if frame is not None:
                    frames.append(frame)
    # PolNeAR marks one-word contents too ("endorsed Cruz", "attacked him"): with the
    # scorer to weigh them they are candidates; the rule path keeps two words at least
    min_words = 1 if broad else 2
    attached = (_attach_quote(f, quotes, text, min_words) for f in frames)
    # 'if Russia turns it down, “then we will know ...”': the quote after an if-clause
    # is the speaker's, not the words of the if-clause's subject
    return [f for f in attached if f is not None and not (f.quote and is_conditional(f.cue))]


def _frame_kind(f: Frame, text: str) -> str:
    assert f.content is not None
    lo, hi = _trim(text, *f.content)
    return _kind(text, lo, hi, f.quote)


# ---- cues and frames -------------------------------------------------------------


# ---- quotes ----------------------------------------------------------------------
def _is_direct_quote(text: str, q: Quote) -> bool:
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


def _attach_quote(f: Frame, quotes: Sequence[Quote], text: str, min_words: int = 2) -> Frame | None:
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
            and _only_glue(text[cue_hi : q.start])
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


def _only_glue(between: str) -> bool:
    """Text between a cue and a following quote that still ties them: ", on Tuesday:"."""
    if "\n" in between:
        return False
    stripped = between.strip(" ,:;—–-")
    return len(stripped.split()) <= 3 and "." not in stripped


def _drop_overlaps(frames: list[Frame]) -> list[Frame]:
    """Of frames whose contents overlap, keep the best one: a text is one source's
    content, not two.  Nested frames are the exception: a speech cue inside another
    frame's content ("The Gazette reported that …, the mayor said …") stays a statement
    unless the two contents overlap by half; a stance or action frame there is absorbed
    by the outer one (``_absorbed``: PolNeAR gives the content to the outer source)."""
    kept: list[Frame] = []
    order = sorted(frames, key=lambda f: -_frame_rank(f))
    for f in order:
        if f.content is None:
            continue
        clash = [k for k in kept if k.content and _clashes(f, k)]
        if clash:
            k = clash[0]
            if len(clash) == 1 and _outer(f, k) and not _speech_inside_action(k, f):
                kept[kept.index(k)] = f
            continue
        kept.append(f)
    return kept


def _speech_inside_action(inner: Frame, outer: Frame) -> bool:
    """A speech cue of the lexicon inside the content of a verb outside it ("activity
    rose, with Chile saying that ..."): the saying is the statement, the action around
    it reports no one's words."""
    speech = inner.info.attitude == "speech" and inner.info.prior >= 0.5
    return outer.broad and outer.ctype != ContentType.COLON and not inner.broad and speech


def _drop_relays(frames: list[Frame]) -> list[Frame]:
    """'“...,” Zelensky said, the agency reported': of two cues after one content, the
    nearer one's subject said it; the farther one only relays the report."""
    out = []
    for f in frames:
        assert f.content is not None
        relays = f.source is not None and any(
            k is not f
            and k.source is not None
            and k.content is not None
            and f.content[0] <= k.content[0] + 2
            and k.content[1] <= k.cue_span[0] < f.cue_span[0]
            and k.content[1] <= k.source[0] < f.cue_span[0]
            and f.content[1] <= f.cue_span[0]
            for k in frames
        )
        if not relays:
            out.append(f)
    return out


def _drop_channels(frames: list[Frame]) -> list[Frame]:
    """'Ukraine has said it is ready ..., according to a news report': the report only
    carries what the speaker said; the speaker's own frame inside it is the statement.
    (PolNeAR keeps the outer frame when the according-to source is a person or body:
    "Police have said ..., according to attorneys".)  So "The announcement was made by
    X, according to Y": what it holds is a pointer to the statement before."""
    return [f for f in frames if not any(_carries(f, k) for k in frames if k is not f)]


def _carries(f: Frame, k: Frame) -> bool:
    """Whether according-to frame ``f`` only carries frame ``k`` (see ``_drop_channels``)."""
    if f.info.lemma != "according to" or f.source is None or not _outer(f, k):
        return False
    if k.ctype == ContentType.ANAPHORA:
        return True
    speech = not k.broad and k.info.attitude == "speech" and k.info.prior >= 0.5
    return speech and _channel_root(f) in CHANNEL_NOUNS


# What carries others' words without being their speaker: "according to a news report".
CHANNEL_NOUNS = frozenset(["report", "reports", "reporting"])


def _channel_root(f: Frame) -> str:
    assert f.source is not None
    span = f.cue.doc.char_span(*f.source, alignment_mode="expand")
    return span.root.lower_ if span is not None and len(span) else ""


def _clashes(f: Frame, k: Frame) -> bool:
    """Whether ``f`` and ``k`` cannot both stay (see ``_drop_overlaps``)."""
    assert f.content is not None and k.content is not None
    if _jaccard(f.content, k.content) - _in_gap(f, k) - _in_gap(k, f) >= 0.5:
        return True
    f_outer, k_outer = _outer(f, k), _outer(k, f)
    if f_outer or k_outer:
        return f_outer and _absorbed(k, f) or k_outer and _absorbed(f, k)
    return _overlap(*f.content, *k.content)


def _in_gap(f: Frame, k: Frame) -> float:
    """The share of the two contents' union that lies in ``f``'s gap and ``k``'s
    content: words ``f``'s content goes round are not ``f``'s ("thanked X, who says
    ..., for ...")."""
    assert f.content is not None and k.content is not None
    if f.gap is None or f.ctype != ContentType.OBJECT:
        return 0.0
    inter = max(0, min(f.gap[1], k.content[1]) - max(f.gap[0], k.content[0]))
    union = max(f.content[1], k.content[1]) - min(f.content[0], k.content[0])
    return inter / union if union else 0.0


def _absorbed(inner: Frame, outer: Frame) -> bool:
    """Whether ``inner``, lying in ``outer``'s content, is no statement of its own there:
    a stance or an action ("supports a plan"), not a speech cue ("said", "told").  "X
    agreed Y, according to a statement" keeps X's frame: the document is the outer
    source, X the speaker."""
    return outer.info.lemma != "according to" and (
        inner.broad or inner.info.prior < 0.5 or inner.info.attitude != "speech"
    )


def _outer(a: Frame, b: Frame) -> bool:
    """``a`` reports ``b`` ("The Times reported that Cameron had ordered ..."): ``b``'s
    cue and source lie inside ``a``'s content.  Of two such clashing frames PolNeAR's
    content of that span belongs to the outer source (Pareti 2016's nested attributions).
    """
    assert a.content is not None
    lo, hi = a.content
    return (
        b.source is not None
        and lo <= b.cue_span[0] < hi
        and lo <= b.source[0] < hi
        and not (lo <= a.cue_span[0] < hi)
    )


def _frame_rank(f: Frame) -> float:
    if f.score is not None:
        return f.score + (0.5 if f.source is not None else 0.0)
    score = f.info.prior
    if f.source is not None:
        score += 1.0
    if f.info.lemma == "according to":
        score -= 0.5
    return score


def _orphan_quotes(
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
        if any(_overlap(q.start, q.end, a, b) for a, b in taken):
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
                sentence=_sentence_span(doc, start, q.end),
            )
            continue
        if (
            last is not None
            and last.cue is not None
            and same_par
            and _adjacent_after_cue(last, q, text)
        ):
            new = _direct(doc, q, last.cue, last.source, 0.75, continues=False)
        elif last is not None and (same_par or breaks == 1 and _starts_paragraph(text, q)):
            new = _direct(doc, q, None, last.source, 0.6, continues=True)
        elif (own := _own_frame(q, dropped, text)) is not None:
            # the scorer dropped the frame, but its cue touches the quote ('“...,” Lasry
            # told Bloomberg'): its subject is the quote's speaker, as in rule 3 above
            new = _direct(doc, q, own[0], own[1], 0.5, continues=False)
        else:
            nxt = [s for s in out if s.content.start >= q.end]
            if nxt and "\n" not in text[q.end : nxt[0].content.start] and nxt[0].source:
                new = _direct(doc, q, None, nxt[0].source, 0.5, continues=False)
            else:
                new = _direct(doc, q, None, None, 0.3, continues=False)
        out.append(new)
        out.sort(key=lambda s: s.content.start)
    return out


_BREAK = re.compile(r"\n\s*")


def _nested_quotes(
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
                    sentence=_sentence_span(doc, inner.start, inner.end),
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
            touches = _only_glue(text[end : inner.start]) and not _NESTED_STOP.search(
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
    return 0 <= q.start - anchor <= 25 and _only_glue(text[anchor : q.start])


def _starts_paragraph(text: str, q: Quote) -> bool:
    line_start = text.rfind("\n", 0, q.start) + 1
    return not text[line_start : q.start].strip()


def _direct(
    doc: Doc,
    q: Quote,
    cue: Span | None,
    source: Span | None,
    confidence: float,
    *,
    continues: bool,
) -> Statement:
    text = doc_text(doc)
    return Statement(
        content=Span(q.start, q.end, text[q.start : q.end]),
        kind="direct",
        cue=cue,
        source=source,
        confidence=confidence,
        continues=continues,
        sentence=_sentence_span(doc, q.start, q.end),
    )


# ---- building statements ---------------------------------------------------------
def _statement(doc: Doc, f: Frame, text: str, quotes: Sequence[Quote] = ()) -> Statement:
    assert f.content is not None
    lo, hi = _balance_quotes(text, *_trim(text, *f.content), quotes)
    kind = _kind(text, lo, hi, f.quote)
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
        sentence=_sentence_span(doc, lo, hi),
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
    lo, hi = _trim(text, *f.content)
    if f.gap is None or f.quote is not None or not lo < f.gap[0] <= f.gap[1] < hi:
        return []
    pieces = [_trim(text, lo, f.gap[0]), _trim(text, f.gap[1], hi)]
    return pieces if all(a < b for a, b in pieces) else []


def _kind(text: str, lo: int, hi: int, quote: Quote | None) -> Kind:
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


def _trim(text: str, lo: int, hi: int) -> tuple[int, int]:
    """Drop surrounding spaces and trailing commas; keep quote marks and final stops."""
    while lo < hi and (text[lo].isspace() or text[lo] in ",;:—–"):
        lo += 1
    while hi > lo and (text[hi - 1].isspace() or text[hi - 1] in ",;:—–"):
        hi -= 1
    return lo, hi


def _sentence_span(doc: Doc, lo: int, hi: int) -> Span:
    span = doc.char_span(lo, hi, alignment_mode="expand")
    if span is None or len(span) == 0:
        return Span(lo, hi, doc_text(doc)[lo:hi])
    start = span[0].sent.start_char
    end = span[-1].sent.end_char
    return Span(start, end, doc_text(doc)[start:end])


def _is_question(sent: SpacySpan) -> bool:
    return sent.text.rstrip().endswith("?")


def _overlap(a0: int, a1: int, b0: int, b1: int) -> bool:
    return a0 < b1 and b0 < a1


def _jaccard(a: tuple[int, int], b: tuple[int, int]) -> float:
    inter = max(0, min(a[1], b[1]) - max(a[0], b[0]))
    union = max(a[1], b[1]) - min(a[0], b[0])
    return inter / union if union else 0.0


def with_content(statement: Statement, content: Span) -> Statement:
    """A copy of ``statement`` with another content span, in one piece."""
    return replace(statement, content=content, pieces=())
