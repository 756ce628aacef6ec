"""Hybrid statement search: full-text (``Store.search``) and embeddings, fused by rank.

1. The candidate set: the statements a :class:`~saidwhat.model.StatementFilter` keeps
   (speaker, actors, dates, ...); every statement when no filter is given.
2. Two rankings of the candidates: bm25 of the topic's words over content and sentence,
   and the *relevance* of each statement's vector to the topic's vector.
3. Reciprocal rank fusion: ``score = Σ 1 / (RRF_K + rank)`` over the two rankings.

Relevance of a statement is its cosine with the topic, lifted by the cosine of its
article's title and lead: news statements take their subject from the article they
stand in ("We're going to keep a close eye on what's going on" is about the
de-escalation the article reports).  ``relevance = max(s, (s + a) / 2)`` with ``s`` the
statement's and ``a`` the article's cosine.  A statement below :data:`RELEVANCE_FLOOR`
drops out, unless the full-text search found the topic's words in it and it clears the
lower :data:`KEYWORD_FLOOR`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from saidwhat.model import ALL_STATEMENTS, StatementFilter, StoredStatement
from saidwhat.search.embed import (
    Progress,
    VectorIndex,
    ensure_embeddings,
    get_embedder,
    vector_index,
)
from saidwhat.search.index import StatementMeta, statement_meta
from saidwhat.store.base import Store
from saidwhat.store.schema import search_terms

RRF_K = 60
RELEVANCE_FLOOR = 0.30
"""Least relevance (see the module doc) of a statement kept on embeddings alone."""
KEYWORD_FLOOR = 0.18
"""Least relevance of a statement the full-text search found."""
FTS_DEPTH = 2000
"""How many full-text hits are read before the candidate filter is applied."""
VEC_DEPTH = 400
"""How many statements the embedding ranking ranks (at least :data:`VEC_OVERFETCH` times
``limit``); a keyword hit below them still gets its relevance, for the floors."""
VEC_OVERFETCH = 8
"""Statements the embedding ranking ranks per statement asked for."""
GATHER_SHARE = 3
"""A filter keeping fewer than one in this many of the index's rows has their vectors
gathered; a wider one scores the whole matrix at once."""

_STOPWORDS_WORDS = """a an the and or but of to in on at for from by with about as into over under
    this that these those it its is are was were be been being has have had do does did
    what which who whom whose when where why how any all some there their they them he
    she his her we our you your i me my said say says saying tell told"""
STOPWORDS = frozenset(_STOPWORDS_WORDS.split())
"""Words that carry no topic: left out of the full-text query."""


def topic_words(topic: str) -> list[str]:
    """The words of a topic that go to full-text search (stopwords left out)."""
    return [w for w in search_terms(topic) if w not in STOPWORDS]


def _cosines(matrix: np.ndarray, q: np.ndarray) -> np.ndarray:
    """``matrix @ q`` in numpy's own single-threaded loops: a matrix-vector product is
    memory-bound, and BLAS threads only fight other work on a busy machine (twice as
    slow here, with 0.4 s spikes)."""
    return np.einsum("ij,j->i", matrix, q)


def _relevance(sims: np.ndarray, art_code: np.ndarray, art_sims: np.ndarray) -> np.ndarray:
    """Relevance from statements' cosines with the topic, lifted by their articles'
    (``art_sims[art_code]``): ``max(s, (s + a) / 2)``, see the module doc."""
    return np.maximum(sims, (sims + art_sims[art_code]) / 2)


def filtered_ids(store: Store, where: StatementFilter = ALL_STATEMENTS) -> list[int]:
    """Ids of the statements ``where`` keeps, in article order."""
    meta = statement_meta(store)
    return [int(i) for i in meta.ordered_ids(meta.mask(where))]


def fetch(store: Store, ids: Sequence[int]) -> list[StoredStatement]:
    """The records of these statements, in the order of ``ids``."""
    found = {s.id: s for s in store.statements(StatementFilter(ids=ids))} if ids else {}
    return [found[i] for i in ids if i in found]


def _keyword_ranking(
    store: Store, meta: StatementMeta, mask: np.ndarray | None, words: list[str]
) -> dict[int, int]:
    """The rank (from 1) of each full-text hit for ``words`` that ``mask`` keeps, in hit order."""
    fts_hits = store.search(" ".join(words), limit=FTS_DEPTH) if words else []
    if mask is not None and fts_hits:
        pos = meta.positions([i for i, _ in fts_hits])
        inside = (pos >= 0) & mask[np.clip(pos, 0, None)]
        fts_hits = [h for h, ok in zip(fts_hits, inside, strict=True) if ok]
    return {sid: r for r, (sid, _) in enumerate(fts_hits, start=1)}


@dataclass(frozen=True)
class _TopicRelevance:
    """The relevance to one topic of the statements at rows of the vector index."""

    index: VectorIndex
    q: np.ndarray
    art_sims: np.ndarray
    every: np.ndarray | None  # every row's relevance, when computed

    def of(self, rows: np.ndarray) -> np.ndarray:
        """Read off ``every`` when there is one, else computed for ``rows`` only."""
        if self.every is not None:
            return self.every[rows]
        index = self.index
        return _relevance(_cosines(index.matrix[rows], self.q), index.art_code[rows], self.art_sims)


def _embedding_top(ids: np.ndarray, relevance: np.ndarray, limit: int) -> dict[int, float]:
    """The relevance of the most relevant statements (``ids`` with their ``relevance``),
    best first (ties by id); as many as ``limit`` may need, at least VEC_DEPTH."""
    depth = min(len(ids), max(limit * VEC_OVERFETCH, VEC_DEPTH))
    if depth < len(ids):
        top = np.argpartition(-relevance, depth - 1)[:depth]
    else:
        top = np.arange(len(ids))
    top_ids = ids[top]
    top_rel = relevance[top]
    ranked = np.lexsort((top_ids, -top_rel))
    return {int(top_ids[i]): float(top_rel[i]) for i in ranked}


def _add_keyword_relevance(
    rel_of: dict[int, float],
    fts_rank: dict[int, int],
    meta: StatementMeta,
    vec_rows: np.ndarray,
    topic_relevance: _TopicRelevance,
) -> None:
    """Add to ``rel_of`` the relevance of the keyword hits outside the embedding top."""
    extra = [i for i in fts_rank if i not in rel_of]
    if not extra:
        return
    er = vec_rows[np.clip(meta.positions(extra), 0, None)]
    ok = (meta.positions(extra) >= 0) & (er >= 0)
    if ok.any():
        rel = topic_relevance.of(er[ok])
        for sid, v in zip(np.asarray(extra)[ok], rel, strict=True):
            rel_of[int(sid)] = float(v)


def _fuse(
    fts_rank: dict[int, int], vec_rank: dict[int, int], rel_of: dict[int, float], floor: bool
) -> dict[int, float]:
    """Reciprocal-rank fusion of the two rankings; with ``floor``, off-topic statements are
    left out (a keyword hit needs a lower relevance than an embedding-only one)."""
    fused: dict[int, float] = {}
    for sid in set(fts_rank) | set(vec_rank):
        rel_v = rel_of.get(sid, 0.0)
        if floor and not (rel_v >= RELEVANCE_FLOOR or (sid in fts_rank and rel_v >= KEYWORD_FLOOR)):
            continue
        score = 0.0
        if sid in fts_rank:
            score += 1.0 / (RRF_K + fts_rank[sid])
        if sid in vec_rank:
            score += 1.0 / (RRF_K + vec_rank[sid])
        fused[sid] = score
    return fused


def search_statements(
    store: Store,
    topic: str,
    where: StatementFilter = ALL_STATEMENTS,
    *,
    limit: int = 50,
    progress: Progress | None = None,
    floor: bool = True,
    relevance_out: dict[int, float] | None = None,
    raw_relevance_out: dict[int, float] | None = None,
) -> list[tuple[StoredStatement, float]]:
    """Statements about ``topic`` (best first) with their fused score, among those
    ``where`` keeps (see :class:`~saidwhat.model.StatementFilter`).

    ``relevance_out``, when given, receives the *standing* of each statement returned,
    by id: its relevance (see the module doc) in standard deviations above the mean
    relevance of every statement of the store to this topic.  A statement's absolute
    cosine says little (short topics score low everywhere); its standing against the
    whole store says whether it is about the topic more than news in general is.
    ``raw_relevance_out`` (with ``relevance_out``) receives the relevance itself.

    A blank topic returns the filtered statements in article order with score 0.
    ``progress`` reports the computing of missing embeddings; ``floor=False`` keeps
    off-topic statements too.

    The filters are numpy masks over arrays kept per process (:mod:`.index`); only
    the final ``limit`` statements are read as records.
    """
    if limit <= 0:
        return []
    meta = statement_meta(store)
    mask = meta.mask(where)
    if mask is not None and not mask.any():
        return []
    words = topic_words(topic)
    if not words and not topic.strip():
        return [(s, 0.0) for s in fetch(store, [int(i) for i in meta.ordered_ids(mask)[:limit]])]

    fts_rank = _keyword_ranking(store, meta, mask, words)

    # Embedding ranking: relevance of the kept statements, top VEC_DEPTH ranked.
    ensure_embeddings(store, progress=progress)
    index = vector_index(store)
    q = get_embedder().encode_one(topic)
    art_sims = _cosines(index.art_matrix, q)
    vec_rows = meta.vector_rows(index)
    pos = np.flatnonzero(mask) if mask is not None else np.arange(len(meta))
    rows = vec_rows[pos]
    have = rows >= 0
    pos, rows = pos[have], rows[have]
    few = len(rows) * GATHER_SHARE < len(index.ids)  # a few rows: gather them
    every = None  # every statement's relevance: for the standing, or when most are kept
    if relevance_out is not None or not few:
        every = _relevance(_cosines(index.matrix, q), index.art_code, art_sims)
    topic_relevance = _TopicRelevance(index, q, art_sims, every)
    rel_of = _embedding_top(meta.ids[pos], topic_relevance.of(rows), limit)
    vec_rank = {sid: r for r, sid in enumerate(rel_of, start=1)}
    _add_keyword_relevance(rel_of, fts_rank, meta, vec_rows, topic_relevance)

    fused = _fuse(fts_rank, vec_rank, rel_of, floor)
    best = sorted(fused, key=lambda i: (-fused[i], i))[:limit]
    if relevance_out is not None and every is not None:
        mean, spread = float(every.mean()), float(every.std()) or 1.0
        relevance_out.update((i, (rel_of.get(i, 0.0) - mean) / spread) for i in best)
        if raw_relevance_out is not None:
            raw_relevance_out.update((i, rel_of.get(i, 0.0)) for i in best)
    return [(st, fused[st.id]) for st in fetch(store, best)]
