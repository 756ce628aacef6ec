"""Stances: where an actor stands on the topic, derived from its statements.

Each statement's cue and content are matched against a small lexicon of word stems
(:data:`STANCE_CUES`); the label most of an actor's statements carry is its stance,
marked ``"derived": true``: a reading aid, not something an article said.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from saidwhat.answer.words import shown_words
from saidwhat.model import StoredStatement

# ---- stance lexicon -----------------------------------------------------------------
# Where an actor stands on the topic: supportive, opposed, wary, conditional or neutral.
# Each label has word stems matched at a word start in the cue and content of each
# statement (lower case); a statement counts for every label it matches.  Stating what
# one will do ("announced it would ...") is a kind of statement, not a stance.
STANCE_CUES: dict[str, tuple[str, ...]] = {
    "opposed": (
        "condemn", "reject", "oppos", "denounc", "brutal", "horror", "atrocit", "aggress",
        "unacceptable", "war crime", "punish", "illegal", "biased", "obstruct", "sabotag",
        "torpedo", "out of the question", "not up for negotiation", "will not accept",
        "cannot accept", "refus", "provocat", "reckless", "separatis", "severe warning",
        "strong measures", "countermeasure", "resolutely",
    ),
    "wary": (
        "wary", "warines", "caution", "cautious", "skeptic", "sceptic", "doubt", "suspic",
        "not prepared", "close eye", "we'll see", "we will see", "see if", "remains to be seen",
        "not over", "ruse", "mislead", "not its words", "repositioning", "concern", "worr",
        "warn", "vigilan", "restraint", "refrain", "escalat", "tension", "closely monitor",
        "unresolved", "no deal until", "not complete",
    ),
    "conditional": (
        "provided that", "as long as", "only if", "on condition", "conditions are met",
        "conditions", "depends on", "must first", "clarification", "root causes",
        "underlying causes", "in principle", "terms still", "details still",
    ),
    "supportive": (
        "welcome", "positive", "support", "prais", "hope", "progress", "encourag",
        "constructive", "good news", "mutual trust", "optimis", "commend", "applaud",
        "historic", "productive", "agree", "ready to", "committed to", "thank", "promising",
        "success", "great", "flexibility", "genuine", "step forward",
    ),
}  # fmt: skip
STANCE_ORDER = ("conditional", "opposed", "wary", "supportive")
"""Tie order: a condition put on support is the news; opposition before unease."""
STANCE_EVIDENCE = 3
"""Statements a stance line quotes as what it rests on."""
EVIDENCE_CHARS = 120
"""Characters of each statement a stance line quotes."""
STANCE_CUE_WORDS = 4
"""Cue words a stance lists (``Stance.cues``)."""

_INTENT = re.compile(
    r"\b(?:will|would|shall|'ll|going to|plans?(?:ned)? to|planning to|intends?(?:ed)? to|"
    r"wants? to|wanted to|aims? to|vow(?:s|ed)? to|pledg(?:es|ed) to|promis(?:es|ed) to|"
    r"is to|are to|ready to|decided to|agreed to)\b",
    re.I,
)
_INTENT_CUES = re.compile(r"\b(?:announc|vow|pledg|promis|threat|plan|intend|decid)", re.I)


def is_intention(st: StoredStatement) -> bool:
    """Whether a statement says what its speaker will do (or would, plans, intends)."""
    if st.attitude == "intention":
        return True
    if _INTENT.search(st.content.text):
        return True
    return bool(st.cue and _INTENT_CUES.search(st.cue.text))


def _text(st: StoredStatement) -> str:
    return f"{st.cue.text if st.cue else ''} {st.content.text}".lower()


@lru_cache(maxsize=64)
def _stem_pattern(stem: str) -> re.Pattern[str]:
    return re.compile(r"(?<!\w)" + re.escape(stem) + r"[\w']*")


@lru_cache(maxsize=16)
def _any_stem(stems: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(s) for s in stems) + ")")


def _hits(text: str, stems: Iterable[str]) -> list[str]:
    """The words of ``text`` that the stems match (whole words as written)."""
    stems = tuple(stems)
    if not _any_stem(stems).search(text):  # one pass rules most statements out
        return []
    found = []
    for stem in stems:
        m = _stem_pattern(stem).search(text)
        if m:
            found.append(m.group(0).strip())
    return found


@dataclass(frozen=True)
class Stance:
    """Where an actor stands, derived from its statements (never quoted as such), with
    the statements it rests on."""

    label: str
    summary: str
    cues: list[str] = field(default_factory=list)
    derived: bool = True
    evidence: list[int] = field(default_factory=list)
    """Ids of the two or three statements the label rests on, the clearest first."""
    count: int = 0
    """How many of the actor's statements carry the label."""
    total: int = 0
    """How many statements the stance was derived from."""

    def to_json(self) -> dict[str, Any]:
        return {
            "label": self.label,
            "summary": self.summary,
            "cues": self.cues,
            "derived": self.derived,
            "evidence": self.evidence,
            "count": self.count,
            "total": self.total,
        }


def statement_stances(st: StoredStatement) -> dict[str, list[str]]:
    """The stance labels one statement's words carry, with the words that carry them."""
    text = _text(st)
    found = {label: _hits(text, STANCE_CUES[label]) for label in STANCE_ORDER}
    if found["supportive"] and _NEGATED_SUPPORT.search(text):
        found["opposed"] = found["opposed"] + found["supportive"]
        found["supportive"] = []
    return {label: words for label, words in found.items() if words}


_NEGATED_SUPPORT = re.compile(
    r"\b(?:not|never|no longer|won't|will not|cannot|can't|doesn't|does not|did not)\s+"
    r"(?:\w+\s+)?(?:support|welcome|agree|accept|back)",
    re.I,
)


def derive_stance(actor: str, statements: list[StoredStatement]) -> Stance:
    """The stance of ``actor`` from its statements (see :data:`STANCE_CUES`).

    The label most statements carry wins (ties by :data:`STANCE_ORDER`); support with a
    condition put on it is "conditional".  The stance rests on the statements that carry
    the label, those with most cue words first."""
    if not statements:
        return Stance("neutral", f"{actor}: no statements found.")
    per = [(st, statement_stances(st)) for st in statements]
    count = {label: sum(1 for _, f in per if label in f) for label in STANCE_ORDER}
    n = len(statements)
    if not any(count.values()):
        return Stance("neutral", f"{actor}: neutral: no stance in {n} statement(s).", total=n)
    best = max(STANCE_ORDER, key=lambda k: (count[k], -STANCE_ORDER.index(k)))
    if best == "supportive" and 2 * count["conditional"] >= count["supportive"]:
        best = "conditional"  # support with a condition put on it, said as often
    carrying = sorted(
        ((st, f[best]) for st, f in per if best in f), key=lambda x: (-len(x[1]), x[0].id)
    )[:STANCE_EVIDENCE]
    cues = list(dict.fromkeys(w for _, words in carrying for w in words))[:STANCE_CUE_WORDS]
    quoted = "; ".join(shown_words(st)[:EVIDENCE_CHARS] for st, _ in carrying)
    summary = f"{actor}: {best} ({count[best]} of {n} statement(s)): {quoted}"
    return Stance(
        best, summary, cues, evidence=[st.id for st, _ in carrying], count=count[best], total=n
    )
