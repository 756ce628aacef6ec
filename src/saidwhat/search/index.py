"""What the search filters on, as numpy arrays kept once per process and store.

For each statement (sorted by id): its place in article order, its speaker, the lower
cased mention, the actor its speaker speaks for and its article's date as an integer
``YYYYMMDD`` (missing parts 0).  Filters by actor, speaker and date are then numpy
masks, and no statement record is built until the final page is fetched.

The arrays are rebuilt when the store changed: a SQLite store is checked with
``PRAGMA data_version`` and the connection's change count (free), then with the
statement count and largest id; other stores with their statement count.
"""

from __future__ import annotations

import re
import threading
import weakref
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from saidwhat.model import StoredStatement
from saidwhat.search.embed import VectorIndex, sqlite_connection
from saidwhat.store.base import Store
from saidwhat.store.schema import speaker_query

_DATE = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?")


def date_number(date: str | None, *, high: bool = False) -> int:
    """``"2016-10-12"`` → 20161012; a missing month or day is 00 (99 with ``high``,
    for the end of a period); -1 when there is no readable date."""
    if not date:
        return -1
    m = _DATE.match(date)
    if m is None:
        return -1
    fill = 99 if high else 0
    month = int(m[2]) if m[2] else fill
    day = int(m[3]) if m[3] else fill
    return int(m[1]) * 10000 + month * 100 + day


def _codes(values: Sequence[str | None]) -> tuple[np.ndarray, list[str]]:
    """Each value as an index into the list of distinct values (-1 for None/empty)."""
    table: dict[str, int] = {}
    out = np.full(len(values), -1, dtype=np.int32)
    for i, v in enumerate(values):
        if v:
            out[i] = table.setdefault(v, len(table))
    return out, list(table)


def _member(codes: np.ndarray, wanted: Sequence[int], size: int) -> np.ndarray:
    """``codes`` (values -1..size-1) that are in ``wanted``, by a lookup table."""
    table = np.zeros(size + 1, dtype=bool)
    table[np.asarray(wanted, dtype=np.int64) + 1] = True
    return table[codes + 1]


@dataclass
class StatementMeta:
    """Filter arrays of every statement, aligned with ``ids`` (sorted)."""

    ids: np.ndarray
    order: np.ndarray
    """Position of each statement in article order (date, article, offset)."""
    speaker: np.ndarray
    """Code into ``speaker_names`` / ``speaker_actors``; -1 when none."""
    mention: np.ndarray
    """Code into ``mentions`` (lower case); -1 when none."""
    date: np.ndarray
    """Article date as YYYYMMDD; -1 when undated."""
    speaker_names: list[str]
    speaker_actors: list[str]
    mentions: list[str]
    _vec_rows: tuple[int, np.ndarray] | None = field(default=None, repr=False)

    @classmethod
    def build(
        cls,
        rows: Sequence[tuple[int, int | None, str | None, str | None]],
        speakers: Sequence[tuple[int, str, str]],
    ) -> StatementMeta:
        """From ``(id, speaker id, mention, date)`` rows in article order and
        ``(speaker id, name, actor)`` rows."""
        n = len(rows)
        ids_in_order = np.fromiter((r[0] for r in rows), dtype=np.int64, count=n)
        perm = np.argsort(ids_in_order, kind="stable")
        sp_index = {int(s[0]): i for i, s in enumerate(speakers)}
        speaker = np.fromiter(
            (sp_index.get(r[1], -1) if r[1] is not None else -1 for r in rows),
            dtype=np.int32, count=n,
        )
        mention, mentions = _codes([(r[2] or "").lower() for r in rows])
        date = np.fromiter((date_number(r[3]) for r in rows), dtype=np.int32, count=n)
        return cls(
            ids=ids_in_order[perm],
            order=perm.astype(np.int64),
            speaker=speaker[perm],
            mention=mention[perm],
            date=date[perm],
            speaker_names=[(s[1] or "").lower() for s in speakers],
            speaker_actors=[s[2] or "" for s in speakers],
            mentions=mentions,
        )

    def __len__(self) -> int:
        return len(self.ids)

    def positions(self, statement_ids: Sequence[int]) -> np.ndarray:
        """Position of each id in ``ids``; -1 where there is no such statement."""
        want = np.asarray(statement_ids, dtype=np.int64)
        if len(self.ids) == 0 or len(want) == 0:
            return np.full(len(want), -1, dtype=np.int64)
        pos = np.clip(np.searchsorted(self.ids, want), 0, len(self.ids) - 1)
        return np.where(self.ids[pos] == want, pos, -1)

    def mask(
        self,
        *,
        actors: Collection[str] | None = None,
        speaker: str | None = None,
        since: str | None = None,
        until: str | None = None,
    ) -> np.ndarray | None:
        """The statements these filters keep (None: no filter given).

        Same meaning as ``Store.statements``: ``actors`` are the speaker's actor names
        (already expanded); ``speaker`` matches the speaker's name or the mention as a
        whole, or a word of the name; dates are ISO prefixes.
        """
        keep: np.ndarray | None = None

        def both(m: np.ndarray) -> np.ndarray:
            return m if keep is None else keep & m

        if actors is not None:
            want = set(actors)
            codes = [i for i, a in enumerate(self.speaker_actors) if a and a in want]
            keep = both(_member(self.speaker, codes, len(self.speaker_names)))
        who = speaker_query(speaker)
        if who is not None:
            w = who.lower()
            sp = [
                i for i, name in enumerate(self.speaker_names)
                if name == w or f" {w} " in f" {name} "
            ]
            mn = [i for i, m in enumerate(self.mentions) if m == w]
            keep = both(
                _member(self.speaker, sp, len(self.speaker_names))
                | _member(self.mention, mn, len(self.mentions))
            )
        if since:
            keep = both(self.date >= date_number(since))
        if until:
            hi = date_number(until, high=True)
            keep = both((self.date >= 0) & (self.date <= hi))
        if (since or until) and keep is not None:
            keep &= self.date >= 0
        return keep

    def ordered_ids(self, mask: np.ndarray | None = None) -> np.ndarray:
        """Ids of the (masked) statements in article order."""
        pos = np.arange(len(self.ids)) if mask is None else np.flatnonzero(mask)
        return self.ids[pos[np.argsort(self.order[pos], kind="stable")]]

    def vector_rows(self, index: VectorIndex) -> np.ndarray:
        """Row of each statement in ``index.matrix`` (-1: no vector); kept per index."""
        if self._vec_rows is None or self._vec_rows[0] != id(index):
            self._vec_rows = (id(index), index.rows(self.ids))
        return self._vec_rows[1]


# --------------------------------------------------------------------------------------
# Keeping it per store
# --------------------------------------------------------------------------------------

_ORDERED = (
    "SELECT s.id, s.speaker_id, s.mention, a.date FROM statements s "
    "JOIN articles a ON a.id = s.article_id "
    "ORDER BY (a.date IS NULL), a.date, a.id, s.content_start, s.id"
)


class _Cache:
    def __init__(self) -> None:
        self.meta: StatementMeta | None = None
        self.quick: tuple[Any, ...] | None = None
        self.stamp: tuple[Any, ...] | None = None
        self.lock = threading.Lock()


_caches: weakref.WeakKeyDictionary[Store, _Cache] = weakref.WeakKeyDictionary()
_caches_lock = threading.Lock()


def quick_stamp(store: Store) -> tuple[Any, ...] | None:
    """A free change marker of a SQLite store (None for other stores): it differs
    whenever any connection wrote to the file since it was taken."""
    sq = sqlite_connection(store)
    if sq is None:
        return None
    conn, lock = sq
    with lock:
        return (conn.execute("PRAGMA data_version").fetchone()[0], conn.total_changes)


def statement_stamp(store: Store) -> tuple[Any, ...]:
    """Statement count and largest id: changes when statements come or go."""
    sq = sqlite_connection(store)
    if sq is None:
        return (store.counts()["statements"],)
    conn, lock = sq
    with lock:
        return tuple(conn.execute("SELECT count(*), max(id) FROM statements").fetchone())


def statement_meta(store: Store) -> StatementMeta:
    """The filter arrays of ``store``, built at first use and when statements change."""
    with _caches_lock:
        cache = _caches.get(store)
        if cache is None:
            cache = _caches[store] = _Cache()
    with cache.lock:
        quick = quick_stamp(store)
        if cache.meta is not None and quick is not None and quick == cache.quick:
            return cache.meta
        stamp = statement_stamp(store)
        if cache.meta is None or stamp != cache.stamp:
            cache.meta = _build(store)
            cache.stamp = stamp
        cache.quick = quick_stamp(store)
        return cache.meta


def _build(store: Store) -> StatementMeta:
    sq = sqlite_connection(store)
    if sq is None:
        return _build_from_records(store.statements())
    conn, lock = sq
    with lock:
        rows = conn.execute(_ORDERED).fetchall()
        speakers = conn.execute("SELECT id, name, actor FROM speakers").fetchall()
    return StatementMeta.build(rows, speakers)


def _build_from_records(statements: Sequence[StoredStatement]) -> StatementMeta:
    """For stores without SQL access here: from the records (in article order)."""
    names: dict[tuple[str, str], int] = {}
    rows = []
    for st in statements:
        sp = None
        if st.speaker:
            sp = names.setdefault((st.speaker, st.actor or ""), len(names))
        rows.append((st.id, sp, st.speaker_mention, st.date))
    speakers = [(i, name, actor) for (name, actor), i in names.items()]
    return StatementMeta.build(rows, speakers)
