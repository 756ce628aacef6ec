"""The store interface both backends implement."""

from __future__ import annotations

import abc
from collections.abc import Collection, Sequence
from pathlib import Path

import platformdirs

from saidwhat.model import Article, Person, Statement, StoredStatement


def default_db_path() -> Path:
    """The default store: ``saidwhat.db`` under the user's data directory."""
    return Path(platformdirs.user_data_dir("saidwhat")) / "saidwhat.db"


class Store(abc.ABC):
    """Articles and their attributed statements.

    Writing one article and its statements is one transaction: a crash leaves either
    the whole article or nothing.  Adding an article whose id is already stored is a
    no-op, so ingest is idempotent.
    """

    @abc.abstractmethod
    def has_article(self, article_id: str) -> bool: ...

    @abc.abstractmethod
    def add_article(self, article: Article, statements: Sequence[Statement]) -> int:
        """Store the article and its (resolved) statements in one transaction.

        Returns the number of statements stored: 0 when the article was already there.
        """

    @abc.abstractmethod
    def article(self, article_id: str) -> Article | None:
        """The article with this id (a unique id prefix of 6+ characters also works)."""

    @abc.abstractmethod
    def articles(self, limit: int | None = None) -> list[Article]: ...

    @abc.abstractmethod
    def statements(
        self,
        *,
        speaker: str | None = None,
        actors: Collection[str] | None = None,
        article_id: str | None = None,
        ids: Collection[int] | None = None,
        limit: int | None = None,
        distinct: bool = False,
    ) -> list[StoredStatement]:
        """Statements in article order, filtered.

        ``speaker`` matches the canonical speaker name or the mention, case-insensitive,
        as a whole name or a word of it ("Kirby" finds "John Kirby"); ``actors`` keeps
        statements whose speaker's actor is one of these names (the caller expands the
        actor hierarchy).

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

    @abc.abstractmethod
    def counts(self) -> dict[str, int]:
        """Number of articles, statements and speakers stored."""

    @abc.abstractmethod
    def close(self) -> None: ...

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def open_store(location: str | Path | None = None) -> Store:
    """Open (creating if needed) the store at ``location``: a PostgreSQL URL or a
    SQLite path; None means :func:`default_db_path`."""
    loc = str(location) if location is not None else str(default_db_path())
    if loc.startswith(("postgresql://", "postgres://")):
        from saidwhat.store.postgres import PostgresStore

        return PostgresStore(loc)
    from saidwhat.store.sqlite import SQLiteStore

    return SQLiteStore(loc)
