"""The bin edges of the learned scorers' features (saidwhat.extract.scorer)."""

from __future__ import annotations

from saidwhat.extract import scorer

EDGES = ("CONTENT_WORD_EDGES", "CUT_WORD_EDGES", "PRIOR_DECILE_EDGES", "PRIOR_EDGES")


def test_feature_bin_edges_rise() -> None:
    for name in EDGES:
        edges = getattr(scorer, name)
        assert len(edges) >= 5, name
        assert list(edges) == sorted(set(edges)), f"{name} must rise strictly"


def test_bin_label_names_the_first_edge_not_exceeded() -> None:
    assert scorer.bin_label(0, scorer.PRIOR_EDGES) == "1"
    assert scorer.bin_label(5, scorer.PRIOR_EDGES) == "5"
    assert scorer.bin_label(6, scorer.PRIOR_EDGES) == "7"
    assert scorer.bin_label(61, scorer.CONTENT_WORD_EDGES) == ">60"
