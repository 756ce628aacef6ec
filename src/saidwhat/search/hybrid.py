"""Hybrid statement search: full-text (``Store.search``) and embeddings, fused by rank.

1. The candidate set: statements whose speaker's actor is one of ``actors``, or whose
   speaker is ``speaker``, published between ``since`` and ``until``; every statement
   when no filter is given.
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

import json
from collections.abc import Collection

import numpy as np

from saidwhat.model import StoredStatement
from saidwhat.search.embed import (
    Progress,
    ensure_embeddings,
    get_embedder,
    sqlite_connection,
    vector_index,
)
from saidwhat.store.base import Store
from saidwhat.store.schema import search_terms

RRF_K = 60
RELEVANCE_FLOOR = 0.30
"""Least relevance (see the module doc) of a statement kept on embeddings alone."""
KEYWORD_FLOOR = 0.18
"""Least relevance of a statement the full-text search found."""
FTS_DEPTH = 2000
"""How many full-text hits are read before the candidate filter is applied."""

_STOPWORDS_WORDS = """a an the and or but of to in on at for from by with about as into over under
    this that these those it its is are was were be been being has have had do does did
    what which who whom whose when where why how any all some there their they them he
    she his her we our you your i me my said say says saying tell told"""
STOPWORDS = frozenset(_STOPWORDS_WORDS.split())
"""Words that carry no topic: left out of the full-text query."""


def topic_words(topic: str) -> list[str]:
    """The words of a topic that go to full-text search (stopwords left out)."""
    return [w for w in search_terms(topic) if w not in STOPWORDS]


def _in_dates(date: str | None, since: str | None, until: str | None) -> bool:
    """Whether an ISO date (or date-time) lies in [since, until]; prefixes compare."""
    if since is None and until is None:
        return True
    if not date:
        return False
    if since is not None and date[: len(since)] < since:
        return False
    return not (until is not None and date[: len(until)] > until)


def search_statements(
    store: Store,
    topic: str,
    *,
    actors: Collection[str] | None = None,
    speaker: str | None = None,
    since: str | None = None,
    until: str | None = None,
    limit: int = 50,
    progress: Progress | None = None,
    floor: bool = True,
) -> list[tuple[StoredStatement, float]]:
    """Statements about ``topic`` (best first) with their fused score.

    ``actors`` are actor names already expanded (see ``ActorTable.covering``);
    ``speaker`` matches as in :meth:`Store.statements`; ``since``/``until`` are ISO
    dates (a prefix such as ``2022`` or ``2022-03`` works).  A blank topic returns
    the filtered statements in article order with score 0.  ``progress`` reports the
    computing of missing embeddings; ``floor=False`` keeps off-topic statements too.
    """
    if limit <= 0:
        return []
    filtered = actors is not None or speaker is not None or bool(since) or bool(until)
    candidates: dict[int, StoredStatement | None] | None = None
    if filtered:
        light = _candidate_ids(store, actors, since, until) if speaker is None else None
        if light is not None:
            candidates = dict.fromkeys(light)
        else:
            candidates = {
                s.id: s
                for s in store.statements(actors=actors, speaker=speaker)
                if _in_dates(s.date, since, until)
            }
        if not candidates:
            return []
    words = topic_words(topic)
    if not words and not topic.strip():
        if candidates is None:
            return [(s, 0.0) for s in store.statements(limit=limit)]
        return [(s, 0.0) for s in store.statements(ids=list(candidates)[: limit * 4])][:limit]

    # Keyword ranking.
    fts_hits = store.search(" ".join(words), limit=FTS_DEPTH) if words else []
    if candidates is not None:
        fts_hits = [(i, sc) for i, sc in fts_hits if i in candidates]
    fts_rank = {sid: r for r, (sid, _) in enumerate(fts_hits, start=1)}

    # Embedding ranking.
    ensure_embeddings(store, progress=progress)
    index = vector_index(store)
    q = get_embedder().encode_one(topic)
    art_sims = index.art_matrix @ q
    if candidates is not None:
        rows = index.rows(list(candidates))
        ids = np.fromiter(candidates, dtype=np.int64, count=len(candidates))
        have = rows >= 0
        ids, rows = ids[have], rows[have]
    else:
        ids, rows = index.ids, np.arange(len(index.ids))
    sims = index.matrix[rows] @ q if len(rows) else np.zeros(0, dtype=np.float32)
    arts = art_sims[index.art_code[rows]] if len(rows) else np.zeros(0, dtype=np.float32)
    relevance = np.maximum(sims, (sims + arts) / 2)
    rel_of: dict[int, float] = {}
    depth = len(ids) if candidates is not None else min(len(ids), max(limit * 8, 400))
    if depth:
        top = np.argsort(-relevance, kind="stable")[:depth]
        rel_of = {int(ids[i]): float(relevance[i]) for i in top}
    vec_rank = {sid: r for r, sid in enumerate(rel_of, start=1)}
    if candidates is None and fts_rank:  # relevance of keyword hits outside the top
        extra = [i for i in fts_rank if i not in rel_of]
        if extra:
            er = index.rows(extra)
            for sid, row in zip(extra, er, strict=True):
                if row >= 0:
                    s = float(index.matrix[row] @ q)
                    rel_of[sid] = max(s, (s + float(art_sims[index.art_code[row]])) / 2)

    fused: dict[int, float] = {}
    for sid in set(fts_rank) | set(vec_rank):
        rel = rel_of.get(sid, 0.0)
        if floor and not (
            rel >= RELEVANCE_FLOOR or (sid in fts_rank and rel >= KEYWORD_FLOOR)
        ):
            continue
        score = 0.0
        if sid in fts_rank:
            score += 1.0 / (RRF_K + fts_rank[sid])
        if sid in vec_rank:
            score += 1.0 / (RRF_K + vec_rank[sid])
        fused[sid] = score
    best = sorted(fused, key=lambda i: (-fused[i], i))[:limit]
    found = {s.id: s for s in store.statements(ids=best)}
    return [(found[i], fused[i]) for i in best if i in found]


def _candidate_ids(
    store: Store, actors: Collection[str] | None, since: str | None, until: str | None
) -> list[int] | None:
    """Ids of statements by these actors in these dates, read straight from a SQLite
    store (no records built); None for other stores."""
    sq = sqlite_connection(store)
    if sq is None:
        return None
    conn, lock = sq
    where, params = [], []
    if actors is not None:
        where.append("sp.actor IN (SELECT value FROM json_each(?))")
        params.append(json.dumps(sorted(set(actors))))
    if since:
        where.append("substr(a.date, 1, ?) >= ?")
        params += [len(since), since]
    if until:
        where.append("substr(a.date, 1, ?) <= ?")
        params += [len(until), until]
    sql = (
        "SELECT s.id FROM statements s JOIN articles a ON a.id = s.article_id "
        "LEFT JOIN speakers sp ON sp.id = s.speaker_id"
    )
    if where:
        sql += " WHERE " + " AND ".join(where)
    sql += " ORDER BY (a.date IS NULL), a.date, a.id, s.content_start, s.id"
    with lock:
        return [int(r[0]) for r in conn.execute(sql, params)]
