"""Who speaks for whom cannot silently regress: the newsattr dev split (international
news annotated with every statement's speaker and actor, ``../shared/data/newsattr``),
ingested as a user would and scored by its reference scorer, must stay above the floor
kept in ``quality_floor.json`` (set a few points under the measured figures)."""

from __future__ import annotations

import json
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
FLOOR = Path(__file__).resolve().parent / "quality_floor.json"

pytestmark = [pytest.mark.model, pytest.mark.newsattr]


def test_newsattr_dev_above_floor(tmp_path: Path) -> None:
    if not (DEV.exists() and SCORER.exists()):
        pytest.skip(f"newsattr dev not found at {NEWSATTR} (see its README.md)")
    floor = json.loads(FLOOR.read_text(encoding="utf-8"))["newsattr_dev"]
    with open_store(tmp_path / "na.db") as store:
        report = ingest_paths([DEV], store)
        assert not report.skipped, report.skipped
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
