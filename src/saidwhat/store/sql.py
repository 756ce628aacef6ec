"""What both SQL backends share: the queries, filters and write steps, written once.

:class:`SQLStore` implements the :class:`Store` methods that differ between SQLite and
PostgreSQL only in dialect; each backend supplies the small hooks: its placeholder,
how a list parameter is written and passed, its substring-position function, how to run
a read, how to open a write transaction and how to insert an article and a statement.
"""

from __future__ import annotations

import abc
import dataclasses
from collections.abc import Collection, Sequence
from contextlib import AbstractContextManager
from datetime import UTC, datetime
from typing import Any

from saidwhat.errors import StoreError
from saidwhat.model import (
    ALL_STATEMENTS,
    Article,
    Person,
    PersonTitle,
    Statement,
    StatementFilter,
    StoredStatement,
    Vectors,
)
from saidwhat.store import dedupe, people
from saidwhat.store.base import Changes, FilterRows, Store
from saidwhat.store.rows import (
    ALSO_IN_SELECT,
    ORDER_STATEMENTS,
    SELECT_STATEMENTS,
    also_in,
    distinct_statements,
    speaker_key,
    statement_values,
    stored_statement,
)
from saidwhat.store.schema import speaker_query
from saidwhat.store.sql_vectors import VectorQueries

ARTICLE_COLUMNS = "id, text, title, date, url, outlet, origin, language"

_INSERT_ARTICLE = (
    "INSERT INTO articles (id, title, text, date, url, outlet, origin, ingested_at, language) "
    "VALUES ({p}, {p}, {p}, {p}, {p}, {p}, {p}, {p}, {p}) ON CONFLICT (id) DO NOTHING"
)


def row_article(row: Sequence[Any]) -> Article:
    """An :class:`Article` from a row of :data:`ARTICLE_COLUMNS`."""
    return Article(
        id=row[0],
        text=row[1],
        title=row[2] or "",
        date=row[3],
        url=row[4],
        outlet=row[5],
        origin=row[6],
        language=row[7],
    )


class SQLStore(VectorQueries, Store):
    """A store in a SQL database; subclasses supply the dialect hooks below.

    Subclasses set ``_conn`` (the connection) and ``_lock`` (a lock every call holds).
    """

    _conn: Any
    _lock: Any

    PLACEHOLDER: str
    """The positional parameter placeholder (``?`` or ``%s``)."""

    STRPOS: str
    """The function giving a substring's 1-based position (0 when absent)."""

    UPSERT_SPEAKER: str
    """Insert or merge one speaker ``(name, role, organisation, actor, is_person)``,
    returning its id."""

    DEDUPE: dedupe.Queries
    """The near-duplicate queries in this dialect."""

    # -- dialect hooks -----------------------------------------------------------------

    @abc.abstractmethod
    def _in(self, column: str, sql_type: str) -> str:
        """A condition: ``column`` is one of a list parameter of ``sql_type`` elements."""

    @abc.abstractmethod
    def _list(self, values: list[Any]) -> Any:
        """The parameter value for a list condition made by :meth:`_in`."""

    @abc.abstractmethod
    def _either(self, left: str, right: str) -> str:
        """``left OR right`` as a WHERE condition."""

    @abc.abstractmethod
    def _read(self, query: Any, params: Sequence[Any] = ()) -> list[Any]:
        """All rows of one query outside a write (under the store's lock)."""

    @abc.abstractmethod
    def _execute(self, query: str, params: Sequence[Any]) -> list[Any]:
        """One query in the current transaction (for :mod:`saidwhat.store.dedupe`)."""

    @abc.abstractmethod
    def _execute_many(self, query: str, rows: Sequence[Sequence[Any]]) -> None:
        """One query for each of ``rows``, in the current transaction."""

    @abc.abstractmethod
    def _transaction(self, what: str) -> AbstractContextManager[None]:
        """A write transaction (under the store's lock); errors say ``cannot store
        {what}``."""

    @abc.abstractmethod
    def _savepoint(self) -> AbstractContextManager[None]:
        """A part of the current transaction that an error undoes alone."""

    @abc.abstractmethod
    def _store_error(self, article: Article, error: Exception) -> Exception:
        """``error`` raised while writing ``article`` in a batch, as the error to report
        (a backend's error becomes a :class:`StoreError` naming the article)."""

    def _write(self, article: Article) -> AbstractContextManager[None]:
        """The transaction one :meth:`add_article` runs in (under the store's lock)."""
        return self._transaction(f"article {article.id}")

    def _read_vectors(self, query: str, params: Sequence[Any]) -> list[Any]:
        """Rows holding vectors (a backend may read them in a faster format)."""
        return self._read(query, params)

    @abc.abstractmethod
    def _insert_article(self, query: str, params: Sequence[Any]) -> bool:
        """Run the article insert ``query``; True when the row was inserted."""

    @abc.abstractmethod
    def _insert_statement(self, values: dict[str, Any]) -> int:
        """Insert one statements row (and its full-text entry); its id."""

    def _flag(self, value: bool) -> Any:
        """A boolean parameter value."""
        return value

    def _before_statements(self, statements: Sequence[Statement]) -> None:
        """Runs once the article row is in, before its statements are written."""

    # -- writing -----------------------------------------------------------------------

    def add_article(
        self,
        article: Article,
        statements: Sequence[Statement],
        vectors: Vectors | None = None,
    ) -> int:
        """Store the article and its statements (and their vectors) in one transaction
        (see :class:`Store`)."""
        with self._lock, self._write(article):
            return self._add_checked(article, statements, vectors)

    def add_articles(
        self, batch: Sequence[tuple[Article, Sequence[Statement], Vectors | None]]
    ) -> list[int | Exception]:
        """Store the articles in one transaction, each in a savepoint (see
        :meth:`Store.add_articles`).  When the transaction itself fails (it cannot
        start or commit), each article is tried again in a transaction of its own, so
        each error names its article."""
        if len(batch) < 2:
            return super().add_articles(batch)
        results: list[int | Exception] = []
        try:
            with self._lock, self._transaction(f"a batch of {len(batch)} articles"):
                for article, statements, vectors in batch:
                    try:
                        with self._savepoint():
                            results.append(self._add_checked(article, statements, vectors))
                    except Exception as e:  # noqa: BLE001 - this article only
                        results.append(self._store_error(article, e))
        except StoreError:
            return super().add_articles(batch)
        return results

    def _add_checked(
        self, article: Article, statements: Sequence[Statement], vectors: Vectors | None
    ) -> int:
        if vectors is not None and len(vectors.statements) != len(statements):
            raise ValueError(f"{len(vectors.statements)} vectors for {len(statements)} statements")
        return self._add(article, statements, vectors)

    def _add(
        self, article: Article, statements: Sequence[Statement], vectors: Vectors | None
    ) -> int:
        inserted = self._insert_article(
            _INSERT_ARTICLE.format(p=self.PLACEHOLDER),
            (
                article.id,
                article.title or "",
                article.text,
                article.date,
                article.url,
                article.outlet,
                article.origin,
                datetime.now(UTC).isoformat(timespec="seconds"),
                article.language,
            ),
        )
        if not inserted:
            return 0
        statements, person_ids, learnt = people.register(
            self._execute, self.PLACEHOLDER, article, statements
        )
        self._before_statements(statements)
        speaker_ids = self._speaker_ids(statements, person_ids)
        rows = []
        for i, st in enumerate(statements):
            sid = speaker_ids[speaker_key(st.speaker)] if st.speaker is not None else None
            rows.append(statement_values(article, st, i, sid))
        statement_ids = []
        for st, values in zip(statements, rows, strict=True):
            statement_id = self._insert_statement(values)
            statement_ids.append(statement_id)
            dedupe.link(
                self._execute,
                self.DEDUPE,
                self.PLACEHOLDER,
                statement_id=statement_id,
                content=values["content_text"],
                speaker=st.speaker.name if st.speaker is not None else None,
            )
        people.backfill(
            self._execute, self.PLACEHOLDER, self.UPSERT_SPEAKER, self._flag, learnt, article.date
        )
        if vectors is not None and statements:
            self._write_vectors(
                vectors.model,
                list(zip(statement_ids, vectors.statements, strict=True)),
                [(article.id, vectors.article)] if vectors.article is not None else [],
            )
        if statements:
            self._execute("UPDATE store_changes SET statements = statements + 1 WHERE id = 1", ())
        return len(statements)

    def _speaker_ids(
        self, statements: Sequence[Statement], person_ids: dict[str, int]
    ) -> dict[tuple[str, str, str, str], int]:
        """Upsert the statements' speakers (with their registry person, ``person_ids`` by
        speaker name); their ids by :func:`speaker_key`."""
        is_person: dict[tuple[str, str, str, str], bool] = {}
        for st in statements:
            if st.speaker is not None:
                key = speaker_key(st.speaker)
                is_person[key] = is_person.get(key, False) or st.speaker.is_person
        speaker_ids: dict[tuple[str, str, str, str], int] = {}
        # A fixed order, so two transactions upserting the same speakers cannot deadlock.
        for key in sorted(is_person):
            rows = self._execute(self.UPSERT_SPEAKER, (*key, self._flag(is_person[key])))
            assert rows
            speaker_ids[key] = int(rows[0][0])
            if key[0] in person_ids:
                p = self.PLACEHOLDER
                self._execute(
                    f"UPDATE speakers SET person_id = {p} WHERE id = {p}",
                    (person_ids[key[0]], speaker_ids[key]),
                )
        return speaker_ids

    # -- reading -----------------------------------------------------------------------

    def has_article(self, article_id: str) -> bool:
        p = self.PLACEHOLDER
        return bool(self._read(f"SELECT 1 FROM articles WHERE id = {p}", (article_id,)))

    def article(self, article_id: str) -> Article | None:
        """The article with this id, or the only one whose id starts with it (6+ chars)."""
        p = self.PLACEHOLDER
        cols = ARTICLE_COLUMNS
        rows = self._read(f"SELECT {cols} FROM articles WHERE id = {p}", (article_id,))
        if not rows and len(article_id) >= 6:
            rows = self._read(
                f"SELECT {cols} FROM articles WHERE substr(id, 1, {p}) = {p} LIMIT 2",
                (len(article_id), article_id),
            )
        return row_article(rows[0]) if len(rows) == 1 else None

    def articles(self, limit: int | None = None) -> list[Article]:
        """Stored articles by date (undated last), then id."""
        query = f"SELECT {ARTICLE_COLUMNS} FROM articles ORDER BY (date IS NULL), date, id"
        params: tuple[Any, ...] = ()
        if limit is not None:
            query += f" LIMIT {self.PLACEHOLDER}"
            params = (max(int(limit), 0),)
        return [row_article(r) for r in self._read(query, params)]

    def statements(
        self,
        where: StatementFilter = ALL_STATEMENTS,
        *,
        limit: int | None = None,
        distinct: bool = False,
        **filters: Any,
    ) -> list[StoredStatement]:
        """Statements in article order, filtered (see :meth:`Store.statements`)."""
        if filters:
            where = dataclasses.replace(where, **filters)
        conditions, params = self._conditions(where)
        p = self.PLACEHOLDER
        if distinct:
            query = distinct_statements(" AND ".join(conditions))
        else:
            query = SELECT_STATEMENTS
            if conditions:
                query += " WHERE " + " AND ".join(conditions)
            query += ORDER_STATEMENTS
        if limit is not None:
            query += f" LIMIT {p}"
            params.append(max(int(limit), 0))
        found = [stored_statement(r) for r in self._read(query, params)]
        if distinct and found:
            groups = self._list(
                sorted({s.canonical_id if s.canonical_id is not None else s.id for s in found})
            )
            rows = self._read(
                ALSO_IN_SELECT
                + self._either(self._in("s.canonical_id", "integer"), self._in("s.id", "integer"))
                + ORDER_STATEMENTS,
                (groups, groups),
            )
            also_in(rows, found)
        return found

    def _conditions(self, where: StatementFilter) -> tuple[list[str], list[Any]]:
        """WHERE conditions (over ``s``, ``a``, ``sp``) and their parameters for a filter;
        the same meaning as the search's numpy masks (dates compare as ISO text)."""
        p = self.PLACEHOLDER
        conditions: list[str] = []
        params: list[Any] = []
        who = speaker_query(where.speaker)
        if who is not None:
            conditions.append(
                f"(lower(sp.name) = lower({p}) OR lower(s.mention) = lower({p})"
                f" OR {self.STRPOS}(' ' || lower(sp.name) || ' ', ' ' || lower({p}) || ' ') > 0)"
            )
            params += [who, who, who]
        if where.actors is not None or where.organisations is not None:
            conditions.append(
                f"(sp.actor <> '' AND {self._in('sp.actor', 'text')}"
                f" OR sp.organisation <> '' AND {self._in('sp.organisation', 'text')})"
            )
            params.append(self._list(sorted(where.actors or ())))
            params.append(self._list(sorted(where.organisations or ())))
        if where.speaker_names is not None:
            names = self._list(sorted({n.lower() for n in where.speaker_names}))
            conditions.append(
                f"({self._in('lower(sp.name)', 'text')}"
                f" OR s.speaker_id IS NULL AND {self._in('lower(s.mention)', 'text')})"
            )
            params += [names, names]
        if where.since:
            conditions.append(f"a.date >= {p}")
            params.append(where.since)
        if where.until:
            conditions.append(f"substr(a.date, 1, {p}) <= {p}")
            params += [len(where.until), where.until]
        if where.article_id is not None:
            conditions.append(f"s.article_id = {p}")
            params.append(where.article_id)
        if where.ids is not None:
            conditions.append(self._in("s.id", "integer"))
            params.append(self._list(sorted(set(where.ids))))
        return conditions, params

    def people(
        self,
        *,
        name: str | None = None,
        actors: Collection[str] | None = None,
        limit: int | None = None,
    ) -> list[Person]:
        """The registry's people, most statements first (see :meth:`Store.people`)."""
        p = self.PLACEHOLDER
        where: list[str] = []
        params: list[Any] = []
        who = speaker_query(name)
        if who is not None:
            where.append(
                "p.id IN (SELECT person_id FROM person_names n WHERE"
                f" {self.STRPOS}(' ' || lower(n.name) || ' ', ' ' || lower({p}) || ' ') > 0)"
            )
            params.append(who)
        if actors is not None:
            where.append(self._in("p.actor", "text"))
            params.append(self._list(sorted(set(actors))))
        query = (
            "SELECT p.id, p.name, p.actor,"
            " (SELECT count(*) FROM statements s JOIN speakers sp ON sp.id = s.speaker_id"
            "  WHERE sp.person_id = p.id),"
            " (SELECT count(DISTINCT s.article_id) FROM statements s"
            "  JOIN speakers sp ON sp.id = s.speaker_id WHERE sp.person_id = p.id)"
            " FROM people p"
        )
        if where:
            query += " WHERE " + " AND ".join(where)
        query += " ORDER BY 4 DESC, p.name"
        if limit is not None:
            query += f" LIMIT {p}"
            params.append(max(int(limit), 0))
        rows = self._read(query, params)
        if not rows:
            return []
        ids = self._list([int(r[0]) for r in rows])
        names: dict[int, list[tuple[str, str]]] = {}
        for pid, alias, reason in self._read(
            "SELECT person_id, name, reason FROM person_names"
            f" WHERE {self._in('person_id', 'integer')} ORDER BY person_id, name",
            (ids,),
        ):
            names.setdefault(int(pid), []).append((alias, reason))
        titles: dict[int, list[PersonTitle]] = {}
        for pid, title, actor, date in self._read(
            "SELECT person_id, title, actor, min(date) FROM person_titles"
            f" WHERE {self._in('person_id', 'integer')}"
            " GROUP BY person_id, title, actor ORDER BY person_id, 4, title",
            (ids,),
        ):
            titles.setdefault(int(pid), []).append(PersonTitle(title, actor or None, date or None))
        people = []
        for pid, pname, actor, n_statements, n_articles in rows:
            own = names.get(int(pid), [])
            people.append(
                Person(
                    id=int(pid),
                    name=pname,
                    aliases=tuple(a for a, _ in own if a != pname),
                    actor=actor or None,
                    titles=tuple(titles.get(int(pid), [])),
                    statements=int(n_statements),
                    articles=int(n_articles),
                    name_reasons={a: r for a, r in own if a != pname},
                )
            )
        return people

    # -- what the search needs ---------------------------------------------------------

    def changes(self) -> Changes:
        """The change counters (see :class:`Store`)."""
        rows = self._read("SELECT statements, vectors FROM store_changes WHERE id = 1")
        found = Changes(int(rows[0][0]), int(rows[0][1])) if rows else Changes(0, 0)
        return found._replace(vectors=found.vectors + self._held_changes)

    def filter_rows(self) -> FilterRows:
        """Every statement's speaker, mention, date and article (see :class:`Store`)."""
        with self._lock:  # both reads see the same statements (no write in between)
            rows = self._read(
                "SELECT s.id, s.speaker_id, s.mention, a.date, s.article_id FROM statements s"
                " JOIN articles a ON a.id = s.article_id" + ORDER_STATEMENTS
            )
            speakers = self._read("SELECT id, name, actor, organisation, role FROM speakers")
        return FilterRows(rows, speakers)

    def counts(self) -> dict[str, int]:
        """Number of articles, statements and speakers stored."""
        row = self._read(
            "SELECT (SELECT count(*) FROM articles), (SELECT count(*) FROM statements),"
            " (SELECT count(*) FROM speakers)"
        )[0]
        return {"articles": int(row[0]), "statements": int(row[1]), "speakers": int(row[2])}

    def close(self) -> None:
        with self._lock:
            self._conn.close()
