"""Who held which office, for which actor, when: the table of office holders.

:class:`Knowledge` is the bundled office holders file (its format, dates and checks are in
``office_holders.py``) with a user file named by the environment variable
``SAIDWHAT_PEOPLE`` (same shape, only ``people`` is read) merged on top: an entry whose
``name`` is already known replaces that person's entry (a pin), a new name adds a person.

Names are matched as news writes them (see :func:`~saidwhat.resolve.name_keys.name_tokens`
and :meth:`Knowledge.find`): case, accents, hyphens, apostrophes, dots, leading titles and
the Arabic particles ``al``/``el``/``bin``/``ibn``/``bint`` do not matter.  Offices are
matched with their synonyms ("Secretary of State" is a foreign minister, "head of
government" a prime minister, chancellor, ...: :func:`_office_matches`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Any

from saidwhat import settings
from saidwhat.resolve.name_keys import name_tokens as name_tokens
from saidwhat.resolve.name_keys import plain_tokens as plain_tokens
from saidwhat.resolve.office_holders import FIRST_YEAR as FIRST_YEAR
from saidwhat.resolve.office_holders import OfficeHolder as OfficeHolder
from saidwhat.resolve.office_holders import Term as Term
from saidwhat.resolve.office_holders import (
    _person_problems,
    bundled_people,
    parse_people,
    read_people_file,
)
from saidwhat.resolve.office_holders import bundled_files as bundled_files
from saidwhat.resolve.office_holders import date_bounds as date_bounds

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
           a subset of the other's (``"Samir Al Qadiri"`` finds ``"Samir bin Faris Al
           Qadiri"``, and so does the longer form with ``bin Nabil``; made-up names).

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


@lru_cache(maxsize=4)
def _default_knowledge(user_file: str) -> Knowledge:
    knowledge = Knowledge()
    knowledge.merge(bundled_people())
    if user_file:
        knowledge.merge(replace(p, pinned=True) for p in read_people_file(user_file))
    return knowledge
