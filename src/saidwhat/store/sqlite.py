"""The SQLite store (the default): one file, WAL mode, FTS5 full-text search."""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Collection, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from saidwhat.errors import StoreError
from saidwhat.model import Article, Statement, StoredStatement
from saidwhat.store import dedupe
from saidwhat.store.base import Store
from saidwhat.store.schema import (
    ALSO_IN_SELECT,
    ORDER_STATEMENTS,
    SCHEMA_VERSION,
    SELECT_STATEMENTS,
    SQLITE_DDL,
    SQLITE_MIGRATE_V1,
    STATEMENT_COLUMNS,
    also_in,
    distinct_statements,
    search_terms,
    speaker_key,
    speaker_query,
    statement_values,
    stored_statement,
)

BUSY_TIMEOUT_MS = 10_000
"""How long a writer waits for another process's write lock before giving up."""

_ARTICLE_COLUMNS = "id, text, title, date, url, outlet, origin"

_INSERT_STATEMENT = (
    f"INSERT INTO statements ({', '.join(STATEMENT_COLUMNS)}) "
    f"VALUES ({', '.join(':' + c for c in STATEMENT_COLUMNS)})"
)

_DEDUPE = dedupe.Queries.for_placeholder("?")

_UPSERT_SPEAKER = """
    INSERT INTO speakers (name, role, organisation, actor, is_person)
    VALUES (?, ?, ?, ?, ?)
    ON CONFLICT (name, role, organisation, actor)
    DO UPDATE SET is_person = max(speakers.is_person, excluded.is_person)
    RETURNING id
"""


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


class SQLiteStore(Store):
    """A store in one SQLite file (``":memory:"`` for a throwaway one).

    The connection is shared by the threads of one process (every call holds a lock);
    several processes may use the same file: writers take the lock with
    ``BEGIN IMMEDIATE`` and wait up to :data:`BUSY_TIMEOUT_MS` for each other.
    """

    def __init__(self, path: str) -> None:
        self.path = path
        self._lock = threading.RLock()
        memory = path == ":memory:" or path.startswith("file::memory:")
        if not memory:
            p = Path(path).expanduser()
            if p.is_dir():
                raise StoreError(
                    f"{p} is a directory, not a database file: give a file path for the "
                    f"store, e.g. {p / 'saidwhat.db'}"
                )
            try:
                p.parent.mkdir(parents=True, exist_ok=True)
            except OSError as e:
                raise StoreError(
                    f"cannot create the directory {p.parent} for the store: {e}; "
                    "choose another database path"
                ) from e
            path = str(p)
        try:
            self._conn = sqlite3.connect(
                path, isolation_level=None, check_same_thread=False, timeout=BUSY_TIMEOUT_MS / 1000
            )
        except sqlite3.Error as e:
            raise StoreError(
                f"cannot open the SQLite store {path}: {e}; check the path and its permissions"
            ) from e
        try:
            self._setup(memory)
        except sqlite3.DatabaseError as e:
            self._conn.close()
            if "not a database" in str(e) or "malformed" in str(e):
                raise StoreError(
                    f"{path} is not a saidwhat SQLite database ({e}): move the file away "
                    "or give another database path"
                ) from e
            raise StoreError(f"cannot open the SQLite store {path}: {e}") from e
        except StoreError:
            self._conn.close()
            raise

    # -- setup -------------------------------------------------------------------------

    def _setup(self, memory: bool) -> None:
        c = self._conn
        c.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_MS)}")
        c.execute("PRAGMA foreign_keys = ON")
        # Reading user_version first fails fast on a file that is not a database.
        version = c.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"{self.path} has store schema version {version}, newer than this saidwhat "
                f"supports ({SCHEMA_VERSION}): upgrade saidwhat or use another database"
            )
        if not memory:
            mode = c.execute("PRAGMA journal_mode = WAL").fetchone()[0]
            if str(mode).lower() != "wal":
                raise StoreError(f"cannot switch {self.path} to WAL mode (got {mode!r})")
        c.execute("PRAGMA synchronous = NORMAL")
        if version == SCHEMA_VERSION:
            return
        c.execute("BEGIN IMMEDIATE")
        try:
            # Another process may have set the schema up while we waited for the lock.
            version = c.execute("PRAGMA user_version").fetchone()[0]
            if 0 < version < 2:
                for ddl in SQLITE_MIGRATE_V1:
                    c.execute(ddl)
            for ddl in SQLITE_DDL:
                c.execute(ddl)
            if 0 < version < 2:
                dedupe.backfill(self._execute, _DEDUPE, "?")
            c.execute(f"PRAGMA user_version = {int(SCHEMA_VERSION)}")
            c.execute("COMMIT")
        except BaseException:
            c.execute("ROLLBACK")
            raise

    # -- writing -----------------------------------------------------------------------

    def add_article(self, article: Article, statements: Sequence[Statement]) -> int:
        """Store the article and its statements in one transaction (see :class:`Store`)."""
        with self._lock:
            c = self._conn
            try:
                c.execute("BEGIN IMMEDIATE")
            except sqlite3.Error as e:
                raise StoreError(f"cannot write to the store {self.path}: {e}") from e
            try:
                n = self._add(article, statements)
            except BaseException as e:
                c.execute("ROLLBACK")
                if isinstance(e, sqlite3.Error):
                    raise StoreError(f"cannot store article {article.id}: {e}") from e
                raise
            try:
                c.execute("COMMIT")
            except sqlite3.Error as e:
                c.execute("ROLLBACK")
                raise StoreError(f"cannot store article {article.id}: {e}") from e
            return n

    def _add(self, article: Article, statements: Sequence[Statement]) -> int:
        c = self._conn
        cur = c.execute(
            "INSERT INTO articles (id, title, text, date, url, outlet, origin, ingested_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING",
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
        )
        if cur.rowcount == 0:
            return 0
        speaker_ids: dict[tuple[str, str, str, str], int] = {}
        is_person: dict[tuple[str, str, str, str], bool] = {}
        for st in statements:
            if st.speaker is not None:
                key = speaker_key(st.speaker)
                is_person[key] = is_person.get(key, False) or st.speaker.is_person
        for key in sorted(is_person):
            row = c.execute(_UPSERT_SPEAKER, (*key, int(is_person[key]))).fetchone()
            speaker_ids[key] = int(row[0])
        for i, st in enumerate(statements):
            sid = speaker_ids[speaker_key(st.speaker)] if st.speaker is not None else None
            values = statement_values(article, st, i, sid)
            values["continues"] = int(values["continues"])
            cur = c.execute(_INSERT_STATEMENT, values)
            assert cur.lastrowid is not None
            c.execute(
                "INSERT INTO statements_fts (rowid, content, sentence) VALUES (?, ?, ?)",
                (cur.lastrowid, values["content_text"], values["sentence_text"]),
            )
            dedupe.link(
                self._execute,
                _DEDUPE,
                "?",
                statement_id=int(cur.lastrowid),
                content=values["content_text"],
                speaker=st.speaker.name if st.speaker is not None else None,
            )
        return len(statements)

    def _execute(self, sql: str, params: Sequence[Any]) -> list[Any]:
        """One query in the current transaction (for :mod:`saidwhat.store.dedupe`)."""
        return self._conn.execute(sql, params).fetchall()

    # -- reading -----------------------------------------------------------------------

    def _read(self, sql: str, params: Sequence[Any] = ()) -> list[Any]:
        with self._lock:
            try:
                return self._conn.execute(sql, params).fetchall()
            except sqlite3.Error as e:
                raise StoreError(f"cannot read the store {self.path}: {e}") from e

    def has_article(self, article_id: str) -> bool:
        return bool(self._read("SELECT 1 FROM articles WHERE id = ?", (article_id,)))

    def article(self, article_id: str) -> Article | None:
        """The article with this id, or the only one whose id starts with it (6+ chars)."""
        rows = self._read(f"SELECT {_ARTICLE_COLUMNS} FROM articles WHERE id = ?", (article_id,))
        if not rows and len(article_id) >= 6:
            rows = self._read(
                f"SELECT {_ARTICLE_COLUMNS} FROM articles WHERE substr(id, 1, ?) = ? LIMIT 2",
                (len(article_id), article_id),
            )
        return _article(rows[0]) if len(rows) == 1 else None

    def articles(self, limit: int | None = None) -> list[Article]:
        """Stored articles by date (undated last), then id."""
        sql = f"SELECT {_ARTICLE_COLUMNS} FROM articles ORDER BY (date IS NULL), date, id"
        params: tuple[Any, ...] = ()
        if limit is not None:
            sql += " LIMIT ?"
            params = (max(int(limit), 0),)
        return [_article(r) for r in self._read(sql, params)]

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
                "(lower(sp.name) = lower(?) OR lower(s.mention) = lower(?)"
                " OR instr(' ' || lower(sp.name) || ' ', ' ' || lower(?) || ' ') > 0)"
            )
            params += [who, who, who]
        if actors is not None:
            where.append("sp.actor IN (SELECT value FROM json_each(?))")
            params.append(json.dumps(sorted(set(actors))))
        if article_id is not None:
            where.append("s.article_id = ?")
            params.append(article_id)
        if ids is not None:
            where.append("s.id IN (SELECT value FROM json_each(?))")
            params.append(json.dumps(sorted({int(i) for i in ids})))
        if distinct:
            sql = distinct_statements(" AND ".join(where))
        else:
            sql = SELECT_STATEMENTS
            if where:
                sql += " WHERE " + " AND ".join(where)
            sql += ORDER_STATEMENTS
        if limit is not None:
            sql += " LIMIT ?"
            params.append(max(int(limit), 0))
        found = [stored_statement(r) for r in self._read(sql, params)]
        if distinct and found:
            groups = json.dumps(
                sorted({s.canonical_id if s.canonical_id is not None else s.id for s in found})
            )
            rows = self._read(
                ALSO_IN_SELECT + "s.canonical_id IN (SELECT value FROM json_each(?))"
                " OR s.id IN (SELECT value FROM json_each(?))" + ORDER_STATEMENTS,
                (groups, groups),
            )
            also_in(rows, found)
        return found

    def search(self, query: str, limit: int = 50) -> list[tuple[int, float]]:
        """Statements matching any word of ``query`` (stemmed), best bm25 score first.

        Each word goes to FTS5 as a quoted string literal, the words OR'ed: no user
        syntax reaches the engine.  Scores are positive, higher is better.
        """
        terms = search_terms(query)
        if not terms or limit <= 0:
            return []
        match = " OR ".join(f'"{t}"' for t in terms)  # terms are \w+ only: no quotes
        rows = self._read(
            "SELECT rowid, -bm25(statements_fts, 2.0, 1.0) AS score FROM statements_fts "
            "WHERE statements_fts MATCH ? ORDER BY score DESC, rowid LIMIT ?",
            (match, int(limit)),
        )
        return [(int(r[0]), float(r[1])) for r in rows]

    def counts(self) -> dict[str, int]:
        """Number of articles, statements and speakers stored."""
        row = self._read(
            "SELECT (SELECT count(*) FROM articles), (SELECT count(*) FROM statements),"
            " (SELECT count(*) FROM speakers)"
        )[0]
        return {"articles": row[0], "statements": row[1], "speakers": row[2]}

    def close(self) -> None:
        with self._lock:
            self._conn.close()
