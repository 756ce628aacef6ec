"""The command line: ingest with bad input, read back, help texts, exit codes."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from saidwhat.cli import cli

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
STATEMENT_FIELDS = {
    "id",
    "article_id",
    "content",
    "content_span",
    "kind",
    "cue",
    "speaker",
    "speaker_mention",
    "role",
    "actor",
    "date",
    "language",
    "confidence",
}


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """A folder of good and bad articles."""
    folder = tmp_path / "news"
    folder.mkdir()
    shutil.copy(EXAMPLES / "seed-article.txt", folder / "seed.txt")
    (folder / "empty.txt").write_text("")
    (folder / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 20)
    (folder / "latin1.txt").write_bytes("Caf\xe9 news\nThe mayor said it.".encode("latin-1"))
    good = {"text": "Budget\nThe mayor said that the budget would grow next year.", "id": "a1"}
    (folder / "mixed.jsonl").write_text(json.dumps(good) + "\n{not json\n")
    (folder / "nobody.html").write_text("<html><head><title>x</title></head></html>")
    (folder / "huge.txt").write_text("Big\n" + "The minister said that it is big. " * 160_000)
    (folder / "unclosed.txt").write_text('Strike\nThe union said: "We strike on Monday\n')
    return folder


@pytest.mark.model
def test_ingest_skips_bad_items_and_keeps_the_rest(corpus: Path, tmp_path: Path) -> None:
    db = str(tmp_path / "t.db")
    runner = CliRunner()
    result = runner.invoke(cli, ["ingest", str(corpus), "--db", db, "--json"])
    assert result.exit_code == 3, result.output
    report = json.loads(result.stdout.strip().splitlines()[-1])
    reasons = {Path(s["origin"].split(":")[0]).name: s["reason"] for s in report["skipped"]}
    assert set(reasons) >= {
        "empty.txt",
        "binary.txt",
        "latin1.txt",
        "mixed.jsonl",
        "nobody.html",
        "huge.txt",
    }
    assert "UTF-8" in reasons["latin1.txt"]
    assert report["articles_stored"] == 3  # seed, the good JSON line, the unclosed quote
    assert report["statements_stored"] >= 25
    again = runner.invoke(cli, ["ingest", str(corpus), "--db", db, "--json"])
    second = json.loads(again.stdout.strip().splitlines()[-1])
    assert second["articles_stored"] == 0
    assert second["store"] == report["store"]  # nothing added, nothing damaged


@pytest.mark.model
def test_statements_json_and_show(tmp_path: Path) -> None:
    db = str(tmp_path / "t.db")
    runner = CliRunner()
    assert runner.invoke(cli, ["ingest", str(EXAMPLES), "--db", db, "-q"]).exit_code == 0
    out = runner.invoke(cli, ["statements", "--speaker", "kirby", "--json", "--db", db])
    assert out.exit_code == 0
    rows = [json.loads(line) for line in out.stdout.splitlines()]
    assert rows and all(set(r) >= STATEMENT_FIELDS for r in rows)
    assert {r["speaker"] for r in rows} == {"John Kirby"}
    assert {r["actor"] for r in rows} == {"United States"}
    assert {r["language"] for r in rows} == {"en"}
    europe = runner.invoke(cli, ["statements", "--actor", "Europe", "--json", "--db", db])
    speakers = {json.loads(line)["speaker"] for line in europe.stdout.splitlines()}
    assert "Western leaders" in speakers and "Russia" not in speakers
    shown = runner.invoke(cli, ["show", rows[0]["article_id"][:8], "--db", db])
    assert shown.exit_code == 0 and "⟦1 " in shown.stdout and "John Kirby" in shown.stdout
    missing = runner.invoke(cli, ["show", "ffffffffff", "--db", db])
    assert missing.exit_code != 0


def test_ingest_without_input_is_a_usage_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["ingest", "--db", str(tmp_path / "t.db")])
    assert result.exit_code == 2
    assert "nothing to read" in result.output


def _commands(group: click.Group) -> list[click.Command]:
    return list(group.commands.values())


@pytest.mark.parametrize("command", _commands(cli), ids=lambda c: c.name)
def test_every_command_and_option_has_help(command: click.Command) -> None:
    assert command.help and len(command.help) > 20
    for param in command.params:
        if isinstance(param, click.Option):
            assert param.help, f"{command.name} {param.opts} has no help text"
