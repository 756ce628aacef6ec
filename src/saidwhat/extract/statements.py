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

This module runs the steps; the frames come from ``frames.py`` and ``noun_frames.py``,
direct quotes are attached to them in ``quote_frames.py``, the scorer (``scorer.py``)
and the content cut (``boundary.py``) weigh them, ``frame_choice.py`` keeps one source
per content, ``quote_statements.py`` makes statements of the quotes left over, and
``records.py`` builds the statement records.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence

from spacy.tokens import Doc
from spacy.tokens import Span as SpacySpan

from saidwhat.extract.boundary import apply_cuts, default_boundary
from saidwhat.extract.cues import CueLexicon, default_lexicon
from saidwhat.extract.frame_choice import drop_channels, drop_overlaps, drop_relays
from saidwhat.extract.frames import frames_for, opens_quote
from saidwhat.extract.noun_frames import anaphoric_frame, colon_frame
from saidwhat.extract.quote_frames import attach_quote, is_direct_quote
from saidwhat.extract.quote_statements import nested_quotes, orphan_quotes
from saidwhat.extract.quotes import Quote, find_quotes
from saidwhat.extract.records import content_kind, statement_of, trim_content
from saidwhat.extract.records import content_pieces as content_pieces
from saidwhat.extract.scorer import FrameModel, default_model, frame_features
from saidwhat.extract.spans import ContentType, Frame, doc_text
from saidwhat.extract.unreported import is_conditional
from saidwhat.model import Statement

# The score of a frame whose content an anaphoric subject points back to ("This was
# announced by X"): the rule is narrow enough to trust without the scorer.
ANAPHORA_SCORE = 0.9


def extract_statements(
    doc: Doc,
    lexicon: CueLexicon | None = None,
    model: FrameModel | None | bool = True,
    boundary: FrameModel | None | bool = True,
) -> list[Statement]:
    """Every statement in ``doc``, in text order, with source and cue spans unresolved.

    ``model``: the frame scorer (``True``: the packaged one; ``None`` or ``False``: the
    rule path, lexicon cues only).  ``boundary``: the content-cut model (``boundary.py``;
    ``True``: the packaged one, used only with a frame scorer; ``None`` or ``False``: no
    cut).  A packaged model whose file is missing or broken raises
    :class:`~saidwhat.errors.ModelError`: the rule path is taken only when asked for.
    """
    scorer = default_model() if model is True else model or None
    text = doc_text(doc)
    all_quotes = find_quotes(text)
    quotes = [q for q in all_quotes if is_direct_quote(text, q)]
    frames = candidate_frames(doc, quotes, lexicon, broad=scorer is not None)
    dropped: list[Frame] = []
    if scorer is not None:
        apply_cuts(frames, default_boundary() if boundary is True else boundary or None)
        kept = []
        for f in frames:
            f.score = scorer.probability(frame_features(f, text, frame_kind(f, text)))
            if f.ctype == ContentType.ANAPHORA:
                # a rule frame the PolNeAR-trained scorer has no feature for
                f.score = max(f.score, ANAPHORA_SCORE)
            if f.score >= scorer.threshold:
                kept.append(f)
            elif f.quote is not None and f.source is not None:
                dropped.append(f)
        frames = kept
    frames = drop_overlaps(drop_channels(drop_relays(frames)))
    statements = [statement_of(doc, f, text, all_quotes) for f in frames]
    statements = orphan_quotes(doc, quotes, statements, text, dropped)
    statements += nested_quotes(doc, all_quotes, lexicon or default_lexicon(), text)
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
    attached = (attach_quote(f, quotes, text, min_words) for f in frames)
    # 'if Russia turns it down, “then we will know ...”': the quote after an if-clause
    # is the speaker's, not the words of the if-clause's subject
    return [f for f in attached if f is not None and not (f.quote and is_conditional(f.cue))]


def frame_kind(f: Frame, text: str) -> str:
    """The kind of a frame's content (direct, mixed, indirect): a scorer feature."""
    assert f.content is not None
    lo, hi = trim_content(text, *f.content)
    return content_kind(text, lo, hi, f.quote)


def _is_question(sent: SpacySpan) -> bool:
    return sent.text.rstrip().endswith("?")
