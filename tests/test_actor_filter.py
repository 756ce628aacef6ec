"""saidwhat.read.actor_filter: one reading of "an actor's statements", shared by
``saidwhat statements --actor``, ``GET /statements?actor=`` and the answer's groups."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient

from saidwhat.answer import ask
from saidwhat.api import create_app
from saidwhat.cli import cli
from saidwhat.model import Article, Span, Speaker, Statement
from saidwhat.read import actor_filter, list_statements
from saidwhat.resolve.actors import UnknownActorError
from saidwhat.store import open_store


def test_a_country_or_bloc_goes_through_the_hierarchy() -> None:
    europe = actor_filter("Europe")
    assert {"Europe", "France", "European Union", "West"} <= europe.actors
    assert "Russia" not in europe.actors and europe.organisations is None
    us = actor_filter("the US")
    assert {"United States", "Pentagon", "White House"} <= us.actors


@pytest.mark.parametrize("name", ["the Pentagon", "Pentagon", "Kremlin"])
def test_an_institution_is_only_itself(name: str) -> None:
    got = actor_filter(name)
    assert got.actors == got.organisations
    assert len(got.actors) == 1 and next(iter(got.actors)) in name


def test_an_unknown_actor_is_an_error() -> None:
    with pytest.raises(UnknownActorError, match="Narnia"):
        actor_filter("Narnia")


def _kremlin_db(tmp_path: Path) -> Path:
    """Two speakers for Russia, one of them of the Kremlin."""
    path = tmp_path / "kremlin.db"
    text = "Volkov said the talks were useful. Sorokin said the troops would stay."
    volkov = Speaker("Ivan Volkov", "Volkov", "spokesman", "Kremlin", actor="Russia")
    sorokin = Speaker("Oleg Sorokin", "Sorokin", "minister", actor="Russia")
    speakers = [("the talks were useful", volkov), ("the troops would stay", sorokin)]
    statements = []
    for content, speaker in speakers:
        start = text.index(content)
        span = Span(start, start + len(content), content)
        statements.append(Statement(content=span, kind="indirect", speaker=speaker))
    with open_store(str(path)) as store:
        store.add_article(Article.from_text(text, title="Talks", date="2025-01-02"), statements)
    return path


@pytest.mark.parametrize(
    ("actor", "speakers"),
    [("the Kremlin", {"Ivan Volkov"}), ("Russia", {"Ivan Volkov", "Oleg Sorokin"})],
)
def test_an_institution_reads_only_its_own_speakers(
    tmp_path: Path, actor: str, speakers: set[str]
) -> None:
    db = _kremlin_db(tmp_path)
    assert {st.speaker for st in list_statements(db, actor=actor)} == speakers
    with TestClient(create_app(str(db)), base_url="http://127.0.0.1:8000") as client:
        r = client.get("/statements", params={"actor": actor})
    assert {st["speaker"] for st in r.json()["statements"]} == speakers
    with open_store(str(db)) as store:
        answer = ask(store, f"What has {actor} said?")
    assert {st.speaker for st in answer.statements} == speakers


@pytest.mark.parametrize("actor", ["Europe", "United States", "Ukraine", "Russia"])
def test_cli_api_and_answer_read_the_same_statements(seed_db: Path, actor: str) -> None:
    listed = {st.id for st in list_statements(seed_db, actor=actor)}
    assert listed, f"the seed article has statements for {actor}"
    out = CliRunner().invoke(cli, ["statements", "--actor", actor, "--json", "--db", str(seed_db)])
    assert out.exit_code == 0, out.output
    assert {json.loads(line)["id"] for line in out.stdout.splitlines()} == listed
    with TestClient(create_app(str(seed_db)), base_url="http://127.0.0.1:8000") as client:
        r = client.get("/statements", params={"actor": actor, "limit": 1000})
        assert r.status_code == 200, r.text
        assert {st["id"] for st in r.json()["statements"]} == listed
    with open_store(str(seed_db)) as store:
        answer = ask(store, f"What has {actor} said?", limit=1000)
    assert {st.id for st in answer.statements} <= listed
    assert answer.statements
