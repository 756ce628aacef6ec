"""The one Jaccard measure (saidwhat.overlap) on sets and on character spans."""

from __future__ import annotations

import pytest

from saidwhat.overlap import jaccard, span_jaccard, spans_overlap


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ({1, 2, 3}, {2, 3, 4}, 0.5),
        ({1, 2}, {1, 2}, 1.0),
        ({1}, {2}, 0.0),
        (set(), {1}, 0.0),
        (set(), set(), 0.0),
        (frozenset("abcd"), frozenset("a"), 0.25),
    ],
)
def test_overlap_jaccard_of_sets(a: set[object], b: set[object], expected: float) -> None:
    assert jaccard(a, b) == pytest.approx(expected)


SPANS = [(0, 10), (5, 15), (10, 20), (3, 4), (0, 0), (7, 7), (2, 30), (12, 13)]


@pytest.mark.parametrize("a", SPANS)
@pytest.mark.parametrize("b", SPANS)
def test_overlap_span_jaccard_is_jaccard_of_the_characters(
    a: tuple[int, int], b: tuple[int, int]
) -> None:
    chars_a, chars_b = set(range(*a)), set(range(*b))
    assert span_jaccard(a, b) == pytest.approx(jaccard(chars_a, chars_b))
    if chars_a and chars_b:
        assert spans_overlap(*a, *b) == bool(chars_a & chars_b)


def test_overlap_empty_span_strictly_inside_crosses() -> None:
    assert spans_overlap(7, 7, 0, 10)
    assert not spans_overlap(0, 0, 0, 10)
