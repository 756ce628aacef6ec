"""Shared pytest fixtures.

Each block below belongs to one part of saidwhat; add new fixtures in a section of
their own.
"""

from __future__ import annotations

import glob
import itertools
import os
import shutil
import subprocess
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from saidwhat.store import Store, open_store

# ======================================================================================
# Store fixtures (saidwhat.store): a real PostgreSQL server for the session, and
# `store_location` / `store` parametrized over both backends.
# ======================================================================================

PG_MISSING = "PostgreSQL not installed: run scripts/services.sh (apt-get install postgresql)"


def _pg_bindir() -> Path | None:
    """The newest ``/usr/lib/postgresql/<version>/bin`` that has initdb and pg_ctl."""
    found = []
    for initdb in glob.glob("/usr/lib/postgresql/*/bin/initdb"):
        bindir = Path(initdb).parent
        if (bindir / "pg_ctl").exists():
            try:
                version = int(bindir.parent.name)
            except ValueError:
                version = 0
            found.append((version, bindir))
    return max(found)[1] if found else None


def _as_postgres(argv: list[str]) -> list[str]:
    """Run as the ``postgres`` OS user when we are root (PostgreSQL refuses root)."""
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *argv]
    return argv


class PostgresServer:
    """A throwaway PostgreSQL cluster listening on a unix socket only."""

    def __init__(self, bindir: Path, root: Path) -> None:
        self.bindir = bindir
        self.root = root
        self.data = root / "data"
        self.sockdir = root / "sock"
        self.log = root / "server.log"
        self._dbs = itertools.count(1)

    def run(self, *argv: str) -> None:
        proc = subprocess.run(
            _as_postgres([str(self.bindir / argv[0]), *argv[1:]]),
            capture_output=True,
            text=True,
            timeout=120,
        )
        if proc.returncode != 0:
            log = self.log.read_text(errors="replace")[-2000:] if self.log.exists() else ""
            raise RuntimeError(f"{argv[0]} failed: {proc.stdout}{proc.stderr}{log}")

    def start(self) -> None:
        self.sockdir.mkdir()
        if os.geteuid() == 0:
            shutil.chown(self.root, "postgres", "postgres")
            shutil.chown(self.sockdir, "postgres", "postgres")
        self.run(
            "initdb", "-D", str(self.data), "-A", "trust", "-U", "postgres",
            "-E", "UTF8", "--locale=C", "--no-sync",
        )  # fmt: skip
        self.run(
            "pg_ctl", "-D", str(self.data), "-l", str(self.log), "-w", "-t", "60",
            "-o", f"-k {self.sockdir} -c listen_addresses='' -c fsync=off", "start",
        )  # fmt: skip

    def stop(self) -> None:
        try:
            self.run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")
        finally:
            shutil.rmtree(self.root, ignore_errors=True)

    def url(self, dbname: str = "postgres") -> str:
        return f"postgresql://postgres@/{dbname}?host={self.sockdir}"

    def create_database(self) -> str:
        """A new empty database; returns its URL."""
        import psycopg

        name = f"saidwhat_test_{next(self._dbs)}"
        with psycopg.connect(self.url(), autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')  # name is ours, not user input
        return self.url(name)


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    """A real PostgreSQL server for the test session (skips when not installed)."""
    bindir = _pg_bindir()
    if bindir is None:
        pytest.skip(PG_MISSING)
    if os.geteuid() == 0 and shutil.which("runuser") is None:
        pytest.skip("PostgreSQL tests run as root need runuser (util-linux)")
    server = PostgresServer(bindir, Path(tempfile.mkdtemp(prefix="saidwhat-pg-")))
    try:
        server.start()
    except (RuntimeError, OSError, LookupError, subprocess.TimeoutExpired) as e:
        shutil.rmtree(server.root, ignore_errors=True)
        pytest.skip(f"cannot start PostgreSQL: {e}")
    yield server
    server.stop()


@pytest.fixture
def postgres_url(postgres_server: PostgresServer) -> str:
    """The URL of a fresh, empty database on the session's PostgreSQL server."""
    return postgres_server.create_database()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def store_location(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Where a fresh, empty store lives: a SQLite file path, or a PostgreSQL URL."""
    if request.param == "sqlite":
        return str(tmp_path / "db" / "saidwhat.db")
    return str(request.getfixturevalue("postgres_url"))


@pytest.fixture
def store(store_location: str) -> Iterator[Store]:
    """An open, empty store of each backend (closed after the test)."""
    s = open_store(store_location)
    yield s
    s.close()


@pytest.fixture
def downgrade_store() -> Callable[[str, int, list[str]], None]:
    """``downgrade_store(location, version, ddl)``: see :func:`_downgrade_store`."""
    return _downgrade_store


UNDO_V5: list[str] = [
    "DROP TRIGGER IF EXISTS statements_changed_delete",  # PostgreSQL: UNDO_V5_POSTGRES
    "DROP TABLE IF EXISTS store_changes",
    "DROP TABLE IF EXISTS article_embeddings",
    "DROP TABLE IF EXISTS embeddings",
    "DROP TABLE person_titles",
    "DROP TABLE person_names",
    "DROP TABLE people",
    "DROP INDEX IF EXISTS speakers_person_idx",
    "ALTER TABLE speakers DROP COLUMN person_id",
    "ALTER TABLE statements DROP COLUMN actor_evidence",
]
"""What makes a current store look like one written by schema version 4 (no person
registry, no vectors or change counters in the store); :func:`_downgrade_store` runs it
first for any older version."""

UNDO_V5_POSTGRES: dict[str, str] = {
    "DROP TRIGGER IF EXISTS statements_changed_delete": (
        "DROP FUNCTION IF EXISTS saidwhat_statements_changed() CASCADE"
    ),
}
"""The lines of :data:`UNDO_V5` written otherwise for PostgreSQL."""


def _downgrade_store(location: str, version: int, ddl: list[str]) -> None:
    """Make a closed store look like one written by schema ``version``: run ``ddl``
    (undoing the later versions, after :data:`UNDO_V5` for a version before 5) and set
    the version, on either backend."""
    if version < 5:
        ddl = UNDO_V5 + list(ddl)
    if location.startswith("postgresql://"):
        import psycopg

        with psycopg.connect(location, autocommit=True) as conn:
            for statement in ddl:
                conn.execute(UNDO_V5_POSTGRES.get(statement, statement))  # type: ignore[arg-type]
            conn.execute(
                "UPDATE saidwhat_meta SET value = %s WHERE key = 'schema_version'",
                (str(version),),
            )
        return
    import sqlite3

    db = sqlite3.connect(location)
    for statement in ddl:
        db.execute(statement)
    db.execute(f"PRAGMA user_version = {int(version)}")
    db.commit()
    db.close()


# ======================================================================================
# End of store fixtures.
# ======================================================================================


# ======================================================================================
# Answer / search / API fixtures (saidwhat.search, saidwhat.answer, saidwhat.api):
# a SQLite store holding the seed article with its gold statements built by hand
# (no spaCy needed), and a factory of hand-made statements.
# ======================================================================================

SEED_DIR = Path(__file__).resolve().parent.parent / "examples"
SEED_DATE = "2022-03-31"


def _seed_statements(text: str, gold: list[dict]) -> list:
    """One hand-made Statement per gold statement: content from the cue (when it stands
    before the key phrase in the sentence) to the end of the key phrase's clause."""
    import re

    from saidwhat.model import Span, Speaker, Statement

    bounds = [0]
    for m in re.finditer(r"\n|(?<=[.!?][\"”’])\s+|(?<=[.!?])\s+(?=[\"“A-Z])", text):
        bounds.append(m.end())
    bounds.append(len(text))
    out = []
    for g in gold:
        kp = g["key_phrase"]
        start = text.rfind(kp)
        assert start >= 0, kp
        s0 = max(b for b in bounds if b <= start)
        s1 = min(b for b in bounds if b > start)
        sentence = text[s0:s1].rstrip()
        s1 = s0 + len(sentence)
        cue = None
        c_start = s0
        if g.get("cue"):
            ci = text.rfind(g["cue"], s0, start)
            if ci >= 0:
                cue = Span(ci, ci + len(g["cue"]), g["cue"])
                c_start = ci + len(g["cue"])
                if text.startswith(" that", c_start):
                    c_start += 5
        end = start + len(kp)
        m = re.compile(r"[,.;”\"]").search(text, end, s1)
        c_end = m.start() if m else s1
        while text[c_start] == " ":
            c_start += 1
        speaker = Speaker(
            name=g["speaker"],
            mention=g["speaker_mention"],
            role=g.get("role"),
            actor=g.get("affiliation"),
            is_person=" " in g["speaker"] and g["speaker"][0].isupper(),
        )
        out.append(
            Statement(
                content=Span(c_start, c_end, text[c_start:c_end]),
                kind=g["kind"],
                cue=cue,
                sentence=Span(s0, s1, text[s0:s1]),
                speaker=speaker,
                confidence=0.9,
            )
        )
    return out


@pytest.fixture
def seed_gold() -> dict:
    import json

    return json.loads((SEED_DIR / "seed-gold.json").read_text("utf-8"))


@pytest.fixture
def seed_db(tmp_path: Path, seed_gold: dict) -> Iterator[Path]:
    """A SQLite store file with the seed article and its gold statements (hand-made)."""
    from saidwhat.ingest.text import read_text
    from saidwhat.model import Article

    text = read_text(SEED_DIR / "seed-article.txt").text  # below its Date/Outlet/URL header
    article = Article.from_text(
        text,
        title=text.splitlines()[0],
        date=SEED_DATE,
        outlet="Seed News",
        url="https://example.org/seed",
        origin="seed-article.txt",
    )
    path = tmp_path / "seed.db"
    s = open_store(str(path))
    s.add_article(article, _seed_statements(text, seed_gold["statements"]))
    s.close()
    yield path


@pytest.fixture
def gold_ids_of():
    """``gold_ids_of(statements, gold)``: gold ids whose key phrase lies in an answer."""

    def find(statements, gold: dict) -> set[str]:
        contents = [st.content.text for st in statements]
        return {g["id"] for g in gold["statements"] if any(g["key_phrase"] in c for c in contents)}

    return find


# ======================================================================================
# End of answer / search / API fixtures.
# ======================================================================================


# ======================================================================================
# Test hooks for subprocesses (tests/hooks/sitecustomize.py): slow writes, a worker that
# dies once.  Production code has none; a process started with `hooks_env(...)` loads them.
# ======================================================================================

HOOKS_DIR = Path(__file__).resolve().parent / "hooks"


def _hooks_env(env: dict[str, str] | None = None, **hooks: object) -> dict[str, str]:
    out = dict(os.environ if env is None else env)
    path = out.get("PYTHONPATH", "")
    out["PYTHONPATH"] = os.pathsep.join(p for p in (str(HOOKS_DIR), path) if p)
    out.update({k: str(v) for k, v in hooks.items()})
    return out


@pytest.fixture
def hooks_env() -> Callable[..., dict[str, str]]:
    """``hooks_env(env=None, **hooks)``: ``env`` (default: this process's) with
    :data:`HOOKS_DIR` first on PYTHONPATH and each hook set, e.g.
    ``hooks_env(SAIDWHAT_TEST_SLOW_SECONDS=0.5)``."""
    return _hooks_env
