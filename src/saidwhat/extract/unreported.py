"""Cue words that report no speech act: the writer's hypothesis or what was not said.

A verb in an if-clause ("if the board says no, ...") is a hypothesis, not something its
subject said; "without spelling out the plan", "declined to comment" and "did not say
whether ..." tell that nothing was said.  Frames, quotes and nested quotes all skip
such cues.
"""

from __future__ import annotations

from spacy.tokens import Token

from saidwhat.extract.cues import SPEECH_VERBS
from saidwhat.extract.spans import NOMINAL_SUBJECT_DEPS

CONDITIONAL_MARKS = frozenset(["if", "unless"])


INVERTED_CONDITIONAL = frozenset(["should", "had", "were"])


def is_conditional(tok: Token) -> bool:
    """A verb in an if-clause ("if Russia turns the offer down, ..."): a hypothesis of
    the writer or speaker, not something its subject did or said; so "should Russia
    turn it down" (the inverted conditional: "should", "had", "were" before the subject)."""
    children = list(tok.children)
    if any(c.dep_ == "mark" and c.lower_ in CONDITIONAL_MARKS for c in children):
        return True
    subjects = [c.i for c in children if c.dep_ in NOMINAL_SUBJECT_DEPS]
    return tok.dep_ != "ROOT" and any(
        c.dep_ in ("aux", "auxpass") and c.lower_ in INVERTED_CONDITIONAL and c.i < min(subjects)
        for c in children
        if subjects
    )


def is_unsaid(tok: Token) -> bool:
    """A verb of a speech act that did not take place: "without spelling out the plan",
    "did not say whether ...".

    (PolNeAR annotates "did not say that" and "declined to comment" as attributions, so
    other negations and "declined to" stay the scorer's to weigh.)"""
    if tok.dep_ == "pcomp" and tok.head.lower_ == "without" and tok.pos_ == "VERB":
        return True
    if tok.dep_ == "xcomp" and tok.head.lemma_ in NEGATIVE_IMPLICATIVES:
        return tok.lemma_ in SPEECH_VERBS  # "declined to comment": no comment was made
    if tok.lemma_ in NEGATIVE_IMPLICATIVES and any(c.dep_ == "xcomp" for c in tok.children):
        return True  # ... nor is the refusal a statement of what was refused
    # "did not say whether the draft met their demands", "did not spell out which
    # conditions": a negated cue of an open question; nothing was said either way
    return any(c.dep_ == "neg" for c in tok.children) and any(
        c.dep_ in ("ccomp", "dobj") and c.i > tok.i and c.left_edge.lower_ in OPEN_QUESTION
        for c in tok.children
    )


# Verbs whose infinitive did not happen: "declined to say", "refused to comment".
NEGATIVE_IMPLICATIVES = frozenset(["decline", "refuse"])


# What opens an indirect question: "whether", "if", "when", "which conditions".
OPEN_QUESTION = frozenset(["whether", "if", "when", "what", "which", "how", "why", "where", "who"])
