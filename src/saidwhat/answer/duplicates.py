"""One line per statement: the same quote carried by several outlets, or reported by
them in their own words, is shown once, with the other carriers listed."""

from __future__ import annotations

import re

from saidwhat.model import StatementFilter, StoredStatement
from saidwhat.search.embed import ensure_embeddings, vector_index
from saidwhat.search.hybrid import STOPWORDS
from saidwhat.store.base import Store


def collapse_duplicates(store: Store, statements: list[StoredStatement]) -> list[StoredStatement]:
    """One statement per near-duplicate group (the same quote carried by several
    outlets), at the rank of its best copy: the group's earliest statement, with
    ``extra["also_in"]`` listing the other carriers (article, outlet, date)."""
    out: list[StoredStatement] = []
    seen: set[int] = set()
    for st in statements:
        key = st.canonical_id if st.canonical_id is not None else st.id
        if key not in seen:
            seen.add(key)
            out.append(st)
    if not out:
        return out
    keys = [st.canonical_id if st.canonical_id is not None else st.id for st in out]
    canonical = {g.id: g for g in store.statements(StatementFilter(ids=keys), distinct=True)}
    return [canonical.get(key, st) for key, st in zip(keys, out, strict=True)]


PARAPHRASE_SIMILAR = 0.85
"""Least cosine of two statements' sentence vectors for them to be one statement
reported twice, when their words overlap at least :data:`PARAPHRASE_WORDS`..."""
PARAPHRASE_WORDS = 0.4
"""...(Jaccard of their content words); at :data:`PARAPHRASE_SAME` and above the words
need not overlap.  Chosen on the newsattr wire rewrites (docs/answers.md)."""
PARAPHRASE_SAME = 0.95


def _content_words(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z0-9']+", text.lower()) if w not in STOPWORDS}


def merge_paraphrases(store: Store, statements: list[StoredStatement]) -> list[StoredStatement]:
    """The same statement reported by several outlets in their own words ("the ball is
    in their court" in five wire rewrites) as one line: a later statement of the same
    speaker, from another article, whose sentence vector is that close to a kept one's
    (and whose words overlap) joins it, listed in the kept one's ``extra["also_in"]``
    with ``"paraphrase": true``.  Order is kept (best first)."""
    named = [st for st in statements if st.speaker]
    if len(named) < 2:
        return statements
    ensure_embeddings(store)  # computed at ingest, unless ingest was told not to
    index = vector_index(store)
    rows = index.rows([st.id for st in statements])
    row_of = {st.id: int(r) for st, r in zip(statements, rows, strict=True)}
    kept: list[StoredStatement] = []
    for st in statements:
        r = row_of[st.id]
        home = None
        if st.speaker and r >= 0:
            words = _content_words(st.content.text)
            for k in kept:
                kr = row_of[k.id]
                if k.speaker != st.speaker or k.article_id == st.article_id or kr < 0:
                    continue
                cos = float(index.matrix[r] @ index.matrix[kr])
                other = _content_words(k.content.text)
                overlap = len(words & other) / max(len(words | other), 1)
                if cos >= PARAPHRASE_SAME or (
                    cos >= PARAPHRASE_SIMILAR and overlap >= PARAPHRASE_WORDS
                ):
                    home = k
                    break
        if home is None:
            kept.append(st)
            continue
        carriers = home.extra.setdefault("also_in", [])
        for c in [
            {
                "statement_id": st.id,
                "article_id": st.article_id,
                "outlet": st.outlet,
                "date": st.date,
                "url": st.url,
                "paraphrase": True,
            },
            *st.extra.get("also_in", []),
        ]:
            if all(c["statement_id"] != x["statement_id"] for x in carriers):
                carriers.append(c)
    return kept
