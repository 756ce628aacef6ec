"""The PostgreSQL store: the same schema and behaviour as SQLite, for many writers."""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import psycopg
from psycopg import sql

from saidwhat.errors import StoreError
from saidwhat.model import Article, Statement
from saidwhat.store import dedupe, people
from saidwhat.store.rows import STATEMENT_COLUMNS
from saidwhat.store.schema import (
    POSTGRES_DDL,
    POSTGRES_MIGRATIONS,
    READABLE_VERSION,
    SCHEMA_VERSION,
    VECTOR_TABLES,
    search_terms,
)
from saidwhat.store.sql import SQLStore

TS_CONFIG = "english"
"""The text search configuration (stemming, stop words) of the ``tsv`` column."""

_SCHEMA_LOCK = 0x5A1D_0001
"""Advisory lock key taken while creating the schema, so two processes cannot race."""

_WRITE_LOCK = 0x5A1D_0002
"""Advisory lock key each article write takes once its article row is in: writers take
turns, so near-duplicate groups see every committed statement and never deadlock."""

_INSERT_STATEMENT = (
    f"INSERT INTO statements ({', '.join(STATEMENT_COLUMNS)}, tsv) "
    f"VALUES ({', '.join(f'%({c})s' for c in STATEMENT_COLUMNS)}, "
    f"setweight(to_tsvector('{TS_CONFIG}', %(content_text)s), 'A') || "
    f"setweight(to_tsvector('{TS_CONFIG}', %(sentence_text)s), 'B')) RETURNING id"
)

_DEDUPE = dedupe.Queries.for_placeholder("%s")

_UPSERT_SPEAKER = """
    INSERT INTO speakers (name, role, organisation, actor, is_person)
    VALUES (%s, %s, %s, %s, %s)
    ON CONFLICT (name, role, organisation, actor)
    DO UPDATE SET is_person = speakers.is_person OR excluded.is_person
    RETURNING id
"""


def _redact(url: str) -> str:
    """The URL without its password, for error messages."""
    return re.sub(r"(://[^:/@]*):[^@/]*@", r"\1:***@", url)


class PostgresStore(SQLStore):
    """A store in a PostgreSQL database given by a ``postgresql://`` URL.

    One connection in autocommit mode, shared by the threads of a process (every call
    holds a lock); each :meth:`add_article` is one explicit transaction.  Several
    processes may add articles at once, the same article included: the article row's
    primary key decides which one stores it, the other gets 0.  Writers of articles with
    statements take turns (an advisory lock), so near-duplicate grouping sees every
    committed statement.
    """

    PLACEHOLDER = "%s"
    STRPOS = "strpos"
    UPSERT_SPEAKER = _UPSERT_SPEAKER
    DEDUPE = _DEDUPE

    def __init__(self, url: str, *, read_only: bool = False) -> None:
        self.url = url
        self.read_only = read_only
        self._lock = threading.RLock()
        try:
            self._conn = psycopg.connect(url, autocommit=True, connect_timeout=10)
        except psycopg.Error as e:
            raise StoreError(
                f"cannot connect to PostgreSQL at {_redact(url)}: {str(e).strip()}; check "
                "that the server is running and the URL (user, host, database) is right"
            ) from e
        try:
            if read_only:
                self._check_readable()
            else:
                self._setup()
        except psycopg.Error as e:
            self._conn.close()
            raise StoreError(
                f"cannot set up the saidwhat schema in {_redact(url)}: {str(e).strip()}"
            ) from e
        except StoreError:
            self._conn.close()
            raise

    def _setup(self) -> None:
        with self._conn.transaction():
            self._conn.execute("SELECT pg_advisory_xact_lock(%s)", (_SCHEMA_LOCK,))
            exists = self._conn.execute(
                "SELECT to_regclass('saidwhat_meta') IS NOT NULL"
            ).fetchone()
            version = 0
            if exists and exists[0]:
                row = self._conn.execute(
                    "SELECT value FROM saidwhat_meta WHERE key = 'schema_version'"
                ).fetchone()
                version = int(row[0]) if row else 0
            if version > SCHEMA_VERSION:
                raise StoreError(
                    f"{_redact(self.url)} has store schema version {version}, newer than "
                    f"this saidwhat supports ({SCHEMA_VERSION}): upgrade saidwhat"
                )
            if version == SCHEMA_VERSION and self._has_vector_tables():
                return
            for upto, steps in POSTGRES_MIGRATIONS:  # each older version's steps, in order
                if 0 < version < upto:
                    for ddl in steps:
                        self._conn.execute(ddl)  # type: ignore[call-overload]
            for ddl in POSTGRES_DDL + people.POSTGRES_DDL:
                self._conn.execute(ddl)  # type: ignore[call-overload]
            if 0 < version < 2:
                dedupe.backfill(self._execute, _DEDUPE, "%s")
            self._conn.execute(
                "INSERT INTO saidwhat_meta (key, value) VALUES ('schema_version', %s) "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (str(SCHEMA_VERSION),),
            )

    def _check_readable(self) -> None:
        """Refuse a database without a saidwhat store, or one of a schema this version
        cannot read; then make the session read-only (a read never migrates)."""
        version = 0
        if self._conn.execute("SELECT to_regclass('saidwhat_meta') IS NOT NULL").fetchone()[0]:
            row = self._conn.execute(
                "SELECT value FROM saidwhat_meta WHERE key = 'schema_version'"
            ).fetchone()
            version = int(row[0]) if row else 0
        where = _redact(self.url)
        if not version:
            raise StoreError(f"{where} is not a saidwhat store (no saidwhat tables)")
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"{where} has store schema version {version}, newer than this saidwhat "
                f"supports ({SCHEMA_VERSION}): upgrade saidwhat"
            )
        if version < READABLE_VERSION or not self._has_vector_tables():
            raise StoreError(
                f"{where} has store schema version {version}, older than this saidwhat reads "
                f"({SCHEMA_VERSION}), and a read does not upgrade it: `saidwhat ingest PATH "
                "--db URL` upgrades it (before adding PATH)"
            )
        self._conn.execute("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY")

    def _has_vector_tables(self) -> bool:
        """False for a store made by an earlier build of schema version 5, before the
        vector tables (it gets them when opened)."""
        row = self._conn.execute(
            "SELECT count(*) FROM unnest(%s::text[]) AS t(name)"
            " WHERE to_regclass(t.name) IS NOT NULL",
            (list(VECTOR_TABLES),),
        ).fetchone()
        return row is not None and int(row[0]) == len(VECTOR_TABLES)

    # -- dialect hooks (see SQLStore) ---------------------------------------------------

    def _in(self, column: str, sql_type: str) -> str:
        return f"{column} = ANY(%s::{sql_type}[])"

    def _list(self, values: list[Any]) -> list[Any]:
        return values

    def _either(self, left: str, right: str) -> str:
        return f"({left} OR {right})"

    @contextmanager
    def _transaction(self, what: str) -> Iterator[None]:
        try:
            with self._lock, self._conn.transaction():
                yield
        except psycopg.Error as e:
            raise StoreError(f"cannot store {what}: {str(e).strip()}") from e

    @contextmanager
    def _savepoint(self) -> Iterator[None]:
        with self._conn.transaction():  # nested in the batch's: a savepoint
            yield

    def _store_error(self, article: Article, error: Exception) -> Exception:
        if isinstance(error, psycopg.Error):
            return StoreError(f"cannot store article {article.id}: {str(error).strip()}")
        return error

    def _execute_many(self, query: str, rows: Sequence[Sequence[Any]]) -> None:
        with self._conn.cursor() as cur:
            cur.executemany(query, rows)  # type: ignore[arg-type]

    def _read_vectors(self, query: str, params: Sequence[Any]) -> list[Any]:
        """Vectors travel in the binary format: half the bytes of bytea's hex text."""
        with self._lock:
            try:
                with self._conn.cursor(binary=True) as cur:
                    cur.execute(query, params)  # type: ignore[arg-type]
                    return cur.fetchall()
            except psycopg.Error as e:
                raise StoreError(
                    f"cannot read the store {_redact(self.url)}: {str(e).strip()}"
                ) from e

    def _insert_article(self, query: str, params: Sequence[Any]) -> bool:
        row = self._conn.execute(query + " RETURNING id", params).fetchone()  # type: ignore[call-overload]
        return row is not None

    def _before_statements(self, statements: Sequence[Statement]) -> None:
        if statements:
            self._conn.execute("SELECT pg_advisory_xact_lock(%s)", (_WRITE_LOCK,))

    def _insert_statement(self, values: dict[str, Any]) -> int:
        inserted = self._conn.execute(_INSERT_STATEMENT, values).fetchone()  # type: ignore[call-overload]
        assert inserted is not None
        return int(inserted[0])

    def _execute(self, query: str, params: Sequence[Any]) -> list[Any]:
        """One query in the current transaction (for :mod:`saidwhat.store.dedupe`)."""
        cur = self._conn.execute(query, params)  # type: ignore[call-overload]
        return cur.fetchall() if cur.description is not None else []

    def _read(self, query: Any, params: Sequence[Any] = ()) -> list[Any]:
        with self._lock:
            try:
                return self._conn.execute(query, params).fetchall()
            except psycopg.Error as e:
                raise StoreError(
                    f"cannot read the store {_redact(self.url)}: {str(e).strip()}"
                ) from e

    # -- reading -----------------------------------------------------------------------

    def search(self, query: str, limit: int = 50) -> list[tuple[int, float]]:
        """Statements matching any word of ``query`` (stemmed), best ``ts_rank`` first.

        Each word is its own ``plainto_tsquery`` parameter and the queries are OR'ed
        with ``||``: no user syntax reaches the engine.
        """
        terms = search_terms(query)
        if not terms or limit <= 0:
            return []
        one = sql.SQL("plainto_tsquery({cfg}, %s)").format(cfg=sql.Literal(TS_CONFIG))
        tsquery = sql.SQL(" || ").join([one] * len(terms))
        q = sql.SQL(
            "SELECT id, ts_rank(tsv, q) AS score FROM statements, (SELECT {tsquery}) AS t(q) "
            "WHERE tsv @@ q ORDER BY score DESC, id LIMIT %s"
        ).format(tsquery=tsquery)
        rows = self._read(q, [*terms, int(limit)])
        return [(int(r[0]), float(r[1])) for r in rows]
