"""The PostgreSQL store: the same schema and behaviour as SQLite, for many writers."""

from __future__ import annotations

import re
import threading
from collections.abc import Collection, Sequence
from datetime import UTC, datetime
from typing import Any

import psycopg
from psycopg import sql

from saidwhat.errors import StoreError
from saidwhat.model import Article, Statement, StoredStatement
from saidwhat.store import dedupe
from saidwhat.store.base import Store
from saidwhat.store.schema import (
    ALSO_IN_SELECT,
    ORDER_STATEMENTS,
    POSTGRES_DDL,
    POSTGRES_MIGRATE_V1,
    SCHEMA_VERSION,
    SELECT_STATEMENTS,
    STATEMENT_COLUMNS,
    also_in,
    distinct_statements,
    search_terms,
    speaker_key,
    speaker_query,
    statement_values,
    stored_statement,
)

TS_CONFIG = "english"
"""The text search configuration (stemming, stop words) of the ``tsv`` column."""

_SCHEMA_LOCK = 0x5A1D_0001
"""Advisory lock key taken while creating the schema, so two processes cannot race."""

_WRITE_LOCK = 0x5A1D_0002
"""Advisory lock key each article write takes once its article row is in: writers take
turns, so near-duplicate groups see every committed statement and never deadlock."""

_ARTICLE_COLUMNS = "id, text, title, date, url, outlet, origin"

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


def _article(row: Sequence[Any]) -> Article:
    return Article(
        id=row[0],
        text=row[1],
        title=row[2] or "",
        date=row[3],
        url=row[4],
        outlet=row[5],
        origin=row[6],
    )


class PostgresStore(Store):
    """A store in a PostgreSQL database given by a ``postgresql://`` URL.

    One connection in autocommit mode, shared by the threads of a process (every call
    holds a lock); each :meth:`add_article` is one explicit transaction.  Several
    processes may add articles at once, the same article included: the article row's
    primary key decides which one stores it, the other gets 0.  Writers of articles with
    statements take turns (an advisory lock), so near-duplicate grouping sees every
    committed statement.
    """

    def __init__(self, url: str) -> None:
        self.url = url
        self._lock = threading.RLock()
        try:
            self._conn = psycopg.connect(url, autocommit=True, connect_timeout=10)
        except psycopg.Error as e:
            raise StoreError(
                f"cannot connect to PostgreSQL at {_redact(url)}: {str(e).strip()}; check "
                "that the server is running and the URL (user, host, database) is right"
            ) from e
        try:
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
            if version == SCHEMA_VERSION:
                return
            if 0 < version < 2:
                for ddl in POSTGRES_MIGRATE_V1:
                    self._conn.execute(ddl)  # type: ignore[call-overload]
            for ddl in POSTGRES_DDL:
                self._conn.execute(ddl)  # type: ignore[call-overload]
            if 0 < version < 2:
                dedupe.backfill(self._execute, _DEDUPE, "%s")
            self._conn.execute(
                "INSERT INTO saidwhat_meta (key, value) VALUES ('schema_version', %s) "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (str(SCHEMA_VERSION),),
            )

    # -- writing -----------------------------------------------------------------------

    def add_article(self, article: Article, statements: Sequence[Statement]) -> int:
        """Store the article and its statements in one transaction (see :class:`Store`)."""
        with self._lock:
            try:
                with self._conn.transaction():
                    return self._add(article, statements)
            except psycopg.Error as e:
                raise StoreError(f"cannot store article {article.id}: {str(e).strip()}") from e

    def _add(self, article: Article, statements: Sequence[Statement]) -> int:
        c = self._conn
        row = c.execute(
            "INSERT INTO articles (id, title, text, date, url, outlet, origin, ingested_at) "
            "VALUES (%s, %s, %s, %s, %s, %s, %s, %s) ON CONFLICT (id) DO NOTHING RETURNING id",
            (
                article.id,
                article.title or "",
                article.text,
                article.date,
                article.url,
                article.outlet,
                article.origin,
                datetime.now(UTC).isoformat(timespec="seconds"),
            ),
        ).fetchone()
        if row is None:
            return 0
        if statements:
            c.execute("SELECT pg_advisory_xact_lock(%s)", (_WRITE_LOCK,))
        speaker_ids: dict[tuple[str, str, str, str], int] = {}
        is_person: dict[tuple[str, str, str, str], bool] = {}
        for st in statements:
            if st.speaker is not None:
                key = speaker_key(st.speaker)
                is_person[key] = is_person.get(key, False) or st.speaker.is_person
        # A fixed order, so two transactions upserting the same speakers cannot deadlock.
        for key in sorted(is_person):
            srow = c.execute(_UPSERT_SPEAKER, (*key, is_person[key])).fetchone()
            assert srow is not None
            speaker_ids[key] = int(srow[0])
        rows = []
        for i, st in enumerate(statements):
            sid = speaker_ids[speaker_key(st.speaker)] if st.speaker is not None else None
            rows.append(statement_values(article, st, i, sid))
        for st, values in zip(statements, rows, strict=True):
            inserted = c.execute(_INSERT_STATEMENT, values).fetchone()  # type: ignore[call-overload]
            assert inserted is not None
            dedupe.link(
                self._execute,
                _DEDUPE,
                "%s",
                statement_id=int(inserted[0]),
                content=values["content_text"],
                speaker=st.speaker.name if st.speaker is not None else None,
            )
        return len(rows)

    def _execute(self, query: str, params: Sequence[Any]) -> list[Any]:
        """One query in the current transaction (for :mod:`saidwhat.store.dedupe`)."""
        cur = self._conn.execute(query, params)  # type: ignore[call-overload]
        return cur.fetchall() if cur.description is not None else []

    # -- reading -----------------------------------------------------------------------

    def _read(self, query: Any, params: Sequence[Any] = ()) -> list[Any]:
        with self._lock:
            try:
                return self._conn.execute(query, params).fetchall()
            except psycopg.Error as e:
                raise StoreError(
                    f"cannot read the store {_redact(self.url)}: {str(e).strip()}"
                ) from e

    def has_article(self, article_id: str) -> bool:
        return bool(self._read("SELECT 1 FROM articles WHERE id = %s", (article_id,)))

    def article(self, article_id: str) -> Article | None:
        """The article with this id, or the only one whose id starts with it (6+ chars)."""
        cols = _ARTICLE_COLUMNS
        rows = self._read(f"SELECT {cols} FROM articles WHERE id = %s", (article_id,))
        if not rows and len(article_id) >= 6:
            rows = self._read(
                f"SELECT {cols} FROM articles WHERE substr(id, 1, %s) = %s LIMIT 2",
                (len(article_id), article_id),
            )
        return _article(rows[0]) if len(rows) == 1 else None

    def articles(self, limit: int | None = None) -> list[Article]:
        """Stored articles by date (undated last), then id."""
        query = f"SELECT {_ARTICLE_COLUMNS} FROM articles ORDER BY (date IS NULL), date, id"
        params: tuple[Any, ...] = ()
        if limit is not None:
            query += " LIMIT %s"
            params = (max(int(limit), 0),)
        return [_article(r) for r in self._read(query, params)]

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
        """Statements in article order, filtered (see :meth:`Store.statements`).

        An empty ``actors`` or ``ids`` collection matches nothing; a blank ``speaker``
        does not filter.
        """
        where: list[str] = []
        params: list[Any] = []
        who = speaker_query(speaker)
        if who is not None:
            where.append(
                "(lower(sp.name) = lower(%s) OR lower(s.mention) = lower(%s)"
                " OR strpos(' ' || lower(sp.name) || ' ', ' ' || lower(%s) || ' ') > 0)"
            )
            params += [who, who, who]
        if actors is not None:
            where.append("sp.actor = ANY(%s::text[])")
            params.append(sorted(set(actors)))
        if article_id is not None:
            where.append("s.article_id = %s")
            params.append(article_id)
        if ids is not None:
            where.append("s.id = ANY(%s::integer[])")
            params.append(sorted({int(i) for i in ids}))
        if distinct:
            query = distinct_statements(" AND ".join(where))
        else:
            query = SELECT_STATEMENTS
            if where:
                query += " WHERE " + " AND ".join(where)
            query += ORDER_STATEMENTS
        if limit is not None:
            query += " LIMIT %s"
            params.append(max(int(limit), 0))
        found = [stored_statement(r) for r in self._read(query, params)]
        if distinct and found:
            groups = sorted({s.canonical_id if s.canonical_id is not None else s.id for s in found})
            rows = self._read(
                ALSO_IN_SELECT
                + "(s.canonical_id = ANY(%s::integer[]) OR s.id = ANY(%s::integer[]))"
                + ORDER_STATEMENTS,
                (groups, groups),
            )
            also_in(rows, found)
        return found

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
