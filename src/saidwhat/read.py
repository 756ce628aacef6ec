"""Reading the store back: the functions behind ``saidwhat statements`` and ``show``."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from saidwhat.errors import SaidwhatError
from saidwhat.model import ALL_STATEMENTS, Article, Person, StatementFilter, StoredStatement
from saidwhat.resolve.actors import ActorTable, UnknownActorError
from saidwhat.store import default_db_path, open_store


class NotFoundError(SaidwhatError):
    """Nothing stored under the id asked for."""

    status = 404
    code = "not_found"


class NoStoreError(SaidwhatError):
    """A read was asked of a store that does not exist (nothing is created)."""


def store_location(db: str | Path | None) -> str:
    """The store ``db`` names: a PostgreSQL URL as is, else a SQLite path (the default
    store when None)."""
    return str(db) if db is not None else str(default_db_path())


def require_store(db: str | Path | None) -> str:
    """The location of an existing store; :class:`NoStoreError` if a SQLite path holds
    none (a missing or empty file).  A ``postgresql://`` URL is opened as is.

    Reading never creates a store: neither the file nor its folder; the functions
    below open it read-only (``open_store(..., read_only=True)``): never written to.
    """
    location = store_location(db)
    if location.startswith(("postgresql://", "postgres://")) or location == ":memory:":
        return location
    path = Path(location)
    if not path.is_file() or path.stat().st_size == 0:
        raise NoStoreError(f"no store at {location}; run `saidwhat ingest` first")
    return location


def store_summary(db: str | Path | None) -> tuple[str, dict[str, int]]:
    """An existing store's location and counts (see :func:`require_store`)."""
    location = require_store(db)
    with open_store(location, read_only=True) as store:
        return location, store.counts()


def actor_filter(actor: str, table: ActorTable | None = None) -> StatementFilter:
    """The statements that speak for ``actor``: one answer to "which statements are
    this actor's?" for ``saidwhat statements --actor``, the API's ``/statements`` and
    each actor group of an answer.

    A country or bloc goes through the actor hierarchy (:meth:`ActorTable.covering`):
    "Europe" also gives statements by speakers for France or the EU, and joint
    statements of the West, and a country its institutions (the Kremlin for Russia).
    An institution ("the Pentagon") gives only the speakers who speak for it or
    belong to it, not its whole country.  :class:`UnknownActorError` for a name the
    actor table does not know.
    """
    table = table or ActorTable.default()
    name = actor.strip()
    found = (
        table.actors.get(name)
        or table.get(name)
        or table.get(re.sub(r"^(?:the|a|an)\s+", "", name, flags=re.I))
    )
    if found is None:
        raise UnknownActorError(actor)
    if found.kind == "institution":
        return StatementFilter(actors={found.name}, organisations={found.name})
    names = set(table.covering(found.name)) | {found.name}
    for a in table.actors.values():
        if a.kind == "institution" and a.country in names:
            names.add(a.name)
    return StatementFilter(actors=names)


def list_statements(
    db: str | Path | None = None,
    *,
    speaker: str | None = None,
    actor: str | None = None,
    article_id: str | None = None,
    limit: int | None = None,
) -> list[StoredStatement]:
    """Stored statements, filtered by speaker, actor (with its parts) and article.

    ``actor`` is read by :func:`actor_filter`: "Europe" also returns statements by
    speakers for France or the EU, and joint statements of the West.
    :class:`NoStoreError` if there is no store at ``db`` (nothing is created).
    """
    who = actor_filter(actor) if actor else ALL_STATEMENTS
    with open_store(require_store(db), read_only=True) as store:
        if article_id:
            article = store.article(article_id)
            if article is None:
                raise NotFoundError(f"no article with id {article_id!r} in the store")
            article_id = article.id
        where = dataclasses.replace(who, speaker=speaker, article_id=article_id)
        return store.statements(where, limit=limit)


def list_people(
    db: str | Path | None = None,
    *,
    name: str | None = None,
    actor: str | None = None,
    limit: int | None = None,
) -> list[Person]:
    """The store's people (its person registry), most statements first, filtered by any
    of their names and by actor (with its parts, as :func:`list_statements`)."""
    actors = ActorTable.default().covering(actor) if actor else None
    with open_store(require_store(db), read_only=True) as store:
        return store.people(name=name, actors=actors, limit=limit)


def article_with_statements(
    db: str | Path | None, article_id: str
) -> tuple[Article, list[StoredStatement]]:
    """One article and its statements; :class:`NotFoundError` if it is not stored."""
    with open_store(require_store(db), read_only=True) as store:
        article = store.article(article_id)
        if article is None:
            raise NotFoundError(
                f"no article with id {article_id!r} in the store: "
                "`saidwhat statements` lists the ids"
            )
        return article, store.statements(StatementFilter(article_id=article.id))


STATEMENT_FIELDS = (
    "id", "article_id", "content", "content_span", "said", "content_pieces", "kind",
    "attitude", "cue", "cue_span", "speaker", "speaker_mention", "speaker_id",
    "source_span", "role", "organisation", "actor", "actor_evidence", "date", "outlet",
    "title", "url", "language", "confidence", "canonical_id",
)  # fmt: skip
"""The columns of a CSV of statements: the fields of ``statements --json``, in order."""


def statements_csv(rows: Iterable[Mapping[str, Any]]) -> str:
    """Statements' JSON dicts (``StoredStatement.to_json()``) as CSV text with a header.

    One row a statement, the columns of :data:`STATEMENT_FIELDS` (then any extra field
    a row has); lists and objects (spans, pieces) are written as JSON strings, None as
    an empty cell.
    """
    rows = list(rows)
    fields = list(STATEMENT_FIELDS)
    for row in rows:
        fields.extend(k for k in row if k not in fields)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=fields, restval="", lineterminator="\r\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: _cell(v) for k, v in row.items()})
    return out.getvalue()


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, list | tuple | dict):
        return json.dumps(value, ensure_ascii=False)
    return value
