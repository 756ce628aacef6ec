"""kill -9 halfway through ``saidwhat ingest``, then the same command again, gives the
same store as one uninterrupted run (on SQLite and on PostgreSQL).

The ingest writes its articles in batches, one transaction each; the test hooks
(tests/hooks) make batches of 4 and sleep after each article written, so the kill falls
inside a batch's transaction, after one batch was committed."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from saidwhat.search.embed import MODEL_ID
from saidwhat.store import Store, open_store

pytestmark = pytest.mark.model

SPEAKERS = [
    ("Transport Minister Anna Berg", "Berg", "the new port will be ready by next spring"),
    ("Union leader Tom Hale", "Hale", "workers will walk out if wages are cut again"),
    ("Mayor Lisa Grant", "Grant", "the city cannot afford more cuts to the library"),
    ("Health Minister Omar Said", "Said", "the clinics will stay open through the winter"),
    ("Senator Clara Holm", "Holm", "the tax plan would hurt small farms in the north"),
    ("Police chief Ravi Nair", "Nair", "the new patrols have cut burglaries by a third"),
    ("Coach Marta Lind", "Lind", "the team is ready for the final on Saturday"),
    ("Judge Peter Voss", "Voss", "the court will rule on the appeal next month"),
    ("Farmer Jon Ek", "Ek", "the drought has ruined half of the harvest this year"),
    ("Professor Ada Kim", "Kim", "the results are preliminary and need more data"),
]

SHARED_QUOTE = "We will not accept any deal that leaves our fishermen without their waters"
"""One quote carried by three outlets (near-duplicates of each other)."""


def _write_corpus(folder: Path) -> int:
    """Twelve made-up articles (ten .txt files, a JSON Lines file of two); returns 12."""
    folder.mkdir()
    for i, (who, short, said) in enumerate(SPEAKERS):
        text = (
            f"Story {i}: {short} speaks\n"
            f"{who} said on Monday that {said}. "
            f'"This matters to everyone here," {short} told reporters. '
        )
        if i in (3, 7):
            text += f'"{SHARED_QUOTE}," Fisheries Minister Ola Dahl said.'
        (folder / f"{i:02d}.txt").write_text(text, "utf-8")
    rows = [
        {
            "text": f'Fishing talks\n"{SHARED_QUOTE}!" Fisheries Minister Ola Dahl said.',
            "date": "2024-01-02",
            "outlet": "Coast News",
        },
        {
            "text": "Quiet day\nThe weekend will be sunny and mild across the region.",
            "date": "2024-01-03",
            "outlet": "Weather Daily",
        },
    ]
    (folder / "zz.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows), "utf-8")
    return len(SPEAKERS) + len(rows)


def _saidwhat() -> list[str]:
    """The ``saidwhat`` console script of this interpreter's environment."""
    script = Path(sys.executable).with_name("saidwhat")
    if script.exists():
        return [str(script)]
    return [sys.executable, "-c", "from saidwhat.cli import main; main()"]


def _command(folder: Path, db: str) -> list[str]:
    return [*_saidwhat(), "ingest", str(folder), "--db", db, "--quiet", "--json"]


WRITE_BATCH = 4
"""Articles a write transaction holds in the interrupted run."""


def _env(hooks_env: Callable[..., dict[str, str]] | None = None) -> dict[str, str]:
    """The environment of an ingest: with ``hooks_env``, the slowed-down one."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("SAIDWHAT_TEST_")}
    env["OMP_NUM_THREADS"] = "1"
    if hooks_env is not None:
        env = hooks_env(env, SAIDWHAT_TEST_SLOW_SECONDS=0.5, SAIDWHAT_TEST_WRITE_BATCH=WRITE_BATCH)
    return env


def _count(location: str) -> int:
    with open_store(location) as store:
        return store.counts()["articles"]


def _snapshot(store: Store) -> tuple[list[str], list[dict[str, Any]]]:
    """Articles and statements, ids replaced by what they point at (ids may differ)."""
    articles = sorted(a.id for a in store.articles())
    stored = store.statements()
    where = {s.id: (s.article_id, tuple(s.content.to_list())) for s in stored}
    rows = []
    for s in stored:
        row = s.to_json()
        row.pop("id")
        # Ids of speakers: PostgreSQL's identities count the rolled-back batch too.
        row["speaker_id"] = row["speaker_id"] is not None
        row["person_id"] = row.get("person_id") is not None
        canonical = row.pop("canonical_id", None)
        row["canonical"] = where[canonical] if canonical is not None else None
        rows.append(row)
    rows.sort(key=lambda r: (r["article_id"], r["content_span"], r["kind"]))
    return articles, rows


def _consistent(store: Store) -> None:
    """Every statement's article is stored, every stored article with statements has
    their vectors, no statement points at a missing one."""
    articles = {a.id for a in store.articles()}
    stored = store.statements()
    ids = {s.id for s in stored}
    assert {s.article_id for s in stored} <= articles
    assert all(s.canonical_id is None or s.canonical_id in ids for s in stored)
    assert store.count_without_vectors(MODEL_ID) == 0
    vectors = store.vectors(MODEL_ID)
    assert sorted(sid for sid, _, _ in vectors.statements) == sorted(ids)
    assert {aid for aid, _ in vectors.articles} == {s.article_id for s in stored}


@pytest.fixture
def reference_location(store_location: str, request: pytest.FixtureRequest) -> str:
    """A second fresh store of the same backend as ``store_location``."""
    if store_location.startswith("postgresql://"):
        return str(request.getfixturevalue("postgres_server").create_database())
    return str(Path(store_location).parent.parent / "reference" / "saidwhat.db")


def test_kill_9_then_rerun_equals_one_uninterrupted_run(
    tmp_path: Path,
    store_location: str,
    reference_location: str,
    hooks_env: Callable[..., dict[str, str]],
) -> None:
    folder = tmp_path / "news"
    total = _write_corpus(folder)

    # 1. Start an ingest, slowed down by the test hooks, and kill -9 it halfway: once
    #    the first batch is committed, while the second is being written.
    proc = subprocess.Popen(
        _command(folder, store_location),
        env=_env(hooks_env),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 120
        stored = 0
        while time.monotonic() < deadline and proc.poll() is None:
            try:
                stored = _count(store_location)
            except Exception:  # noqa: BLE001 - the store may not exist yet
                stored = 0
            if stored >= 1:
                break
            time.sleep(0.05)
        assert proc.poll() is None, f"ingest ended before the kill: {proc.stderr!r}"
        assert stored == WRITE_BATCH  # a whole batch, no part of one
        time.sleep(0.6)  # into the second batch's transaction
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(timeout=30)
        assert proc.stderr is not None
        proc.stderr.close()
    assert proc.returncode == -signal.SIGKILL
    halfway = _count(store_location)
    assert halfway == WRITE_BATCH, halfway  # the batch being written left nothing
    with open_store(store_location) as store:
        _consistent(store)

    # 2. The same command again, to completion; it adds only what is missing.
    again = subprocess.run(
        _command(folder, store_location), env=_env(), capture_output=True, text=True,
        timeout=300,
    )  # fmt: skip
    assert again.returncode == 0, again.stderr
    report = json.loads(again.stdout.strip().splitlines()[-1])
    assert report["articles_read"] == total
    assert report["articles_already_stored"] == halfway
    assert report["articles_stored"] == total - halfway

    # 3. One uninterrupted run into another store.
    once = subprocess.run(
        _command(folder, reference_location), env=_env(), capture_output=True, text=True,
        timeout=300,
    )  # fmt: skip
    assert once.returncode == 0, once.stderr

    with open_store(store_location) as resumed, open_store(reference_location) as reference:
        got, want = _snapshot(resumed), _snapshot(reference)
        assert resumed.counts() == reference.counts()
    with open_store(store_location) as resumed:
        _consistent(resumed)
    assert len(got[0]) == total
    assert got[0] == want[0]
    assert len(got[1]) > total  # the articles do have statements
    assert got[1] == want[1]
    # No duplicates: each statement (article, span, kind) once.
    keys = [(r["article_id"], tuple(r["content_span"]), r["kind"]) for r in got[1]]
    assert len(keys) == len(set(keys))
