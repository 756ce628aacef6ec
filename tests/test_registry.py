"""The person registry: one person across articles, cautiously (saidwhat.resolve.registry,
saidwhat.store.people, ``saidwhat speakers``, the user's people file).  The people and
sentences are made up for these tests."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from saidwhat.cli import cli
from saidwhat.model import Article, Span, Speaker, Statement, StatementFilter
from saidwhat.resolve.registry import PersonRecord, match, person_tokens, same_person, within
from saidwhat.store import Store, open_store


# ---- the rules ------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("a", "b", "rule"),
    [
        ("Ola Tveiten", "ola  tveiten", "same name"),
        ("Hamad bin Nasser al-Kuwari", "Hamad bin Nasser Al Kuwari", "same name"),
        ("Sheikh Hamad al-Kuwari", "Hamad bin Nasser bin Ali al-Kuwari", "middle names"),
        ("Abbas Karimi", "Abbas Karimy", "spelling"),
        ("Volodymyr Petrenko", "Volodomyr Petrenko", "spelling"),
        ("Kim Jong Un", "Kim Jong Il", None),
        ("Joe Tveiten", "Ola Tveiten", None),
        ("Tveiten", "Ola Tveiten", None),
        # a first name that is also a title is kept when the rest is one word
        ("Sultan al-Hamdan", "Sultan Al Hamdan", "same name"),
    ],
)
def test_when_two_names_are_one_person(a: str, b: str, rule: str | None) -> None:
    assert same_person(person_tokens(a), person_tokens(b)) == rule


def test_a_surname_alone_never_joins_anyone() -> None:
    ola = PersonRecord(1, "Ola Tveiten", ["Ola Tveiten"])
    person, why = match("Tveiten", [ola])
    assert person is None and "one word" in why


def test_two_matching_people_join_none() -> None:
    a = PersonRecord(1, "Abbas Karimi", ["Abbas Karimi"])
    b = PersonRecord(2, "Abbas Karimu", ["Abbas Karimu"])
    person, why = match("Abbas Karimy", [a, b])
    assert person is None and "ambiguous" in why


def test_store_evidence_stays_within_a_year() -> None:
    assert within("2025-03-01", "2024-06-01")
    assert not within("2025-03-01", "2023-01-01")
    assert within(None, "2001-01-01") and within("2025", "2024-12")


# ---- in the store ---------------------------------------------------------------------
def _statement(text: str, said: str, speaker: Speaker) -> Statement:
    at = text.index(said)
    return Statement(content=Span(at, at + len(said), said), kind="indirect", speaker=speaker)


def _article(text: str, date: str) -> Article:
    return Article.from_text(text, title=text.split("\n")[0], date=date)


def _person(name: str, actor: str | None = None, evidence: str | None = None) -> Speaker:
    return Speaker(name=name, mention=name, actor=actor, actor_evidence=evidence, is_person=True)


def _add(store: Store, text: str, said: str, speaker: Speaker, date: str = "2025-03-01") -> None:
    store.add_article(_article(text, date), [_statement(text, said, speaker)])


def test_one_article_ties_a_person_for_the_others(store: Store) -> None:
    _add(
        store,
        "Ferry talks\nNorwegian minister Ola Tveiten said the ferry deal was near.",
        "the ferry deal was near",
        _person("Ola Tveiten", "Norway", "mention"),
    )
    _add(
        store,
        "Ferry deal\nOla Tveiten said the ferries would sail in May.",
        "the ferries would sail in May",
        _person("Ola Tveiten"),
    )
    (later,) = store.statements(
        StatementFilter(speaker="Ola Tveiten", article_id=None), limit=None
    )[1:]
    assert later.actor == "Norway" and later.actor_evidence == "store"
    assert later.person_id is not None
    assert later.to_json()["actor_evidence"] == "store"


def test_an_earlier_statement_gets_the_side_learnt_later(store: Store) -> None:
    _add(
        store,
        "Ferry deal\nOla Tveiten said the ferries would sail in May.",
        "the ferries would sail in May",
        _person("Ola Tveiten"),
    )
    (before,) = store.statements()
    assert before.actor is None
    _add(
        store,
        "Ferry talks\nNorwegian minister Ola Tveiten said the ferry deal was near.",
        "the ferry deal was near",
        _person("Ola Tveiten", "Norway", "mention"),
    )
    first = next(s for s in store.statements() if s.id == before.id)
    assert first.actor == "Norway" and first.actor_evidence == "store"


def test_store_evidence_does_not_reach_across_years(store: Store) -> None:
    _add(
        store,
        "Ferry talks\nNorwegian minister Ola Tveiten said the ferry deal was near.",
        "the ferry deal was near",
        _person("Ola Tveiten", "Norway", "mention"),
        date="2019-01-10",
    )
    _add(
        store,
        "Ferry deal\nOla Tveiten said the ferries would sail in May.",
        "the ferries would sail in May",
        _person("Ola Tveiten"),
        date="2025-03-01",
    )
    later = next(s for s in store.statements() if "ferries" in s.content.text)
    assert later.actor is None


def test_spellings_are_one_person_with_their_reasons(store: Store) -> None:
    for i, name in enumerate(["Abbas Karimi", "Abbas Karimy", "Sheikh Abbas bin Said Karimi"]):
        _add(
            store,
            f"Talks {i}\n{name} said round {i} was over.",
            f"round {i} was over",
            _person(name),
        )
    (person,) = store.people(name="Karimi")
    assert person.name == "Abbas Karimi" and person.statements == 3 and person.articles == 3
    assert person.name_reasons == {
        "Abbas Karimy": "spelling",
        "Sheikh Abbas bin Said Karimi": "middle names",
    }
    assert {s.speaker for s in store.statements()} == {"Abbas Karimi"}


def test_a_shared_surname_is_two_people(store: Store) -> None:
    _add(
        store,
        "A\nJoe Tveiten said the bridge was safe.",
        "the bridge was safe",
        _person("Joe Tveiten"),
    )
    _add(
        store,
        "B\nOla Tveiten said the bridge was shut.",
        "the bridge was shut",
        _person("Ola Tveiten"),
    )
    assert sorted(p.name for p in store.people()) == ["Joe Tveiten", "Ola Tveiten"]


def test_people_the_users_file_names_are_split_and_join_no_one(store: Store) -> None:
    for i, name in enumerate(["Abbas Karimi", "Abbas Karimy"]):
        pinned = Speaker(name=name, mention=name, is_person=True, pinned=True)
        _add(store, f"Talks {i}\n{name} said round {i} was over.", f"round {i} was over", pinned)
    _add(
        store,
        "Talks 3\nAbbas Karimie said round 3 was over.",
        "round 3 was over",
        _person("Abbas Karimie"),
    )
    people = {p.name: p for p in store.people()}
    assert set(people) == {"Abbas Karimi", "Abbas Karimy", "Abbas Karimie"}
    assert people["Abbas Karimi"].name_reasons == {}


# ---- the command and the user's file --------------------------------------------------
FERRY = [
    {
        "title": "Ferry talks",
        "date": "2025-03-01",
        "text": "Ferry talks\n\nNorwegian Foreign Minister Ola Tveiten said on Monday that "
        "the ferry deal was near.",
    },
    {
        "title": "Ferry deal",
        "date": "2025-03-02",
        "text": "Ferry deal\n\nOla Tveiten said on Tuesday that the ferries would sail in May.",
    },
]


def _corpus(tmp_path: Path) -> Path:
    path = tmp_path / "ferry.jsonl"
    path.write_text("".join(json.dumps(a) + "\n" for a in FERRY), encoding="utf-8")
    return path


@pytest.mark.model
def test_speakers_lists_people_with_titles_and_counts(tmp_path: Path) -> None:
    db = str(tmp_path / "s.db")
    runner = CliRunner()
    assert runner.invoke(cli, ["ingest", str(_corpus(tmp_path)), "--db", db, "-q"]).exit_code == 0
    out = runner.invoke(cli, ["speakers", "--json", "--db", db])
    assert out.exit_code == 0, out.output
    people = [json.loads(line) for line in out.stdout.splitlines()]
    ola = next(p for p in people if p["name"] == "Ola Tveiten")
    assert ola["actor"] == "Norway" and ola["statements"] == 2 and ola["articles"] == 2
    assert {"title": "Foreign Minister", "actor": "Norway", "date": "2025-03-01"} in ola["titles"]
    rows = [
        json.loads(line)
        for line in runner.invoke(cli, ["statements", "--json", "--db", db]).stdout.splitlines()
    ]
    bare = next(r for r in rows if "ferries" in r["content"])
    assert (bare["actor"], bare["actor_evidence"]) == ("Norway", "store")
    assert bare["speaker_id"] == ola["id"]
    text = runner.invoke(cli, ["speakers", "--actor", "Europe", "--db", db]).stdout
    assert "Ola Tveiten (Norway): 2 statement(s) in 2 article(s)" in text


@pytest.mark.model
def test_the_users_file_pins_a_person(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    people = tmp_path / "people.json"
    people.write_text(
        json.dumps(
            {
                "people": [
                    {
                        "name": "Ola Tveiten",
                        "terms": [{"office": "Envoy", "actor": "Denmark", "start": "2024"}],
                        "source": "our desk",
                    }
                ]
            }
        ),
        encoding="utf-8",
    )
    monkeypatch.setenv("SAIDWHAT_PEOPLE", str(people))
    db = str(tmp_path / "s.db")
    runner = CliRunner()
    assert runner.invoke(cli, ["ingest", str(_corpus(tmp_path)), "--db", db, "-q"]).exit_code == 0
    rows = [
        json.loads(line)
        for line in runner.invoke(cli, ["statements", "--json", "--db", db]).stdout.splitlines()
    ]
    assert {(r["actor"], r["actor_evidence"]) for r in rows} == {("Denmark", "knowledge")}


@pytest.mark.model
@pytest.mark.parametrize(
    ("content", "said"),
    [
        ('{"people": [\n  {"name": "A B", "terms": [}\n]}', "not JSON"),
        ('{"people": [\n  {"name": "A B", "colour": "red", "terms": []}\n]}', "colour"),
        (
            '{"people": [\n  {"name": "A B", "terms": [{"office": "X", "actor": "Y"}],'
            ' "source": "s"},\n  {"name": "A B", "terms": [{"office": "X", "actor": "Y"}],'
            ' "source": "s"}\n]}',
            "A B",
        ),
    ],
)
def test_a_bad_users_file_is_refused_and_nothing_stored_changes(
    tmp_path: Path, content: str, said: str
) -> None:
    db = str(tmp_path / "s.db")
    runner = CliRunner()
    assert runner.invoke(cli, ["ingest", str(_corpus(tmp_path)), "--db", db, "-q"]).exit_code == 0
    with open_store(db) as store:
        before = [s.to_json() for s in store.statements()]
    people = tmp_path / "people.json"
    people.write_text(content, encoding="utf-8")
    more = tmp_path / "more.jsonl"
    more.write_text(json.dumps({"text": "Talks\n\nAbbas Karimi said it was over."}) + "\n")
    result = subprocess.run(
        [sys.executable, "-m", "saidwhat", "ingest", str(more), "--db", db],
        env={**os.environ, "SAIDWHAT_PEOPLE": str(people)},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 1, result.stderr
    assert str(people) in result.stderr and said in result.stderr
    assert "line" in result.stderr
    with open_store(db) as store:
        assert [s.to_json() for s in store.statements()] == before
        assert store.counts()["articles"] == 2
