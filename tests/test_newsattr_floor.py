"""Who speaks for whom cannot silently regress: the newsattr dev split (international
news annotated with every statement's speaker and actor, ``../shared/data/newsattr``),
ingested as a user would and scored by its reference scorer, must stay above the floor
kept in ``quality_floor.json`` (set a few points under the measured figures)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from saidwhat.pipeline import ingest_paths
from saidwhat.store import open_store

REPO = Path(__file__).resolve().parent.parent
NEWSATTR = REPO.parent / "shared" / "data" / "newsattr"
DEV = NEWSATTR / "dev.jsonl"
SCORER = NEWSATTR / "score.py"
ASK_SCORER = NEWSATTR / "ask_score.py"
QUESTIONS = NEWSATTR / "questions.json"
FLOOR = Path(__file__).resolve().parent / "quality_floor.json"

pytestmark = [pytest.mark.model, pytest.mark.newsattr]


@pytest.fixture(scope="module")
def newsattr_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if not (DEV.exists() and SCORER.exists() and ASK_SCORER.exists()):
        pytest.skip(f"newsattr dev not found at {NEWSATTR} (see its README.md)")
    db = tmp_path_factory.mktemp("newsattr") / "na.db"
    with open_store(db) as store:
        report = ingest_paths([DEV], store)
        assert not report.skipped, report.skipped
    return db


def test_newsattr_dev_above_floor(newsattr_db: Path, tmp_path: Path) -> None:
    floor = json.loads(FLOOR.read_text(encoding="utf-8"))["newsattr_dev"]
    with open_store(newsattr_db) as store:
        rows = [st.to_json() for st in store.statements()]
    out = tmp_path / "statements.jsonl"
    out.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    scored = subprocess.run(
        [sys.executable, str(SCORER), str(DEV), str(out), "--json"],
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    )
    got = json.loads(scored.stdout)
    low = {k: got[k] for k in ("fully_right", "found", "precision") if got[k] < floor[k]}
    high = {k: got[k] for k in ("wrong_side", "missing_actor", "traps") if got[k] > floor[k]}
    assert not low and not high, f"below the floor: {low}, above the ceiling: {high}; {got}"


def test_newsattr_questions_above_floor(newsattr_db: Path) -> None:
    """The twelve questions, answered by the installed command, scored by ask_score.py."""
    floor = json.loads(FLOOR.read_text(encoding="utf-8"))["newsattr_questions"]
    bin_dir = str(Path(sys.executable).parent)  # where this venv's `saidwhat` is
    env = {**os.environ, "PATH": bin_dir + os.pathsep + os.environ.get("PATH", "")}
    scored = subprocess.run(
        [sys.executable, str(ASK_SCORER), str(DEV), str(QUESTIONS), str(newsattr_db)],
        capture_output=True,
        text=True,
        check=True,
        timeout=900,
        env=env,
    )
    last = scored.stdout.strip().splitlines()[-1]
    m = re.search(r"recall ([\d.]+) .*wrong-side lines ([\d.]+) .*junk lines ([\d.]+)", last)
    assert m, scored.stdout[-2000:]
    recall, wrong, junk = (float(x) for x in m.groups())
    assert recall >= floor["recall"], last
    assert wrong <= floor["wrong_side_lines"], last
    assert junk <= floor["junk_lines"], last
