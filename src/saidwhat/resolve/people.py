"""People: the persons an article names, with their roles, titles and actors.

Per article, every PERSON entity (and every role named with a name), the titles,
organisations and countries written next to it, and the person a title says it works for.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from saidwhat.model import ActorEvidence
from saidwhat.resolve.actors import ActorTable
from saidwhat.resolve.name_keys import HONORIFICS
from saidwhat.resolve.names import (
    ADDRESS_FORMS,
    DETERMINERS,
    _clean_name,
    _gender,
    _without_address,
    first_name_genders,
)

# Head nouns that name a role a person holds (used for "the spokesman" and for roles).
ROLE_NOUNS = frozenset(
    [
        "spokesman",
        "spokeswoman",
        "spokesperson",
        "president",
        "minister",
        "secretary",
        "ambassador",
        "governor",
        "senator",
        "official",
        "officials",
        "leader",
        "leaders",
        "chief",
        "director",
        "chairman",
        "chairwoman",
        "mayor",
        "general",
        "commander",
        "envoy",
        "diplomat",
        "adviser",
        "advisor",
        "aide",
        "negotiator",
        "prosecutor",
        "judge",
        "candidate",
        "nominee",
        "representative",
        "lawmaker",
        "congressman",
        "congresswoman",
        "chancellor",
        "premier",
        "king",
        "queen",
        "prince",
        "analyst",
        "expert",
        "experts",
        "researcher",
        "professor",
        "economist",
        "strategist",
        "manager",
        "founder",
        "ceo",
        "executive",
        "press",
        "speaker",
        "attorney",
        "officer",
        "campaign",
        "businessman",
        "businesswoman",
        "billionaire",
        "mogul",
        "tycoon",
        "frontrunner",
        "front-runner",
        "contender",
        "challenger",
        "incumbent",
        "host",
        "moderator",
        "anchor",
        "pastor",
        "activist",
        "author",
        "columnist",
        "reporter",
        "journalist",
        "editor",
        "admiral",
        "republican",
        "democrat",
    ]
)


@dataclass
class _Person:
    name: str
    organisation: str | None
    actor: str | None
    start: int
    gender: str | None = None
    evidence: ActorEvidence | None = None
    """What tied ``actor`` to the person: ``mention`` (words of the mention that named
    it), ``apposition`` or ``title``."""
    evidence_at: tuple[int, int] = (-1, -1)
    """Character span of the mention whose words gave ``actor``."""
    patron: str | None = None
    """A person the title around the name says this one works for ("Trump's envoy")."""
    """"m", "f" or None (unknown), for "he" and "she"."""
    titles: list[str] = field(default_factory=list)
    """Every role written next to any mention ("Republican nominee", "businessman"),
    in order, for definite descriptions such as "the GOP nominee"."""

    @property
    def role(self) -> str | None:
        """The first role written next to the person: the one a speaker shows."""
        return self.titles[0] if self.titles else None


# ---- people in the article --------------------------------------------------------
def _people(doc: Doc, table: ActorTable) -> list[_Person]:
    people: list[_Person] = []
    for ent in _person_ents(doc, table):
        name = _clean_name(ent)
        if not name:
            continue
        role, org, actor, evidence = _describe(doc, ent, table)
        gender = _gender(doc, ent, name, role)
        titles = [role] if role else []
        person = _Person(name, org, actor, ent.start_char, gender, titles=titles)
        person.patron = _patron(doc, ent)
        if actor:
            person.evidence = evidence
            person.evidence_at = _mention_span(ent)
        people.append(person)
    people.extend(_role_named(doc, table, people))
    # An epithet is not part of the name: "Crooked Hillary Clinton" is the article's
    # "Hillary Clinton" when its first word is no first name.
    names = {p.name for p in people}
    given = first_name_genders()
    for p in people:
        first, _, rest = p.name.partition(" ")
        if rest in names and len(rest.split()) >= 2 and first.lower() not in given:
            p.name = rest
    # Merge what later mentions say about the same person into the full-name entry.
    full: dict[str, _Person] = {}
    for p in sorted(people, key=lambda p: -len(p.name.split())):
        key = _find_full(p.name, full)
        if key is None:
            full[p.name] = p
        else:
            f = full[key]
            f.titles.extend(t for t in p.titles if t not in f.titles)
            f.organisation = f.organisation or p.organisation
            f.patron = f.patron or p.patron
            if f.actor is None and p.actor is not None:
                f.actor, f.evidence, f.evidence_at = p.actor, p.evidence, p.evidence_at
            f.gender = f.gender or p.gender
    return sorted(people, key=lambda p: p.start) and [
        full[_find_full(p.name, full) or p.name] for p in sorted(people, key=lambda p: p.start)
    ]


def _find_full(name: str, full: dict[str, _Person]) -> str | None:
    """The full name a partial name belongs to: "Dorenko" → "Oleksa Dorenko"."""
    if name in full:
        return name
    words = _without_address(name.split())
    for candidate in full:
        cw = _without_address(candidate.split())
        if len(words) < len(cw) and (words[-1] == cw[-1] or words == cw[: len(words)]):
            return candidate
    return None


def _person_ents(doc: Doc, table: ActorTable) -> list[SpacySpan]:
    """The PERSON entities, with a name the tagger cut in two joined again: "Sheikh
    Samir bin Faris" + "bin Nasser Al-Qadiri" is one name; not a demonym or
    country the tagger took for a person ("Slovak").  Computed once per doc (every
    mention asks), so resolution stays linear in the article's length."""
    cached = doc.user_data.get("saidwhat_person_ents")
    if cached is not None:  # token bounds: user data stays plain (docs get serialised)
        return [doc[a:b] for a, b in cached]
    spans: list[SpacySpan] = []
    for ent in doc.ents:
        if ent.label_ != "PERSON" or (len(ent) == 1 and table.get(ent.text) is not None):
            continue
        if spans and spans[-1].end == ent.start and ent[0].text[:1].islower():
            spans[-1] = doc[spans[-1].start : ent.end]
            continue
        spans.append(ent)
    doc.user_data["saidwhat_person_ents"] = [(sp.start, sp.end) for sp in spans]
    return spans


def _role_named(doc: Doc, table: ActorTable, people: list[_Person]) -> list[_Person]:
    """People the entity tagger missed, named right after a role word: "Chilean official
    Rojas", "spokesperson Li Wen" (a run of capitalised proper nouns that names no
    actor or place, after a role noun)."""
    taken = {p.start for p in people}
    found: list[_Person] = []
    for tok in doc:
        if tok.lower_ not in ROLE_NOUNS or tok.i + 1 >= len(doc):
            continue
        j = tok.i + 1
        while j < len(doc) and j - tok.i <= 4 and doc[j].pos_ == "PROPN" and doc[j].is_title:
            j += 1
        if j == tok.i + 1 or j - tok.i > 4 or doc[tok.i + 1].idx in taken:
            continue
        run = doc[tok.i + 1 : j]
        if any(t.ent_type_ == "PERSON" for t in run) or table.find_in([t.text for t in run]):
            continue
        if table.place_country(run.text) or doc[j - 1].lower_ in ROLE_NOUNS:
            continue
        words = [t.text for t in doc[tok.left_edge.i : tok.i + 1] if not t.is_punct]
        words = [w for w in words if w.lower() not in DETERMINERS]
        actor_obj = table.find_in(_before_to(words))
        actor = table.country_of(actor_obj.name) if actor_obj else None
        person = _Person(run.text, None, actor, run.start_char, titles=[" ".join(words)])
        if actor:
            person.evidence, person.evidence_at = (
                "mention",
                (doc[tok.left_edge.i].idx, run.end_char),
            )
        found.append(person)
    return found


def _possessor_person(span: SpacySpan, people: list[_Person]) -> _Person | None:
    """The article's person who owns the role a mention is about ("X's chief of staff")."""
    head = span.root
    if head.lower_ not in ROLE_NOUNS:
        return None
    owner = next((c for c in head.children if c.dep_ == "poss" and c.pos_ == "PROPN"), None)
    if owner is None:
        return None
    name = " ".join(t.text for t in owner.subtree if t.pos_ == "PROPN")
    return _person_named(name, people) if name else None


def _names_head(ent: SpacySpan, span: SpacySpan) -> bool:
    """Whether a name is the mention's head or in apposition to it ("the spokesperson,
    Li Wen")."""
    head = span.root
    if ent.start <= head.i < ent.end:
        return True
    return ent.root.dep_ == "appos" and ent.root.head.i == head.i


def _modifies_role(ent: SpacySpan, span: SpacySpan) -> bool:
    """Whether a name only qualifies the role the mention is about: "Putin's aide", "the
    Biden administration official" (the mention's head is a role word outside the name)."""
    head = span.root
    return head.lower_ in ROLE_NOUNS and not _names_head(ent, span)


def _named_later(
    doc: Doc, role: str, after: int, people: list[_Person], actor: str | None
) -> _Person | None:
    """The one person named after ``after`` with this role word among their titles (and
    no other actor than ``actor``): "a defence ministry spokesperson said ... the
    spokesperson, Li Wen": the news names the speaker after describing them."""
    found = [
        p
        for p in people
        if p.start >= after
        and role in _title_words(" ".join(p.titles))
        and (actor is None or p.actor in (None, actor))
    ]
    names = {p.name for p in found}
    return found[0] if len(names) == 1 else None


def _before_to(words: Sequence[str]) -> list[str]:
    """A title's words before "to": "envoy to Ukraine" speaks for who sent the envoy."""
    for i, w in enumerate(words):
        if w.lower() == "to":
            return list(words[:i])
    return list(words)


def _mention_span(ent: SpacySpan) -> tuple[int, int]:
    """Character span of the noun phrase a name stands in ("Chinese spokesman Wang")."""
    toks = [t for t in ent.root.subtree if t.i <= ent.end]
    return (min(t.idx for t in toks), ent.end_char)


def _describe(
    doc: Doc, ent: SpacySpan, table: ActorTable
) -> tuple[str | None, str | None, str | None, ActorEvidence | None]:
    """Title, organisation and actor written around a person's name.

    Looks at the words before the name within its noun phrase ("Pentagon spokesman",
    "Secretary of State", "former Ukrainian ambassador"), at "of X" right after it
    ("President Oleksa Dorenko of Moldova"), and at an apposition ("Kirby, the
    Pentagon spokesman").
    """
    head = ent.root
    before = [t for t in head.subtree if t.i < ent.start and t.i >= ent.start - 6]
    before = [t for t in before if not t.is_punct and t.lower_ not in DETERMINERS]
    after_of: list[str] = []
    if ent.end < len(doc) - 1 and doc[ent.end].lower_ == "of" and doc[ent.end].head.i == head.i:
        after_of = [t.text for t in doc[ent.end].subtree][1:]
    if head.dep_ == "appos" and head.head.lower_ in ROLE_NOUNS and head.head.i < ent.start:
        # "the spokesperson, Li Wen": the role the name is in apposition to
        role_head = head.head
        before = [t for t in role_head.subtree if t.i <= role_head.i]
        before = [t for t in before if not t.is_punct and t.lower_ not in DETERMINERS]
    appos = [c for c in head.children if c.dep_ == "appos"]
    appos_words = [t.text for t in appos[0].subtree] if appos else []
    if not appos_words:
        # "Ana Rojas, who is a top aide to ...", "X, who serves as Prime Minister"
        appos_words = _relative_title(head)
    words = [t.text for t in before]
    if all(w.lower() in HONORIFICS or w in ADDRESS_FORMS for w in words):
        words = []  # "Sheikh", "Dr.": a form of address, not a title
    if words and all(w.isupper() and w.isalpha() for w in words) and not table.find_in(words):
        words = []  # a dateline run into the name: "LOS ANGELES — Hillary Clinton"
    title = " ".join(words) if words else None
    if not title and appos_words:
        title = " ".join(w for w in appos_words if w.lower() not in DETERMINERS and w != ",")
    evidence: ActorEvidence | None = "mention"
    org_actor = table.find_in(_before_to(words)) or table.find_in(after_of)
    if org_actor is None:
        org_actor, evidence = table.find_in(_before_to(appos_words)), "apposition"
    organisation = org_actor.name if org_actor and org_actor.kind == "institution" else None
    actor = table.country_of(org_actor.name) if org_actor else None
    if actor is None and after_of:
        actor, evidence = table.place_country(" ".join(after_of)), "mention"
    role = _role_from_title(title, table, org_actor.aliases if org_actor else ())
    if actor is None and title:
        actor, evidence = _title_actor(title, table), "title"
    return role, organisation, actor, (evidence if actor else None)


def _relative_title(head: Token) -> list[str]:
    """The title a relative clause gives a name: "who is a top aide to X" → "a top aide
    to X", "who serves as Prime Minister" → "Prime Minister"."""
    for clause in head.children:
        if clause.dep_ != "relcl":
            continue
        if clause.lemma_ in ("be", "serve", "act"):
            for c in clause.children:
                if c.dep_ == "attr":
                    return [t.text for t in c.subtree]
        # "who serves as Prime Minister", "whose position as chief of X had ..."
        for c in clause.subtree:
            if c.dep_ == "prep" and c.lower_ == "as":
                obj = next((o for o in c.children if o.dep_ == "pobj"), None)
                if obj is not None and obj.lower_ in ROLE_NOUNS | {"minister", "head"}:
                    return [t.text for t in obj.subtree]
    return []


def _patron(doc: Doc, ent: SpacySpan) -> str | None:
    """A person named in the title around a name, whom the named person works for:
    "the president's special envoy Ana Rojas", "Ana Rojas, a top aide to President
    Jan Kowal"."""
    head = ent.root
    lo = max(0, ent.start - 6)
    near = [t for t in head.subtree if not ent.start <= t.i < ent.end]
    near += [t for t in doc[lo : ent.start] if t.head.i >= ent.start]
    if head.dep_ == "appos" and head.head.lower_ in ROLE_NOUNS:
        # "the president's special envoy, the retired general Ana Rojas"
        near += [t for t in head.head.subtree if t.i < head.head.i]
    for t in near:
        if t.ent_type_ == "PERSON" and t.ent_iob_ == "B":
            other = next((e for e in doc.ents if e.start == t.i), None)
            if other is not None and other.label_ == "PERSON":
                name = _clean_name(other)
                return name or None
        if t.dep_ == "poss" and t.pos_ == "PROPN":
            # a possessor the tagger did not take for a person ("Trump's envoy"): a
            # person only if the article names someone so (resolve_statements checks)
            return " ".join(x.text for x in doc[t.left_edge.i : t.i + 1] if x.pos_ == "PROPN")
    return None


def _role_from_title(
    title: str | None, table: ActorTable, actor_words: Sequence[str]
) -> str | None:
    if not title:
        return None
    for known in sorted(table.country_titles, key=len, reverse=True):
        if known.lower() in title.lower():
            return known
    words = [
        w
        for w in title.split()
        if table.get(w) is None
        and w not in actor_words
        and w.lower() not in HONORIFICS
        and w not in ("'s", "’s")
    ]
    return " ".join(words) or None


def _title_actor(title: str, table: ActorTable) -> str | None:
    low = title.lower()
    for known, actor in table.country_titles.items():
        if re.search(rf"\b{re.escape(known.lower())}(?!\w)", low):
            return actor
    return None


# Abbreviated titles as written before a name, and words that name the same thing, so
# that a later description finds them ("Gov." is "the governor", "GOP" is "Republican").
TITLE_WORDS = {
    "gov.": "governor",
    "sen.": "senator",
    "rep.": "representative",
    "gen.": "general",
    "lt.": "lieutenant",
    "adm.": "admiral",
    "atty.": "attorney",
    "amb.": "ambassador",
    "pres.": "president",
    "sec.": "secretary",
    "gop": "republican",
}


def _person_named(name: str, people: list[_Person]) -> _Person | None:
    """The person of the article a name or partial name belongs to (``_find_full``)."""
    by_name = {p.name: p for p in people}
    key = _find_full(name, by_name)
    if key is None:
        # a description that ends in the name: "Chilean official Rojas"
        words = name.split()
        for i in range(1, len(words)):
            tail = words[i:]
            if all(w[:1].isupper() for w in tail):
                key = _find_full(" ".join(tail), by_name)
                if key is not None:
                    break
    return by_name.get(key) if key else None


def _title_words(title: str) -> set[str]:
    """The words of a title, lower case, abbreviations spelt out."""
    return {TITLE_WORDS.get(w, w) for w in title.lower().replace(",", " ").split()}
