"""Answers: statements found for a question, grouped by actor, then by speaker.

A statement belongs to an actor's group when its *speaker's* actor is covered by the
actor asked about (``ActorTable.covering``: the actor, what lies inside it, and the
blocs it belongs to).  What a statement mentions never places it: Blinken speaking
about Russia is in the United States' group, never in Russia's.

Each group carries a one-line stance derived from its statements by the small lexicon
below (:data:`STANCE_CUES`), marked ``"derived": true``: it is a reading aid, not
something an article said.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from saidwhat.answer.question import ParsedQuestion, parse_question
from saidwhat.errors import QuestionError
from saidwhat.model import StatementFilter, StoredStatement
from saidwhat.resolve.actors import ActorTable
from saidwhat.search.embed import Progress, ensure_embeddings, vector_index
from saidwhat.search.hybrid import STOPWORDS, fetch, filtered_ids, search_statements
from saidwhat.search.index import PersonChoice, choose_person, one_snapshot, statement_meta
from saidwhat.store.base import Store

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

# ---- stance lexicon -----------------------------------------------------------------
# Where an actor stands on the topic: supportive, opposed, wary, conditional or neutral.
# Each label has word stems matched at a word start in the cue and content of each
# statement (lower case); a statement counts for every label it matches.  Stating what
# one will do ("announced it would ...") is a kind of statement, not a stance.
STANCE_CUES: dict[str, tuple[str, ...]] = {
    "opposed": (
        "condemn", "reject", "oppos", "denounc", "brutal", "horror", "atrocit", "aggress",
        "unacceptable", "war crime", "punish", "illegal", "biased", "obstruct", "sabotag",
        "torpedo", "out of the question", "not up for negotiation", "will not accept",
        "cannot accept", "refus", "provocat", "reckless", "separatis", "severe warning",
        "strong measures", "countermeasure", "resolutely",
    ),
    "wary": (
        "wary", "warines", "caution", "cautious", "skeptic", "sceptic", "doubt", "suspic",
        "not prepared", "close eye", "we'll see", "we will see", "see if", "remains to be seen",
        "not over", "ruse", "mislead", "not its words", "repositioning", "concern", "worr",
        "warn", "vigilan", "restraint", "refrain", "escalat", "tension", "closely monitor",
        "unresolved", "no deal until", "not complete",
    ),
    "conditional": (
        "provided that", "as long as", "only if", "on condition", "conditions are met",
        "conditions", "depends on", "must first", "clarification", "root causes",
        "underlying causes", "in principle", "terms still", "details still",
    ),
    "supportive": (
        "welcome", "positive", "support", "prais", "hope", "progress", "encourag",
        "constructive", "good news", "mutual trust", "optimis", "commend", "applaud",
        "historic", "productive", "agree", "ready to", "committed to", "thank", "promising",
        "success", "great", "flexibility", "genuine", "step forward",
    ),
}  # fmt: skip
STANCE_ORDER = ("conditional", "opposed", "wary", "supportive")
"""Tie order: a condition put on support is the news; opposition before unease."""
STANCE_EVIDENCE = 3
"""Statements a stance line quotes as what it rests on."""

_INTENT = re.compile(
    r"\b(?:will|would|shall|'ll|going to|plans?(?:ned)? to|planning to|intends?(?:ed)? to|"
    r"wants? to|wanted to|aims? to|vow(?:s|ed)? to|pledg(?:es|ed) to|promis(?:es|ed) to|"
    r"is to|are to|ready to|decided to|agreed to)\b",
    re.I,
)
_INTENT_CUES = re.compile(r"\b(?:announc|vow|pledg|promis|threat|plan|intend|decid)", re.I)


def is_intention(st: StoredStatement) -> bool:
    """Whether a statement says what its speaker will do (or would, plans, intends)."""
    if st.attitude == "intention":
        return True
    if _INTENT.search(st.content.text):
        return True
    return bool(st.cue and _INTENT_CUES.search(st.cue.text))


def _text(st: StoredStatement) -> str:
    return f"{st.cue.text if st.cue else ''} {st.content.text}".lower()


@lru_cache(maxsize=64)
def _stem_pattern(stem: str) -> re.Pattern[str]:
    return re.compile(r"(?<!\w)" + re.escape(stem) + r"[\w']*")


@lru_cache(maxsize=16)
def _any_stem(stems: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(s) for s in stems) + ")")


def _hits(text: str, stems: Iterable[str]) -> list[str]:
    """The words of ``text`` that the stems match (whole words as written)."""
    stems = tuple(stems)
    if not _any_stem(stems).search(text):  # one pass rules most statements out
        return []
    found = []
    for stem in stems:
        m = _stem_pattern(stem).search(text)
        if m:
            found.append(m.group(0).strip())
    return found


@dataclass(frozen=True)
class Stance:
    """Where an actor stands, derived from its statements (never quoted as such), with
    the statements it rests on."""

    label: str
    summary: str
    cues: list[str] = field(default_factory=list)
    derived: bool = True
    evidence: list[int] = field(default_factory=list)
    """Ids of the two or three statements the label rests on, the clearest first."""
    count: int = 0
    """How many of the actor's statements carry the label."""
    total: int = 0
    """How many statements the stance was derived from."""

    def to_json(self) -> dict[str, Any]:
        return {
            "label": self.label,
            "summary": self.summary,
            "cues": self.cues,
            "derived": self.derived,
            "evidence": self.evidence,
            "count": self.count,
            "total": self.total,
        }


def statement_stances(st: StoredStatement) -> dict[str, list[str]]:
    """The stance labels one statement's words carry, with the words that carry them."""
    text = _text(st)
    found = {label: _hits(text, STANCE_CUES[label]) for label in STANCE_ORDER}
    if found["supportive"] and _NEGATED_SUPPORT.search(text):
        found["opposed"] = found["opposed"] + found["supportive"]
        found["supportive"] = []
    return {label: words for label, words in found.items() if words}


_NEGATED_SUPPORT = re.compile(
    r"\b(?:not|never|no longer|won't|will not|cannot|can't|doesn't|does not|did not)\s+"
    r"(?:\w+\s+)?(?:support|welcome|agree|accept|back)",
    re.I,
)


def derive_stance(actor: str, statements: list[StoredStatement]) -> Stance:
    """The stance of ``actor`` from its statements (see :data:`STANCE_CUES`).

    The label most statements carry wins (ties by :data:`STANCE_ORDER`); support with a
    condition put on it is "conditional".  The stance rests on the statements that carry
    the label, those with most cue words first."""
    if not statements:
        return Stance("neutral", f"{actor}: no statements found.")
    per = [(st, statement_stances(st)) for st in statements]
    count = {label: sum(1 for _, f in per if label in f) for label in STANCE_ORDER}
    n = len(statements)
    if not any(count.values()):
        return Stance("neutral", f"{actor}: neutral: no stance in {n} statement(s).", total=n)
    best = max(STANCE_ORDER, key=lambda k: (count[k], -STANCE_ORDER.index(k)))
    if best == "supportive" and 2 * count["conditional"] >= count["supportive"]:
        best = "conditional"  # support with a condition put on it, said as often
    carrying = sorted(
        ((st, f[best]) for st, f in per if best in f), key=lambda x: (-len(x[1]), x[0].id)
    )[:STANCE_EVIDENCE]
    cues = list(dict.fromkeys(w for _, words in carrying for w in words))[:4]
    quoted = "; ".join(shown_words(st)[:120] for st, _ in carrying)
    summary = f"{actor}: {best} ({count[best]} of {n} statement(s)): {quoted}"
    return Stance(
        best, summary, cues, evidence=[st.id for st, _ in carrying], count=count[best], total=n
    )


# ---- how a statement is shown ---------------------------------------------------------
_QUOTES = " ,'\"\u201c\u201d\u2018\u2019"

WORDS_LABEL = {"direct": "quote", "mixed": "partly quoted", "indirect": "paraphrase"}
"""How each kind of statement is introduced: the article's exact words are quoted only
when the article quotes them."""


def shown_words(st: StoredStatement) -> str:
    """The statement's words as every rendering shows them: a direct quote in quotation
    marks exactly once (its own marks stripped first), a mixed one as written (only its
    quoted part in marks), a paraphrase with none."""
    text = " ".join(st.said.split())
    if st.kind != "direct":
        return _balanced(text)
    pieces = [p.strip(_QUOTES) for p in text.split(" … ")]
    return " … ".join("\u201c" + p + "\u201d" for p in pieces if p)


def _balanced(text: str) -> str:
    """Words quoted in part, without a quotation mark left over at either end (a content
    that ends inside a quote the article opened before it: 'is over,”')."""
    opens, closes = text.count("\u201c"), text.count("\u201d")
    if closes > opens and text.rstrip(" ,.").endswith("\u201d"):
        text = text.rstrip(" ,.")[:-1].rstrip(" ,")
    elif opens > closes and text.startswith("\u201c"):
        text = text[1:]
    if text.count('"') % 2 and (text.endswith('"') or text.endswith('",')):
        text = text.rstrip(" ,")[:-1].rstrip(" ,")
    elif text.count('"') % 2 and text.startswith('"'):
        text = text[1:]
    return text


def rendered_line(st: StoredStatement) -> str:
    """The plain-text line an answer shows for a statement (``rendered`` in JSON)."""
    who = st.speaker or st.speaker_mention or "unknown source"
    cue = st.cue.text if st.cue else "said"
    where = ", ".join(x for x in (st.outlet, st.date or "date unknown") if x)
    return f"{who} {cue}: {shown_words(st)} ({where})"


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


# ---- asking -------------------------------------------------------------------------


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


def actor_names(table: ActorTable, actor: str) -> set[str]:
    """Actor names whose speakers answer for ``actor``: ``covering`` plus institutions
    of those countries and the actor itself (a speaker stored as "Kremlin")."""
    names = set(table.covering(actor)) | {actor}
    for a in table.actors.values():
        if a.kind == "institution" and a.country in names:
            names.add(a.name)
    return names


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


def _find(
    store: Store,
    pq: ParsedQuestion,
    *,
    actors: set[str] | None = None,
    speaker: str | None = None,
    organisations: set[str] | None = None,
    speaker_names: Collection[str] | None = None,
    limit: int,
    progress: Progress | None,
    show_all: bool = False,
    hidden: list[int] | None = None,
) -> tuple[list[StoredStatement], dict[int, float]]:
    """The statements a group shows, best first, with their relevance by id; the
    number of statements on the topic under :data:`RELEVANCE_CUT` goes to ``hidden``."""
    where = StatementFilter(
        actors=actors,
        speaker=speaker,
        since=pq.since,
        until=pq.until,
        organisations=organisations,
        speaker_names=speaker_names,
    )
    if pq.topic.strip():
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

        if not show_all and not small:
            if hidden is not None:  # one per near-duplicate group, as shown lines are
                rest = {s.canonical_id or s.id for s in sts if not shown(s)}
                hidden.append(len(rest))
            sts = [s for s in sts if shown(s)]
        # only what can be shown is grouped: paraphrase matching is pairwise
        found = collapse_duplicates(store, sts[: limit * 3])
        return merge_paraphrases(store, found)[:limit], relevance
    if actors is None and speaker is None and speaker_names is None:
        raise QuestionError("the question names no actor, speaker or topic")
    ids = filtered_ids(store, where)
    if pq.kind != "intentions":
        found = collapse_duplicates(store, fetch(store, ids[: limit * 2]))
        return merge_paraphrases(store, found)[:limit], {}
    sts = []
    for start in range(0, len(ids), FETCH_CHUNK):  # read in chunks until enough are found
        sts += [s for s in fetch(store, ids[start : start + FETCH_CHUNK]) if is_intention(s)]
        if len(sts) >= limit:
            break
    return merge_paraphrases(store, collapse_duplicates(store, sts))[:limit], {}


def actor_filter(table: ActorTable, actor: str) -> tuple[set[str], set[str] | None]:
    """Speaker actors (and organisations) that answer for ``actor``.

    A country or bloc: :func:`actor_names` (the hierarchy).  An institution (the
    Pentagon, the White House): only speakers that speak for it or belong to it, not
    its whole country.
    """
    a = table.actors.get(actor)
    if a is not None and a.kind == "institution":
        return {a.name}, {a.name}
    return actor_names(table, actor), None


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
    groups: list[ActorGroup] = []
    for actor in pq.actors:
        names, orgs = actor_filter(table, actor)
        hidden: list[int] = []
        sts, scores = _find(
            store,
            pq,
            actors=names,
            organisations=orgs,
            limit=limit,
            progress=progress,
            show_all=show_all,
            hidden=hidden,
        )
        groups.append(
            ActorGroup(
                actor,
                derive_stance(actor, sts),
                group_by_speaker(sts, scores),
                sorted(names | (orgs or set())),
                more=sum(hidden),
            )
        )
    for speaker in pq.speakers:
        choice = choose_person(statement_meta(store), speaker)
        names = choice.names if choice is not None else None
        who = speaker if choice is None else None
        hidden = []
        sts, scores = _find(
            store,
            pq,
            speaker=who,
            speaker_names=names,
            limit=limit,
            progress=progress,
            show_all=show_all,
            hidden=hidden,
        )
        note = person_note(speaker, choice) if choice is not None else None
        if not sts:
            groups.append(
                ActorGroup(speaker, derive_stance(speaker, []), [], note=note, more=sum(hidden))
            )
            continue
        mask = statement_meta(store).mask(StatementFilter(speaker=who, speaker_names=names))
        actor = _main_actor(table, statement_meta(store).actor_counts(mask))
        groups.append(
            ActorGroup(
                actor,
                derive_stance(actor, sts),
                group_by_speaker(sts, scores, choice.label if choice else None),
                note=note,
                more=sum(hidden),
            )
        )
    if not pq.actors and not pq.speakers:
        sts, scores = _find(store, pq, limit=limit * 4, progress=progress, show_all=show_all)
        meta = statement_meta(store)
        by_actor = {}
        placed: dict[str, int] = {}
        for st in sts:  # best first: the group with the best statement comes first
            # A statement whose speaker has no actor here goes with the actor that
            # speaker speaks for elsewhere in the store, if any (said in the note).
            actor = st.actor or meta.usual_actor(st.speaker)
            key = _country(table, actor)
            by_actor.setdefault(key, []).append(st)
            if actor and not st.actor:
                placed[key] = placed.get(key, 0) + 1
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
                    group_by_speaker(group, scores, best_first=True),
                    note=note,
                )
            )
    _store_roles(store, groups)
    return Answer(pq.question, pq, groups)
