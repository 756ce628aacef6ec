"""Who held which office, for which actor, when: the knowledge file of office holders.

The bundled data is ``data/office_holders/*.json`` (kept by hand, one file per region or
kind of body; checked and normalised by ``scripts/build_office_holders.py``). Each file has
the shape::

    {"note": "...", "as_of": "2026-12-01",
     "people": [{"name": "Emmanuel Macron", "aliases": ["Macron"],
                 "terms": [{"office": "President", "actor": "France",
                            "start": "2017-05-14", "end": null}],
                 "source": "https://en.wikipedia.org/wiki/..."}]}

A user file named by the environment variable ``SAIDWHAT_PEOPLE`` (same shape, only
``people`` is read) is merged on top: an entry whose ``name`` is already known replaces
that person's entry (a pin), a new name adds a person.

Names are matched as news writes them (see :func:`name_tokens` and :meth:`Knowledge.find`):
case, accents, hyphens, apostrophes, dots, leading titles and the Arabic particles
``al``/``el``/``bin``/``ibn``/``bint`` do not matter.

Dates are ISO strings: ``YYYY-MM-DD``, or ``YYYY-MM`` / ``YYYY`` where only that is known.
A term is in force on a day ``d`` when ``start <= d < end`` (the day a successor takes
office belongs to the successor); a partial start counts from the first day of its month
or year, a partial end up to the last.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from saidwhat import settings
from saidwhat.errors import SaidwhatError

FIRST_YEAR = 2015
"""Terms that ended before this year are out of scope."""

PERSON_FIELDS = frozenset({"name", "aliases", "terms", "source", "note"})
TERM_FIELDS = frozenset({"office", "actor", "start", "end"})

_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")

# Leading words dropped from a name before matching, longest first.  Multi-word titles are
# written as token tuples (after normalisation).
_TITLES: tuple[tuple[str, ...], ...] = tuple(
    sorted(
        (
            tuple(t.split())
            for t in (
                "mr",
                "mrs",
                "ms",
                "miss",
                "dr",
                "prof",
                "professor",
                "sir",
                "dame",
                "lord",
                "lady",
                "sheikh",
                "sheikha",
                "shaikh",
                "sayyid",
                "emir",
                "amir",
                "king",
                "queen",
                "sultan",
                "prince",
                "crown prince",
                "princess",
                "pope",
                "his holiness",
                "his majesty",
                "her majesty",
                "his highness",
                "her highness",
                "hh",
                "hrh",
                "ayatollah",
                "grand ayatollah",
                "general",
                "gen",
                "field marshal",
                "marshal",
                "admiral",
                "colonel",
                "col",
                "president",
                "vice president",
                "president elect",
                "former president",
                "prime minister",
                "former prime minister",
                "pm",
                "premier",
                "chancellor",
                "minister",
                "foreign minister",
                "defence minister",
                "defense minister",
                "secretary",
                "secretary of state",
                "secretary general",
                "un secretary general",
                "nato secretary general",
                "director general",
                "spokesperson",
                "spokesman",
                "spokeswoman",
                "press secretary",
                "senator",
                "sen",
                "rep",
                "the",
            )
        ),
        key=len,
        reverse=True,
    )
)
_PARTICLES = frozenset({"al", "el", "bin", "ibn", "bint"})
_PUNCT = re.compile(r"[-‐‑‒–—'’‘`´.,()\"“”]")


def _strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def plain_tokens(text: str) -> tuple[str, ...]:
    """A name's tokens as :func:`name_tokens` makes them, but keeping leading titles."""
    tokens = _PUNCT.sub(" ", _strip_accents(text).casefold()).split()
    kept = tuple(t for t in tokens if t not in _PARTICLES)
    return kept or tuple(tokens)


def name_tokens(text: str) -> tuple[str, ...]:
    """The tokens a name is matched on.

    Case-folded, accents stripped, hyphens, apostrophes and dots made spaces, leading
    titles and honorifics dropped (``Sheikh``, ``President``, ``Prime Minister``, ...) and
    the particles ``al``, ``el``, ``bin``, ``ibn``, ``bint`` dropped wherever they stand
    (unless nothing else is left): ``"Sheikh Mohammed bin Abdulrahman Al-Thani"`` →
    ``("mohammed", "abdulrahman", "thani")``.
    """
    text = _PUNCT.sub(" ", _strip_accents(text).casefold())
    tokens = text.split()
    changed = True
    while changed and tokens:
        changed = False
        for title in _TITLES:
            if len(tokens) > len(title) and tuple(tokens[: len(title)]) == title:
                tokens = tokens[len(title) :]
                changed = True
                break
    kept = [t for t in tokens if t not in _PARTICLES]
    return tuple(kept) if kept else tuple(tokens)


def date_bounds(date: str, *, upper: bool) -> str:
    """A full ``YYYY-MM-DD`` for a possibly partial date: its first day, or its last
    (``upper``: "2025-03" → "2025-03-31", a bound to compare with, not always a real
    day); ValueError for what is no such date."""
    m = _DATE.match(date)
    if not m:
        raise ValueError(date)
    year, month, day = m.groups()
    if day:
        return date
    if month:
        return f"{year}-{month}-31" if upper else f"{year}-{month}-01"
    return f"{year}-12-31" if upper else f"{year}-01-01"


def _valid_date(value: Any) -> bool:
    if not isinstance(value, str):
        return False
    m = _DATE.match(value)
    if not m:
        return False
    year, month, day = m.groups()
    if month and not 1 <= int(month) <= 12:
        return False
    return not (day and not 1 <= int(day) <= 31)


@dataclass(frozen=True)
class Term:
    """One spell in one office for one actor. ``end`` is None while in office."""

    office: str
    actor: str
    start: str | None
    end: str | None

    def in_force(self, date: str) -> bool:
        """Whether the term covers ``date`` (``start <= date < end``)."""
        day = date_bounds(date, upper=False)
        if self.start and day < date_bounds(self.start, upper=False):
            return False
        return not (self.end and day >= date_bounds(self.end, upper=True))

    @property
    def sort_key(self) -> str:
        return date_bounds(self.start, upper=False) if self.start else "0000-00-00"


@dataclass(frozen=True)
class OfficeHolder:
    """A person and the offices they held (from 2015 on)."""

    name: str
    aliases: tuple[str, ...] = ()
    terms: tuple[Term, ...] = ()
    source: str = ""
    pinned: bool = False
    """From the user's file (``SAIDWHAT_PEOPLE``): its name and actor win over what the
    articles say (see :func:`saidwhat.resolve.speakers.resolve_statements`)."""

    def term_on(self, date: str | None) -> Term | None:
        """The term in force on ``date``; with no date (or none in force) the latest."""
        if not self.terms:
            return None
        if date:
            current = [t for t in self.terms if t.in_force(date)]
            if current:
                return max(current, key=lambda t: t.sort_key)
        return max(self.terms, key=lambda t: t.sort_key)


# Office names as asked → the canonical office names the data uses.  ``head of state`` and
# ``head of government`` stand for a set of offices (see _ROLE_OFFICES).
_OFFICE_SYNONYMS: dict[str, str] = {
    "defense minister": "defence minister",
    "minister of defence": "defence minister",
    "minister of defense": "defence minister",
    "secretary of defense": "defence minister",
    "defense secretary": "defence minister",
    "defence secretary": "defence minister",
    "secretary of war": "defence minister",
    "minister of the armed forces": "defence minister",
    "secretary of state": "foreign minister",
    "foreign secretary": "foreign minister",
    "minister of foreign affairs": "foreign minister",
    "external affairs minister": "foreign minister",
    "minister of external affairs": "foreign minister",
    "un secretary general": "secretary-general",
    "secretary general": "secretary-general",
    "director general": "director-general",
    "head of government": "@hog",
    "head of state": "@hos",
}
_ROLE_OFFICES: dict[str, frozenset[str]] = {
    "@hog": frozenset(
        {
            "prime minister",
            "chancellor",
            "premier",
            "head of government",
            "taoiseach",
            "chairman of the council of ministers",
            "chairman of the cabinet of ministers",
            "president of the council of ministers",
        }
    ),
    "@hos": frozenset(
        {
            "president",
            "acting president",
            "king",
            "queen",
            "emperor",
            "emir",
            "sultan",
            "grand duke",
            "prince",
            "pope",
            "supreme leader",
            "head of state",
            "member of the presidency",
            "chairman of the presidential council",
            "chairman of the presidential leadership council",
            "chairman of the transitional sovereignty council",
        }
    ),
}


def _office_key(office: str) -> str:
    key = " ".join(office.casefold().replace("-", " ").split())
    key = _OFFICE_SYNONYMS.get(key, key)
    return key.replace("secretary general", "secretary-general").replace(
        "director general", "director-general"
    )


def _office_matches(asked: str, office: str) -> bool:
    """Whether a term's ``office`` answers a question about ``asked``.

    ``asked`` is compared case-insensitively after synonyms: Defense/Defence, Secretary of
    State/Foreign Secretary = Foreign Minister, Secretary of Defense = Defence Minister;
    ``head of government`` = Prime Minister, Chancellor, Premier, Taoiseach or a chairman /
    president of the council (cabinet) of ministers; ``head of state`` = President (also
    acting), King, Queen, Emperor, Emir, Sultan, Grand Duke, Prince, Pope, Supreme Leader,
    a member of Bosnia's presidency or the chairman of a presidential / sovereignty
    council; ``Chancellor`` asked also finds a Prime Minister and vice versa (heads of
    government alike).  Where a country's president is both head of state and of
    government (no prime minister in the data), asking for its head of government falls
    back to the president (see holder()).
    """
    want = _office_key(asked)
    have = _office_key(office)
    if want in _ROLE_OFFICES:
        return have == want or have in _ROLE_OFFICES[want]
    if want == have:
        return True
    hog = _ROLE_OFFICES["@hog"]
    return want in hog and have in hog


@dataclass
class Knowledge:
    """The table of office holders, with name lookup and office lookup."""

    people: dict[str, OfficeHolder] = field(default_factory=dict)
    shared_aliases: dict[tuple[str, ...], tuple[str, ...]] = field(default_factory=dict)
    """Normalised forms that more than one person carries → those people; not used alone."""
    _exact: dict[tuple[str, ...], set[str]] = field(default_factory=dict, repr=False)
    _forms: dict[str, tuple[tuple[str, ...], ...]] = field(default_factory=dict, repr=False)

    # ---- building -------------------------------------------------------------
    @classmethod
    def default(cls) -> Knowledge:
        """The bundled table, with the file named by ``SAIDWHAT_PEOPLE`` merged on top."""
        return _default_knowledge(settings.current().people or "")

    @classmethod
    def from_data(cls, data: Mapping[str, Any], origin: str = "<data>") -> Knowledge:
        """A table from one parsed file (``{"people": [...]}``); raises SaidwhatError."""
        knowledge = cls()
        for person in parse_people(data, origin):
            knowledge.people[person.name] = person
        knowledge._index()
        return knowledge

    def merge(self, people: Iterable[OfficeHolder]) -> None:
        """Add people; one whose name is known replaces the known entry (a pin)."""
        for person in people:
            self.people[person.name] = person
        self._index()

    def _index(self) -> None:
        owners: dict[tuple[str, ...], set[str]] = {}
        forms: dict[str, tuple[tuple[str, ...], ...]] = {}
        for person in self.people.values():
            own = {name_tokens(person.name)} | {name_tokens(a) for a in person.aliases}
            own.discard(())
            forms[person.name] = tuple(sorted(own))
            for form in own:
                owners.setdefault(form, set()).add(person.name)
        self.shared_aliases = {
            form: tuple(sorted(names)) for form, names in owners.items() if len(names) > 1
        }
        self._exact = owners
        # A shared *alias* is ignored for the people who have it only as an alias; a shared
        # full name stays (and so makes the query ambiguous, as it should).
        self._forms = {
            name: tuple(
                f
                for f in fs
                if f not in self.shared_aliases or f == name_tokens(self.people[name].name)
            )
            for name, fs in forms.items()
        }

    # ---- lookup ---------------------------------------------------------------
    def find(self, name: str, date: str | None = None) -> OfficeHolder | None:
        """The person ``name`` (as written in news) refers to, or None.

        The rule, after :func:`name_tokens` on both sides:

        1. *exact*: the query's tokens equal a person's name or alias tokens;
        2. otherwise, with a query of two or more tokens, *loose*: the query and a
           multi-token name or alias share first and last token and the tokens of one are
           a subset of the other's (``"Mohammed Al Thani"`` finds ``"Mohammed bin
           Abdulrahman Al Thani"``, and so does the longer form with ``bin Jassim``).

        A one-word query matches only a one-word alias listed explicitly.  If more than
        one person matches at the first rule that matches anyone, the answer is None:
        the table never guesses.  ``date`` does not change who is found (a person found
        is returned even if they held no office then); callers read the terms.
        """
        del date  # accepted for symmetry with actor_of(); identity does not depend on it
        query = name_tokens(name)
        if not query:
            return None
        exact = {n for n in self._exact.get(query, set()) if query in self._forms.get(n, ())}
        if exact:
            return self.people[next(iter(exact))] if len(exact) == 1 else None
        if len(query) < 2:
            return None
        qset = set(query)
        loose: set[str] = set()
        for person, forms in self._forms.items():
            for form in forms:
                if len(form) < 2 or form[0] != query[0] or form[-1] != query[-1]:
                    continue
                fset = set(form)
                if qset <= fset or fset <= qset:
                    loose.add(person)
                    break
        return self.people[next(iter(loose))] if len(loose) == 1 else None

    def actor_of(self, name: str, date: str | None = None) -> str | None:
        """The actor ``name`` spoke for on ``date``.

        The actor of the term in force on ``date``; if none is (or no date is given), the
        actor of the latest term.  None when the name is unknown or ambiguous.
        """
        person = self.find(name, date)
        if person is None:
            return None
        term = person.term_on(date)
        return term.actor if term else None

    def holder(self, office: str, actor: str, date: str | None = None) -> OfficeHolder | None:
        """Who held ``office`` for ``actor`` on ``date`` (the latest holder if no date).

        ``office`` is matched as :func:`_office_matches` says; ``actor`` case-insensitively.
        If asked for the head of government of a country with no head-of-government
        office in the table (a presidential system), the President is answered.
        """
        found = self._holder(office, actor, date)
        if found is None and _office_key(office) == "@hog":
            found = self._holder("President", actor, date)
        return found

    def _holder(self, office: str, actor: str, date: str | None) -> OfficeHolder | None:
        want_actor = actor.casefold()
        best: tuple[str, OfficeHolder] | None = None
        for person in self.people.values():
            for term in person.terms:
                if term.actor.casefold() != want_actor or not _office_matches(office, term.office):
                    continue
                if date is not None and not term.in_force(date):
                    continue
                if best is None or term.sort_key > best[0]:
                    best = (term.sort_key, person)
        return best[1] if best else None

    # ---- checking -------------------------------------------------------------
    def validate(self) -> list[str]:
        """Problems with the table as a list of messages (empty when it is sound).

        Every person has a name, an http(s) source and at least one term; every date
        parses; start <= end; every term ends in or after 2015 (or is open); actors and
        offices are non-empty strings.  Aliases shared by two people are reported too
        (they are ignored for lookup).
        """
        problems: list[str] = []
        for person in self.people.values():
            problems.extend(f"{person.name}: {p}" for p in _person_problems(person))
        for form, names in sorted(self.shared_aliases.items()):
            problems.append(f"alias {' '.join(form)!r} is shared by {', '.join(names)}")
        return problems


def _person_problems(person: OfficeHolder) -> list[str]:
    problems: list[str] = []
    if not person.name.strip():
        problems.append("no name")
    if not re.match(r"^https?://\S+$", person.source or ""):
        problems.append(f"source is not a URL: {person.source!r}")
    if not person.terms:
        problems.append("no term")
    for i, term in enumerate(person.terms):
        where = f"term {i}"
        if not term.office.strip():
            problems.append(f"{where}: empty office")
        if not term.actor.strip():
            problems.append(f"{where}: empty actor")
        if term.start is None and term.end is None:
            problems.append(f"{where}: neither start nor end")
        if (
            term.start
            and term.end
            and date_bounds(term.start, upper=False) > date_bounds(term.end, upper=True)
        ):
            problems.append(f"{where}: start {term.start} after end {term.end}")
        if term.end and int(term.end[:4]) < FIRST_YEAR:
            problems.append(f"{where}: ended {term.end}, before {FIRST_YEAR}")
    return problems


def _line_of(text: str | None, name: Any, occurrence: int = 0) -> str:
    """`` (line N)`` for an entry, found by its name in the file text, when possible.

    ``occurrence`` is how many earlier entries carry the same name (0 for the first).
    """
    if text is None or not isinstance(name, str):
        return ""
    pattern = re.compile(r'"name"\s*:\s*' + re.escape(json.dumps(name, ensure_ascii=False)))
    hits = list(pattern.finditer(text))
    if occurrence >= len(hits):
        return ""
    return f" (line {text.count(chr(10), 0, hits[occurrence].start()) + 1})"


def parse_people(
    data: Mapping[str, Any], origin: str, text: str | None = None
) -> list[OfficeHolder]:
    """The people of one parsed file, checked; raises SaidwhatError naming the entry.

    ``origin`` (the file name) and, when ``text`` (the raw file) is given, the entry's
    line are put in every message.
    """
    if not isinstance(data, Mapping) or not isinstance(data.get("people"), list):
        raise SaidwhatError(f"{origin}: expected an object with a 'people' list")
    seen: dict[str, int] = {}
    names: list[Any] = []
    people: list[OfficeHolder] = []
    for index, entry in enumerate(data["people"]):
        name = entry.get("name") if isinstance(entry, Mapping) else None
        where = f"{origin}: entry {index}{_line_of(text, name, names.count(name))}"
        names.append(name)
        if not isinstance(entry, Mapping):
            raise SaidwhatError(f"{where}: expected an object, got {type(entry).__name__}")
        _only_fields(where, entry, PERSON_FIELDS)
        if not isinstance(name, str) or not name.strip():
            raise SaidwhatError(f"{where}: missing name")
        where = f"{where} ({name})"
        if name in seen:
            raise SaidwhatError(f"{where}: {name!r} is named twice (first at entry {seen[name]})")
        seen[name] = index
        aliases = entry.get("aliases", [])
        if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
            raise SaidwhatError(f"{where}: aliases must be a list of strings")
        source = entry.get("source", "")
        if not isinstance(source, str):
            raise SaidwhatError(f"{where}: source must be a string")
        raw_terms = entry.get("terms", [])
        if not isinstance(raw_terms, list):
            raise SaidwhatError(f"{where}: terms must be a list")
        terms: list[Term] = []
        for t_index, raw in enumerate(raw_terms):
            t_where = f"{where}: term {t_index}"
            if not isinstance(raw, Mapping):
                raise SaidwhatError(f"{t_where}: expected an object")
            _only_fields(t_where, raw, TERM_FIELDS)
            for key in ("office", "actor"):
                if not isinstance(raw.get(key), str) or not raw[key].strip():
                    raise SaidwhatError(f"{t_where}: missing {key}")
            for key in ("start", "end"):
                value = raw.get(key)
                if value is not None and not _valid_date(value):
                    raise SaidwhatError(
                        f"{t_where}: bad {key} date {value!r} (use YYYY-MM-DD, YYYY-MM or YYYY)"
                    )
            terms.append(Term(raw["office"], raw["actor"], raw.get("start"), raw.get("end")))
        people.append(OfficeHolder(name.strip(), tuple(aliases), tuple(terms), source))
    return people


def _only_fields(where: str, entry: Mapping[str, Any], allowed: frozenset[str]) -> None:
    """Raise a SaidwhatError naming ``where`` if ``entry`` has fields not ``allowed``."""
    unknown = sorted(set(entry) - allowed)
    if unknown:
        raise SaidwhatError(
            f"{where}: unknown field(s) {', '.join(unknown)} "
            f"(allowed: {', '.join(sorted(allowed))})"
        )


def read_people_file(path: str | Path) -> list[OfficeHolder]:
    """The people of a JSON file (bundled or user); raises SaidwhatError if it is bad."""
    path = Path(path)
    try:
        text = path.read_text("utf-8")
    except OSError as err:
        raise SaidwhatError(f"{path}: cannot read: {err.strerror or err}") from err
    try:
        data = json.loads(text)
    except json.JSONDecodeError as err:
        raise SaidwhatError(f"{path}: not JSON: {err.msg} (line {err.lineno})") from err
    return parse_people(data, str(path), text)


def bundled_files() -> list[tuple[str, str]]:
    """(file name, text) of each bundled data file, in name order."""
    folder = resources.files("saidwhat.resolve").joinpath("data", "office_holders")
    files = sorted((f for f in folder.iterdir() if f.name.endswith(".json")), key=lambda f: f.name)
    return [(f.name, f.read_text("utf-8")) for f in files]


def bundled_people() -> list[OfficeHolder]:
    """Every person of the bundled files; a name in two files is an error."""
    people: list[OfficeHolder] = []
    where: dict[str, str] = {}
    for fname, text in bundled_files():
        origin = f"office_holders/{fname}"
        try:
            data = json.loads(text)
        except json.JSONDecodeError as err:
            raise SaidwhatError(f"{origin}: not JSON: {err.msg} (line {err.lineno})") from err
        for person in parse_people(data, origin, text):
            if person.name in where:
                raise SaidwhatError(
                    f"{origin}: {person.name!r} is also in office_holders/{where[person.name]}"
                )
            where[person.name] = fname
            people.append(person)
    return people


@lru_cache(maxsize=4)
def _default_knowledge(user_file: str) -> Knowledge:
    knowledge = Knowledge()
    knowledge.merge(bundled_people())
    if user_file:
        knowledge.merge(replace(p, pinned=True) for p in read_people_file(user_file))
    return knowledge
