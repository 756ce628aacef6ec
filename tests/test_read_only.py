"""Read commands never write: they open the store read-only, and refuse (exit 1, one
line naming the file, no traceback, the file untouched) what is not a readable
saidwhat store: another application's SQLite database, a damaged or truncated file, a
store of an older schema.  A read-only store in a read-only folder can be read, and a
question over it keeps the vectors it computes in memory."""

from __future__ import annotations

import hashlib
import os
import sqlite3
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from saidwhat.errors import StoreError
from saidwhat.model import Article, Span, Speaker, Statement
from saidwhat.store import open_store
from saidwhat.store import readonly as readonly_module
from support import run_cli as run

ROOT = Path(__file__).resolve().parents[1]

TEXT = (
    "Harbour plan\n"
    '"We will open the new harbour before the summer," Harbour Minister Ada Lund said '
    "on Tuesday.\n"
)
LUND = Speaker(name="Ada Lund", mention="Harbour Minister Ada Lund", role="Harbour Minister",
               is_person=True)  # fmt: skip


def _statement() -> Statement:
    quote = "We will open the new harbour before the summer"
    start = TEXT.index(quote)
    src = TEXT.index("Harbour Minister Ada Lund")
    cue = TEXT.index("said", src)
    return Statement(
        content=Span(start, start + len(quote), quote),
        kind="direct",
        cue=Span(cue, cue + 4, "said"),
        source=Span(src, src + len("Harbour Minister Ada Lund"), "Harbour Minister Ada Lund"),
        speaker=LUND,
    )


def _store(path: Path) -> Path:
    """A closed store with one made-up article and its statement (no vectors)."""
    with open_store(path) as store:
        assert store.add_article(Article.from_text(TEXT, title="Harbour plan"), [_statement()])
    return path


def _state(folder: Path) -> dict[str, str]:
    """Every file of ``folder`` and its md5."""
    return {
        p.name: hashlib.md5(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())
    }  # fmt: skip


def _refused(done: subprocess.CompletedProcess[str], *words: str) -> None:
    assert done.returncode == 1, (done.returncode, done.stderr)
    assert "Traceback" not in done.stderr
    for word in words:
        assert word in done.stderr, done.stderr


# -- another application's database ------------------------------------------------------


@pytest.mark.parametrize("journal", ["delete", "wal"])
def test_another_applications_database_is_refused_and_left_as_it_is(
    tmp_path: Path, journal: str
) -> None:
    other = tmp_path / "notes.sqlite"
    conn = sqlite3.connect(other)
    conn.execute(f"PRAGMA journal_mode = {journal}")
    conn.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)")
    conn.execute("INSERT INTO notes (body) VALUES ('buy milk')")
    conn.commit()
    conn.close()
    before = _state(tmp_path)
    assert list(before) == ["notes.sqlite"]
    for command in (["statements"], ["speakers"], ["show", "abcdef"], ["ask", "What?"]):
        done = run(*command, "--db", str(other), cwd=tmp_path)
        _refused(done, str(other), "is not a saidwhat store")
        assert _state(tmp_path) == before  # byte for byte, no -wal/-shm, no table added
    with pytest.raises(StoreError, match="not a saidwhat store"):
        open_store(other, read_only=True)
    # Nor does a write (an ingest) put saidwhat's tables into it.
    with pytest.raises(StoreError, match="not a saidwhat store"):
        open_store(other)
    assert _state(tmp_path) == before


# -- damaged files ----------------------------------------------------------------------


def _damaged_files(folder: Path) -> dict[str, bytes]:
    store = _store(folder / "good.db").read_bytes()
    return {
        "garbage.db": bytes(range(256)) * 40,
        "truncated.db": store[: len(store) // 2],
        "notes.txt": b"These are my notes, not a database.\n" * 50,
        "header-only.db": store[:4096],
        "scrambled.db": store[:4096] + b"\xaa" * (len(store) - 4096),
    }


def test_damaged_files_are_refused_with_how_to_check_them(tmp_path: Path) -> None:
    files = _damaged_files(tmp_path)
    (tmp_path / "good.db").unlink()
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    before = _state(tmp_path)
    for name in files:
        done = run("statements", "--db", name, cwd=tmp_path)
        _refused(done, name, f'sqlite3 {name} "PRAGMA integrity_check"')
        with (
            pytest.raises(StoreError, match="integrity_check"),
            open_store(tmp_path / name, read_only=True) as store,
        ):
            store.statements()
    assert _state(tmp_path) == before


# -- read-only store, read-only folder ---------------------------------------------------


@pytest.mark.model
def test_a_read_only_store_in_a_read_only_folder_can_be_read_and_asked(tmp_path: Path) -> None:
    folder = tmp_path / "archive"
    folder.mkdir()
    db = _store(folder / "store.db")
    db.chmod(0o444)
    folder.chmod(0o555)
    before = _state(folder)
    try:
        listed = run("statements", "--db", str(db), cwd=tmp_path)
        assert listed.returncode == 0, listed.stderr
        assert "We will open the new harbour before the summer" in listed.stdout
        asked = run("ask", "What did Ada Lund say about the harbour?", "--db", str(db),
                    cwd=tmp_path)  # fmt: skip
        assert asked.returncode == 0, asked.stderr
        assert "We will open the new harbour before the summer" in asked.stdout
        if os.geteuid() != 0:  # root may write anywhere: then only the store is checked
            assert _state(folder) == before
        assert _state(folder)["store.db"] == before["store.db"]
    finally:
        folder.chmod(0o755)


def test_with_no_writable_folder_the_store_is_read_as_it_is_on_disk(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What a user who may not write the folder gets (checked even when run as root)."""
    db = _store(tmp_path / "store.db")
    before = _state(tmp_path)
    monkeypatch.setattr(readonly_module.os, "access", lambda *a, **k: False)
    with open_store(db, read_only=True) as store:
        assert store.read_only
        assert [s.content.text for s in store.statements()] == [_statement().content.text]
        with pytest.raises(StoreError):
            store.add_article(Article.from_text("Another text entirely."), [])
    assert _state(tmp_path) == before


def test_vectors_a_read_computes_stay_in_memory(tmp_path: Path) -> None:
    db = _store(tmp_path / "store.db")
    with open_store(db) as store:
        assert store.count_without_vectors("m") == 1
        changes = store.changes()
    with open_store(db, read_only=True) as store:
        (sid, _, _), = store.statements_without_vectors("m")  # fmt: skip
        (aid, _, _), = store.articles_without_vectors("m", 100)  # fmt: skip
        store.put_vectors("m", [(sid, b"\x00" * 8)], [(aid, b"\x01" * 8)])
        assert store.statements_without_vectors("m") == []
        assert store.articles_without_vectors("m", 100) == []
        assert store.count_without_vectors("m") == 0
        held = store.vectors("m")
        assert held.statements == [(sid, aid, b"\x00" * 8)]
        assert held.articles == [(aid, b"\x01" * 8)]
        assert store.changes() != changes  # a search's caches see the new vectors
    with open_store(db) as store:  # nothing reached the file
        assert store.count_without_vectors("m") == 1
        assert store.vectors("m").statements == []


# -- schema versions ---------------------------------------------------------------------


def test_an_older_store_is_not_migrated_by_a_read(
    tmp_path: Path, downgrade_store: Callable[[str, int, list[str]], None]
) -> None:
    db = _store(tmp_path / "old.db")
    downgrade_store(str(db), 4, [])
    before = _state(tmp_path)
    done = run("statements", "--db", str(db), cwd=tmp_path)
    _refused(done, str(db), "schema version 4", "saidwhat ingest")
    assert _state(tmp_path) == before
    with pytest.raises(StoreError, match="a read does not upgrade it"):
        open_store(db, read_only=True)
    # A write opens and migrates it, as always.
    with open_store(db) as store:
        assert store.counts()["statements"] == 1
    with open_store(db, read_only=True) as store:
        assert store.counts()["statements"] == 1


def test_a_version_5_store_is_read_as_it_is(
    tmp_path: Path, downgrade_store: Callable[[str, int, list[str]], None]
) -> None:
    db = _store(tmp_path / "v5.db")
    downgrade_store(str(db), 5, ["CREATE TABLE actors (name TEXT PRIMARY KEY)"])
    before = _state(tmp_path)
    with open_store(db, read_only=True) as store:
        assert [s.speaker for s in store.statements()] == ["Ada Lund"]
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 5  # not migrated
        assert conn.execute("SELECT count(*) FROM sqlite_master WHERE name = 'actors'").fetchone()
    finally:
        conn.close()
    assert _state(tmp_path)[db.name] == before[db.name]


def test_a_read_only_postgres_store_refuses_an_empty_database(postgres_url: str) -> None:
    with pytest.raises(StoreError, match="not a saidwhat store"):
        open_store(postgres_url, read_only=True)
    with open_store(postgres_url) as store:
        store.add_article(Article.from_text(TEXT, title="Harbour plan"), [_statement()])
    with open_store(postgres_url, read_only=True) as store:
        assert store.counts()["statements"] == 1
        with pytest.raises(StoreError):
            store.add_article(Article.from_text("Another text entirely."), [])
