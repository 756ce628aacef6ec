"""Where a frame's content ends: a learned cut of a trailing clause.

The content the rules read off the parse is a whole subtree, so it drags along what
hangs at its end: "he said A and said B" (the second conjunct is a statement of its
own), "... than Clinton, the former secretary of state" (an apposition of the writer),
"... the Kentucky primary, where he trailed" (the writer's aside).  PolNeAR annotators
stop the content before such tails about as often as they keep them (Newell, Margolin
and Ruths 2018 leave the span to the annotator's reading), depending on the tail's kind,
its first word and the cue, so a logistic regression decides: for every trailing
dependent after a comma or conjunction (a *cut point*), the probability that cutting
there brings the content closer to the gold span.  Trained on PolNeAR train by
``scripts/train_frames.py`` into ``data/boundary_model.json``; a missing or broken file
raises :class:`~saidwhat.errors.ModelError` (``boundary=False`` cuts nothing, on purpose).
"""

from __future__ import annotations

from functools import lru_cache

from spacy.tokens import Token

from saidwhat.extract.cues import default_lexicon
from saidwhat.extract.scorer import (
    CUT_WORD_EDGES,
    PRIOR_EDGES,
    FrameModel,
    bin_label,
    load_model,
)
from saidwhat.extract.spans import ContentType, Frame, doc_text

BOUNDARY_FILE = "boundary_model.json"
# Dependents that can open a trailing tail (spaCy English labels, ClearNLP style).
TAIL_DEPS = frozenset(["relcl", "acl", "conj", "appos", "advcl", "parataxis", "npadvmod", "prep"])
SEPARATORS = frozenset([",", "and", "but", "—", "–", ";", "while", "as"])


@lru_cache(maxsize=1)
def default_boundary() -> FrameModel:
    """The packaged cut model (``data/boundary_model.json``); ModelError without it."""
    return load_model(BOUNDARY_FILE)


def cut_points(f: Frame) -> list[tuple[int, list[str]]]:
    """(character where the content would end, features) of every trailing tail.

    A tail is a dependent in ``TAIL_DEPS`` whose subtree runs to the content's end and
    that follows a separator (comma, dash, "and", "but", ...), outside any quote.
    """
    if f.content is None:
        return []
    lo, hi = f.content
    doc = f.cue.doc
    text = doc_text(doc)
    span = doc.char_span(lo, hi, alignment_mode="contract")
    if span is None or len(span) < 4:
        return []
    last = span[-1]
    while last.i > span.start and (last.is_punct or last.is_space):
        last = doc[last.i - 1]
    out: list[tuple[int, list[str]]] = []
    for t in span[2:]:
        if t.dep_ not in TAIL_DEPS or t.right_edge.i < last.i or t.i <= f.cue.i < t.right_edge.i:
            continue
        first = t.left_edge
        sep = doc[first.i - 1] if first.i > span.start else None
        if first.lower_ in SEPARATORS or first.is_punct:
            sep, first = first, doc[first.i + 1] if first.i + 1 < len(doc) else first
        if sep is None or sep.lower_ not in SEPARATORS or sep.i <= span.start + 1:
            continue
        cut = sep.idx
        # a comma before "and": cut before the comma
        if sep.i - 1 > span.start and doc[sep.i - 1].text == ",":
            cut = doc[sep.i - 1].idx
        if f.quote is not None and f.quote.start < cut < f.quote.end:
            continue
        if any(c in text[cut:hi] for c in '“”"') and f.quote is None:
            quoted_tail = "qtail"
        else:
            quoted_tail = "plain"
        kept_words = len(text[lo:cut].split())
        tail_words = len(text[cut:hi].split())
        feats = _features(f, t, sep, first, kept_words, tail_words, quoted_tail)
        out.append((cut, feats))
    return out


def _features(
    f: Frame, t: Token, sep: Token, first: Token, kept: int, tail: int, quoted: str
) -> list[str]:
    dep = t.dep_
    head_rel = "content_head" if t.head.i == _content_head(f) else "inner"
    return [
        "dep=" + dep,
        "dep_sep=" + dep + "|" + sep.lower_,
        "dep_first=" + dep + "|" + first.lower_,
        "first=" + first.lower_,
        "first_pos=" + first.pos_,
        "pos=" + t.pos_,
        "dep_pos=" + dep + "|" + t.pos_,
        "sep=" + sep.lower_,
        "head_rel=" + head_rel,
        "dep_head_rel=" + dep + "|" + head_rel,
        "head_pos=" + t.head.pos_,
        "ctype=" + f.ctype,
        "lem=" + f.info.lemma,
        "kept=" + bin_label(kept, CUT_WORD_EDGES),
        "tail=" + bin_label(tail, CUT_WORD_EDGES),
        "quoted=" + quoted,
        "tail_cue=" + str(t.lemma_ in ("say", "add", "tell", "note", "argue", "claim")),
        # "says he would ... and tells the crowd ...": a second reporting verb, in the
        # cue's own tense, conjoined to it by a misparse
        "tail_prior=" + _tail_prior(t),
        "tag_match=" + str(t.tag_ == f.cue.tag_) + "|" + dep,
    ]


def _tail_prior(t: Token) -> str:
    """How often the tail's verb is a cue, binned, from the packaged lexicon (the one
    the cut model was trained with, whatever lexicon the frames came from)."""
    info = default_lexicon().lookup(t.lemma_, t.pos_) if t.pos_ in ("VERB", "AUX") else None
    return "none" if info is None else bin_label(int(info.prior * 10), PRIOR_EDGES)


def _content_head(f: Frame) -> int:
    assert f.content is not None
    doc = f.cue.doc
    span = doc.char_span(f.content[0], f.content[1], alignment_mode="contract")
    return span.root.i if span is not None and len(span) else -1


def best_cut(f: Frame, model: FrameModel) -> int | None:
    """Where to end the frame's content (None: keep it whole)."""
    best: tuple[float, int] | None = None
    for cut, feats in cut_points(f):
        p = model.probability(feats)
        if p >= model.threshold and (best is None or p > best[0]):
            best = (p, cut)
    return best[1] if best else None


def apply_cuts(frames: list[Frame], model: FrameModel | None) -> list[Frame]:
    """Cut each frame's content where the model says (in place; returns ``frames``)."""
    if model is None:
        return frames
    for f in frames:
        if f.content is None or f.ctype == ContentType.PAREN_MID:
            continue
        cut = best_cut(f, model)
        if cut is not None and cut > f.content[0]:
            f.content = (f.content[0], cut)
    return frames
