"""What the search filters on, as numpy arrays kept once per process and store.

For each statement (sorted by id): its place in article order, its speaker, the lower
cased mention, the actor its speaker speaks for and its article's date as an integer
``YYYYMMDD`` (missing parts 0).  Filters by actor, speaker and date are then numpy
masks, and no statement record is built until the final page is fetched.

The arrays are read from the store in one read (:meth:`saidwhat.store.Store.filter_rows`)
into one :class:`StatementMeta`, rebuilt when its statements change
(:meth:`saidwhat.store.Store.changes`) and swapped in whole: a meta object never
changes once built.  A question takes one of them for its whole course
(:func:`snapshot`): articles stored while it is answered (by an upload, another process)
are seen by the next question, never by half of this one.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Collection, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Concatenate, ParamSpec, TypeVar

import numpy as np

from saidwhat.model import StatementFilter
from saidwhat.resolve.name_keys import HONORIFICS
from saidwhat.search.embed import VectorIndex
from saidwhat.search.latest import Latest
from saidwhat.store.base import FilterRows, Store
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
    """Lower case, one per speakers row (a name recurs with other roles)."""
    speaker_actors: list[str]
    speaker_orgs: list[str]
    speaker_display: list[str]
    """The names as stored."""
    speaker_roles: list[str]
    mentions: list[str]
    article: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int32))
    """Code into ``articles``."""
    articles: list[str] = field(default_factory=list)
    _vec_rows: tuple[VectorIndex, np.ndarray] | None = field(default=None, repr=False)
    _name_counts: dict[str, tuple[str, int]] | None = field(default=None, repr=False)
    _per_row: np.ndarray | None = field(default=None, repr=False)
    _usual: dict[str, str] | None = field(default=None, repr=False)

    @classmethod
    def build(
        cls,
        rows: Sequence[Sequence[object]],
        speakers: Sequence[Sequence[object]],
    ) -> StatementMeta:
        """From ``(id, speaker id, mention, date, article id)`` rows in article order and
        ``(speaker id, name, actor, organisation, role)`` rows (see
        :class:`saidwhat.store.base.FilterRows`)."""
        n = len(rows)
        ids_in_order = np.fromiter((r[0] for r in rows), dtype=np.int64, count=n)
        perm = np.argsort(ids_in_order, kind="stable")
        sp_index = {int(s[0]): i for i, s in enumerate(speakers)}
        speaker = np.fromiter(
            (sp_index.get(r[1], -1) if r[1] is not None else -1 for r in rows),
            dtype=np.int32,
            count=n,
        )
        mention, mentions = _codes([(r[2] or "").lower() for r in rows])
        date_codes, dates = _codes([r[3] for r in rows])  # few distinct dates: parse once
        parsed = np.asarray([date_number(d) for d in dates] + [-1], dtype=np.int32)
        date = parsed[date_codes]  # code -1 picks the trailing -1
        article, articles = _codes([r[4] for r in rows])
        return cls(
            ids=ids_in_order[perm],
            order=perm.astype(np.int64),
            speaker=speaker[perm],
            mention=mention[perm],
            date=date[perm],
            speaker_names=[(s[1] or "").lower() for s in speakers],
            speaker_actors=[s[2] or "" for s in speakers],
            speaker_orgs=[s[3] or "" for s in speakers],
            speaker_display=[s[1] or "" for s in speakers],
            speaker_roles=[s[4] or "" for s in speakers],
            mentions=mentions,
            article=article[perm],
            articles=articles,
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

    def mask(self, where: StatementFilter) -> np.ndarray | None:
        """The statements ``where`` keeps (None: it keeps all), the same meaning as
        :meth:`saidwhat.store.Store.statements` (see
        :class:`~saidwhat.model.StatementFilter`); dates compare as numbers, so a
        partial date such as ``2022-03`` is the whole month."""
        actors, speaker, organisations = where.actors, where.speaker, where.organisations
        speaker_names, since, until = where.speaker_names, where.since, where.until
        keep: np.ndarray | None = None

        def both(m: np.ndarray) -> np.ndarray:
            return m if keep is None else keep & m

        n_sp = len(self.speaker_names)
        if actors is not None or organisations is not None:
            want, orgs = set(actors or ()), set(organisations or ())
            codes = [
                i
                for i in range(n_sp)
                if (self.speaker_actors[i] and self.speaker_actors[i] in want)
                or (self.speaker_orgs[i] and self.speaker_orgs[i] in orgs)
            ]
            keep = both(_member(self.speaker, codes, n_sp))
        who = speaker_query(speaker)
        if who is not None:
            w = who.lower()
            sp = [
                i
                for i, name in enumerate(self.speaker_names)
                if name == w or f" {w} " in f" {name} "
            ]
            mn = [i for i, m in enumerate(self.mentions) if m == w]
            keep = both(
                _member(self.speaker, sp, n_sp) | _member(self.mention, mn, len(self.mentions))
            )
        if speaker_names is not None:
            names = {n.lower() for n in speaker_names}
            sp = [i for i, name in enumerate(self.speaker_names) if name in names]
            mn = [i for i, m in enumerate(self.mentions) if m in names]
            keep = both(
                _member(self.speaker, sp, n_sp)
                | ((self.speaker < 0) & _member(self.mention, mn, len(self.mentions)))
            )
        if since:
            keep = both(self.date >= date_number(since))
        if until:
            hi = date_number(until, high=True)
            keep = both((self.date >= 0) & (self.date <= hi))
        if where.article_id is not None:
            codes = [i for i, a in enumerate(self.articles) if a == where.article_id]
            keep = both(_member(self.article, codes, len(self.articles)))
        if where.ids is not None:
            keep = both(np.isin(self.ids, np.asarray(where.ids, dtype=np.int64)))
        return keep

    def common_role(self, names: Collection[str]) -> str | None:
        """The role given most often to speakers of these names across the store."""
        want = {n.lower() for n in names}
        per_row = self._row_counts()
        count: dict[str, int] = {}
        for i, name in enumerate(self.speaker_names):
            role = self.speaker_roles[i]
            if role and name in want and per_row[i] and role.lower() not in HONORIFICS:
                count[role] = count.get(role, 0) + int(per_row[i])
        return max(count, key=lambda r: (count[r], r)) if count else None

    def _row_counts(self) -> np.ndarray:
        """Statements per speakers row (computed once)."""
        if self._per_row is None:
            sp = self.speaker[self.speaker >= 0]
            self._per_row = np.bincount(sp, minlength=len(self.speaker_names))
        return self._per_row

    def usual_actor(self, name: str | None) -> str | None:
        """The actor a speaker of this name speaks for most often across the store."""
        if not name:
            return None
        if self._usual is None:
            per_row = self._row_counts()
            count: dict[str, dict[str, int]] = {}
            for i in np.flatnonzero(per_row):
                actor = self.speaker_actors[i]
                if actor:
                    d = count.setdefault(self.speaker_names[i], {})
                    d[actor] = d.get(actor, 0) + int(per_row[i])
            self._usual = {k: max(d, key=lambda a: (d[a], a)) for k, d in count.items()}
        return self._usual.get(name.lower())

    def actor_counts(self, mask: np.ndarray | None = None) -> dict[str, int]:
        """Statements per speaker actor (speakers without one left out)."""
        sp = self.speaker if mask is None else self.speaker[mask]
        per_row = np.bincount(sp[sp >= 0], minlength=len(self.speaker_names))
        out: dict[str, int] = {}
        for i in np.flatnonzero(per_row):
            actor = self.speaker_actors[i]
            if actor:
                out[actor] = out.get(actor, 0) + int(per_row[i])
        return out

    def name_counts(self) -> dict[str, tuple[str, int]]:
        """Statements per speaker name (lower case) → (name as most often stored, count);
        computed once."""
        if self._name_counts is None:
            self._name_counts = self._count_names()
        return self._name_counts

    def _count_names(self) -> dict[str, tuple[str, int]]:
        per_row = self._row_counts()
        out: dict[str, dict[str, int]] = {}
        for i, n in enumerate(per_row):
            if n:
                d = out.setdefault(self.speaker_names[i], {})
                d[self.speaker_display[i]] = d.get(self.speaker_display[i], 0) + int(n)
        return {k: (max(d, key=lambda x: d[x]), sum(d.values())) for k, d in out.items()}

    def ordered_ids(self, mask: np.ndarray | None = None) -> np.ndarray:
        """Ids of the (masked) statements in article order."""
        pos = np.arange(len(self.ids)) if mask is None else np.flatnonzero(mask)
        return self.ids[pos[np.argsort(self.order[pos], kind="stable")]]

    def vector_rows(self, index: VectorIndex) -> np.ndarray:
        """Row of each statement in ``index.matrix`` (-1: no vector); kept per index."""
        kept = self._vec_rows  # one read: another thread may swap it for another index
        if kept is None or kept[0] is not index:
            kept = self._vec_rows = (index, index.rows(self.ids))
        return kept[1]


# --------------------------------------------------------------------------------------
# Keeping it per store
# --------------------------------------------------------------------------------------


_latest: Latest[StatementMeta] = Latest()
_pinned: ContextVar[tuple[tuple[Store, StatementMeta], ...]] = ContextVar(
    "saidwhat_pinned_meta", default=()
)
"""The snapshots taken by :func:`snapshot` in the running context (thread, task)."""


def statement_meta(store: Store) -> StatementMeta:
    """The filter arrays of ``store``: the ones :func:`snapshot` took, inside it; else
    the latest, built at first use and again when statements change.

    One thread rebuilds at a time; while it does, the others go on with the arrays
    they had (only the very first build is waited for).
    """
    for pinned, meta in _pinned.get():
        if pinned is store:
            return meta
    changed = store.changes().statements
    return _latest.get(store, changed, lambda: build_meta(store.filter_rows()))


@contextmanager
def snapshot(store: Store) -> Iterator[StatementMeta]:
    """Pin the filter arrays of ``store``: inside the block (in this thread or task)
    :func:`statement_meta` gives the same object, whatever is stored meanwhile.
    Nested blocks keep the outer snapshot."""
    taken = _pinned.get()
    for pinned, meta in taken:
        if pinned is store:
            yield meta
            return
    meta = statement_meta(store)
    token = _pinned.set((*taken, (store, meta)))
    try:
        yield meta
    finally:
        _pinned.reset(token)


_P = ParamSpec("_P")
_R = TypeVar("_R")


def one_snapshot(
    fn: Callable[Concatenate[Store, _P], _R],
) -> Callable[Concatenate[Store, _P], _R]:
    """Decorate a function of a store (its first argument) to run on one
    :func:`snapshot` of it from start to end."""

    @functools.wraps(fn)
    def run(store: Store, /, *args: _P.args, **kwargs: _P.kwargs) -> _R:
        with snapshot(store):
            return fn(store, *args, **kwargs)

    return run


def build_meta(rows: FilterRows) -> StatementMeta:
    """The filter arrays of the store's rows."""
    return StatementMeta.build(rows.statements, rows.speakers)


MAX_OTHERS = 5
"""Other people of the same name listed at most (the most quoted first)."""


@dataclass(frozen=True)
class PersonChoice:
    """Which speakers a surname in a question stands for."""

    label: str
    """The full name taken ("Hillary Clinton")."""
    names: frozenset[str]
    """Speaker names (lower case) kept: the full name, its variants, the query."""
    count: int
    others: list[tuple[str, int]]
    """Other people of that name in the store, with their statement counts."""


def choose_person(meta: StatementMeta, query: str) -> PersonChoice | None:
    """When ``query`` (e.g. "Clinton") matches several people's names, the one most
    quoted in the store ("Hillary Clinton"), with the variants of that name; None when
    the name is not ambiguous (then the plain speaker filter applies).

    Candidates are the speaker names holding the query as whole words; people are
    those that end with it and have more words (a surname).  Kept: names holding every
    word of the chosen person's name, and the query itself.
    """
    w = " ".join(query.lower().split())
    if not w:
        return None
    qwords = w.split()
    counts = meta.name_counts()
    cands = {k: v for k, v in counts.items() if k == w or f" {w} " in f" {k} "}
    people = [
        k for k in cands if len(k.split()) > len(qwords) and k.split()[-len(qwords) :] == qwords
    ]
    if len(cands) <= 1 or not people:
        return None
    full = w in cands and len(qwords) > 1  # a full name already
    best = w if full else max(people, key=lambda k: (cands[k][1], k))
    words = best.split()
    keep = {
        k
        for k in cands
        if k == w
        or (
            set(words) <= set(k.split())
            and k.split()[-1] == words[-1]
            and len(k.split()) <= len(words) + 1  # a middle name or one epithet
        )
    }
    if len(keep) == len(cands):
        return None
    count = sum(cands[k][1] for k in keep)
    others = sorted(
        (
            (cands[k][0], cands[k][1])
            for k in people
            if k not in keep and cands[k][1] >= count / 100
        ),
        key=lambda x: (-x[1], x[0]),
    )[:MAX_OTHERS]
    return PersonChoice(
        label=cands[best][0], names=frozenset(keep | {w}), count=count, others=others
    )
