"""A learned keep/drop decision for candidate frames: logistic regression on sparse
binary features, trained on PolNeAR train by ``scripts/train_frames.py``.

The rules (``frames.py``) propose frames generously: every cue-lexicon word plus, with
``broad=True``, any verb with a subject and something it could report (PolNeAR counts
stances and evaluations such as "endorsed Clinton" as attributions).  Which of those a
PolNeAR annotator would mark depends on the verb, the content's shape and its subject
together, which rules state poorly; the model learns it from the train annotations
(label: the frame's content matches a gold content with character Jaccard >= 0.5, the
scorer's criterion).  The weights live in ``data/frame_model.json`` with their
provenance.  A missing or broken file raises :class:`~saidwhat.errors.ModelError` (the
package is damaged: reinstall it); the rule path (lexicon cues only, every frame kept:
a clearly lower F1 on PolNeAR) is taken only when asked for,
``extract_statements(doc, model=False)``, never as a silent fallback.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

from spacy.tokens import Token

from saidwhat.errors import ModelError
from saidwhat.extract.spans import SUBJECT_DEPS, Frame

MODEL_FILE = "frame_model.json"
MODEL_DIR: Traversable | Path = resources.files("saidwhat.extract").joinpath("data")
"""Where the packaged models are (``extract/data/``)."""
_OPENERS = frozenset(
    [
        "that",
        "to",
        "the",
        "a",
        "an",
        "he",
        "she",
        "it",
        "they",
        "we",
        "i",
        "his",
        "her",
        "their",
        "if",
        "whether",
        "what",
        "how",
        "why",
        "there",
        "this",
        "about",
        "not",
    ]
)
_MODALS = frozenset(["will", "would", "could", "might", "may", "can", "should", "must"])


@dataclass(frozen=True)
class FrameModel:
    """Weights of the logistic regression and the probability a frame must reach."""

    weights: dict[str, float]
    bias: float
    threshold: float

    def probability(self, features: list[str]) -> float:
        w = self.weights
        z = self.bias + sum(w.get(f, 0.0) for f in features)
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


def load_model(file_name: str) -> FrameModel:
    """A packaged logistic model from :data:`MODEL_DIR`.

    Raises :class:`~saidwhat.errors.ModelError` naming the file when it is missing,
    unreadable or not a model (``weights``, ``bias``, ``threshold``).
    """
    path = MODEL_DIR.joinpath(file_name)
    advice = "reinstall saidwhat (or pass model=False to extract with the rules alone)"
    try:
        raw = path.read_text("utf-8")
    except (OSError, UnicodeDecodeError) as err:
        reason = getattr(err, "strerror", None) or err
        raise ModelError(f"cannot read the extraction model {path}: {reason}; {advice}") from err
    try:
        data = json.loads(raw)
        return FrameModel(
            weights={k: float(v) for k, v in data["weights"].items()},
            bias=float(data["bias"]),
            threshold=float(data["threshold"]),
        )
    except (KeyError, ValueError, TypeError, AttributeError) as err:
        raise ModelError(
            f"the extraction model {path} is broken ({type(err).__name__}: {err}); {advice}"
        ) from err


@lru_cache(maxsize=1)
def default_model() -> FrameModel:
    """The packaged frame model (``data/frame_model.json``); ModelError without it."""
    return load_model(MODEL_FILE)


# Bin edges of the learned models' count features.  The model files were trained on the
# labels these edges give, so each set must stay as it is wherever it is used.
CONTENT_WORD_EDGES: tuple[int, ...] = (1, 2, 4, 7, 12, 20, 35, 60)
"""Words of a frame's content (the scorer's ``len=`` and ``ct_len=`` features)."""
CUT_WORD_EDGES: tuple[int, ...] = (2, 4, 7, 12, 20, 35)
"""Words kept and words cut off by a content boundary (``kept=`` and ``tail=``)."""
PRIOR_DECILE_EDGES: tuple[int, ...] = (0, 1, 2, 3, 4, 5, 6, 7, 8, 9)
"""A cue's prior (how often the verb is a cue) times ten, one bin a decile (``prior=``)."""
PRIOR_EDGES: tuple[int, ...] = (1, 3, 5, 7, 9)
"""The same prior in five bins, for the verb of a content's tail (``tail_prior=``)."""


def bin_label(n: int, edges: tuple[int, ...]) -> str:
    """``n`` as the label of the first bin edge it does not exceed (``">last"`` above)."""
    for e in edges:
        if n <= e:
            return str(e)
    return f">{edges[-1]}"


@dataclass(frozen=True)
class _Subject:
    """The cue's subject as the features see it."""

    kind: str = "none"
    """``none`` (no source), ``inherited`` (a conjoined verb's), ``pron``, ``pron12``
    ("I", "we", "you") or the lower-case part of speech (``propn``, ``noun``, ...)."""
    ent: str = "none"
    lemma: str | None = None
    """The lemma of a subject that is not a pronoun."""


def _subject_of(f: Frame) -> _Subject:
    if f.source is None:
        return _Subject()
    subjects = [c for c in f.cue.children if c.dep_ in SUBJECT_DEPS]
    if not subjects:
        return _Subject("inherited")
    s = subjects[0]
    kind = "pron" if s.pos_ == "PRON" else s.pos_.lower()
    if s.lower_ in ("i", "we", "you"):
        kind = "pron12"
    lemma = s.lemma_.lower() if kind not in ("pron", "pron12") else None
    return _Subject(kind, s.ent_type_ or "none", lemma)


def frame_features(f: Frame, text: str, kind: str) -> list[str]:
    """Sparse binary features of a candidate frame (after its quote is attached).

    ``kind`` is the content's kind (direct, mixed, indirect).  The features come in the
    order they were added to the model (the weights are summed in this order).
    """
    assert f.content is not None
    lo, hi = f.content
    words = len(text[lo:hi].split())
    side = "after" if lo >= f.cue_span[1] else ("before" if hi <= f.cue_span[0] else "around")
    subject = _subject_of(f)
    content = f.cue.doc.char_span(lo, hi, alignment_mode="expand")
    root = content.root if content is not None and len(content) else None
    feats = _shape_features(f, kind, words, side, subject)
    feats += _opening_features(f, text[lo:hi], kind, side, subject)
    feats += _word_features(f, root, subject)
    feats += _flag_features(f, text, words, root.pos_ if root is not None else "X")
    return feats


def _shape_features(f: Frame, kind: str, words: int, side: str, subject: _Subject) -> list[str]:
    """The cue, how the content was found, its kind, length and side, the subject."""
    cue, lemma = f.cue, f.info.lemma
    prior = bin_label(int(f.info.prior * 10), PRIOR_DECILE_EDGES)
    return [
        "lem=" + lemma,
        "lem_ct=" + lemma + "|" + f.ctype,
        "ct=" + f.ctype,
        "ct_kind=" + f.ctype + "|" + kind,
        "kind=" + kind,
        "dep=" + cue.dep_,
        "tag=" + cue.tag_,
        "subj=" + subject.kind,
        "subj_ent=" + subject.ent,
        "lem_subj=" + lemma + "|" + subject.kind,
        "len=" + bin_label(words, CONTENT_WORD_EDGES),
        "ct_len=" + f.ctype + "|" + bin_label(words, CONTENT_WORD_EDGES),
        "side=" + side,
        "prior=" + prior,
        "broad=" + str(f.broad),
    ]


def _opening_features(f: Frame, content: str, kind: str, side: str, subject: _Subject) -> list[str]:
    """Conjunctions and the content's opening (added after the error analysis of train:
    which verbs report depends on what they take, "that"-clause, "to"-infinitive, NP)."""
    lemma = f.info.lemma
    first = content.split(maxsplit=1)
    first_word = first[0].lower().strip("\"“”'‘’(") if first else ""
    first_word = first_word if first_word in _OPENERS else "other"
    return [
        "first=" + first_word,
        "lem_first=" + lemma + "|" + first_word,
        "ct_first=" + f.ctype + "|" + first_word,
        "lem_kind=" + lemma + "|" + kind,
        "lem_side=" + lemma + "|" + side,
        "ct_subj_ent=" + f.ctype + "|" + subject.ent,
        "lem_tag=" + lemma + "|" + f.cue.tag_,
    ]


def _word_features(f: Frame, root: Token | None, subject: _Subject) -> list[str]:
    """What the content is and who holds it, as words (after the error analysis of
    broad frames: "signed the bill" and "took the stage" differ in the object, "a poll
    showed" and "he showed" in the subject, "declined to say" in the governing verb)."""
    cue, lemma = f.cue, f.info.lemma
    feats = []
    if root is not None:
        pos = root.pos_
        root_ent = root.ent_type_ or "none"
        root_lemma = root.lemma_.lower()
        feats += [
            "croot=" + root_lemma,
            "lem_croot=" + lemma + "|" + root_lemma,
            "croot_pos=" + pos,
            "lem_croot_pos=" + lemma + "|" + pos,
            "croot_ent=" + root_ent,
            "lem_croot_ent=" + lemma + "|" + root_ent,
        ]
    if subject.lemma is not None:
        feats.append("subj_lem=" + subject.lemma)
    head = cue.head.lemma_.lower() if cue.head.i != cue.i else "<root>"
    feats += ["head=" + head, "lem_head=" + lemma + "|" + head]
    return feats


def _flag_features(f: Frame, text: str, words: int, pos: str) -> list[str]:
    """One-word contents, modal and negated cues, quotes, sentence and cue position."""
    cue, lemma = f.cue, f.info.lemma
    feats = []
    if words == 1:
        # a bare name or pronoun: "endorsed Cruz" is a stance, "said it" rarely counts
        feats += ["one_pos=" + pos, "lem_one=" + lemma, "lem_one_pos=" + lemma + "|" + pos]
    if any(c.dep_ == "aux" and c.lower_ in _MODALS for c in cue.children):
        feats.append("modal")
        feats.append("lem_modal=" + lemma)
    if any(c.dep_ == "neg" for c in cue.children):
        feats.append("neg")
    if f.quote is not None:
        feats.append("quote")
    if cue.sent.start == 0 or "\n" in text[max(0, cue.sent.start_char - 1) : cue.sent.start_char]:
        feats.append("sent_first")
    if cue.i == cue.sent.start or cue.sent.start_char < 2:
        feats.append("cue_first")
    return feats
