"""Near-duplicate statements: one quote carried by several outlets is one statement.

Each statement's content is normalised (:func:`content_key`: lower case, quote marks and
punctuation dropped, whitespace collapsed) and cut into word 3-shingles, each hashed to
a signed 63-bit integer (:func:`shingles`).  Two statements are near-duplicates when the
Jaccard similarity of their shingle sets is at least :data:`THRESHOLD` (4/5) and, when
both have a speaker name, the names are the same (:func:`similar`).  Contents shorter
than :data:`MIN_WORDS` words are never matched: "No comment" is not one statement.

Lookup is *prefix filtering* (exact, no false negatives): under one global order of the
shingles (their hash values), two sets with Jaccard >= t share at least one of their
first ``|x| - ceil(t * |x|) + 1`` shingles.  The store keeps only those prefix shingles
of each statement in ``statement_shingles(shingle, statement_id)`` (indexed), and with
the shingle count of each statement (the length filter ``t|x| <= |y| <= |x|/t``) a new
statement's candidates are a handful of indexed rows, never a scan.

Statements that are near-duplicates (directly, or through others) form a group; the
group's *canonical* statement is its earliest: by article date (undated last), then
article id, then position in the article.  The others point at it with
``statements.canonical_id``; the canonical's own ``canonical_id`` is NULL.  The groups
and canonicals do not depend on the order articles were stored in (a resumed or
distributed ingest gives the same groups as one run).
"""

from __future__ import annotations

import functools
import hashlib
import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

THRESHOLD_NUM, THRESHOLD_DEN = 4, 5
"""The Jaccard threshold 4/5 as a fraction (integer arithmetic: no rounding surprises)."""

THRESHOLD = THRESHOLD_NUM / THRESHOLD_DEN
SHINGLE_WORDS = 3
MIN_WORDS = 4
"""Contents with fewer words than this are not deduplicated."""
MAX_PROBE = 500
"""A signature of more shingles than this probes the index with its prefix only (one
query parameter a shingle: far below either backend's limit)."""

_DROP = re.compile(r"[^\w\s]+")
_WS = re.compile(r"\s+")


def content_key(text: str) -> str:
    """The normalised form of a statement's content that near-duplicates share.

    NFKC, lower case, punctuation and quote marks removed, whitespace collapsed.
    """
    text = unicodedata.normalize("NFKC", text).lower().replace("_", " ")
    return _WS.sub(" ", _DROP.sub(" ", text)).strip()


def _hash(shingle: str) -> int:
    """A stable signed 63-bit hash of a shingle (fits SQLite INTEGER and PG BIGINT)."""
    value = int.from_bytes(hashlib.blake2b(shingle.encode("utf-8"), digest_size=8).digest())
    return value >> 1


def shingles(text: str) -> list[int]:
    """The sorted distinct hashed word 3-shingles of ``text`` ([] when too short)."""
    words = content_key(text).split()
    if len(words) < MIN_WORDS:
        return []
    grams = {" ".join(words[i : i + SHINGLE_WORDS]) for i in range(len(words) - 2)}
    return sorted({_hash(g) for g in grams})


def min_overlap(n: int) -> int:
    """``ceil(t * n)``: the fewest shared shingles two sets of size n need to match."""
    return (THRESHOLD_NUM * n + THRESHOLD_DEN - 1) // THRESHOLD_DEN


def prefix(signature: Sequence[int]) -> list[int]:
    """The prefix shingles of a sorted signature that are indexed and probed."""
    n = len(signature)
    return list(signature[: n - min_overlap(n) + 1]) if n else []


def size_bounds(n: int) -> tuple[int, int]:
    """Sizes a set of size n can match: ``ceil(t n) .. floor(n / t)``."""
    return min_overlap(n), (THRESHOLD_DEN * n) // THRESHOLD_NUM


def min_shared(n: int, m: int) -> int:
    """The fewest of a size-``m`` signature's prefix shingles (:func:`prefix`) that a
    size-``n`` signature must hold for the two to be near-duplicates.

    Jaccard >= t needs an overlap ``o >= t (n + m) / (1 + t)``; at most ``m - o`` of the
    other's shingles, so of its prefix, lie outside the new signature, which leaves
    ``|prefix| - (m - o) = o - ceil(t m) + 1`` of its prefix inside it (1 or more within
    the size bounds).  Counting those (the index holds every prefix) keeps a candidate
    only when it can match: a phrase many statements share ("told reporters") is one
    shingle, not enough on its own.
    """
    whole = THRESHOLD_NUM + THRESHOLD_DEN
    return (THRESHOLD_NUM * (n + m) + whole - 1) // whole - min_overlap(m) + 1


def _min_shared_sql(n: str, m: str) -> str:
    """:func:`min_shared` as a SQL integer expression of ``n`` and ``m``."""
    num, den, whole = THRESHOLD_NUM, THRESHOLD_DEN, THRESHOLD_NUM + THRESHOLD_DEN
    return (
        f"(({num} * ({n} + {m}) + {whole - 1}) / {whole} - ({num} * {m} + {den - 1}) / {den} + 1)"
    )


@functools.lru_cache(maxsize=1 << 15)
def _signature(text: str) -> frozenset[int]:
    """The shingle set of a stored content, kept for the candidates met again and again."""
    return frozenset(shingles(text))


def similar(
    a: Sequence[int], b: Sequence[int], speaker_a: str | None, speaker_b: str | None
) -> bool:
    """Near-duplicates: Jaccard >= 4/5, and the same speaker when both have one."""
    return _similar_sets(frozenset(a), frozenset(b), speaker_a, speaker_b)


def _similar_sets(
    sa: frozenset[int], sb: frozenset[int], speaker_a: str | None, speaker_b: str | None
) -> bool:
    if speaker_a and speaker_b and speaker_a.casefold() != speaker_b.casefold():
        return False
    if not sa or not sb:
        return False
    # saidwhat.overlap.jaccard(sa, sb) >= 4/5, compared in integers (no rounding at 4/5)
    shared = len(sa & sb)
    return THRESHOLD_DEN * shared >= THRESHOLD_NUM * (len(sa) + len(sb) - shared)


# --------------------------------------------------------------------------------------
# Linking a new statement into its group, for both backends.  ``ph`` is the backend's
# parameter placeholder ("?" or "%s"); every value is a query parameter.
# --------------------------------------------------------------------------------------

Execute = Callable[[str, Sequence[Any]], list[Any]]
"""Runs one parameterised query in the caller's transaction and returns its rows."""


@dataclass(frozen=True, slots=True)
class Queries:
    """The SQL of :func:`link`, with one backend's placeholder."""

    candidates: str
    prefix_candidates: str
    roots: str
    insert_shingle: str
    set_count: str
    regroup: str

    @classmethod
    def for_placeholder(cls, ph: str) -> Queries:
        return cls(
            # {ph} stand-ins for the shingle list are added by ``_in`` per call.  A
            # candidate shares at least :func:`min_shared` of its indexed shingles with
            # the new statement's signature (the count is exact, not a guess: see there).
            candidates=(
                "SELECT s.id, s.content_text, coalesce(s.canonical_id, s.id), sp.name "
                "FROM (SELECT h.statement_id AS id FROM statement_shingles h "
                "JOIN statements c ON c.id = h.statement_id "
                "WHERE h.shingle IN ({shingles}) "
                f"AND c.shingle_count BETWEEN {ph} AND {ph} AND c.id <> {ph} "
                "GROUP BY h.statement_id, c.shingle_count "
                f"HAVING count(*) >= {_min_shared_sql(f'CAST({ph} AS INTEGER)', 'c.shingle_count')}"
                ") m JOIN statements s ON s.id = m.id "
                "LEFT JOIN speakers sp ON sp.id = s.speaker_id"
            ),
            prefix_candidates=(
                "SELECT DISTINCT s.id, s.content_text, coalesce(s.canonical_id, s.id), sp.name "
                "FROM statement_shingles h "
                "JOIN statements s ON s.id = h.statement_id "
                "LEFT JOIN speakers sp ON sp.id = s.speaker_id "
                "WHERE h.shingle IN ({shingles}) "
                f"AND s.shingle_count BETWEEN {ph} AND {ph} AND s.id <> {ph}"
            ),
            roots=(
                "SELECT s.id, a.date, s.article_id, s.content_start FROM statements s "
                "JOIN articles a ON a.id = s.article_id WHERE s.id IN ({ids})"
            ),
            insert_shingle=(
                f"INSERT INTO statement_shingles (shingle, statement_id) VALUES ({ph}, {ph}) "
                "ON CONFLICT DO NOTHING"
            ),
            set_count=f"UPDATE statements SET shingle_count = {ph} WHERE id = {ph}",
            regroup=(
                f"UPDATE statements SET canonical_id = {ph} "
                "WHERE (canonical_id IN ({ids}) OR id IN ({ids})) AND id <> " + ph
            ),
        )


def _in(sql: str, ph: str, **lists: int) -> str:
    """Fill ``{name}`` in ``sql`` with ``n`` placeholders for each list of length n."""
    return sql.format(**{name: ", ".join([ph] * n) for name, n in lists.items()})


def _order_key(date: str | None, article_id: str, start: int, sid: int) -> tuple[Any, ...]:
    """Earliest first: by date (undated last), article id, position, statement id."""
    return (date is None, date or "", article_id, int(start), int(sid))


def link(
    execute: Execute,
    queries: Queries,
    ph: str,
    *,
    statement_id: int,
    content: str,
    speaker: str | None,
) -> int | None:
    """Index a just-inserted statement and join it to its near-duplicates' group.

    Merges every group it matches into one whose canonical is the earliest member (the
    new statement itself when it is the earliest).  Returns the canonical id the new
    statement got (None when it is canonical).  Runs in the caller's transaction.
    """
    sig = shingles(content)
    if not sig:
        return None
    execute(queries.set_count, (len(sig), statement_id))
    probe = prefix(sig)
    lo, hi = size_bounds(len(sig))
    if len(sig) <= MAX_PROBE:
        query = _in(queries.candidates, ph, shingles=len(sig))
        rows = execute(query, (*sig, lo, hi, statement_id, len(sig)))
    else:
        query = _in(queries.prefix_candidates, ph, shingles=len(probe))
        rows = execute(query, (*probe, lo, hi, statement_id))
    roots: set[int] = set()
    mine = frozenset(sig)
    for _sid, text, root, name in rows:
        if _similar_sets(mine, _signature(text), speaker, name):
            roots.add(int(root))
    for shingle in probe:
        execute(queries.insert_shingle, (shingle, statement_id))
    if not roots:
        return None
    members = sorted(roots | {statement_id})
    found = execute(_in(queries.roots, ph, ids=len(members)), members)
    canonical = int(min(_order_key(d, a, s, i) for i, d, a, s in found)[-1])
    # Every member of the matched groups, and the new statement, points at the earliest
    # (the roots and the new statement have canonical_id NULL, so the earliest keeps it).
    execute(_in(queries.regroup, ph, ids=len(members)), (canonical, *members, *members, canonical))
    return None if canonical == statement_id else canonical


def backfill(execute: Execute, queries: Queries, ph: str) -> int:
    """Compute the groups of statements stored before schema version 2 (in the caller's
    transaction); returns the number of statements that got a canonical one."""
    rows = execute(
        "SELECT s.id, s.content_text, sp.name FROM statements s "
        "LEFT JOIN speakers sp ON sp.id = s.speaker_id WHERE s.shingle_count = 0 ORDER BY s.id",
        (),
    )
    linked = 0
    for sid, text, name in rows:
        if link(execute, queries, ph, statement_id=int(sid), content=text, speaker=name):
            linked += 1
    return linked
