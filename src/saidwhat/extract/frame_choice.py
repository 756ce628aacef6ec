"""Which of the candidate frames stay: one source per content.

Frames whose contents clash keep the best one (``drop_overlaps``), unless one frame
reports the other (nested attribution, Pareti 2016: "The Gazette reported that the mayor
said ..."); a second cue after one content only relays it (``drop_relays``); "according
to a news report" only carries the speaker's own frame inside it (``drop_channels``).
"""

from __future__ import annotations

from saidwhat.extract.spans import ContentType, Frame
from saidwhat.overlap import span_jaccard, spans_overlap


def drop_overlaps(frames: list[Frame]) -> list[Frame]:
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


def drop_relays(frames: list[Frame]) -> list[Frame]:
    """'“...,” Dorenko said, the agency reported': of two cues after one content, the
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


def drop_channels(frames: list[Frame]) -> list[Frame]:
    """'Ukraine has said it is ready ..., according to a news report': the report only
    carries what the speaker said; the speaker's own frame inside it is the statement.
    (PolNeAR keeps the outer frame when the according-to source is a person or body:
    "Police have said ..., according to attorneys".)  So "The announcement was made by
    X, according to Y": what it holds is a pointer to the statement before."""
    return [f for f in frames if not any(_carries(f, k) for k in frames if k is not f)]


def _carries(f: Frame, k: Frame) -> bool:
    """Whether according-to frame ``f`` only carries frame ``k`` (see ``drop_channels``)."""
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
    """Whether ``f`` and ``k`` cannot both stay (see ``drop_overlaps``)."""
    assert f.content is not None and k.content is not None
    if span_jaccard(f.content, k.content) - _in_gap(f, k) - _in_gap(k, f) >= 0.5:
        return True
    f_outer, k_outer = _outer(f, k), _outer(k, f)
    if f_outer or k_outer:
        return f_outer and _absorbed(k, f) or k_outer and _absorbed(f, k)
    return spans_overlap(*f.content, *k.content)


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
