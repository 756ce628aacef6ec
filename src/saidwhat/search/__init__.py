"""Statement search by topic: full-text plus sentence embeddings, fused by rank.

``search_statements(store, topic, actors=..., speaker=..., since=..., until=...)``
is the entry point; :mod:`saidwhat.search.embed` holds the embedding model and the
kept vectors.
"""

from saidwhat.search.embed import (
    MODEL_ID,
    Embedder,
    ensure_embeddings,
    get_embedder,
)
from saidwhat.search.hybrid import search_statements, topic_words

__all__ = [
    "MODEL_ID",
    "Embedder",
    "ensure_embeddings",
    "get_embedder",
    "search_statements",
    "topic_words",
]
