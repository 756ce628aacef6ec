"""Speakers: from a source mention ("He", "Pentagon spokesman John Kirby") to a person or
body, its role, and the actor it speaks for.

A rule-based resolver, behind one function (``resolve_statements``) that a neural
coreference model could later replace.  Per article it builds a list of people (PERSON
entities, with the titles, organisations and countries written next to them), then:

- a full name is canonical; a surname or first name alone maps to the full name found
  anywhere in the article (a headline's "Zelenskyy" → "Volodymyr Zelenskyy");
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
from dataclasses import replace

from spacy.tokens import Doc, Token

from saidwhat.extract.frames import RELATIVE_PRONOUNS, doc_text, np_span
from saidwhat.model import Speaker, Statement
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
from saidwhat.resolve.names import DETERMINERS, HONORIFICS, _clean_name
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
    if verb.dep_ in ("relcl", "acl") and verb.head.pos_ in ("NOUN", "PROPN", "PRON"):
        target = verb.head
        # "Trump, a man who says ...": the name the description stands beside
        if target.dep_ == "appos" and target.head.pos_ == "PROPN":
            name = target.head
            first = min(t.idx for t in name.subtree if t.i <= name.i)
            return first, name.idx + len(name.text)
        return np_span(target)
    return start, end


# ---- one mention ------------------------------------------------------------------
def _resolve_mention(
    doc: Doc,
    start: int,
    end: int,
    people: list[_Person],
    table: ActorTable,
    speakers: Sequence[Speaker],
    groups: Sequence[tuple[str, Speaker]],
) -> Speaker:
    mention = doc_text(doc)[start:end]
    span = doc.char_span(start, end, alignment_mode="expand")
    words = mention.split()
    low = mention.lower().strip()
    if low in PERSONAL:
        wanted = PERSONAL[low]
        genders = {p.name: p.gender for p in people}

        def fits(name: str) -> bool:
            return genders.get(name) in (None, wanted)

        # "Trump, who says he hopes ...": the subject of the clause that reports the
        # pronoun's clause; then, for the subject of a sentence, the person the
        # sentence before is about ("Chilean official Rojas went on television. He
        # stressed ...")
        tok = span.root if span is not None else None
        bound = _binding_person(doc, tok, people) if tok is not None else None
        if bound is None and tok is not None and _is_main_subject(tok):
            bound = _previous_person(doc, start, people)
        if bound is not None and fits(bound.name):
            return _person_speaker(bound, mention, start, end)
        if speakers and fits(speakers[-1].name):
            return _anaphor(speakers[-1], mention)
        # no speaker yet, or the last one is of the other gender: the last person of
        # this gender named before, else an earlier speaker of this gender
        prior = [p for p in people if p.start < start and fits(p.name)]
        if prior:
            return _person_speaker(prior[-1], mention, start, end)
        spoke = next((sp for sp in reversed(speakers) if fits(sp.name)), None)
        if spoke is not None:
            return _anaphor(spoke, mention)
        return Speaker(name=mention, mention=mention, is_person=True)
    if low in GROUP_PRONOUNS:
        if groups:
            return _anaphor(groups[-1][1], mention)
        subject = _previous_subject(doc, start)
        if subject is not None:
            return _group_speaker(subject, subject, table)
        return Speaker(name=mention, mention=mention)
    # A person named in the mention.
    if span is not None:
        # the person the mention is about first ("Trump's special envoy, the retired
        # general Ana Rojas" is Rojas), then a possessor or modifier
        ents = sorted(
            (e for e in _person_ents(doc, table) if span.start <= e.start and e.end <= span.end),
            key=lambda e: not _names_head(e, span),
        )
        for ent in ents:  # every one a person (_person_ents)
            name = _clean_name(ent)
            person = next(
                (p for p in people if p.name == name or _find_full(name, {p.name: p})), None
            )
            if person is not None and _modifies_role(ent, span):
                # "Putin's top foreign policy aide", "the Biden administration
                # official": someone else, who speaks for the person's side
                later = _named_later(doc, span.root.lower_, end, people, person.actor)
                if later is not None:
                    return _person_speaker(later, mention, start, end)
                sp = _group_speaker(mention, mention, table)
                if sp.actor is None and person.actor is not None:
                    evidence = "knowledge" if person.evidence == "knowledge" else "mention"
                    sp = replace(sp, actor=person.actor, actor_evidence=evidence)
                return replace(sp, role=sp.role or span.root.lower_)
            if person is not None:
                sp = _person_speaker(person, mention, start, end)
                if sp.actor is None:
                    actor, evidence = _actor_from_words(words, table), "mention"
                    if actor is None:
                        actor, evidence = _title_actor(mention, table), "title"
                    if actor is not None:
                        sp = replace(sp, actor=actor, actor_evidence=evidence)
                return sp
    # "Wierzbicki's chief of staff" with a possessor the tagger missed as a person
    owner = _possessor_person(span, people) if span is not None else None
    if owner is not None:
        later = _named_later(doc, span.root.lower_, end, people, owner.actor)
        if later is not None:
            return _person_speaker(later, mention, start, end)
        sp = _group_speaker(mention, mention, table)
        if sp.actor is None and owner.actor is not None:
            sp = replace(sp, actor=owner.actor, actor_evidence="article")
        return replace(sp, role=sp.role or span.root.lower_)
    # A name NER missed: a surname or first name of a person of the article.
    bare = " ".join(w for w in words if w.lower() not in DETERMINERS)
    if bare and all(w[:1].isupper() for w in bare.split()):
        person = _person_named(bare, people)
        if person is not None:
            return _person_speaker(person, mention, start, end)
    # A definite description: "the spokesman", "the former ambassador", "the Indiana
    # governor" (written "Indiana Gov. Mike Pence"); of the people introduced before it
    # with that role, the one whose titles share most of its other words, then the last.
    content_words = [w for w in words if w.lower() not in DETERMINERS]
    # "The Ukrainian president", "Qatar's prime minister": only a person of that actor
    # (or of none known yet, whom the description then ties to it).
    possessive = bool(words) and words[0].endswith(("'s", "’s")) and table.get(words[0]) is not None
    if words and (words[0].lower() == "the" or possessive) and content_words:
        head = content_words[-1].lower()
        if span is not None and span.root.lower_ in ROLE_NOUNS:
            head = span.root.lower_  # "the secretary of state"
        if head in ROLE_NOUNS:
            modifiers = _title_words(" ".join(content_words[:-1]))
            said_actor = _actor_from_words(content_words[:-1], table)
            if said_actor is None:
                said_actor = _title_actor(" ".join(content_words), table)
            prior = [
                (p.actor == said_actor, len(modifiers & known), i, p)
                for i, p in enumerate(people)
                if p.start < start
                and head in (known := _title_words(" ".join(p.titles)))
                and (said_actor is None or p.actor in (None, said_actor))
            ]
            if not prior and said_actor is not None:
                same = [p for p in people if p.start < start and p.actor == said_actor]
                prior = [(True, 0, 0, same[0])] if len(same) == 1 else []
            if prior:
                person = max(prior, key=lambda x: x[:3])[3]
                if said_actor is not None and person.actor is None:
                    person.actor, person.evidence = said_actor, "mention"
                    person.evidence_at = (start, end)
                return _person_speaker(person, mention, start, end)
            if said_actor is not None:
                return _group_speaker(mention, mention, table)
            # "Donald Trump says he has big plans. The Republican nominee noted that ...":
            # a standing role with no title to match, as its sentence's subject, is the
            # previous sentence's subject when that is a person named, and no party word
            # of the two disagrees
            main = span is not None and _is_main_subject(span.root)
            standing = main and head in STANDING_ROLES
            person = _previous_person(doc, start, people) if standing else None
            if person is not None and not _party_clash(modifiers, person):
                return _person_speaker(person, mention, start, end)
    # "a defence ministry spokesperson said ... the spokesperson, Li Wen, said"
    if words and words[0].lower() in ("a", "an") and content_words:
        head = content_words[-1].lower()
        if head in ROLE_NOUNS:
            said_actor = _actor_from_words(content_words[:-1], table)
            later = _named_later(doc, head, end, people, said_actor)
            if later is not None:
                return _person_speaker(later, mention, start, end)
    # A body referred to again ("the joint statement", "the leaders", "the group"), or
    # a document whose issuer the sentence names ("a declaration agreed by the leaders")
    if content_words and span is not None:
        head = content_words[-1].lower().strip(",.")
        found = _group_by_head(head, words[0].lower() in DETERMINERS - {"a", "an"}, groups, table)
        if found is None and head in DOCUMENT_NOUNS and table.find_in(words) is None:
            agent = _document_issuer(span.root)
            if agent is None and words[0].lower() in ("the", "this", "that"):
                # "The US declared in a joint statement ... 'Both ...,' the statement read"
                earlier = [t for t in doc[: span.start] if t.lower_ == span.root.lower_]
                agent = _document_issuer(earlier[-1]) if earlier else None
            if agent is not None:
                lo, hi = np_span(agent)
                found = _resolve_mention(doc, lo, hi, people, table, speakers, groups)
        if found is not None:
            return _anaphor(found, mention)
    group = _group_speaker(mention, mention, table)
    if group.actor is None and span is not None:
        # "Trump and his officials": the side of the people it names, when they share one
        sides = {
            p.actor
            for e in _person_ents(doc, table)
            if span.start <= e.start
            and e.end <= span.end
            and (p := _person_named(_clean_name(e), people)) is not None
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
    if tok.dep_ not in ("nsubj", "nsubjpass"):
        return None
    clause = tok.head
    if clause.dep_ != "ccomp":
        return None
    verb = clause.head
    subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
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
    return tok.dep_ in ("nsubj", "nsubjpass") and tok.head.dep_ == "ROOT"


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
