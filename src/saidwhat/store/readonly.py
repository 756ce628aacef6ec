"""Opening a SQLite store for reading only: what the read commands use.

A read never writes: the file is opened with ``mode=ro`` and checked before anything
is read (:func:`connect`).  Nothing is created, migrated or added:

* a file that is not SQLite at all, or is cut short (its header promises more pages
  than it has), is refused as damaged, with the command that checks it;
* a SQLite database without saidwhat's tables (another application's) is refused as
  "not a saidwhat store"; it is looked at with ``immutable=1``, which creates no
  ``-wal`` or ``-shm`` file next to it;
* a store of a schema older than :data:`~saidwhat.store.schema.READABLE_VERSION` is
  refused (a read does not migrate it: ``saidwhat ingest`` does), a newer one too.

A saidwhat store is in WAL mode, whose readers need the ``-shm`` file: in a folder the
reader may not write to, with no ``-wal`` file (so no writer: none could create one
there), the store is read with ``immutable=1``; otherwise with ``mode=ro``, which
takes the usual read locks and so sees a concurrent writer's commits consistently.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from saidwhat.errors import StoreError
from saidwhat.store.schema import READABLE_VERSION, SCHEMA_VERSION, VECTOR_TABLES

BUSY_TIMEOUT_MS = 10_000

MAGIC = b"SQLite format 3\x00"
"""The first 16 bytes of every SQLite database file."""

TABLES = frozenset(["articles", "statements", "speakers", *VECTOR_TABLES])
"""The tables every readable store has."""


def damaged(path: str | Path, detail: str) -> str:
    """The message for a store file SQLite cannot read."""
    return (
        f"{path} is damaged or is not a SQLite database ({detail}): check it with "
        f'sqlite3 {path} "PRAGMA integrity_check", or give another database path'
    )


def is_damage(error: sqlite3.DatabaseError) -> bool:
    """Whether ``error`` says the file is not a database, or a damaged one."""
    text = str(error).lower()
    return any(w in text for w in ("not a database", "malformed", "disk image", "corrupt"))


def _check_header(path: Path) -> bool:
    """Refuse a file that is not SQLite or is cut short; True when it is in WAL mode."""
    try:
        with path.open("rb") as handle:
            header = handle.read(100)
        size = path.stat().st_size
    except OSError as e:
        raise StoreError(f"cannot read the store {path}: {e.strerror or e}") from e
    if not header:
        raise StoreError(f"{path} is an empty file, not a saidwhat store")
    if len(header) < 100 or not header.startswith(MAGIC):
        raise StoreError(damaged(path, "no SQLite header"))
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    pages = int.from_bytes(header[28:32], "big")
    counter_valid = header[24:28] == header[92:96]
    wal_file = Path(f"{path}-wal")
    if counter_valid and pages and page_size * pages > size and not wal_file.exists():
        raise StoreError(
            damaged(path, f"{size:,} bytes where its header says {page_size * pages:,}")
        )
    return header[18] == 2 and header[19] == 2


def _open(path: Path, query: str) -> sqlite3.Connection:
    uri = f"{path.resolve().as_uri()}?{query}"
    try:
        conn = sqlite3.connect(
            uri, uri=True, isolation_level=None, check_same_thread=False, timeout=10
        )
        conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_MS)}")
        conn.execute("PRAGMA query_only = ON")
    except sqlite3.DatabaseError as e:
        raise StoreError(damaged(path, str(e)) if is_damage(e) else _cannot(path, e)) from e
    return conn


def _cannot(path: Path, error: Exception) -> str:
    return (
        f"cannot open the SQLite store {path} for reading: {error}; "
        "check the path and its permissions"
    )


def _check_schema(conn: sqlite3.Connection, path: Path) -> None:
    """Refuse another application's database, and a store this version cannot read."""
    try:
        version = int(conn.execute("PRAGMA user_version").fetchone()[0])
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    except sqlite3.DatabaseError as e:
        raise StoreError(damaged(path, str(e)) if is_damage(e) else _cannot(path, e)) from e
    if version == 0 or not {"articles", "statements", "speakers"} <= tables:
        raise StoreError(
            f"{path} is not a saidwhat store (a SQLite database without saidwhat's tables, "
            "left as it is): give the path of a store `saidwhat ingest` made"
        )
    if version > SCHEMA_VERSION:
        raise StoreError(
            f"{path} has store schema version {version}, newer than this saidwhat supports "
            f"({SCHEMA_VERSION}): upgrade saidwhat or use another database"
        )
    if version < READABLE_VERSION or TABLES - tables:
        raise StoreError(
            f"{path} has store schema version {version}, older than this saidwhat reads "
            f"({SCHEMA_VERSION}), and a read does not upgrade it: `saidwhat ingest PATH "
            f"--db {path}` upgrades it (before adding PATH), or read it with the saidwhat "
            "that wrote it"
        )


def connect(path: Path) -> sqlite3.Connection:
    """A read-only connection to the saidwhat store at ``path`` (see the module doc)."""
    wal = _check_header(path)
    if not Path(f"{path}-wal").exists():
        # Looked at as it is on disk: no -wal/-shm made for a file that may not be ours.
        probe = _checked(_open(path, "mode=ro&immutable=1"), path)
        if wal and not os.access(path.parent, os.W_OK):
            return probe  # no writer can make a -wal here: nothing will change under us
        probe.close()
    return _checked(_open(path, "mode=ro"), path)


def _checked(conn: sqlite3.Connection, path: Path) -> sqlite3.Connection:
    """``conn`` if it holds a saidwhat store this version reads; else closed, and why."""
    try:
        _check_schema(conn, path)
    except BaseException:
        conn.close()
        raise
    return conn
