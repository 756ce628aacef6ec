"""The office holders file: its records, its dates, and reading and checking it.

The bundled data is ``data/office_holders/*.json`` (kept by hand, one file per region or
kind of body; checked and normalised by ``scripts/build_office_holders.py``). Each file has
the shape::

    {"note": "...", "as_of": "2026-12-01",
     "people": [{"name": "Emmanuel Macron", "aliases": ["Macron"],
                 "terms": [{"office": "President", "actor": "France",
                            "start": "2017-05-14", "end": null}],
                 "source": "https://en.wikipedia.org/wiki/..."}]}

Dates are ISO strings: ``YYYY-MM-DD``, or ``YYYY-MM`` / ``YYYY`` where only that is known.
A term is in force on a day ``d`` when ``start <= d < end`` (the day a successor takes
office belongs to the successor); a partial start counts from the first day of its month
or year, a partial end up to the last.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from saidwhat.errors import SaidwhatError

FIRST_YEAR = 2015
"""Terms that ended before this year are out of scope."""


PERSON_FIELDS = frozenset({"name", "aliases", "terms", "source", "note"})


TERM_FIELDS = frozenset({"office", "actor", "start", "end"})


_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


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
