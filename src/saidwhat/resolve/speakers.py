"""Speakers: from a source mention ("He", "Pentagon spokesman John Kirby") to a person or
body, its role, and the actor it speaks for.

A rule-based resolver, behind one function (``resolve_statements``) that a neural
coreference model could later replace.  Per article it builds a list of people (PERSON
entities, with the titles, organisations and countries written next to them), then:

- a full name is canonical; a surname or first name alone maps to the full name found
  anywhere in the article (a headline's "Dorenko" → "Oleksa Dorenko");
- "he"/"she" → the person who spoke last before it, else the last person named, skipping
  people of the other gender (from "Mr."/"Mrs."/"Ms.", gendered role words such as
  "congresswoman", or the first name, ``data/first_names.json``);
  "they"/"it"/"we" → the last non-person speaker, else the subject of the sentence before;
- a definite description ("the spokesman", "the former ambassador", "the president") →
  the last person whose role has that head word;
- the actor: an actor named in the mention or in the person's title (Pentagon →
  United States; "Ukrainian" → Ukraine), "X of PLACE" (governor of Chernihiv → Ukraine),
  a country-specific title (Secretary of State → United States), or for home titles
  ("President Joe Biden") the table's home actor.

This module holds the resolution itself and the pronouns; the article's people are in
``people``, how names are written (and their gender) in ``names``, and bodies as
speakers (groups, documents, meetings) in ``groups``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from saidwhat.extract.spans import (
    ADNOMINAL_CLAUSE_DEPS,
    NOMINAL_SUBJECT_DEPS,
    RELATIVE_PRONOUNS,
    doc_text,
    np_span,
)
from saidwhat.model import ActorEvidence, Speaker, Statement
from saidwhat.resolve.actors import ActorTable
from saidwhat.resolve.groups import (
    DOCUMENT_NOUNS,
    _actor_from_words,
    _document_issuer,
    _group_by_head,
    _group_speaker,
    _head_word,
)
from saidwhat.resolve.knowledge import Knowledge
from saidwhat.resolve.name_keys import HONORIFICS
from saidwhat.resolve.names import DETERMINERS, _clean_name
from saidwhat.resolve.names import _name_table as _name_table
from saidwhat.resolve.names import first_name_genders as first_name_genders
from saidwhat.resolve.people import (
    ROLE_NOUNS,
    _find_full,
    _modifies_role,
    _named_later,
    _names_head,
    _people,
    _Person,
    _person_ents,
    _person_named,
    _possessor_person,
    _title_actor,
    _title_words,
)

PERSONAL = {"he": "m", "she": "f", "him": "m", "her": "f"}
GROUP_PRONOUNS = frozenset(["they", "it", "we", "them"])


# Labels the news uses for an office instead of a name: the holder on the article's date.
OFFICE_LABELS = {"POTUS": ("President", "United States")}


def resolve_statements(
    doc: Doc,
    statements: Sequence[Statement],
    table: ActorTable,
    knowledge: Knowledge | None = None,
    date: str | None = None,
) -> list[Statement]:
    """Each statement with its ``speaker`` filled in (None when there is no source).

    ``knowledge`` (the office holders file) names the people it knows as it does and
    gives the actor of a person the article does not tie to one, by the article's
    ``date``.
    """
    people = _people(doc, table)
    if knowledge is not None:
        _known_people(people, knowledge, date)
    for p in people:
        if p.actor is None and p.patron:
            patron = _person_named(p.patron, people)
            if patron is not None and patron is not p and patron.actor is not None:
                p.actor, p.evidence = patron.actor, "article"
    out: list[Statement] = []
    speakers: list[Speaker] = []  # the people who spoke so far, in order
    # the bodies and groups that spoke so far, in order, with their mention's head word
    groups: list[tuple[str, Speaker]] = []
    for st in statements:
        speaker: Speaker | None = None
        if st.source is not None:
            start, end = _antecedent(doc, st.source.start, st.source.end)
            speaker = _resolve_mention(doc, start, end, people, table, speakers, groups)
        if speaker is not None and knowledge is not None:
            speaker = _known_speaker(speaker, knowledge, date)
        if speaker is not None:
            if speaker.is_person:
                speakers.append(speaker)
            else:
                groups.append((_head_word(doc, start, end), speaker))
        out.append(replace(st, speaker=speaker))
    return out


def _known_people(people: list[_Person], knowledge: Knowledge, date: str | None) -> None:
    """The article's people the knowledge file knows: their actor on ``date`` when the
    article ties them to none (or always, for a person the user's file pins)."""
    for p in people:
        holder = knowledge.find(p.name, date)
        term = holder.term_on(date) if holder is not None else None
        # a title that usually belongs to one country ("press secretary") gives way to
        # what the file knows of the person
        if term is None or term.actor == p.actor:
            continue
        if p.actor is None or p.evidence == "title" or holder.pinned:
            p.actor, p.evidence = term.actor, "knowledge"


def _known_speaker(speaker: Speaker, knowledge: Knowledge, date: str | None) -> Speaker:
    """A speaker the knowledge file knows: a surname alone under the full name ("Macron"
    → "Emmanuel Macron"), with its actor when nothing stronger gave one."""
    name = speaker.name
    if not name[:1].isupper() or (not speaker.is_person and speaker.actor is not None):
        return speaker
    holder = knowledge.find(name, date)
    office = OFFICE_LABELS.get(name.strip().upper())
    if holder is None and office is not None:
        # "POTUS: ...": whoever held the office on the article's date
        holder = knowledge.holder(office[0], office[1], date)
        if holder is not None:
            term = holder.term_on(date)
            actor = term.actor if term is not None else office[1]
            return replace(
                speaker, name=holder.name, is_person=True, actor=actor, actor_evidence="title"
            )
    if holder is None:
        return speaker
    # A full name stays as the article spells it (the store's registry makes one person
    # of its spellings); a surname alone takes the full name; the user's file pins both
    # the name and the actor.
    full = name if len(name.split()) > 1 and not holder.pinned else holder.name
    found = replace(speaker, name=full, is_person=True, pinned=holder.pinned)
    if holder.pinned:
        term = holder.term_on(date)
        if term is not None:
            return replace(found, actor=term.actor, actor_evidence="knowledge")
    if found.actor is None or found.actor_evidence == "title":
        term = holder.term_on(date)
        if term is not None and term.actor != found.actor:
            found = replace(found, actor=term.actor, actor_evidence="knowledge")
    return found


def _antecedent(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """For a relative pronoun source ("who said ..."; PolNeAR marks the pronoun), the
    noun phrase it stands for; any other mention as it is."""
    if doc_text(doc)[start:end].lower() not in RELATIVE_PRONOUNS:
        return start, end
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) != 1:
        return start, end
    verb = span[0].head
    if verb.dep_ in ADNOMINAL_CLAUSE_DEPS and verb.head.pos_ in ("NOUN", "PROPN", "PRON"):
        target = verb.head
        # "Trump, a man who says ...": the name the description stands beside
        if target.dep_ == "appos" and target.head.pos_ == "PROPN":
            name = target.head
            first = min(t.idx for t in name.subtree if t.i <= name.i)
            return first, name.idx + len(name.text)
        return np_span(target)
    return start, end


# ---- one mention ------------------------------------------------------------------
@dataclass(frozen=True)
class _Mention:
    """A source mention at ``start:end`` and what the article so far offers to resolve
    it: its people, the actor table, the people and the bodies that spoke before."""

    doc: Doc
    start: int
    end: int
    people: list[_Person]
    table: ActorTable
    speakers: Sequence[Speaker]
    groups: Sequence[tuple[str, Speaker]]
    text: str
    span: SpacySpan | None
    words: list[str]

    @property
    def content_words(self) -> list[str]:
        """The mention's words without determiners ("the", "a", "this", ...)."""
        return [w for w in self.words if w.lower() not in DETERMINERS]

    def person(self, p: _Person) -> Speaker:
        return _person_speaker(p, self.text, self.start, self.end)


def _resolve_mention(
    doc: Doc,
    start: int,
    end: int,
    people: list[_Person],
    table: ActorTable,
    speakers: Sequence[Speaker],
    groups: Sequence[tuple[str, Speaker]],
) -> Speaker:
    """The speaker of the mention at ``start:end``: a pronoun's antecedent, else the
    first of these steps that finds one (a person named in it, a possessor's aide, a
    bare name, a definite or indefinite role, a body named again), else a group."""
    text = doc_text(doc)[start:end]
    span = doc.char_span(start, end, alignment_mode="expand")
    m = _Mention(doc, start, end, people, table, speakers, groups, text, span, text.split())
    low = text.lower().strip()
    if low in PERSONAL:
        return _personal_pronoun(m, PERSONAL[low])
    if low in GROUP_PRONOUNS:
        return _group_pronoun(m)
    steps = (
        _named_person,
        _possessor_aide,
        _bare_name,
        _definite_role,
        _indefinite_role,
        _body_again,
    )
    for step in steps:
        found = step(m)
        if found is not None:
            return found
    return _group_of_people(m)


def _personal_pronoun(m: _Mention, wanted: str) -> Speaker:
    """ "he"/"she": the person who reports the pronoun's clause, the person the sentence
    before is about, the last speaker, else the last person named, of that gender."""
    genders = {p.name: p.gender for p in m.people}

    def fits(name: str) -> bool:
        return genders.get(name) in (None, wanted)

    # "Trump, who says he hopes ...": the subject of the clause that reports the
    # pronoun's clause; then, for the subject of a sentence, the person the
    # sentence before is about ("Chilean official Rojas went on television. He
    # stressed ...")
    tok = m.span.root if m.span is not None else None
    bound = _binding_person(m.doc, tok, m.people) if tok is not None else None
    if bound is None and tok is not None and _is_main_subject(tok):
        bound = _previous_person(m.doc, m.start, m.people)
    if bound is not None and fits(bound.name):
        return m.person(bound)
    if m.speakers and fits(m.speakers[-1].name):
        return _anaphor(m.speakers[-1], m.text)
    # no speaker yet, or the last one is of the other gender: the last person of
    # this gender named before, else an earlier speaker of this gender
    prior = [p for p in m.people if p.start < m.start and fits(p.name)]
    if prior:
        return m.person(prior[-1])
    spoke = next((sp for sp in reversed(m.speakers) if fits(sp.name)), None)
    if spoke is not None:
        return _anaphor(spoke, m.text)
    return Speaker(name=m.text, mention=m.text, is_person=True)


def _group_pronoun(m: _Mention) -> Speaker:
    """ "they"/"it"/"we": the last body that spoke, else the previous sentence's subject."""
    if m.groups:
        return _anaphor(m.groups[-1][1], m.text)
    subject = _previous_subject(m.doc, m.start)
    if subject is not None:
        return _group_speaker(subject, subject, m.table)
    return Speaker(name=m.text, mention=m.text)


def _named_person(m: _Mention) -> Speaker | None:
    """A person named in the mention: the one it is about first ("Trump's special envoy,
    the retired general Ana Rojas" is Rojas), then a possessor or modifier, whose aide
    ("Putin's top foreign policy aide") speaks for the person's side."""
    if m.span is None:
        return None
    span = m.span
    ents = sorted(
        (e for e in _person_ents(m.doc, m.table) if span.start <= e.start and e.end <= span.end),
        key=lambda e: not _names_head(e, span),
    )
    for ent in ents:  # every one a person (_person_ents)
        name = _clean_name(ent)
        person = next(
            (p for p in m.people if p.name == name or _find_full(name, {p.name: p})), None
        )
        if person is not None and _modifies_role(ent, span):
            # "Putin's top foreign policy aide", "the Biden administration
            # official": someone else, who speaks for the person's side
            evidence = "knowledge" if person.evidence == "knowledge" else "mention"
            return _on_behalf_of(m, person, evidence)
        if person is not None:
            sp = m.person(person)
            if sp.actor is None:
                actor, evidence = _actor_from_words(m.words, m.table), "mention"
                if actor is None:
                    actor, evidence = _title_actor(m.text, m.table), "title"
                if actor is not None:
                    sp = replace(sp, actor=actor, actor_evidence=evidence)
            return sp
    return None


def _possessor_aide(m: _Mention) -> Speaker | None:
    """ "Wierzbicki's chief of staff" with a possessor the tagger missed as a person."""
    owner = _possessor_person(m.span, m.people) if m.span is not None else None
    return _on_behalf_of(m, owner, "article") if owner is not None else None


def _on_behalf_of(m: _Mention, person: _Person, evidence: ActorEvidence) -> Speaker:
    """Someone who speaks for ``person`` (an aide, an official): the person of that role
    named later, else a group with the person's actor (by ``evidence``)."""
    assert m.span is not None
    role = m.span.root.lower_
    later = _named_later(m.doc, role, m.end, m.people, person.actor)
    if later is not None:
        return m.person(later)
    sp = _group_speaker(m.text, m.text, m.table)
    if sp.actor is None and person.actor is not None:
        sp = replace(sp, actor=person.actor, actor_evidence=evidence)
    return replace(sp, role=sp.role or role)


def _bare_name(m: _Mention) -> Speaker | None:
    """A name NER missed: a surname or first name of a person of the article."""
    bare = " ".join(m.content_words)
    if bare and all(w[:1].isupper() for w in bare.split()):
        person = _person_named(bare, m.people)
        if person is not None:
            return m.person(person)
    return None


def _definite_role(m: _Mention) -> Speaker | None:
    """A definite description: "the spokesman", "the former ambassador", "the Indiana
    governor" (written "Indiana Gov. Mike Pence"); of the people introduced before it
    with that role, the one whose titles share most of its other words, then the last.
    "The Ukrainian president", "Qatar's prime minister": only a person of that actor (or
    of none known yet, whom the description then ties to it)."""
    words, content_words, span = m.words, m.content_words, m.span
    possessive = (
        bool(words) and words[0].endswith(("'s", "’s")) and m.table.get(words[0]) is not None
    )
    if not (words and (words[0].lower() == "the" or possessive) and content_words):
        return None
    head = content_words[-1].lower()
    if span is not None and span.root.lower_ in ROLE_NOUNS:
        head = span.root.lower_  # "the secretary of state"
    if head not in ROLE_NOUNS:
        return None
    modifiers = _title_words(" ".join(content_words[:-1]))
    said_actor = _actor_from_words(content_words[:-1], m.table)
    if said_actor is None:
        said_actor = _title_actor(" ".join(content_words), m.table)
    prior = [
        (p.actor == said_actor, len(modifiers & known), i, p)
        for i, p in enumerate(m.people)
        if p.start < m.start
        and head in (known := _title_words(" ".join(p.titles)))
        and (said_actor is None or p.actor in (None, said_actor))
    ]
    if not prior and said_actor is not None:
        same = [p for p in m.people if p.start < m.start and p.actor == said_actor]
        prior = [(True, 0, 0, same[0])] if len(same) == 1 else []
    if prior:
        person = max(prior, key=lambda x: x[:3])[3]
        if said_actor is not None and person.actor is None:
            person.actor, person.evidence = said_actor, "mention"
            person.evidence_at = (m.start, m.end)
        return m.person(person)
    if said_actor is not None:
        return _group_speaker(m.text, m.text, m.table)
    # "Donald Trump says he has big plans. The Republican nominee noted that ...":
    # a standing role with no title to match, as its sentence's subject, is the
    # previous sentence's subject when that is a person named, and no party word
    # of the two disagrees
    main = span is not None and _is_main_subject(span.root)
    standing = main and head in STANDING_ROLES
    person = _previous_person(m.doc, m.start, m.people) if standing else None
    if person is not None and not _party_clash(modifiers, person):
        return m.person(person)
    return None


def _indefinite_role(m: _Mention) -> Speaker | None:
    """ "a defence ministry spokesperson said ... the spokesperson, Li Wen, said"."""
    if m.words and m.words[0].lower() in ("a", "an") and m.content_words:
        head = m.content_words[-1].lower()
        if head in ROLE_NOUNS:
            said_actor = _actor_from_words(m.content_words[:-1], m.table)
            later = _named_later(m.doc, head, m.end, m.people, said_actor)
            if later is not None:
                return m.person(later)
    return None


def _body_again(m: _Mention) -> Speaker | None:
    """A body referred to again ("the joint statement", "the leaders", "the group"), or
    a document whose issuer the sentence names ("a declaration agreed by the leaders")."""
    if not m.content_words or m.span is None:
        return None
    words, span = m.words, m.span
    head = m.content_words[-1].lower().strip(",.")
    definite = words[0].lower() in DETERMINERS - {"a", "an"}
    found = _group_by_head(head, definite, m.groups, m.table)
    if found is None and head in DOCUMENT_NOUNS and m.table.find_in(words) is None:
        agent = _document_issuer(span.root)
        if agent is None and words[0].lower() in ("the", "this", "that"):
            # "The US declared in a joint statement ... 'Both ...,' the statement read"
            earlier = [t for t in m.doc[: span.start] if t.lower_ == span.root.lower_]
            agent = _document_issuer(earlier[-1]) if earlier else None
        if agent is not None:
            lo, hi = np_span(agent)
            found = _resolve_mention(m.doc, lo, hi, m.people, m.table, m.speakers, m.groups)
    return _anaphor(found, m.text) if found is not None else None


def _group_of_people(m: _Mention) -> Speaker:
    """The mention as a group: "Trump and his officials" take the side of the people it
    names, when they share one."""
    group = _group_speaker(m.text, m.text, m.table)
    if group.actor is None and m.span is not None:
        span = m.span
        sides = {
            p.actor
            for e in _person_ents(m.doc, m.table)
            if span.start <= e.start
            and e.end <= span.end
            and (p := _person_named(_clean_name(e), m.people)) is not None
        }
        if len(sides) == 1 and None not in sides:
            group = replace(group, actor=sides.pop(), actor_evidence="article")
    return group


# Roles a news story uses to refer back to the person it is about; a spokesman, an aide
# or an analyst is more often someone new.
STANDING_ROLES = frozenset(
    [
        "nominee", "candidate", "governor", "senator", "president", "businessman",
        "businesswoman", "billionaire", "mogul", "tycoon", "frontrunner", "front-runner",
        "contender", "challenger", "incumbent", "congressman", "congresswoman", "mayor",
        "lawmaker", "chancellor", "premier", "minister", "secretary", "chairman",
        "chairwoman", "republican", "democrat",
    ]
)  # fmt: skip
_PARTIES = {"republican": "R", "democratic": "D", "democrat": "D"}


def _anaphor(speaker: Speaker, mention: str) -> Speaker:
    """An earlier speaker referred to again ("he", "they"): what tied it to its actor
    was said elsewhere in the article."""
    evidence = speaker.actor_evidence
    if evidence in ("mention", "apposition"):
        evidence = "article"
    return replace(speaker, mention=mention, actor_evidence=evidence)


def _binding_person(doc: Doc, tok: Token, people: list[_Person]) -> _Person | None:
    """The person who reports the clause a pronoun is the subject of: "X says he hopes",
    "X, who said he was prepared": X (a reported "he" is mostly the reporter)."""
    if tok.dep_ not in NOMINAL_SUBJECT_DEPS:
        return None
    clause = tok.head
    if clause.dep_ != "ccomp":
        return None
    verb = clause.head
    subject = next((c for c in verb.children if c.dep_ in NOMINAL_SUBJECT_DEPS), None)
    if subject is None or subject.i == tok.i:
        return None
    if subject.lower_ in RELATIVE_PRONOUNS and verb.dep_ == "relcl":
        subject = verb.head
    if subject.lower_ in PERSONAL:
        return None
    lo, hi = np_span(subject)
    name = " ".join(
        w for w in doc_text(doc)[lo:hi].split() if w.lower() not in DETERMINERS | HONORIFICS
    ).strip(" ,")
    if not name:
        return None
    person = _person_named(name, people)
    if person is None and subject.pos_ == "PROPN" and all(w[:1].isupper() for w in name.split()):
        # a name the entity tagger missed ("Jan Wierzbicki" taken for a place)
        person = _Person(name, None, None, lo)
    return person


def _previous_person(doc: Doc, start: int, people: list[_Person]) -> _Person | None:
    """The person named as the subject of the sentence before ``start``, if any (its
    noun phrase without relative clause or apposition: "Ana Rojas, who is ...")."""
    subject = _previous_subject_token(doc, start)
    if subject is None:
        return None
    lo, hi = np_span(subject)
    phrase = doc_text(doc)[lo:hi].split(",")[0]
    name = " ".join(w for w in phrase.split() if w.lower() not in HONORIFICS)
    return _person_named(name, people) if name else None


def _is_main_subject(tok: Token) -> bool:
    return tok.dep_ in NOMINAL_SUBJECT_DEPS and tok.head.dep_ == "ROOT"


def _party_clash(words: set[str], person: _Person) -> bool:
    """The description names one party and the person's titles the other."""
    said = {_PARTIES[w] for w in words if w in _PARTIES}
    known = {_PARTIES[w] for w in _title_words(" ".join(person.titles)) if w in _PARTIES}
    return bool(said and known and not said & known)


def _person_speaker(p: _Person, mention: str, start: int = -1, end: int = -1) -> Speaker:
    """The person as the speaker of a mention at ``start:end``; what tied the person to
    an actor in another mention of the article is ``article`` evidence here."""
    evidence = p.evidence
    if evidence in ("mention", "apposition") and not start <= p.evidence_at[0] < end:
        evidence = "article"  # the words that tied them begin outside this mention
    return Speaker(
        name=p.name,
        mention=mention,
        role=p.role,
        organisation=p.organisation,
        actor=p.actor,
        is_person=True,
        actor_evidence=evidence if p.actor else None,
    )


def _previous_subject_token(doc: Doc, start: int) -> Token | None:
    """The main subject of the sentence before the one at ``start``."""
    tok = doc.char_span(start, start + 1, alignment_mode="expand")
    if tok is None or tok[0].sent.start == 0:
        return None
    prev = doc[tok[0].sent.start - 1].sent
    return next((t for t in prev if _is_main_subject(t)), None)


def _previous_subject(doc: Doc, start: int) -> str | None:
    """The subject noun phrase of the sentence before the one at ``start``."""
    subject = _previous_subject_token(doc, start)
    return " ".join(x.text for x in subject.subtree) if subject is not None else None
