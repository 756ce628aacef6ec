"""The person registry: one person, one speaker, across every article of a store.

An article names a person in its own way ("Governor Ada Pelham", "Pelham",
"Sheikh Samir bin Faris bin Nasser Al-Qadiri", "Samir bin Faris al-Qadiri"); the
registry decides which stored person a speaker's name is, cautiously and
with a reason that can be shown, and what one article says of a person (the actor its
words tie the person to) serves every other article that names the person bare.

The rules, on the tokens of :func:`person_tokens` (case, accents, hyphens, honorifics
and the particles al/bin/ibn do not count):

- ``same name``: the same tokens;
- ``middle names``: two names of two or more tokens with the same first and last token,
  the tokens of one inside the other's ("Samir Al Qadiri" and "Samir bin Faris Al
  Qadiri");
- ``spelling``: two names of the same length whose tokens are all equal but one pair
  spelt alike (same first letter, similarity at least :data:`SPELLING_SIMILARITY`):
  "Oleksa Dorenko" and "Oleksa Dorenkov", "Karim Haghani" and "Karim Haqani";
- a name of one word (a surname alone) joins a person only through the knowledge file
  (it lists the surnames that are distinctive, "Putin") or the user's file: a shared
  surname alone is never enough.

When more than one stored person matches, the name is not merged (a new person is made).
This module is pure: the store (:mod:`saidwhat.store.sql`) reads the candidate people and
writes what :func:`match` decides.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from difflib import SequenceMatcher

from saidwhat.resolve.name_keys import name_tokens, plain_tokens
from saidwhat.resolve.office_holders import date_bounds

SPELLING_SIMILARITY = 0.8
"""How alike two spellings of one name word must be (difflib ratio) to be one person."""

STORE_EVIDENCE_DAYS = 366
"""What another article said of a person's actor serves articles within this many days
of it (or undated ones): people change office ("Dutch Prime Minister Mark Rutte" in 2023,
NATO Secretary General in 2025)."""


@dataclass
class PersonRecord:
    """A person as the store keeps them (``id`` None until stored)."""

    id: int | None
    name: str
    names: list[str] = field(default_factory=list)
    """Every form of the name the articles used, the canonical one included."""
    actor: str | None = None
    actor_date: str | None = None
    """The article date of the evidence that gave ``actor`` (None: undated)."""
    pinned: bool = False
    """Set by the user's file or the knowledge file: never renamed or re-tied."""

    def forms(self) -> set[tuple[str, ...]]:
        return {t for t in (person_tokens(n) for n in [self.name, *self.names]) if t}


def person_tokens(name: str) -> tuple[str, ...]:
    """The tokens a name is matched on: :func:`~saidwhat.resolve.name_keys.name_tokens`,
    unless that leaves one word of a longer name, when a leading word it took for a
    title is a first name ("Sultan al-Mansuri" is not the sultan Mansuri)."""
    tokens = name_tokens(name)
    if len(tokens) < 2:
        plain = plain_tokens(name)
        if len(plain) >= 2:
            return plain
    return tokens


def keys_of(name: str) -> tuple[str, str, str]:
    """Index keys of a name: its whole token string, its first and its last token."""
    tokens = person_tokens(name)
    if not tokens:
        return ("", "", "")
    return (" ".join(tokens), tokens[0], tokens[-1])


def same_person(a: Sequence[str], b: Sequence[str]) -> str | None:
    """Why two token names are one person (a rule name from the module doc), or None."""
    if not a or not b:
        return None
    if tuple(a) == tuple(b):
        return "same name"
    if len(a) < 2 or len(b) < 2:
        return None
    if a[0] == b[0] and a[-1] == b[-1] and (set(a) <= set(b) or set(b) <= set(a)):
        return "middle names"
    if len(a) == len(b):
        differ = [(x, y) for x, y in zip(a, b, strict=True) if x != y]
        if len(differ) == 1:
            x, y = differ[0]
            alike = SequenceMatcher(None, x, y).ratio() >= SPELLING_SIMILARITY
            if x[:1] == y[:1] and min(len(x), len(y)) >= 4 and alike:
                return "spelling"
    return None


def match(name: str, candidates: Iterable[PersonRecord]) -> tuple[PersonRecord | None, str]:
    """The one stored person ``name`` is, with the rule that decided; ``(None, why)``
    when there is none or more than one."""
    tokens = person_tokens(name)
    if len(tokens) < 2:
        return None, "one word: only the knowledge or user file may join it"
    found: dict[int, tuple[PersonRecord, str]] = {}
    people = list(candidates)
    for rule in ("same name", "middle names", "spelling"):
        for person in people:
            if any(same_person(tokens, form) == rule for form in person.forms()):
                found[id(person)] = (person, rule)
        if found:
            break
    if len(found) == 1:
        return next(iter(found.values()))
    if found:
        return None, f"ambiguous: {len(found)} people match"
    return None, "no stored person matches"


def within(when: str | None, other: str | None, days: int = STORE_EVIDENCE_DAYS) -> bool:
    """Whether two article dates (ISO, possibly partial) lie within ``days``; an undated
    side always does."""
    a, b = _day(when), _day(other)
    if a is None or b is None:
        return True
    return abs((a - b).days) <= days


def _day(text: str | None) -> date | None:
    """The first day a date names: "2025" → 2025-01-01, "2025-03" → 2025-03-01."""
    if not text:
        return None
    try:
        return date.fromisoformat(date_bounds(text.strip()[:10], upper=False))
    except ValueError:
        return None
