"""Frame spans: the frame record and the parse helpers every frame family reads spans with.

A :class:`Frame` (cue, source, content as character spans), the dependency labels that
mark subjects and reported clauses, and the helpers that turn tokens into spans: a
subtree, a noun phrase without its trailing clauses, a joined pair.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from spacy.tokens import Doc, Token

from saidwhat.extract.cues import CueInfo
from saidwhat.extract.quotes import Quote

# Dependency labels (spaCy English, ClearNLP style) that the frame and speaker rules read.
SUBJECT_DEPS = ("nsubj", "nsubjpass", "csubj")
"""Subjects, nominal and clausal: "The mayor said", "What she said surprised them"."""
NOMINAL_SUBJECT_DEPS = frozenset(["nsubj", "nsubjpass"])
"""Nominal subjects, active and passive: "The mayor said", "The plan was backed"."""
CLAUSE_DEPS = ("ccomp",)
"""Reported clauses: "said [that the plan works]"."""
ADNOMINAL_CLAUSE_DEPS = frozenset(["relcl", "acl"])
"""Clauses hung on a noun: "the envoy [who spoke]", "a statement [saying ...]"."""
OBJECT_DEPS = frozenset(["dobj", "pobj"])
"""Objects of a verb or a preposition: "issued [a statement]", "in [a statement]"."""


LEFT_CLAUSE_DEPS = frozenset(["ccomp", "parataxis", "advcl"])
RELATIVE_PRONOUNS = frozenset(["who", "which", "that", "whom"])


class ContentType(StrEnum):
    """How a frame's content was found: the construction that links cue and content.

    The values are the strings the frame scorer and the boundary model were trained on
    (``"ct=" + f.ctype``, ``"ctype=" + f.ctype``): renaming one retrains both.  The
    examples are made up.
    """

    CLAUSE = "clause"
    """The cue's reported clause (``ccomp``): "The minister said [the talks will go on]"."""
    SPLIT = "split"
    """One side of a cue with a reported clause on both sides: "[The plan works]," she said,
    "[and it will stay]" (one frame per side)."""
    CALL = "call"
    """ "call X Y" (object and predicate) or "call on/for X to ...": "called [the deal a
    mistake]", "called on [the council to act]"."""
    CALL_LOOSE = "call_loose"
    """Everything "call" governs after it, when the parse of "call X Y" is off (broad):
    "called [her “reckless”]"."""
    EXPRESS = "express"
    """The object of "express": "expressed [deep concern about the vote]"."""
    XCOMP = "xcomp"
    """The infinitive of an intention verb (or any verb, broad): "vowed [to cut taxes]"."""
    PAREN = "paren"
    """The clause a parenthetical cue hangs from: "[The road will reopen soon], the mayor
    said."."""
    AS_PAREN = "as_paren"
    """The clause after a leading "as" cue: "As the agency reported, [prices rose]"."""
    PAREN_MID = "paren_mid"
    """The clause a cue interrupts, cue included (its ``gap``): "[If it rains, he said, we
    stay home]"."""
    ANSWER = "answer"
    """A one-word answer right after the cue: "Asked whether she would run, she said
    [no]"."""
    OBJECT = "object"
    """The object of a cue with no clause and what completes it: "criticized [the budget as
    wasteful]", "urged [voters to stay calm]"."""
    ABOUT = "about"
    """The object of "about/of/on/against/over" (broad): "talked about [the harbour plan]"."""
    PREP = "prep"
    """The object of "with/to/for" after a stance verb (broad): "voted for [the levy]"."""
    PASSIVE = "passive"
    """The subject of a passive with a "by" agent (broad): "[the idea] was backed by the
    union"."""
    RAISED = "raised"
    """A raised subject and its infinitive, the cue between (its ``gap``): "[The bank] is
    expected [to hold rates]"."""
    COLON_BLOCK = "colon_block"
    """A cue ending its sentence with a colon, the quote in the next paragraph: "The coach
    went on:" (content from the quote attached later)."""
    COPULA = "copula"
    """A stance stated with "be" (broad): "Farmers are uneasy about [the new rules]"."""
    ADJ = "adj"
    """The clause of a belief adjective: "She is confident [that the bridge will hold]"."""
    ACCORDING = "according"
    """The longer side of an "according to X" sentence: "[Sales fell], according to the
    firm"."""
    ASKED = "asked"
    """The question of a sourceless "asked" (broad): "Asked about [the delay], ..."."""
    NOUN_CLAUSE = "noun_clause"
    """The clause of a noun cue (broad): "the mayor's claim [that the fees are fair]"."""
    NOUN_PREP = "noun_prep"
    """The prepositional object of a noun cue (broad): "her criticism of [the plan]"."""
    ANAPHORA = "anaphora"
    """The sentence before, pointed back to by a passive's subject: "[The port will
    close.] This was announced by the harbour master."."""
    COLON = "colon"
    """What follows a short label and a colon (broad): "Ana Ruiz: [We will rebuild]"."""


@dataclass
class Frame:
    cue: Token
    info: CueInfo
    cue_span: tuple[int, int]
    source: tuple[int, int] | None
    content: tuple[int, int] | None
    quote: Quote | None = None
    ctype: ContentType = ContentType.CLAUSE
    """How the content was found (a feature of the scorer and the boundary model)."""
    broad: bool = False
    """Opened by a verb outside the cue lexicon (``broad=True``)."""
    score: float | None = None
    agentless: bool = False
    """A passive cue without a "by" agent: no source, by design."""
    gap: tuple[int, int] | None = None
    """Words inside the content that are not what was said: the cue clause of "If X,
    he said, Y" and the cue of "X is expected to Y" (the content is then two pieces)."""


def np_span(tok: Token) -> tuple[int, int]:
    """A noun phrase without its relative clause or trailing apposition clause."""
    toks = [t for t in tok.subtree]
    cut = [c for c in tok.children if c.dep_ in ADNOMINAL_CLAUSE_DEPS and c.i > tok.i]
    if cut:
        stop = min(c.left_edge.i for c in cut)
        toks = [t for t in toks if t.i < stop]
    # a clause hung on the subject from the left is a misparse of '“...,” Sarandon, 69,
    # told MSNBC': the quote is not part of the speaker's name
    left_clauses = [c for c in tok.children if c.dep_ in LEFT_CLAUSE_DEPS and c.i < tok.i]
    if left_clauses:
        begin = max(c.right_edge.i for c in left_clauses)
        toks = [t for t in toks if t.i > begin]
        while toks and (toks[0].is_punct or toks[0].is_space):
            toks.pop(0)
    while toks and (toks[-1].is_punct or toks[-1].is_space):
        toks.pop()
    if not toks:
        return tok.idx, tok.idx + len(tok)
    return toks[0].idx, toks[-1].idx + len(toks[-1])


def doc_text(doc: Doc) -> str:
    """``doc.text``, built once per Doc: spaCy rebuilds the string on every access."""
    cached = doc.user_data.get("saidwhat_text")
    if cached is None:
        cached = doc.user_data["saidwhat_text"] = doc.text
    return cached


def _clause_span(clause: Token, cue: Token) -> tuple[int, int]:
    """The reported clause; when it wraps round its cue ("a sentence, which I said was
    not a prison sentence": the relative pronoun is the clause's subject), the part
    after the cue and its own dependents."""
    lo, hi = subtree_span(clause)
    if not clause.left_edge.i < cue.i < clause.right_edge.i:
        return lo, hi
    own = max(
        (c.right_edge.i for c in cue.children if c.i > cue.i and c.i != clause.i), default=cue.i
    )
    after = [t for t in clause.subtree if t.i > max(cue.i, own) and not t.is_punct]
    return (after[0].idx, hi) if after else (lo, hi)


def subtree_span(tok: Token) -> tuple[int, int]:
    left, right = tok.left_edge, tok.right_edge
    return left.idx, right.idx + len(right)


def join_spans(spans: Iterable[tuple[int, int]]) -> tuple[int, int]:
    spans = list(spans)
    return min(s[0] for s in spans), max(s[1] for s in spans)


def _head_side(tok: Token) -> str:
    return "left" if tok.i > tok.head.i else "right"


def _minus(whole: tuple[int, int], part: tuple[int, int], side: str) -> tuple[int, int]:
    """The side of ``whole`` that lies outside ``part`` (a parenthetical cue clause)."""
    if side == "left":
        return whole[0], min(part[0], whole[1])
    return max(part[1], whole[0]), whole[1]


def _text_len(doc: Doc, span: tuple[int, int]) -> int:
    return len(doc_text(doc)[span[0] : span[1]].strip())
