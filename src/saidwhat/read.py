"""Reading the store back: the functions behind ``saidwhat statements`` and ``show``."""

from __future__ import annotations

from pathlib import Path

from saidwhat.errors import SaidwhatError
from saidwhat.model import Article, Person, StatementFilter, StoredStatement
from saidwhat.resolve.actors import ActorTable
from saidwhat.store import open_store


class NotFoundError(SaidwhatError):
    """Nothing stored under the id asked for."""


def list_statements(
    db: str | Path | None = None,
    *,
    speaker: str | None = None,
    actor: str | None = None,
    article_id: str | None = None,
    limit: int | None = None,
) -> list[StoredStatement]:
    """Stored statements, filtered by speaker, actor (with its parts) and article.

    ``actor`` goes through the actor hierarchy: "Europe" also returns statements by
    speakers for France or the EU, and joint statements of the West.
    """
    actors = ActorTable.default().covering(actor) if actor else None
    with open_store(db) as store:
        if article_id:
            article = store.article(article_id)
            if article is None:
                raise NotFoundError(f"no article with id {article_id!r} in the store")
            article_id = article.id
        where = StatementFilter(speaker=speaker, actors=actors, article_id=article_id)
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
    with open_store(db) as store:
        return store.people(name=name, actors=actors, limit=limit)


def article_with_statements(
    db: str | Path | None, article_id: str
) -> tuple[Article, list[StoredStatement]]:
    """One article and its statements; :class:`NotFoundError` if it is not stored."""
    with open_store(db) as store:
        article = store.article(article_id)
        if article is None:
            raise NotFoundError(
                f"no article with id {article_id!r} in the store: "
                "`saidwhat statements` lists the ids"
            )
        return article, store.statements(StatementFilter(article_id=article.id))
