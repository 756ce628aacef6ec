"""saidwhat.bins: the bin edges of the scorers' features."""

from __future__ import annotations

from saidwhat import bins


def test_feature_bin_edges_rise() -> None:
    for name in bins.__all__:
        edges = getattr(bins, name)
        assert len(edges) >= 5, name
        assert list(edges) == sorted(set(edges)), f"{name} must rise strictly"
