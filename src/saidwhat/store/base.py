"""The store interface both backends implement."""

from __future__ import annotations

import abc
from collections.abc import Collection, Sequence
from pathlib import Path
from typing import Any, NamedTuple

import platformdirs

from saidwhat.model import (
    ALL_STATEMENTS,
    Article,
    Person,
    Statement,
    StatementFilter,
    StoredStatement,
    Vectors,
)


def default_db_path() -> Path:
    """The default store: ``saidwhat.db`` under the user's data directory."""
    return Path(platformdirs.user_data_dir("saidwhat")) / "saidwhat.db"


class Changes(NamedTuple):
    """The store's change counters (:meth:`Store.changes`): each grows whenever what it
    counts changed, by this process or any other."""

    statements: int
    """Statements (or their speakers) written or deleted."""
    vectors: int
    """Sentence vectors written."""


class FilterRows(NamedTuple):
    """What the search filters on (:meth:`Store.filter_rows`)."""

    statements: list[tuple[Any, ...]]
    """``(id, speaker id, mention, article date, article id)`` in article order."""
    speakers: list[tuple[Any, ...]]
    """``(speaker id, name, actor, organisation, role)``."""


class StoredVectors(NamedTuple):
    """The sentence vectors of one model (:meth:`Store.vectors`), as stored bytes."""

    statements: list[tuple[int, str, bytes]]
    """``(statement id, article id, vector)`` sorted by statement id."""
    articles: list[tuple[str, bytes]]
    """``(article id, vector)``."""


class Store(abc.ABC):
    """Articles and their attributed statements.

    Writing one article and its statements (or a batch of articles,
    :meth:`add_articles`) is one transaction: a crash leaves either the whole article
    or nothing.  Adding an article whose id is already stored is a
    no-op, so ingest is idempotent.
    """

    read_only: bool = False
    """Opened for reading only (``open_store(..., read_only=True)``): nothing is
    written; :meth:`put_vectors` keeps the vectors in this object's memory."""

    @abc.abstractmethod
    def has_article(self, article_id: str) -> bool: ...

    @abc.abstractmethod
    def add_article(
        self,
        article: Article,
        statements: Sequence[Statement],
        vectors: Vectors | None = None,
    ) -> int:
        """Store the article and its (resolved) statements in one transaction, with
        their sentence vectors when given (``vectors.statements`` aligned with
        ``statements``).

        Returns the number of statements stored: 0 when the article was already there.
        """

    def add_articles(
        self, batch: Sequence[tuple[Article, Sequence[Statement], Vectors | None]]
    ) -> list[int | Exception]:
        """Store several articles (each with its statements and vectors, as
        :meth:`add_article`) in one transaction: after a crash either the whole batch is
        stored or none of it.  An article that cannot be stored is left out alone (the
        others are stored): its place in the result holds the error, the others' the
        number of statements stored (0 when the article was already there).
        """
        results: list[int | Exception] = []
        for article, statements, vectors in batch:
            try:
                results.append(self.add_article(article, statements, vectors))
            except Exception as e:  # noqa: BLE001 - returned in the article's place
                results.append(e)
        return results

    @abc.abstractmethod
    def article(self, article_id: str) -> Article | None:
        """The article with this id (a unique id prefix of 6+ characters also works)."""

    @abc.abstractmethod
    def articles(self, limit: int | None = None) -> list[Article]: ...

    @abc.abstractmethod
    def statements(
        self,
        where: StatementFilter = ALL_STATEMENTS,
        *,
        limit: int | None = None,
        distinct: bool = False,
        **filters: Any,
    ) -> list[StoredStatement]:
        """Statements in article order, those ``where`` keeps (see
        :class:`~saidwhat.model.StatementFilter`), at most ``limit``.

        The filter's fields may also be given as keywords, for a quick read:
        ``store.statements(speaker="Kirby")`` is
        ``store.statements(StatementFilter(speaker="Kirby"))``.

        ``distinct=True`` keeps one statement per near-duplicate group (the same quote
        carried by several outlets, :mod:`saidwhat.store.dedupe`): the group's earliest
        statement that passes the filters, with ``extra["also_in"]`` listing the other
        statements of its group (``statement_id``, ``article_id``, ``outlet``, ``date``,
        ``url``), earliest first.
        """

    @abc.abstractmethod
    def search(self, query: str, limit: int = 50) -> list[tuple[int, float]]:
        """Full-text search over statement content and sentence: (statement id, score),
        best first.  The query is words, not a query language: no user syntax reaches
        the engine."""

    @abc.abstractmethod
    def people(
        self,
        *,
        name: str | None = None,
        actors: Collection[str] | None = None,
        limit: int | None = None,
    ) -> list[Person]:
        """The registry's people, most statements first; ``name`` matches any of a
        person's names (whole words, any case), ``actors`` their actor."""

    # -- what the search needs: change counters, filter rows, vectors -----------------

    @abc.abstractmethod
    def changes(self) -> Changes:
        """The change counters: cheap to read, for caches of what follows."""

    @abc.abstractmethod
    def filter_rows(self) -> FilterRows:
        """Every statement's speaker, mention, date and article, and the speakers."""

    @abc.abstractmethod
    def vectors(self, model: str) -> StoredVectors:
        """Every stored vector of ``model``."""

    @abc.abstractmethod
    def statements_without_vectors(
        self, model: str, limit: int | None = None
    ) -> list[tuple[int, str, str | None]]:
        """``(id, content, sentence)`` of statements with no vector of ``model``, by id."""

    @abc.abstractmethod
    def articles_without_vectors(self, model: str, chars: int) -> list[tuple[str, str, str]]:
        """``(id, title, first chars of the text)`` of the articles that have statements
        but no vector of ``model``, by id."""

    @abc.abstractmethod
    def count_without_vectors(self, model: str) -> int:
        """How many statements have no vector of ``model``."""

    @abc.abstractmethod
    def put_vectors(
        self,
        model: str,
        statements: Sequence[tuple[int, bytes]] = (),
        articles: Sequence[tuple[str, bytes]] = (),
    ) -> None:
        """Keep these vectors of ``model`` (replacing others of the same rows), in one
        transaction."""

    @abc.abstractmethod
    def counts(self) -> dict[str, int]:
        """Number of articles, statements and speakers stored."""

    @abc.abstractmethod
    def close(self) -> None: ...

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def open_store(location: str | Path | None = None, *, read_only: bool = False) -> Store:
    """Open (creating if needed) the store at ``location``: a PostgreSQL URL or a
    SQLite path; None means :func:`default_db_path`.

    ``read_only`` opens an existing store for reading and never writes to it: nothing
    is created or migrated, another application's database or a damaged file is
    refused (:mod:`saidwhat.store.readonly`), and vectors a search computes are kept in
    memory (:attr:`Store.read_only`)."""
    loc = str(location) if location is not None else str(default_db_path())
    if loc.startswith(("postgresql://", "postgres://")):
        from saidwhat.store.postgres import PostgresStore

        return PostgresStore(loc, read_only=read_only)
    from saidwhat.store.sqlite import SQLiteStore

    return SQLiteStore(loc, read_only=read_only)
