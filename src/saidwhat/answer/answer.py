"""Answers: statements found for a question, grouped by actor, then by speaker.

A statement belongs to an actor's group when its *speaker's* actor is covered by the
actor asked about (:func:`saidwhat.read.actor_filter`: the actor, what lies inside it,
and the blocs it belongs to).  What a statement mentions never places it: Blinken
speaking about Russia is in the United States' group, never in Russia's.

Each group carries a one-line stance derived from its statements
(:mod:`saidwhat.answer.stance`), marked ``"derived": true``: it is a reading aid, not
something an article said.  The same statement carried or reworded by several outlets
is one line (:mod:`saidwhat.answer.duplicates`).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, field, replace
from functools import partial
from typing import Any, NamedTuple

from saidwhat.answer.duplicates import collapse_duplicates, merge_paraphrases
from saidwhat.answer.question import ParsedQuestion, parse_question
from saidwhat.answer.stance import STANCE_CUES, Stance, derive_stance, is_intention
from saidwhat.answer.words import WORDS_LABEL, rendered_line, shown_words
from saidwhat.errors import QuestionError
from saidwhat.model import StatementFilter, StoredStatement
from saidwhat.read import actor_filter
from saidwhat.resolve.actors import ActorTable
from saidwhat.search.embed import Progress
from saidwhat.search.hybrid import fetch, filtered_ids, search_statements
from saidwhat.search.index import PersonChoice, choose_person, one_snapshot, statement_meta
from saidwhat.store.base import Store

__all__ = [
    "STANCE_CUES",
    "WORDS_LABEL",
    "ActorGroup",
    "Answer",
    "SpeakerGroup",
    "Stance",
    "ask",
    "derive_stance",
    "group_by_speaker",
    "is_intention",
    "rendered_line",
    "shown_words",
    "surname_owners",
]

DEFAULT_LIMIT = 50
"""Statements per actor group (per speaker when a speaker is asked about)."""
RELEVANCE_CUT = 0.3
"""Least standing on the topic (``search.hybrid``: relevance in standard deviations above
the store's mean for the topic) of a line an answer about someone shows.  The others are
counted as "N more, less relevant" and shown with ``show_all``.  Calibrated on the
newsattr dev questions (docs/answers.md)."""
NEAR_BEST = 0.1
"""A line under the cut is shown all the same when its relevance is within this much of
the group's best and its standing at least :data:`LEAST_STANDING`: a short, general topic
("the ceasefire") scores low everywhere, and what one actor said of it lies close
together."""
LEAST_STANDING = -0.3
MIN_BACKGROUND = 200
"""A store with fewer statements is too small to measure a topic's standing against:
its answers keep what clears the search's own relevance floors, and nothing more is
cut."""
CLAIM_CUT = 1.5
"""The same for "Who said X?" and questions that name no one: a claim, not a subject,
so only statements well above the store's mean for it."""
CANDIDATES = 400
"""Most statements of one group ranked for a topic before the cut (the "N more" count is
of these)."""
NO_ACTOR = "Unaffiliated"
"""Group label of statements whose speaker speaks for no known actor."""
FETCH_CHUNK = 500
"""Statements read at a time when a question without topic filters them in Python."""
SHOWN_OVERFETCH = 3
"""Statements of a group, per line shown, that go into duplicate and paraphrase merging
(merging leaves fewer lines than it is given)."""
UNRANKED_OVERFETCH = 2
"""The same for a question without topic, whose statements come unranked from the store
(only exact duplicates are likely there)."""
OPEN_OVERFETCH = 4
"""A question that names no actor or speaker finds this many times ``limit`` statements,
shared among the actors their speakers speak for (each group then cut to ``limit``)."""


# ---- answer records -----------------------------------------------------------------


@dataclass
class SpeakerGroup:
    """One speaker's statements in date order."""

    speaker: str
    role: str | None
    statements: list[StoredStatement]
    scores: dict[int, float] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        out = []
        for st in self.statements:
            d = st.to_json()
            d["rendered"] = rendered_line(st)
            d["sentence"] = st.sentence.text if st.sentence else None
            d["sentence_span"] = st.sentence.to_list() if st.sentence else None
            if st.id in self.scores:
                d["relevance"] = round(self.scores[st.id], 5)
            out.append(d)
        return {"speaker": self.speaker, "role": self.role, "statements": out}


@dataclass
class ActorGroup:
    """What one actor (as asked about) said: a stance and its speakers."""

    actor: str
    stance: Stance
    speakers: list[SpeakerGroup]
    covering: list[str] = field(default_factory=list)
    note: str | None = None
    """How the question's name was read, when it was ambiguous."""
    more: int = 0
    """Statements of this group on the topic but under the relevance cut (not shown)."""

    @property
    def statements(self) -> list[StoredStatement]:
        return [st for sp in self.speakers for st in sp.statements]

    def to_json(self) -> dict[str, Any]:
        return {
            "actor": self.actor,
            "covering": self.covering,
            "note": self.note,
            "stance": self.stance.to_json(),
            "speakers": [s.to_json() for s in self.speakers],
            "more_less_relevant": self.more,
        }


@dataclass
class Answer:
    """The answer to one question."""

    question: str
    parsed: ParsedQuestion
    actors: list[ActorGroup]

    @property
    def statements(self) -> list[StoredStatement]:
        return [st for g in self.actors for st in g.statements]

    def to_json(self) -> dict[str, Any]:
        return {
            "question": self.question,
            "parsed": self.parsed.to_json(),
            "actors": [g.to_json() for g in self.actors],
        }


# ---- grouping by speaker, placing by actor ------------------------------------------


def _order_key(st: StoredStatement) -> tuple[Any, ...]:
    return (st.date is None, st.date or "", st.article_id, st.content.start, st.id)


def _speaker_label(st: StoredStatement) -> str:
    return st.speaker or st.speaker_mention or "unknown source"


def _role(statements: list[StoredStatement]) -> str | None:
    """The role most often given (the first given on a tie)."""
    count: dict[str, int] = {}
    for s in statements:
        if s.role:
            count[s.role] = count.get(s.role, 0) + 1
    return max(count, key=lambda r: count[r]) if count else None


def surname_owners(names: Collection[str]) -> dict[str, str]:
    """A surname stored alone ("Obama", from an article that never gives the first
    name) → the one full name among ``names`` that ends with it ("Barack Obama").

    Speakers are merged within an article; across articles the same person can be
    stored under both.  A surname shared by two full names here ("Clinton": Hillary
    Clinton, Bill Clinton) stays as it is: which one is meant cannot be told.
    """
    full: dict[str, list[str]] = {}
    for n in names:
        words = n.split()
        if len(words) > 1 and all(w[:1].isupper() for w in words):
            full.setdefault(words[-1], []).append(n)
    return {
        n: full[n][0]
        for n in names
        if len(n.split()) == 1 and n[:1].isupper() and len(full.get(n, ())) == 1
    }


def group_by_speaker(
    statements: Iterable[StoredStatement],
    scores: dict[int, float] | None = None,
    label: str | None = None,
    best_first: bool = False,
) -> list[SpeakerGroup]:
    """Speakers ordered by their first statement (or, ``best_first``, by their best
    score); each one's statements in date order.

    ``label`` puts every statement under that one speaker (the variants of a person's
    name a question was read as); else a surname alone joins the one full name here
    that ends with it (``surname_owners``)."""
    ordered = sorted(statements, key=_order_key)
    owner = {} if label else surname_owners({_speaker_label(st) for st in ordered})
    by: dict[str, list[StoredStatement]] = {}
    for st in ordered:
        name = label or _speaker_label(st)
        by.setdefault(owner.get(name, name), []).append(st)
    groups = []
    for name, sts in by.items():
        role = _role(sts)
        sc = {s.id: scores[s.id] for s in sts if s.id in scores} if scores else {}
        groups.append(SpeakerGroup(name, role, sts, sc))
    if best_first and scores:
        # "Who said X?": the speaker with the best evidence first
        groups.sort(key=lambda g: -max((g.scores.get(s.id, 0.0) for s in g.statements), default=0))
    return groups


def person_note(asked: str, choice: PersonChoice) -> str:
    """One line saying how an ambiguous name was read."""
    note = f"'{asked}' read as {choice.label} ({choice.count} statement(s) in the store)"
    if choice.others:
        others = ", ".join(f"{name} ({n})" for name, n in choice.others)
        note += f"; others of that name: {others}: ask for them by full name"
    return note + "."


def _main_actor(table: ActorTable, actor_counts: dict[str, int]) -> str:
    """The country or bloc a speaker's statements (all of them, not only those found)
    most often speak for."""
    count: dict[str, int] = {}
    for actor, n in actor_counts.items():
        c = _country(table, actor)
        count[c] = count.get(c, 0) + n
    return max(count, key=lambda k: (count[k], k)) if count else NO_ACTOR


def _store_roles(store: Store, groups: list[ActorGroup]) -> None:
    """Give each speaker the role the store gives them most often (one article's
    role, read from a headline or a list, is often not the best description)."""
    meta = statement_meta(store)
    for g in groups:
        for sp in g.speakers:
            names = {st.speaker for st in sp.statements if st.speaker}
            sp.role = meta.common_role(names) or sp.role


def _country(table: ActorTable, actor: str | None) -> str:
    if not actor:
        return NO_ACTOR
    return table.country_of(actor) or actor


# ---- finding a group's statements -----------------------------------------------------


class Found(NamedTuple):
    """What one group of an answer shows, best first, with the relevance of each by id,
    and how many statements on the topic fell under the cut (:data:`RELEVANCE_CUT`)."""

    statements: list[StoredStatement]
    relevance: dict[int, float]
    hidden: int = 0


Finder = Callable[..., Found]
""":func:`_find` with the store, the question and the caller's options bound: takes the
group's statement filter (and ``limit=`` to change it)."""


def _find(
    store: Store,
    pq: ParsedQuestion,
    who: StatementFilter,
    *,
    limit: int,
    progress: Progress | None,
    show_all: bool = False,
) -> Found:
    """The statements of ``who`` (an actor's or a speaker's, or all) that answer ``pq``."""
    where = replace(who, since=pq.since, until=pq.until)
    if pq.topic.strip():
        return _find_on_topic(store, pq, where, limit=limit, progress=progress, show_all=show_all)
    if who.actors is None and who.speaker is None and who.speaker_names is None:
        raise QuestionError("the question names no actor, speaker or topic")
    return _find_unranked(store, pq, where, limit=limit)


def _find_on_topic(
    store: Store,
    pq: ParsedQuestion,
    where: StatementFilter,
    *,
    limit: int,
    progress: Progress | None,
    show_all: bool,
) -> Found:
    """Statements on the question's topic, most relevant first, those under the cut left
    out (and counted) unless ``show_all`` or the store is too small to measure against."""
    small = len(statement_meta(store)) < MIN_BACKGROUND
    relevance: dict[int, float] = {}
    raw: dict[int, float] = {}
    found = search_statements(
        store,
        pq.topic,
        where,
        limit=CANDIDATES,
        progress=progress,
        relevance_out=relevance,
        raw_relevance_out=raw,
        floor=small,
    )
    sts = [s for s, _ in found]
    if pq.kind == "intentions":
        sts = [s for s in sts if is_intention(s)]
    sts = sorted(sts, key=lambda s: (-relevance.get(s.id, 0.0), s.id))
    cut = CLAIM_CUT if pq.kind in ("who", "topic") else RELEVANCE_CUT
    near = max(raw.values(), default=0.0) - NEAR_BEST

    def shown(st: StoredStatement) -> bool:
        z = relevance.get(st.id, 0.0)
        return z >= cut or (z >= LEAST_STANDING and raw.get(st.id, 0.0) >= near)

    hidden = 0
    if not show_all and not small:
        # one per near-duplicate group, as shown lines are
        hidden = len({s.canonical_id or s.id for s in sts if not shown(s)})
        sts = [s for s in sts if shown(s)]
    # only what can be shown is grouped: paraphrase matching is pairwise
    kept = collapse_duplicates(store, sts[: limit * SHOWN_OVERFETCH])
    return Found(merge_paraphrases(store, kept)[:limit], relevance, hidden)


def _find_unranked(
    store: Store, pq: ParsedQuestion, where: StatementFilter, *, limit: int
) -> Found:
    """Statements of a question without topic, in the store's order."""
    ids = filtered_ids(store, where)
    if pq.kind != "intentions":
        kept = collapse_duplicates(store, fetch(store, ids[: limit * UNRANKED_OVERFETCH]))
        return Found(merge_paraphrases(store, kept)[:limit], {})
    sts: list[StoredStatement] = []
    for start in range(0, len(ids), FETCH_CHUNK):  # read in chunks until enough are found
        sts += [s for s in fetch(store, ids[start : start + FETCH_CHUNK]) if is_intention(s)]
        if len(sts) >= limit:
            break
    return Found(merge_paraphrases(store, collapse_duplicates(store, sts))[:limit], {})


# ---- asking -----------------------------------------------------------------------------


def _actor_group(table: ActorTable, find: Finder, actor: str) -> ActorGroup:
    """What an actor the question names said (its speakers, by :func:`actor_filter`)."""
    who = actor_filter(actor, table)
    found = find(who)
    return ActorGroup(
        actor,
        derive_stance(actor, found.statements),
        group_by_speaker(found.statements, found.relevance),
        sorted(who.actors | (who.organisations or set())),
        more=found.hidden,
    )


def _speaker_group(store: Store, table: ActorTable, find: Finder, speaker: str) -> ActorGroup:
    """What a person the question names said, under the actor they most often speak for;
    an ambiguous name is read as the person with most statements (said in the note)."""
    choice = choose_person(statement_meta(store), speaker)
    if choice is None:
        who = StatementFilter(speaker=speaker)
    else:
        who = StatementFilter(speaker_names=choice.names)
    found = find(who)
    note = person_note(speaker, choice) if choice is not None else None
    if not found.statements:
        return ActorGroup(speaker, derive_stance(speaker, []), [], note=note, more=found.hidden)
    meta = statement_meta(store)
    actor = _main_actor(table, meta.actor_counts(meta.mask(who)))
    return ActorGroup(
        actor,
        derive_stance(actor, found.statements),
        group_by_speaker(found.statements, found.relevance, choice.label if choice else None),
        note=note,
        more=found.hidden,
    )


def _open_groups(store: Store, table: ActorTable, find: Finder, limit: int) -> list[ActorGroup]:
    """A question that names no one ("Who said X?", a topic alone): the statements found,
    grouped by the country or bloc their speakers speak for, the best group first."""
    found = find(StatementFilter(), limit=limit * OPEN_OVERFETCH)
    meta = statement_meta(store)
    by_actor: dict[str, list[StoredStatement]] = {}
    placed: dict[str, int] = {}
    for st in found.statements:  # best first: the group with the best statement comes first
        # A statement whose speaker has no actor here goes with the actor that
        # speaker speaks for elsewhere in the store, if any (said in the note).
        actor = st.actor or meta.usual_actor(st.speaker)
        key = _country(table, actor)
        by_actor.setdefault(key, []).append(st)
        if actor and not st.actor:
            placed[key] = placed.get(key, 0) + 1
    groups = []
    for actor, group in by_actor.items():
        group = group[:limit]
        n = sum(1 for st in group if not st.actor)
        note = (
            f"{n} statement(s) placed here by the actor their speaker speaks for in "
            "other articles (none given in their own)."
            if placed.get(actor) and n
            else None
        )
        groups.append(
            ActorGroup(
                actor,
                derive_stance(actor, group),
                group_by_speaker(group, found.relevance, best_first=True),
                note=note,
            )
        )
    return groups


@one_snapshot  # one version of the store's arrays for the whole question
def ask(
    store: Store,
    question: str,
    *,
    limit: int = DEFAULT_LIMIT,
    table: ActorTable | None = None,
    progress: Progress | None = None,
    show_all: bool = False,
) -> Answer:
    """Answer ``question`` from the statements in ``store`` (see the module doc).

    ``limit`` caps the statements of each actor (or speaker) group; a question with a
    topic shows the statements at or above :data:`RELEVANCE_CUT` and counts the others
    (``ActorGroup.more``), or shows them too with ``show_all``; ``progress`` reports
    embeddings being computed for statements that have none yet.
    """
    if limit <= 0:
        raise QuestionError("limit must be a positive number")
    table = table or ActorTable.default()
    pq = parse_question(question, table)
    find = partial(_find, store, pq, limit=limit, progress=progress, show_all=show_all)
    groups = [_actor_group(table, find, actor) for actor in pq.actors]
    groups += [_speaker_group(store, table, find, speaker) for speaker in pq.speakers]
    if not pq.actors and not pq.speakers:
        groups += _open_groups(store, table, find, limit)
    _store_roles(store, groups)
    return Answer(pq.question, pq, groups)
