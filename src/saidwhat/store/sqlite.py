"""The SQLite store (the default): one file, WAL mode, FTS5 full-text search."""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from saidwhat.errors import StoreError
from saidwhat.model import Article
from saidwhat.store import dedupe, people, readonly
from saidwhat.store.rows import STATEMENT_COLUMNS
from saidwhat.store.schema import (
    SCHEMA_VERSION,
    SQLITE_DDL,
    SQLITE_MIGRATIONS,
    VECTOR_TABLES,
    search_terms,
)
from saidwhat.store.sql import SQLStore

BUSY_TIMEOUT_MS = 10_000
"""How long a writer waits for another process's write lock before giving up."""

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


class SQLiteStore(SQLStore):
    """A store in one SQLite file (``":memory:"`` for a throwaway one).

    The connection is shared by the threads of one process (every call holds a lock);
    several processes may use the same file: writers take the lock with
    ``BEGIN IMMEDIATE`` and wait up to :data:`BUSY_TIMEOUT_MS` for each other.
    """

    PLACEHOLDER = "?"
    STRPOS = "instr"
    UPSERT_SPEAKER = _UPSERT_SPEAKER
    DEDUPE = _DEDUPE

    def __init__(self, path: str, *, read_only: bool = False) -> None:
        self.path = path
        self._lock = threading.RLock()
        memory = path == ":memory:" or path.startswith("file::memory:")
        if read_only and not memory:
            self.read_only = True
            self._conn = readonly.connect(Path(path).expanduser())
            return
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
        if version == 0 and c.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]:
            raise StoreError(
                f"{self.path} is not a saidwhat store (a SQLite database with other tables, "
                "left as it is): give another database path"
            )
        if not memory:
            mode = c.execute("PRAGMA journal_mode = WAL").fetchone()[0]
            if str(mode).lower() != "wal":
                raise StoreError(f"cannot switch {self.path} to WAL mode (got {mode!r})")
        c.execute("PRAGMA synchronous = NORMAL")
        if version == SCHEMA_VERSION and self._has_vector_tables():
            return
        c.execute("BEGIN IMMEDIATE")
        try:
            # Another process may have set the schema up while we waited for the lock.
            version = c.execute("PRAGMA user_version").fetchone()[0]
            for upto, steps in SQLITE_MIGRATIONS:  # each older version's steps, in order
                if 0 < version < upto:
                    for ddl in steps:
                        c.execute(ddl)
            for ddl in SQLITE_DDL + people.SQLITE_DDL:
                c.execute(ddl)
            if 0 < version < 2:
                dedupe.backfill(self._execute, _DEDUPE, "?")
            c.execute(f"PRAGMA user_version = {int(SCHEMA_VERSION)}")
            c.execute("COMMIT")
        except BaseException:
            c.execute("ROLLBACK")
            raise

    def _has_vector_tables(self) -> bool:
        """False for a store made by an earlier build of schema version 5, before the
        vector tables (it gets them when opened)."""
        found = self._conn.execute(
            "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN (?, ?, ?)",
            VECTOR_TABLES,
        ).fetchone()[0]
        return int(found) == len(VECTOR_TABLES)

    # -- dialect hooks (see SQLStore) ---------------------------------------------------

    def _in(self, column: str, sql_type: str) -> str:
        return f"{column} IN (SELECT value FROM json_each(?))"

    def _list(self, values: list[Any]) -> str:
        return json.dumps(values)

    def _either(self, left: str, right: str) -> str:
        return f"{left} OR {right}"

    def _flag(self, value: bool) -> int:
        return int(value)

    @contextmanager
    def _transaction(self, what: str) -> Iterator[None]:
        c = self._conn
        with self._lock:
            try:
                c.execute("BEGIN IMMEDIATE")
            except sqlite3.Error as e:
                raise StoreError(f"cannot write to the store {self.path}: {e}") from e
            try:
                yield
            except BaseException as e:
                c.execute("ROLLBACK")
                if isinstance(e, sqlite3.Error):
                    raise StoreError(f"cannot store {what}: {e}") from e
                raise
            try:
                c.execute("COMMIT")
            except sqlite3.Error as e:
                c.execute("ROLLBACK")
                raise StoreError(f"cannot store {what}: {e}") from e

    @contextmanager
    def _savepoint(self) -> Iterator[None]:
        c = self._conn
        c.execute("SAVEPOINT article")
        try:
            yield
        except BaseException:
            c.execute("ROLLBACK TO article")
            c.execute("RELEASE article")
            raise
        c.execute("RELEASE article")

    def _store_error(self, article: Article, error: Exception) -> Exception:
        if isinstance(error, sqlite3.Error):
            return StoreError(f"cannot store article {article.id}: {error}")
        return error

    def _execute_many(self, query: str, rows: Sequence[Sequence[Any]]) -> None:
        self._conn.executemany(query, rows)

    def _insert_article(self, query: str, params: Sequence[Any]) -> bool:
        return self._conn.execute(query, params).rowcount != 0

    def _insert_statement(self, values: dict[str, Any]) -> int:
        values["continues"] = int(values["continues"])
        cur = self._conn.execute(_INSERT_STATEMENT, values)
        assert cur.lastrowid is not None
        self._conn.execute(
            "INSERT INTO statements_fts (rowid, content, sentence) VALUES (?, ?, ?)",
            (cur.lastrowid, values["content_text"], values["sentence_text"]),
        )
        return int(cur.lastrowid)

    def _execute(self, sql: str, params: Sequence[Any]) -> list[Any]:
        """One query in the current transaction (for :mod:`saidwhat.store.dedupe`)."""
        return self._conn.execute(sql, params).fetchall()

    def _read(self, sql: str, params: Sequence[Any] = ()) -> list[Any]:
        with self._lock:
            try:
                return self._conn.execute(sql, params).fetchall()
            except sqlite3.DatabaseError as e:
                if readonly.is_damage(e):
                    raise StoreError(readonly.damaged(self.path, str(e))) from e
                raise StoreError(f"cannot read the store {self.path}: {e}") from e
            except sqlite3.Error as e:
                raise StoreError(f"cannot read the store {self.path}: {e}") from e

    # -- reading -----------------------------------------------------------------------

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
