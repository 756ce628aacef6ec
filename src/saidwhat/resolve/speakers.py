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
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from importlib import resources
from importlib.resources.abc import Traversable

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from saidwhat.extract.frames import RELATIVE_PRONOUNS, doc_text, np_span
from saidwhat.model import Actor, ActorEvidence, Speaker, Statement
from saidwhat.resolve.actors import ActorTable
from saidwhat.resolve.knowledge import Knowledge

PERSONAL = {"he": "m", "she": "f", "him": "m", "her": "f"}
GROUP_PRONOUNS = frozenset(["they", "it", "we", "them"])
DETERMINERS = frozenset(["the", "a", "an", "this", "that", "these", "those"])
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
_SPACE = re.compile(r"\s+")
# Forms of address, not roles ("Mr. Trump" has no role "Mr.").
HONORIFICS = frozenset(
    [
        "mr", "mr.", "mrs", "mrs.", "ms", "ms.", "miss", "mister", "madam", "dr", "dr.",
        "sheikh", "sheikha", "sir", "dame",
    ]
)  # fmt: skip
# Labels the news uses for an office instead of a name: the holder on the article's date.
OFFICE_LABELS = {"POTUS": ("President", "United States")}
# Forms of address written before a name, never part of it ("HE Sheikh Mohammed").
ADDRESS_FORMS = frozenset(["HE", "H.E.", "HRH", "H.R.H."])
# Words that end a person's name found in a title-case headline.
NAME_STOPS = frozenset(
    [
        "says",
        "said",
        "tells",
        "told",
        "slams",
        "calls",
        "claims",
        "blasts",
        "responds",
        "rips",
        "warns",
        "urges",
        "denies",
        "admits",
        "vows",
        "praises",
        "attacks",
        "defends",
        "accuses",
        "suggests",
        "addresses",
        "address",
        "speaks",
        "talks",
        "reacts",
        "explains",
        "insists",
        "asks",
        "answers",
        "pushes",
        "hits",
        "mocks",
        "touts",
        "backs",
        "endorses",
        "opposes",
        "may",
        "will",
        "would",
        "can",
        "could",
        "should",
        "must",
        "just",
        "never",
        "not",
        "also",
        "to",
        "in",
        "on",
        "at",
        "for",
        "of",
        "from",
        "with",
        "by",
        "and",
        "or",
        "he",
        "she",
        "it",
        "they",
        "we",
        "i",
        "his",
        "her",
        "their",
        "is",
        "was",
        "has",
        "had",
        "does",
        "did",
    ]
)
# Verb-like words that are parts of names the parser tags as verbs ("Will", "Mark").
NAME_VERBS = frozenset(["will", "mark", "bill", "rob", "pat", "sue", "hope", "faith"])


# Words before or around a name that say the person's gender ("Mrs. Clinton",
# "Congresswoman Maxine Waters", "the first lady").
MALE_WORDS = frozenset(
    [
        "mr",
        "mr.",
        "sir",
        "lord",
        "king",
        "prince",
        "father",
        "brother",
        "husband",
        "son",
        "businessman",
        "chairman",
        "congressman",
        "spokesman",
    ]
)
FEMALE_WORDS = frozenset(
    [
        "mrs",
        "mrs.",
        "ms",
        "ms.",
        "miss",
        "madam",
        "dame",
        "lady",
        "queen",
        "princess",
        "mother",
        "sister",
        "wife",
        "widow",
        "daughter",
        "actress",
        "businesswoman",
        "chairwoman",
        "congresswoman",
        "spokeswoman",
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


@lru_cache(maxsize=1)
def first_name_genders() -> dict[str, str]:
    """Lower-case first name → "m" or "f", for names of a clear gender (packaged table)."""
    raw = resources.files("saidwhat.resolve").joinpath("data", "first_names.json")
    return _name_table(raw)


def _name_table(path: Traversable) -> dict[str, str]:
    """The table read from ``path``; empty (no gender known) when missing or malformed."""
    try:
        data = json.loads(path.read_text("utf-8"))
        male, female = data.get("m", []), data.get("f", [])
        table = {**dict.fromkeys(male, "m"), **dict.fromkeys(female, "f")}
    except (FileNotFoundError, ValueError, AttributeError, TypeError):
        return {}
    return {k: v for k, v in table.items() if isinstance(k, str)}


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
    """A speaker the knowledge file knows: a surname alone under the full name ("Blinken"
    → "Antony Blinken"), with its actor when nothing stronger gave one."""
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


def _gender(doc: Doc, ent: SpacySpan, name: str, role: str | None) -> str | None:
    """ "m"/"f" from a title before the name ("Mrs. Clinton"), a gendered role word
    ("the congresswoman"), else the first name; None when nothing says."""
    before = [t.lower_ for t in doc[max(0, ent.start - 2) : ent.start]]
    words = before + [t.lower_ for t in ent] + (role or "").lower().split()
    for w in words:
        if w in MALE_WORDS:
            return "m"
        if w in FEMALE_WORDS:
            return "f"
    first = name.split()[0].lower() if len(name.split()) > 1 else ""
    return first_name_genders().get(first)


def _clean_name(ent: SpacySpan) -> str:
    toks = [t for t in ent if not t.is_punct and t.tag_ != "POS" and t.lower_ != "'s"]
    while toks and toks[0].lower_ in DETERMINERS:
        toks = toks[1:]
    # A title-case headline runs a name into its verb: "Obama Says", "Trump Says He
    # Never", "Hillary Clinton Slams Donald Trump": the name ends before the first
    # verb or function word.
    for i, t in enumerate(toks[1:], start=1):
        if t.lower_ in NAME_STOPS or t.pos_ in ("VERB", "AUX") and t.lower_ not in NAME_VERBS:
            toks = toks[:i]
            break
    # Leading forms of address of a name are not part of it ("HE Sheikh Mohammed":
    # His Excellency).
    while len(toks) > 1 and toks[0].text in ADDRESS_FORMS:
        toks = toks[1:]
    if not toks:
        return ""
    # As written between its first and last word: "Lai Ching-te", "al-Thani".
    text = doc_text(ent.doc)[toks[0].idx : toks[-1].idx + len(toks[-1].text)]
    return _SPACE.sub(" ", text.replace("[", "").replace("]", "")).strip(" ,;:")


def _find_full(name: str, full: dict[str, _Person]) -> str | None:
    """The full name a partial name belongs to: "Zelenskyy" → "Volodymyr Zelenskyy"."""
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
    Mohammed bin Abdulrahman" + "bin Jassim Al-Thani" is one name; not a demonym or
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
    """People the entity tagger missed, named right after a role word: "Iranian official
    Baghaei", "spokesperson Mao Ning" (a run of capitalised proper nouns that names no
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
    Wu Qian")."""
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
    spokesperson, Wu Qian": the news names the speaker after describing them."""
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


def _without_address(words: list[str]) -> list[str]:
    """A name's words without leading forms of address ("Sheikh Mohammed" → Mohammed)."""
    while len(words) > 1 and (words[0].lower() in HONORIFICS or words[0] in ADDRESS_FORMS):
        words = words[1:]
    return words


def _describe(
    doc: Doc, ent: SpacySpan, table: ActorTable
) -> tuple[str | None, str | None, str | None, ActorEvidence | None]:
    """Title, organisation and actor written around a person's name.

    Looks at the words before the name within its noun phrase ("Pentagon spokesman",
    "Secretary of State", "former Ukrainian ambassador"), at "of X" right after it
    ("President Volodymyr Zelenskyy of Ukraine"), and at an apposition ("Kirby, the
    Pentagon spokesman").
    """
    head = ent.root
    before = [t for t in head.subtree if t.i < ent.start and t.i >= ent.start - 6]
    before = [t for t in before if not t.is_punct and t.lower_ not in DETERMINERS]
    after_of: list[str] = []
    if ent.end < len(doc) - 1 and doc[ent.end].lower_ == "of" and doc[ent.end].head.i == head.i:
        after_of = [t.text for t in doc[ent.end].subtree][1:]
    if head.dep_ == "appos" and head.head.lower_ in ROLE_NOUNS and head.head.i < ent.start:
        # "the spokesperson, Wu Qian": the role the name is in apposition to
        role_head = head.head
        before = [t for t in role_head.subtree if t.i <= role_head.i]
        before = [t for t in before if not t.is_punct and t.lower_ not in DETERMINERS]
    appos = [c for c in head.children if c.dep_ == "appos"]
    appos_words = [t.text for t in appos[0].subtree] if appos else []
    if not appos_words:
        # "Andriy Yermak, who is a top aide to ...", "X, who serves as Prime Minister"
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
    "Trump's special envoy Steve Witkoff", "Andriy Yermak, a top aide to President
    Volodymyr Zelensky"."""
    head = ent.root
    lo = max(0, ent.start - 6)
    near = [t for t in head.subtree if not ent.start <= t.i < ent.end]
    near += [t for t in doc[lo : ent.start] if t.head.i >= ent.start]
    if head.dep_ == "appos" and head.head.lower_ in ROLE_NOUNS:
        # "Trump's special envoy, the retired general Keith Kellogg"
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
        # sentence before is about ("Iranian official Baghaei went on state TV. He
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
        # general Keith Kellogg" is Kellogg), then a possessor or modifier
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
    # "a defense ministry spokesperson said ... the spokesperson, Wu Qian, said"
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


MEMBER_WORDS = frozenset(["including", "includes", "among", "like"])


def _only_a_member(words: Sequence[str], actor: Actor, table: ActorTable) -> bool:
    """Whether the first actor a group's words name comes after "including" / "among",
    so names a member of the group, not the group."""
    for i, w in enumerate(words):
        if w.lower() in MEMBER_WORDS:
            return table.find_in(words[:i]) is None and table.find_in(words[i + 1 :]) is actor
    return False


# Nouns that name a meeting: a place before one says where it met ("Bucharest summit").
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
    if doc_noun.dep_ in ("dobj", "pobj") and head.pos_ in ("VERB", "AUX"):
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
        if child.dep_ in ("acl", "relcl"):
            for prep in child.children:
                if prep.dep_ == "agent" or (prep.dep_ == "prep" and prep.lower_ == "by"):
                    obj = next((c for c in prep.children if c.dep_ == "pobj"), None)
                    if obj is not None:
                        return obj
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
    noun phrase without relative clause or apposition: "Andriy Yermak, who is ...")."""
    subject = _previous_subject_token(doc, start)
    if subject is None:
        return None
    lo, hi = np_span(subject)
    phrase = doc_text(doc)[lo:hi].split(",")[0]
    name = " ".join(w for w in phrase.split() if w.lower() not in HONORIFICS)
    return _person_named(name, people) if name else None


def _person_named(name: str, people: list[_Person]) -> _Person | None:
    """The person of the article a name or partial name belongs to (``_find_full``)."""
    by_name = {p.name: p for p in people}
    key = _find_full(name, by_name)
    if key is None:
        # a description that ends in the name: "Iranian official Baghaei"
        words = name.split()
        for i in range(1, len(words)):
            tail = words[i:]
            if all(w[:1].isupper() for w in tail):
                key = _find_full(" ".join(tail), by_name)
                if key is not None:
                    break
    return by_name.get(key) if key else None


def _is_main_subject(tok: Token) -> bool:
    return tok.dep_ in ("nsubj", "nsubjpass") and tok.head.dep_ == "ROOT"


def _party_clash(words: set[str], person: _Person) -> bool:
    """The description names one party and the person's titles the other."""
    said = {_PARTIES[w] for w in words if w in _PARTIES}
    known = {_PARTIES[w] for w in _title_words(" ".join(person.titles)) if w in _PARTIES}
    return bool(said and known and not said & known)


def _title_words(title: str) -> set[str]:
    """The words of a title, lower case, abbreviations spelt out."""
    return {TITLE_WORDS.get(w, w) for w in title.lower().replace(",", " ").split()}


def _person_speaker(p: _Person, mention: str, start: int = -1, end: int = -1) -> Speaker:
    """The person as the speaker of a mention at ``start:end``; what tied the person to
    an actor in another mention of the article is ``article`` evidence here."""
    evidence = p.evidence
    if evidence in ("mention", "apposition") and not (
        start <= p.evidence_at[0]
        and p.evidence_at[1] <= max(end, p.evidence_at[1])
        and p.evidence_at[0] < end
    ):
        evidence = "article"
    return Speaker(
        name=p.name,
        mention=mention,
        role=p.role,
        organisation=p.organisation,
        actor=p.actor,
        is_person=True,
        actor_evidence=evidence if p.actor else None,
    )


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
    # "the Bucharest summit", "the Jeddah talks": where it met, not whom it speaks for
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


def _previous_subject_token(doc: Doc, start: int) -> Token | None:
    """The main subject of the sentence before the one at ``start``."""
    tok = doc.char_span(start, start + 1, alignment_mode="expand")
    if tok is None or tok[0].sent.start == 0:
        return None
    prev = doc[tok[0].sent.start - 1].sent
    return next((t for t in prev if _is_main_subject(t)), None)


def _previous_subject(doc: Doc, start: int) -> str | None:
    """The subject noun phrase of the sentence before the one at ``start``."""
    tok = doc.char_span(start, start + 1, alignment_mode="expand")
    if tok is None:
        return None
    sent = tok[0].sent
    if sent.start == 0:
        return None
    prev = doc[sent.start - 1].sent
    for t in prev:
        if _is_main_subject(t):
            toks = [x for x in t.subtree]
            return " ".join(x.text for x in toks)
    return None
