"""Groups: speakers that are bodies, not people.

A group or country as speaker ("NATO leaders", "the Kremlin"), the body behind a document
("a statement from Washington"), a definite description that refers back to a body ("the
group"), and meeting places that are not speakers ("the Lisbon summit").
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from spacy.tokens import Doc, Token

from saidwhat.extract.spans import ADNOMINAL_CLAUSE_DEPS, OBJECT_DEPS, RELATIVE_PRONOUNS
from saidwhat.model import Actor, ActorEvidence, Speaker
from saidwhat.resolve.actors import ActorTable
from saidwhat.resolve.names import DETERMINERS
from saidwhat.resolve.people import ROLE_NOUNS, _before_to, _title_actor

MEMBER_WORDS = frozenset(["including", "includes", "among", "like"])


def _only_a_member(words: Sequence[str], actor: Actor, table: ActorTable) -> bool:
    """Whether the first actor a group's words name comes after "including" / "among",
    so names a member of the group, not the group."""
    for i, w in enumerate(words):
        if w.lower() in MEMBER_WORDS:
            return table.find_in(words[:i]) is None and table.find_in(words[i + 1 :]) is actor
    return False


# Nouns that name a meeting: a place before one says where it met ("Lisbon summit").
EVENT_NOUNS = frozenset(
    ["summit", "talks", "meeting", "conference", "forum", "negotiations", "session"]
)


def _names_country(phrase: str, actor: Actor) -> bool:
    """Whether a phrase names the country itself or by demonym, not only a city of it."""
    low = phrase.lower()
    names = [actor.name, *actor.aliases]
    return any(
        re.search(rf"\b{re.escape(n.lower())}\b", low) for n in names if " " in n or n == actor.name
    )


# Nouns that name a text a body issued: its speaker is the body.
DOCUMENT_NOUNS = frozenset(
    [
        "statement", "declaration", "communique", "communiqué", "readout", "letter",
        "resolution", "text", "release", "announcement",
    ]
)  # fmt: skip
# Nouns that refer back to the last bloc or body that spoke ("the group said").
BODY_NOUNS = frozenset(["group", "bloc", "grouping", "organisation", "organization"])


def _group_by_head(
    head: str, definite: bool, groups: Sequence[tuple[str, Speaker]], table: ActorTable
) -> Speaker | None:
    """The body a definite description refers back to: the last one whose name ends
    in the same word ("the joint statement" → "a G7 joint statement", "the leaders" →
    "NATO leaders"), or for "the group" the last bloc that spoke."""
    if not definite or not groups:
        return None
    for said, sp in reversed(groups):
        if said == head or sp.name.lower().split()[-1:] == [head]:
            return sp
    if head in BODY_NOUNS:
        for _, sp in reversed(groups):
            actor = table.actors.get(sp.actor or "")
            if actor is not None and actor.kind == "bloc":
                return sp
    return None


def _head_word(doc: Doc, start: int, end: int) -> str:
    """The head noun of a mention, lower case ("A statement from Washington" → statement)."""
    span = doc.char_span(start, end, alignment_mode="expand")
    return span.root.lower_ if span is not None else ""


def _document_issuer(doc_noun: Token) -> Token | None:
    """Who issued a document: "a declaration agreed by the leaders", "a statement from
    Washington", "a statement by the ministry"."""
    head = doc_noun.head
    if doc_noun.dep_ == "pobj" and head.lower_ == "in" and head.head.pos_ in ("VERB", "AUX"):
        head = head.head  # "X said in a statement"
    if doc_noun.dep_ in OBJECT_DEPS and head.pos_ in ("VERB", "AUX"):
        subject = next((c for c in head.children if c.dep_ == "nsubj"), None)
        if subject is not None and subject.lower_ not in RELATIVE_PRONOUNS:
            return subject
    for child in doc_noun.children:
        if child.dep_ == "poss":
            return child  # "Russia's statement"
        if child.dep_ == "prep" and child.lower_ in ("from", "by", "of"):
            obj = next((c for c in child.children if c.dep_ == "pobj"), None)
            if obj is not None:
                return obj
        if child.dep_ in ADNOMINAL_CLAUSE_DEPS:
            for prep in child.children:
                if prep.dep_ == "agent" or (prep.dep_ == "prep" and prep.lower_ == "by"):
                    obj = next((c for c in prep.children if c.dep_ == "pobj"), None)
                    if obj is not None:
                        return obj
    return None


def _group_speaker(phrase: str, mention: str, table: ActorTable) -> Speaker:
    """A body or group: "Russia", "the Kremlin", "Pentagon officials", "experts"."""
    words = [w for w in phrase.split() if w]
    bare = " ".join(words[1:] if words and words[0].lower() in DETERMINERS else words)
    whole = table.get(bare)
    if whole is not None:
        # A proper name (Moscow, the Kremlin, NATO) is the actor itself; a description
        # ("Western leaders") stays as written.
        name = whole.name if all(w[:1].isupper() for w in bare.split()) else bare
        organisation = whole.name if whole.kind == "institution" else None
        actor = table.country_of(whole.name)
        return Speaker(
            name=name,
            mention=mention,
            organisation=organisation,
            actor=actor,
            actor_evidence="mention" if actor else None,
        )
    joint, bloc = table.joint_actor(words)
    actor_obj = None if joint else table.find_in(_before_to(words))
    if actor_obj is not None and _only_a_member(words, actor_obj, table):
        actor_obj = None  # "mediators including the United States": a group, not the US
    # "the Lisbon summit", "the Geneva talks": where it met, not whom it speaks for
    if (
        actor_obj is not None
        and words[-1].lower().strip(",.") in EVENT_NOUNS
        and actor_obj.kind == "country"
        and not _names_country(bare, actor_obj)
    ):
        actor_obj = None
    actor = bloc if joint else (table.country_of(actor_obj.name) if actor_obj else None)
    m = None if joint else re.search(r"\bof ([A-Z][\w'-]+(?: [A-Z][\w'-]+)*)", bare)
    if actor is None and m:
        actor = table.place_country(m.group(1)) or table.country_of(m.group(1))
    head = words[-1].lower() if words else ""
    role_words = [w for w in bare.split() if w.lower() in ROLE_NOUNS or w.lower() == "former"]
    role = None
    if head in ROLE_NOUNS or (m is not None and bare.split()[0].lower() in ROLE_NOUNS):
        role = " ".join(w for w in role_words if w.lower() not in ("campaign",)) or None
    organisation = actor_obj.name if actor_obj and actor_obj.kind == "institution" else None
    evidence: ActorEvidence | None = "mention" if actor else None
    if actor is None and not joint and head in ROLE_NOUNS:
        actor = _title_actor(bare, table)  # "the secretary of state"
        evidence = "title" if actor else None
    return Speaker(
        name=bare or mention,
        mention=mention,
        role=role,
        organisation=organisation,
        actor=actor,
        actor_evidence=evidence,
    )


def _actor_from_words(words: Sequence[str], table: ActorTable) -> str | None:
    words = _before_to(words)  # "the envoy to Yemen" does not speak for Yemen
    joint, bloc = table.joint_actor(words)
    if joint:
        return bloc
    a = table.find_in(words)
    return table.country_of(a.name) if a else None
