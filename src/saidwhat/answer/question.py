"""Questions in plain English → who is asked about, the topic, and the time.

Understood shapes (case-insensitive, the question mark optional)::

    What has/have/did/do/does X [and Y] say/said about TOPIC [since/in/before TIME]?
    How did/has X respond/react/reply to TOPIC?       (the same: what X said about it)
    What was/is X's reaction/response/position/view on/to TOPIC?
    Did/Has X say/said [that] TOPIC?                  (X's statements on TOPIC)
    X on TOPIC                                        (X an actor or a known name)
    What has X said [since/in TIME]?                  (everything X said)
    What did X say it/he/she/they would do [about TOPIC]?   (intentions)
    Who said TOPIC?                                   (anyone, grouped by speaker)
    anything else                                     (a topic search)

X is an actor when the actor table knows it ("the US", "Europe", "the Kremlin"), or
names one by possessive or demonym ("France's G20 envoy", "Chinese officials"),
else a speaker's name ("Clinton"); an institution named after a person ("the Obama
administration") is both.  Only X names actors: a place in the topic ("drills around
Taiwan") is topic.  What was read is in ``ParsedQuestion``, with a note for each part of
X that names no actor and was read as a speaker's name.  No name is written into this
module.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

from saidwhat.errors import QuestionError
from saidwhat.ingest.dates import MONTHS
from saidwhat.resolve.actors import ActorTable

QuestionKind = Literal["about", "everything", "intentions", "who", "topic"]

MAX_QUESTION_CHARS = 1000

_VERBS = (
    r"(?:say|said|says|stated?|claim(?:ed)?|announced?|declared?|told|tell|think|thought|"
    r"respond(?:ed)?|react(?:ed)?|repl(?:y|ied)|comment(?:ed)?|answer(?:ed)?|"
    r"make\s+of|made\s+of|feel|felt)"
)
_AUX = r"(?:has|have|had|did|do|does|will|would)"
_ABOUT = r"(?:about|on|regarding|concerning|of|over|to|towards?|at)"
_REACTION = (
    r"(?:reaction|reactions|response|responses|position|positions|stance|view|views|take|"
    r"answer|reply|comments?|message|line|verdict|assessment)"
)

_INTENTION = re.compile(
    rf"^(?:what|which\s+\w+)\s+{_AUX}\s+(?P<who>.+?)\s+{_VERBS}\s+"
    r"(?:that\s+)?(?:it|he|she|they|we|its\s+\w+|their\s+\w+)\s+"
    r"(?:would|will|was\s+going\s+to|were\s+going\s+to|is\s+going\s+to|plans?\s+to|"
    r"planned\s+to|intends?\s+to|intended\s+to|wanted\s+to|wants\s+to)\s+do"
    rf"(?:\s+{_ABOUT}\s+(?P<topic>.+))?$",
    re.I,
)
_ABOUT_Q = re.compile(
    rf"^(?:what|which\s+\w+|how|why)\s+{_AUX}\s+(?P<who>.+?)\s+{_VERBS}\s+{_ABOUT}\s+"
    r"(?P<topic>.+)$",
    re.I,
)
_REACTION_Q = re.compile(
    r"^(?:what|how)\s+(?:was|were|is|are|has\s+been|have\s+been)\s+(?:the\s+)?"
    rf"(?P<who>.+?)(?:'s|’s|'|’)?\s+{_REACTION}\s+{_ABOUT}\s+(?P<topic>.+)$",
    re.I,
)
_DID_Q = re.compile(
    rf"^(?:did|does|has|have|had)\s+(?P<who>.+?)\s+{_VERBS}\s+(?:that\s+|{_ABOUT}\s+)?"
    r"(?P<topic>.+)$",
    re.I,
)
_ON_Q = re.compile(r"^(?P<who>.+?)\s+(?:on|about|regarding)\s+(?P<topic>.+)$", re.I)
_EVERYTHING = re.compile(rf"^(?:what|which\s+\w+|how)\s+{_AUX}\s+(?P<who>.+?)\s+{_VERBS}$", re.I)
_WHO = re.compile(
    r"^who\s+(?:has\s+|have\s+|had\s+)?(?:said|says|say|stated|claimed|called|warned|"
    r"announced|argued|told\s+\w+)\s+(?:that\s+)?(?P<topic>.+)$",
    re.I,
)

_MONTHS = MONTHS
_DATE = (
    r"(?P<iso>\d{4}-\d{2}(?:-\d{2})?)"
    r"|(?P<d1>\d{1,2})\s+(?P<m1>[a-z]+)\.?,?\s+(?P<y1>\d{4})"
    r"|(?P<m2>[a-z]+)\.?\s+(?P<d2>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<y2>\d{4})"
    r"|(?P<m3>[a-z]+)\.?,?\s+(?P<y3>\d{4})"
    r"|(?P<y4>\d{4})"
)
_TIME = re.compile(
    rf"\s*,?\s*\b(?P<prep>since|from|after|in|on|during|before|until|till|by)\s+(?:(?:the\s+)?"
    rf"(?:start|beginning|end)\s+of\s+)?(?:{_DATE})\s*$",
    re.I,
)
_BETWEEN = re.compile(
    r"\s*,?\s*\bbetween\s+(?P<a>.+?)\s+and\s+(?P<b>.+?)\s*$",
    re.I,
)

_TITLES_WORDS = """president vice prime minister foreign defence defense secretary chancellor
    spokesman spokeswoman spokesperson mr mr. mrs mrs. ms ms. dr dr. sen sen. senator
    rep rep. representative governor gov gov. king queen pope general gen gen. ambassador
    leader chairman chairwoman premier mayor state"""
_TITLES = frozenset(_TITLES_WORDS.split())


@dataclass(frozen=True)
class ParsedQuestion:
    """What a question asks: who about, the topic, and the time window."""

    question: str
    kind: QuestionKind
    actors: list[str] = field(default_factory=list)
    """Canonical actor names, as the actor table spells them."""
    speakers: list[str] = field(default_factory=list)
    topic: str = ""
    since: str | None = None
    until: str | None = None
    notes: list[str] = field(default_factory=list)
    """How parts of the question were read when the parser was unsure."""

    def to_json(self) -> dict[str, Any]:
        return {**asdict(self), "summary": self.summary(notes=False)}

    def summary(self, *, notes: bool = True) -> str:
        """One line saying what the question was read as (with its notes)."""
        who = ", ".join(self.actors + self.speakers) or "anyone"
        parts = [f"who: {who}", f"topic: {self.topic!r}" if self.topic else "topic: anything"]
        if self.since or self.until:
            parts.append(f"time: {self.since or '…'} to {self.until or '…'}")
        if self.kind == "intentions":
            parts.append("what they said they would do")
        line = "Read as " + "; ".join(parts)
        return line + (" (" + " ".join(self.notes) + ")" if self.notes and notes else "")


def _date(m: re.Match[str], prefix: str = "") -> str | None:
    """An ISO date or prefix (``2022``, ``2022-03``, ``2022-03-30``) from a match."""
    g = m.groupdict()
    if g.get("iso"):
        return g["iso"]
    for day, month, year in (("d1", "m1", "y1"), ("d2", "m2", "y2"), (None, "m3", "y3")):
        if g.get(year) and g.get(month):
            mon = _MONTHS.get(g[month].lower().rstrip("."))
            if mon is None:
                return None
            out = f"{g[year]}-{mon:02d}"
            if day and g.get(day):
                out += f"-{int(g[day]):02d}"
            return out
    return g.get("y4")


def _parse_date(text: str) -> str | None:
    m = re.fullmatch(rf"(?:{_DATE})", text.strip(), re.I)
    return _date(m) if m else None


def split_time(text: str) -> tuple[str, str | None, str | None]:
    """``"the talks since March 2022"`` → ``("the talks", "2022-03", None)``."""
    m = _BETWEEN.search(text)
    if m:
        a, b = _parse_date(m["a"]), _parse_date(m["b"])
        if a and b:
            return text[: m.start()].strip(), a, b
    m = _TIME.search(text)
    if not m:
        return text.strip(), None, None
    d = _date(m)
    if d is None:
        return text.strip(), None, None
    prep = m["prep"].lower()
    rest = text[: m.start()].strip()
    if prep in ("since", "from", "after"):
        return rest, d, None
    if prep in ("before", "until", "till", "by"):
        return rest, None, d
    return rest, d, d  # in, on, during: the whole period


def _strip_article(name: str) -> str:
    return re.sub(r"^(?:the|a|an)\s+", "", name.strip(), flags=re.I)


def lookup_actor(table: ActorTable, name: str) -> str | None:
    """The canonical actor a name stands for, if the table knows it."""
    for cand in (name, _strip_article(name)):
        cand = cand.strip(" ,.'\"")
        if not cand:
            continue
        actor = table.get(cand)
        if actor is not None:
            return actor.name
    return None


def _speaker_name(name: str) -> str:
    """A speaker's name without leading titles ("President Biden" → "Biden")."""
    words = _strip_article(name).strip(" ,.'\"").split()
    while len(words) > 1 and words[0].lower() in _TITLES:
        words = words[1:]
    return " ".join(words)


def leader_of(table: ActorTable, phrase: str, actor: str) -> str | None:
    """The person an institution's name as written carries: "the Obama administration"
    (the White House) → "Obama"; None for "the White House" or a country."""
    a = table.actors.get(actor)
    if a is None or a.kind != "institution":
        return None
    own = {w.lower() for w in a.name.split()}
    words = [
        w
        for w in re.findall(r"[\w.'-]+", phrase)
        if w[:1].isupper()
        and w.lower() not in own
        and w.lower() not in _TITLES
        and w.lower() not in ("the", "a", "an")
        and table.get(w) is None
    ]
    return " ".join(words) or None


def split_who(
    table: ActorTable, who: str, notes: list[str] | None = None
) -> tuple[list[str], list[str]]:
    """Actors and speakers named in ``who`` ("the US and Europe" → US, Europe).

    An institution named after a person ("the Obama administration") gives the
    institution and that person; a part that names an actor by possessive or demonym
    ("France's G20 envoy", "Chinese officials") gives that actor.  A part read
    as a speaker's name though it does not look like one is said in ``notes``.
    """
    who = who.strip()
    whole = lookup_actor(table, who)
    if whole is not None:
        leader = leader_of(table, who, whole)
        return [whole], [leader] if leader else []
    actors: list[str] = []
    speakers: list[str] = []
    parts = [p for p in re.split(r"\s*(?:,|&|\band\b|\bor\b|\bnor\b)\s*", who, flags=re.I) if p]
    for part in parts:
        actor = lookup_actor(table, part) or _actor_in(table, part)
        if actor is not None:
            if actor not in actors:
                actors.append(actor)
            leader = leader_of(table, part, actor)
            if leader and leader not in speakers:
                speakers.append(leader)
        else:
            name = _speaker_name(part)
            if name and name not in speakers:
                speakers.append(name)
                if notes is not None and not name[:1].isupper():
                    notes.append(f"{part.strip()!r} names no actor: read as a speaker's name.")
    return actors, speakers


def _actor_in(table: ActorTable, part: str) -> str | None:
    """The actor a description names by possessive or demonym ("France's G20
    envoy", "Chinese officials"), when all its other words are role words."""
    words = _strip_article(part).replace("’", "'").split()
    for i, w in enumerate(words):
        bare = w[:-2] if w.endswith("'s") else w
        actor = table.get(bare)
        if actor is None:
            continue
        rest = words[i + 1 :]
        if i == 0 and rest and all(_role_word(x) for x in rest):
            return actor.name
    return None


def _role_word(word: str) -> bool:
    """A word of a role or body ("G20", "president", "officials", "foreign")."""
    w = word.lower().strip(",.")
    return w in _TITLES or w in _ROLE_WORDS or any(c.isdigit() for c in w) or w.isupper()


_ROLE_WORDS = frozenset(
    [
        "official", "officials", "government", "ministry", "ministries", "spokesperson",
        "spokespeople", "spokespersons", "leaders", "leadership", "delegation", "delegations",
        "diplomat", "diplomats", "envoy", "envoys", "negotiator", "negotiators", "military",
        "army", "forces", "authorities", "administration", "side", "team", "cabinet",
        "parliament", "lawmakers", "mission", "representative", "representatives",
    ]
)  # fmt: skip


def parse_question(question: str, table: ActorTable | None = None) -> ParsedQuestion:
    """Parse a question (see the module doc); raises QuestionError when it is empty."""
    if question is None or not question.strip():
        raise QuestionError("the question is empty: ask e.g. 'What has Russia said about X?'")
    if len(question) > MAX_QUESTION_CHARS:
        raise QuestionError(f"the question is longer than {MAX_QUESTION_CHARS} characters")
    table = table or ActorTable.default()
    q = " ".join(question.split())
    body = q.rstrip(" ?!.")
    notes: list[str] = []

    m = _INTENTION.match(body)
    if m:
        actors, speakers = split_who(table, m["who"], notes)
        topic, since, until = split_time(m["topic"] or "")
        if not m["topic"]:
            _, since, until = split_time(body)
        return ParsedQuestion(q, "intentions", actors, speakers, topic, since, until, notes)
    for shape in (_ABOUT_Q, _REACTION_Q):
        m = shape.match(body)
        if m:
            actors, speakers = split_who(table, m["who"], notes)
            topic, since, until = split_time(m["topic"])
            return ParsedQuestion(q, "about", actors, speakers, topic, since, until, notes)
    rest, since, until = split_time(body)
    m = _EVERYTHING.match(rest)
    if m:
        actors, speakers = split_who(table, m["who"], notes)
        return ParsedQuestion(q, "everything", actors, speakers, "", since, until, notes)
    m = _WHO.match(body)
    if m:
        topic, since, until = split_time(m["topic"])
        return ParsedQuestion(q, "who", [], [], topic, since, until)
    m = _DID_Q.match(body)
    if m:
        actors, speakers = split_who(table, m["who"], notes)
        topic, since, until = split_time(m["topic"])
        return ParsedQuestion(q, "about", actors, speakers, topic, since, until, notes)
    m = _ON_Q.match(body)
    if m and not re.match(r"(?:what|who|how|why|when|where|which)\b", body, re.I):
        actors, speakers = split_who(table, m["who"])
        if actors and not speakers:  # "Russia on the ceasefire": only when X is an actor
            topic, since, until = split_time(m["topic"])
            return ParsedQuestion(q, "about", actors, [], topic, since, until)
    topic, since, until = split_time(body)
    notes = ["no one named as asked: statements by anyone on the topic."]
    return ParsedQuestion(q, "topic", [], [], topic or body, since, until, notes)
