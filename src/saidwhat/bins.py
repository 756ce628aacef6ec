"""Bin edges of the learned scorers' features, named once.

``extract/scorer.py`` and ``extract/boundary.py`` turn counts into feature strings with
``bin_label(n, edges)`` ("len=7", "kept=>35"); a model file was trained on those strings,
so each set of edges must stay the same at every place it is used.
"""

from __future__ import annotations

__all__ = ["CONTENT_WORD_EDGES", "CUT_WORD_EDGES", "PRIOR_DECILE_EDGES", "PRIOR_EDGES"]

CONTENT_WORD_EDGES: tuple[int, ...] = (1, 2, 4, 7, 12, 20, 35, 60)
"""Words of a frame's content (the scorer's ``len=`` and ``ct_len=`` features)."""
CUT_WORD_EDGES: tuple[int, ...] = (2, 4, 7, 12, 20, 35)
"""Words kept and words cut off by a content boundary (``kept=`` and ``tail=``)."""
PRIOR_DECILE_EDGES: tuple[int, ...] = (0, 1, 2, 3, 4, 5, 6, 7, 8, 9)
"""A cue's prior (how often the verb is a cue) times ten, one bin a decile (``prior=``)."""
PRIOR_EDGES: tuple[int, ...] = (1, 3, 5, 7, 9)
"""The same prior in five bins, for the verb of a content's tail (``tail_prior=``)."""
