"""The seed article end to end: ingest → extract → resolve → store → read back, checked
against its hand-made gold (examples/seed-gold.json, a copy of ../shared/seed/gold.json)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from saidwhat.model import StoredStatement
from saidwhat.pipeline import ingest_paths
from saidwhat.store import open_store

pytestmark = pytest.mark.model

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
GOLD = json.loads((EXAMPLES / "seed-gold.json").read_text("utf-8"))
MAX_EXTRA = 3


def _norm(name: str | None) -> str:
    n = (name or "").strip().lower()
    return n[4:] if n.startswith("the ") else n


@pytest.fixture(scope="module")
def stored(tmp_path_factory: pytest.TempPathFactory) -> list[StoredStatement]:
    db = tmp_path_factory.mktemp("seed") / "seed.db"
    with open_store(db) as store:
        report = ingest_paths([EXAMPLES / "seed-article.txt"], store)
        assert report.articles_stored == 1 and not report.skipped
        return store.statements()


def _speaks_as(st: StoredStatement, aliases: list[str]) -> bool:
    wanted = {_norm(a) for a in aliases}
    return _norm(st.speaker) in wanted or _norm(st.speaker_mention) in wanted


@pytest.mark.parametrize(
    "gold", [g for g in GOLD["statements"] if g["required"]], ids=lambda g: g["id"]
)
def test_seed_required_statement_found_with_speaker_and_actor(
    stored: list[StoredStatement], gold: dict
) -> None:
    having = [st for st in stored if gold["key_phrase"] in st.content.text]
    assert having, f"no statement contains {gold['key_phrase']!r}"
    right = [st for st in having if _speaks_as(st, gold["speaker_aliases"])]
    assert right, f"found, but spoken by {[st.speaker for st in having]}"
    assert any(st.actor == gold["affiliation"] for st in right), [st.actor for st in right]


@pytest.mark.parametrize("rule", GOLD["not_statements"], ids=lambda r: r["phrase"][:30])
def test_seed_not_statements(stored: list[StoredStatement], rule: dict) -> None:
    having = [st for st in stored if rule["phrase"] in st.content.text]
    if "speaker_not" in rule:
        assert not [st for st in having if _norm(st.speaker) == _norm(rule["speaker_not"])]
    else:
        assert not having


def test_seed_few_statements_beyond_gold(stored: list[StoredStatement]) -> None:
    assert len(stored) <= len(GOLD["statements"]) + MAX_EXTRA


def test_seed_offsets_point_into_article(stored: list[StoredStatement]) -> None:
    from saidwhat.ingest.text import read_text

    text = read_text(EXAMPLES / "seed-article.txt").text  # the text below its header
    assert text == (EXAMPLES / "seed-article.txt").read_text("utf-8").split("\n\n", 1)[1]
    for st in stored:
        assert text[st.content.start : st.content.end] == st.content.text
        if st.cue:
            assert text[st.cue.start : st.cue.end] == st.cue.text
