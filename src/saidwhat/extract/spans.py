"""Frame spans: the frame record and the parse helpers every frame family reads spans with.

A :class:`Frame` (cue, source, content as character spans), the dependency labels that
mark subjects and reported clauses, and the helpers that turn tokens into spans: a
subtree, a noun phrase without its trailing clauses, a joined pair.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from saidwhat.extract.cues import CueInfo
from saidwhat.extract.quotes import Quote

SUBJECT_DEPS = ("nsubj", "nsubjpass", "csubj")
CLAUSE_DEPS = ("ccomp",)


LEFT_CLAUSE_DEPS = frozenset(["ccomp", "parataxis", "advcl"])
RELATIVE_PRONOUNS = frozenset(["who", "which", "that", "whom"])


@dataclass
class Frame:
    cue: Token
    info: CueInfo
    cue_span: tuple[int, int]
    source: tuple[int, int] | None
    content: tuple[int, int] | None
    quote: Quote | None = None
    ctype: str = "clause"
    """How the content was found: clause, split, xcomp, paren, object, about, call,
    express, adj, according (features for the scorer)."""
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
    cut = [c for c in tok.children if c.dep_ in ("relcl", "acl") and c.i > tok.i]
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
