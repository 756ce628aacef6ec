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
from saidwhat.model import Speaker, Statement
from saidwhat.resolve.actors import ActorTable

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
HONORIFICS = frozenset(["mr", "mr.", "mrs", "mrs.", "ms", "ms.", "miss", "mister", "madam"])
# Words that end a person's name found in a title-case headline.
NAME_STOPS = frozenset(
    [
        "says", "said", "tells", "told", "slams", "calls", "claims", "blasts", "responds", "rips",
        "warns", "urges", "denies", "admits", "vows", "praises", "attacks", "defends", "accuses",
        "suggests", "addresses", "address", "speaks", "talks", "reacts", "explains", "insists",
        "asks", "answers", "pushes", "hits", "mocks", "touts", "backs", "endorses", "opposes",
        "may", "will", "would", "can", "could", "should", "must", "just", "never", "not", "also",
        "to", "in", "on", "at", "for", "of", "from", "with", "by", "and", "or", "he", "she", "it",
        "they", "we", "i", "his", "her", "their", "is", "was", "has", "had", "does", "did",
    ]
)
# Verb-like words that are parts of names the parser tags as verbs ("Will", "Mark").
NAME_VERBS = frozenset(["will", "mark", "bill", "rob", "pat", "sue", "hope", "faith"])


# Words before or around a name that say the person's gender ("Mrs. Clinton",
# "Congresswoman Maxine Waters", "the first lady").
MALE_WORDS = frozenset(
    [
        "mr", "mr.", "sir", "lord", "king", "prince", "father", "brother", "husband", "son",
        "businessman", "chairman", "congressman", "spokesman",
    ]
)
FEMALE_WORDS = frozenset(
    [
        "mrs", "mrs.", "ms", "ms.", "miss", "madam", "dame", "lady", "queen", "princess",
        "mother", "sister", "wife", "widow", "daughter", "actress", "businesswoman",
        "chairwoman", "congresswoman", "spokeswoman",
    ]
)


@dataclass
class _Person:
    name: str
    organisation: str | None
    actor: str | None
    start: int
    gender: str | None = None
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
    doc: Doc, statements: Sequence[Statement], table: ActorTable
) -> list[Statement]:
    """Each statement with its ``speaker`` filled in (None when there is no source)."""
    people = _people(doc, table)
    out: list[Statement] = []
    speakers: list[Speaker] = []  # the people who spoke so far, in order
    last_group: Speaker | None = None
    for st in statements:
        speaker: Speaker | None = None
        if st.source is not None:
            start, end = _antecedent(doc, st.source.start, st.source.end)
            speaker = _resolve_mention(doc, start, end, people, table, speakers, last_group)
        if speaker is not None:
            if speaker.is_person:
                speakers.append(speaker)
            else:
                last_group = speaker
        out.append(replace(st, speaker=speaker))
    return out


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
        return np_span(verb.head)
    return start, end


# ---- people in the article --------------------------------------------------------
def _people(doc: Doc, table: ActorTable) -> list[_Person]:
    people: list[_Person] = []
    for ent in doc.ents:
        if ent.label_ != "PERSON":
            continue
        name = _clean_name(ent)
        if not name:
            continue
        role, org, actor = _describe(doc, ent, table)
        gender = _gender(doc, ent, name, role)
        titles = [role] if role else []
        people.append(_Person(name, org, actor, ent.start_char, gender, titles))
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
            f.actor = f.actor or p.actor
            f.gender = f.gender or p.gender
    return sorted(people, key=lambda p: p.start) and [
        full[_find_full(p.name, full) or p.name] for p in sorted(people, key=lambda p: p.start)
    ]


def _gender(doc: Doc, ent: SpacySpan, name: str, role: str | None) -> str | None:
    """"m"/"f" from a title before the name ("Mrs. Clinton"), a gendered role word
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
    return _SPACE.sub(" ", " ".join(t.text for t in toks)).strip()


def _find_full(name: str, full: dict[str, _Person]) -> str | None:
    """The full name a partial name belongs to: "Zelenskyy" → "Volodymyr Zelenskyy"."""
    if name in full:
        return name
    words = name.split()
    for candidate in full:
        cw = candidate.split()
        if len(words) < len(cw) and (words[-1] == cw[-1] or words == cw[: len(words)]):
            return candidate
    return None


def _describe(
    doc: Doc, ent: SpacySpan, table: ActorTable
) -> tuple[str | None, str | None, str | None]:
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
    appos = [c for c in head.children if c.dep_ == "appos"]
    appos_words = [t.text for t in appos[0].subtree] if appos else []
    words = [t.text for t in before]
    if words and all(w.isupper() and w.isalpha() for w in words) and not table.find_in(words):
        words = []  # a dateline run into the name: "LOS ANGELES — Hillary Clinton"
    title = " ".join(words) if words else None
    if not title and appos_words:
        title = " ".join(w for w in appos_words if w.lower() not in DETERMINERS and w != ",")
    org_actor = table.find_in(words) or table.find_in(after_of) or table.find_in(appos_words)
    organisation = org_actor.name if org_actor and org_actor.kind == "institution" else None
    actor = table.country_of(org_actor.name) if org_actor else None
    if actor is None and after_of:
        actor = table.place_country(" ".join(after_of))
    role = _role_from_title(title, table, org_actor.aliases if org_actor else ())
    if actor is None and title:
        actor = _title_actor(title, table)
    return role, organisation, actor


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
        if table.get(w) is None and w not in actor_words and w.lower() not in HONORIFICS
    ]
    return " ".join(words) or None


def _title_actor(title: str, table: ActorTable) -> str | None:
    low = title.lower()
    for known, actor in table.country_titles.items():
        if known.lower() in low:
            return actor
    if any(re.search(rf"\b{re.escape(t.lower())}\b", low) for t in table.home_titles):
        return table.home_actor
    return None


# ---- one mention ------------------------------------------------------------------
def _resolve_mention(
    doc: Doc,
    start: int,
    end: int,
    people: list[_Person],
    table: ActorTable,
    speakers: Sequence[Speaker],
    last_group: Speaker | None,
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

        if speakers and fits(speakers[-1].name):
            return replace(speakers[-1], mention=mention)
        # no speaker yet, or the last one is of the other gender: the last person of
        # this gender named before, else an earlier speaker of this gender
        prior = [p for p in people if p.start < start and fits(p.name)]
        if prior:
            return _person_speaker(prior[-1], mention)
        spoke = next((sp for sp in reversed(speakers) if fits(sp.name)), None)
        if spoke is not None:
            return replace(spoke, mention=mention)
        return Speaker(name=mention, mention=mention, is_person=True)
    if low in GROUP_PRONOUNS:
        if last_group is not None:
            return replace(last_group, mention=mention)
        subject = _previous_subject(doc, start)
        if subject is not None:
            return _group_speaker(subject, subject, table)
        return Speaker(name=mention, mention=mention)
    # A person named in the mention.
    if span is not None:
        for ent in span.ents:
            if ent.label_ == "PERSON":
                name = _clean_name(ent)
                person = next(
                    (p for p in people if p.name == name or _find_full(name, {p.name: p})), None
                )
                if person is not None:
                    sp = _person_speaker(person, mention)
                    if sp.actor is None:
                        sp = replace(
                            sp,
                            actor=_actor_from_words(words, table) or _title_actor(mention, table),
                        )
                    return sp
    # A name NER missed: a surname or first name of a person of the article.
    bare = " ".join(w for w in words if w.lower() not in DETERMINERS)
    if bare and all(w[:1].isupper() for w in bare.split()):
        person = _person_named(bare, people)
        if person is not None:
            return _person_speaker(person, mention)
    # A definite description: "the spokesman", "the former ambassador", "the Indiana
    # governor" (written "Indiana Gov. Mike Pence"); of the people introduced before it
    # with that role, the one whose titles share most of its other words, then the last.
    content_words = [w for w in words if w.lower() not in DETERMINERS]
    if words and words[0].lower() == "the" and content_words:
        head = content_words[-1].lower()
        if head in ROLE_NOUNS:
            modifiers = _title_words(" ".join(content_words[:-1]))
            prior = [
                (len(modifiers & known), i, p)
                for i, p in enumerate(people)
                if p.start < start
                and head in (known := _title_words(" ".join(p.titles)))
            ]
            if prior:
                return _person_speaker(max(prior, key=lambda x: x[:2])[2], mention)
            # "Donald Trump says he has big plans. The Republican nominee noted that ...":
            # a standing role with no title to match, as its sentence's subject, is the
            # previous sentence's subject when that is a person named, and no party word
            # of the two disagrees
            main = span is not None and _is_main_subject(span.root)
            standing = main and head in STANDING_ROLES
            person = _previous_person(doc, start, people) if standing else None
            if person is not None and not _party_clash(modifiers, person):
                return _person_speaker(person, mention)
    return _group_speaker(mention, mention, table)


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


def _previous_person(doc: Doc, start: int, people: list[_Person]) -> _Person | None:
    """The person named as the subject of the sentence before ``start``, if any."""
    subject = _previous_subject(doc, start)
    if not subject:
        return None
    name = " ".join(w for w in subject.split() if w.lower() not in HONORIFICS)
    return _person_named(name, people)


def _person_named(name: str, people: list[_Person]) -> _Person | None:
    """The person of the article a name or partial name belongs to (``_find_full``)."""
    key = _find_full(name, {p.name: p for p in people})
    return next((p for p in people if p.name == key), None) if key else None


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


def _person_speaker(p: _Person, mention: str) -> Speaker:
    return Speaker(
        name=p.name,
        mention=mention,
        role=p.role,
        organisation=p.organisation,
        actor=p.actor,
        is_person=True,
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
        return Speaker(
            name=name,
            mention=mention,
            organisation=organisation,
            actor=table.country_of(whole.name),
        )
    actor_obj = table.find_in(words)
    actor = table.country_of(actor_obj.name) if actor_obj else None
    m = re.search(r"\bof ([A-Z][\w'-]+(?: [A-Z][\w'-]+)*)", bare)
    if actor is None and m:
        actor = table.place_country(m.group(1)) or table.country_of(m.group(1))
    head = words[-1].lower() if words else ""
    role_words = [w for w in bare.split() if w.lower() in ROLE_NOUNS or w.lower() == "former"]
    role = None
    if head in ROLE_NOUNS or (m and bare.split()[0].lower() in ROLE_NOUNS):
        role = " ".join(w for w in role_words if w.lower() not in ("campaign",)) or None
    organisation = actor_obj.name if actor_obj and actor_obj.kind == "institution" else None
    return Speaker(
        name=bare or mention, mention=mention, role=role, organisation=organisation, actor=actor
    )


def _actor_from_words(words: Sequence[str], table: ActorTable) -> str | None:
    a = table.find_in(words)
    return table.country_of(a.name) if a else None


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
