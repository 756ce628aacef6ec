"""Jaccard overlap: the one measure of how much two sets, or two spans, share.

Used for frame contents that clash (``extract``), near-duplicate statements
(``store.dedupe``, on word shingles) and the content match of the evaluation
(``evaluate.score``, the reference scorer's character Jaccard).
"""

from __future__ import annotations

from collections.abc import Hashable, Set


def jaccard(a: Set[Hashable], b: Set[Hashable]) -> float:
    """``|a ∩ b| / |a ∪ b|``; 0.0 when the two share nothing (two empty sets too)."""
    shared = len(a & b)
    return shared / len(a | b) if shared else 0.0


def span_jaccard(a: tuple[int, int], b: tuple[int, int]) -> float:
    """:func:`jaccard` of the character offsets of two ``(start, end)`` spans, without
    building the sets (two overlapping intervals' union is their hull)."""
    shared = max(0, min(a[1], b[1]) - max(a[0], b[0]))
    return shared / (max(a[1], b[1]) - min(a[0], b[0])) if shared else 0.0


def spans_overlap(a0: int, a1: int, b0: int, b1: int) -> bool:
    """Whether the spans ``[a0, a1)`` and ``[b0, b1)`` cross: they share a character, or
    one is empty and lies strictly inside the other."""
    return a0 < b1 and b0 < a1
