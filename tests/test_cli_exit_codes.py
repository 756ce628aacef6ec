"""The installed ``saidwhat`` command, run as a subprocess, returns each documented exit
code (0 done, 1 error, 2 bad usage, 3 done but some input skipped): CliRunner calls the
click command itself and would hide what ``main`` returns to the shell.  Also: read
commands refuse a missing store and create nothing; statements export as CSV/JSON."""

from __future__ import annotations

import csv
import io
import json
import shutil
import socket
from pathlib import Path

import pytest

from support import run_cli as run

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder with the demo's store, filled by an ingest that must exit 0."""
    folder = tmp_path_factory.mktemp("exit")
    done = run("ingest", str(EXAMPLES), "--db", "demo.db", "-q", cwd=folder)
    assert done.returncode == 0, done.stderr
    return folder


# -- 0: done ---------------------------------------------------------------------------


@pytest.mark.model
def test_exit_0_done_and_the_store_is_named(demo: Path) -> None:
    done = run("statements", "--db", "demo.db", "--speaker", "Kirby", cwd=demo)
    assert done.returncode == 0, done.stderr
    assert "John Kirby" in done.stdout
    assert "store: demo.db (1 article(s), 25 statement(s))" in done.stderr


# -- 1: error --------------------------------------------------------------------------


def test_exit_1_read_of_a_missing_store_creates_nothing(tmp_path: Path) -> None:
    done = run("statements", "--db", "missing.db", cwd=tmp_path)
    assert done.returncode == 1
    assert "no store at missing.db; run `saidwhat ingest` first" in done.stderr
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    "command", [["ask", "What did Russia say?"], ["speakers"], ["show", "d0d349f2fa"]]
)
def test_exit_1_no_read_command_creates_a_store_or_its_folder(
    tmp_path: Path, command: list[str]
) -> None:
    db = tmp_path / "no" / "such" / "dir" / "x.db"
    done = run(*command, "--db", str(db), cwd=tmp_path)
    assert done.returncode == 1
    assert f"no store at {db}" in done.stderr
    assert list(tmp_path.iterdir()) == []


def test_exit_1_an_empty_file_is_no_store(tmp_path: Path) -> None:
    (tmp_path / "empty.db").touch()
    done = run("statements", "--db", "empty.db", "--json", cwd=tmp_path)
    assert done.returncode == 1 and "no store at empty.db" in done.stderr
    assert (tmp_path / "empty.db").stat().st_size == 0


def test_exit_1_ingest_of_a_path_that_does_not_exist(tmp_path: Path) -> None:
    done = run("ingest", "exmaples/", "--db", "x.db", cwd=tmp_path)
    assert done.returncode == 1
    assert "no such file or folder: exmaples/" in done.stderr
    assert list(tmp_path.iterdir()) == []  # no store made for nothing


def test_exit_1_ingest_that_reads_nothing(tmp_path: Path) -> None:
    (tmp_path / "news").mkdir()
    (tmp_path / "news" / "empty.txt").write_text("")
    done = run("ingest", "news", "--db", "x.db", cwd=tmp_path)
    assert done.returncode == 1
    assert "skipped news/empty.txt: empty file" in done.stderr
    assert "no article could be read" in done.stderr


def test_exit_1_eval_of_a_json_document_or_a_file_without_gold(tmp_path: Path) -> None:
    gold = [{"id": "a", "text": "The mayor said it.", "attributions": []}]
    (tmp_path / "gold.json").write_text(json.dumps(gold))
    done = run("eval", "gold.json", cwd=tmp_path)
    assert done.returncode == 1 and "a JSON document (a list), not JSON Lines" in done.stderr
    (tmp_path / "articles.jsonl").write_text(json.dumps({"id": "a", "text": "x"}) + "\n")
    done = run("eval", "articles.jsonl", cwd=tmp_path)
    assert done.returncode == 1 and 'no line has an "attributions" list' in done.stderr


def test_exit_1_extract_of_plain_text(tmp_path: Path) -> None:
    done = run(
        "extract", str(EXAMPLES / "seed-article.txt"), "--predictions", "p.jsonl", cwd=tmp_path
    )
    assert done.returncode == 1
    assert "not JSON Lines" in done.stderr and done.stderr.count("\n") == 1
    assert not (tmp_path / "p.jsonl").exists()


@pytest.mark.model
def test_exit_1_serve_on_a_busy_port(demo: Path) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        done = run("serve", "--db", "demo.db", "--port", str(port), cwd=demo, timeout=120)
    assert done.returncode == 1, done.stderr
    assert f"cannot listen on 127.0.0.1:{port}: the port is in use" in done.stderr


# -- 2: bad usage ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "args", [["ingest"], ["no-such-command"], ["statements", "--limit", "0"], ["ask"]]
)
def test_exit_2_bad_usage(tmp_path: Path, args: list[str]) -> None:
    done = run(*args, cwd=tmp_path)
    assert done.returncode == 2, done.stderr
    assert list(tmp_path.iterdir()) == []


# -- 3: done, but some input skipped ---------------------------------------------------


@pytest.mark.model
def test_exit_3_ingest_with_a_skipped_file(demo: Path) -> None:
    news = demo / "news"
    news.mkdir()
    shutil.copy(EXAMPLES / "seed-article.txt", news / "seed.txt")
    (news / "empty.txt").write_text("")
    done = run("ingest", "news", "--db", "demo.db", cwd=demo)
    assert done.returncode == 3, done.stderr
    assert "skipped news/empty.txt: empty file" in done.stderr
    assert "store demo.db now holds 1 article(s)" in done.stderr


def test_exit_3_eval_of_predictions_for_some_articles(tmp_path: Path) -> None:
    gold = [
        {"id": i, "text": "The mayor said that taxes rise.", "attributions": []}
        for i in ("a", "b", "c")
    ]
    (tmp_path / "gold.jsonl").write_text("".join(json.dumps(g) + "\n" for g in gold))
    (tmp_path / "pred.jsonl").write_text(json.dumps({"id": "a", "quotes": []}) + "\n")
    done = run("eval", "gold.jsonl", "--pred", "pred.jsonl", "--json", cwd=tmp_path)
    assert done.returncode == 3
    assert "predictions cover 1 of 3 gold articles" in done.stderr
    assert json.loads(done.stdout)["all"]["content_overlap"]["gold"] == 0


# -- export ----------------------------------------------------------------------------


@pytest.mark.model
def test_statements_export_csv_and_json_have_the_fields_of_json(demo: Path) -> None:
    lines = run("statements", "--db", "demo.db", "--json", cwd=demo)
    as_json = [json.loads(line) for line in lines.stdout.splitlines()]
    whole = run("statements", "--db", "demo.db", "--format", "json", cwd=demo)
    assert json.loads(whole.stdout) == as_json
    table = run("statements", "--db", "demo.db", "--format", "csv", cwd=demo)
    assert table.returncode == 0, table.stderr
    rows = list(csv.DictReader(io.StringIO(table.stdout, newline="")))
    assert len(rows) == len(as_json) == 25
    assert list(rows[0]) == list(as_json[0])
    for row, obj in zip(rows, as_json, strict=True):
        assert row["said"] == obj["said"] and row["outlet"] == "AS USA"
        assert json.loads(row["content_span"]) == obj["content_span"]
        assert row["cue"] == (obj["cue"] or "")


def test_statements_csv_of_nothing_is_its_header() -> None:
    from saidwhat.read import STATEMENT_FIELDS, statements_csv

    assert statements_csv([]).strip() == ",".join(STATEMENT_FIELDS)


def test_statement_fields_are_those_of_json(seed_db: Path) -> None:
    from saidwhat.read import STATEMENT_FIELDS, list_statements

    first = list_statements(seed_db, limit=1)[0].to_json()
    assert tuple(first)[: len(STATEMENT_FIELDS)] == STATEMENT_FIELDS


def test_api_statements_csv(seed_db: Path) -> None:
    from fastapi.testclient import TestClient

    from saidwhat.api import create_app

    with TestClient(create_app(seed_db)) as client:
        as_json = client.get("/statements", params={"speaker": "Kirby"}).json()["statements"]
        got = client.get("/statements.csv", params={"speaker": "Kirby"})
    assert got.status_code == 200 and got.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(got.text, newline="")))
    assert as_json and [r["id"] for r in rows] == [str(s["id"]) for s in as_json]
    assert list(rows[0]) == list(as_json[0])


def test_the_store_line_leaves_a_password_out() -> None:
    from saidwhat.cli.common import shown_location

    assert (
        shown_location("postgresql://me:secret@db:5432/news") == "postgresql://me:***@db:5432/news"
    )
    assert shown_location("out/demo.db") == "out/demo.db"
