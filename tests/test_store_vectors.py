"""Sentence vectors and change counters kept by the store, on both backends: written at
ingest (in-process and on dask workers) or at the first question, read back by a later
process without computing them again, and carried over from older stores."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from saidwhat.model import Article, Span, Speaker, Statement, StatementFilter, Vectors
from saidwhat.search import embed
from saidwhat.search.embed import (
    MODEL_ID,
    embed_analysed,
    ensure_embeddings,
    from_blob,
    vector_index,
)
from saidwhat.store import Store, open_store

SRC = Path(__file__).resolve().parent.parent / "src"

TEXTS = [
    "Kremlin spokesman Dmitry Peskov said Russia would reduce military activity near Kyiv. "
    "Secretary of State Antony Blinken said Russia must stop shelling the city.",
    "Prime Minister Anna Berg said the new port would be built by next year.",
]


def _article(text: str, date: str = "2022-03-02") -> tuple[Article, list[Statement]]:
    """An article whose every sentence is one statement: '<speaker> said <content>.'"""
    art = Article.from_text(text, title=text.split(" said")[0], date=date, outlet="Test")
    sts = []
    start = 0
    for sentence in [s + "." for s in text.rstrip(".").split(". ")]:
        s0 = text.index(sentence, start)
        start = s0 + len(sentence)
        who, content = sentence[:-1].split(" said ", 1)
        c0 = text.index(content, s0)
        q0 = text.index(" said ", s0) + 1
        name = " ".join(who.split()[-2:])
        sts.append(
            Statement(
                content=Span(c0, c0 + len(content), content),
                kind="indirect",
                cue=Span(q0, q0 + 4, "said"),
                sentence=Span(s0, start, sentence),
                speaker=Speaker(name, who, None, actor="Russia", is_person=True),
            )
        )
    return art, sts


def _blob(seed: int) -> bytes:
    v = np.random.default_rng(seed).standard_normal(embed.DIM).astype(np.float32)
    return embed.to_blob(v / np.linalg.norm(v))


# -- store methods, both backends -----------------------------------------------------


def test_vectors_stored_with_the_article_and_read_back(store: Store) -> None:
    art, sts = _article(TEXTS[0])
    before = store.changes()
    vec = Vectors("m", (_blob(1), _blob(2)), _blob(3))
    assert store.add_article(art, sts, vec) == 2
    after = store.changes()
    assert after.statements > before.statements and after.vectors > before.vectors
    stored = store.vectors("m")
    ids = [s.id for s in store.statements()]
    assert stored.statements == [(ids[0], art.id, _blob(1)), (ids[1], art.id, _blob(2))]
    assert stored.articles == [(art.id, _blob(3))]
    assert store.statements_without_vectors("m") == []
    assert store.articles_without_vectors("m", 100) == []
    assert store.count_without_vectors("m") == 0
    # another model's vectors are another matter
    assert store.count_without_vectors("other") == 2
    assert store.vectors("other").statements == []
    # the same article again: nothing written, nothing changed
    assert store.add_article(art, sts, vec) == 0
    assert store.changes() == after


def test_missing_vectors_listed_and_put(store: Store) -> None:
    art, sts = _article(TEXTS[0])
    store.add_article(art, sts)  # no vectors
    ids = [s.id for s in store.statements()]
    missing = store.statements_without_vectors("m")
    assert [m[0] for m in missing] == ids
    assert missing[0][1] == sts[0].content.text and missing[0][2] == sts[0].sentence.text
    assert store.statements_without_vectors("m", limit=1) == missing[:1]
    assert store.articles_without_vectors("m", 10) == [(art.id, art.title, art.text[:10])]
    empty = Article.from_text("Nothing was said here at all.", title="Quiet")
    store.add_article(empty, [])  # no statements: no vector wanted
    assert [a[0] for a in store.articles_without_vectors("m", 10)] == [art.id]
    before = store.changes()
    store.put_vectors("m", [(ids[0], _blob(1))], [(art.id, _blob(3))])
    assert store.changes().vectors > before.vectors
    assert store.changes().statements == before.statements
    assert store.count_without_vectors("m") == 1
    store.put_vectors("m", [(ids[0], _blob(5)), (ids[1], _blob(2))])  # replaces
    assert [v for _, _, v in store.vectors("m").statements] == [_blob(5), _blob(2)]
    store.put_vectors("m")  # nothing to do
    with pytest.raises(ValueError):
        store.add_article(*_article(TEXTS[1]), Vectors("m", (), None))


def test_changes_count_deleted_statements(store_location: str) -> None:
    with open_store(store_location) as s:
        art, sts = _article(TEXTS[0])
        s.add_article(art, sts, Vectors("m", (_blob(1), _blob(2)), _blob(3)))
        before = s.changes()
    _run_sql(store_location, [f"DELETE FROM articles WHERE id = '{art.id}'"])
    with open_store(store_location) as s:
        assert s.changes().statements > before.statements
        assert s.vectors("m").statements == [] and s.vectors("m").articles == []


def test_filter_rows(store: Store) -> None:
    art, sts = _article(TEXTS[0])
    store.add_article(art, sts)
    rows = store.filter_rows()
    ids = [s.id for s in store.statements()]
    assert [r[0] for r in rows.statements] == ids
    assert {r[3] for r in rows.statements} == {"2022-03-02"}
    assert {r[4] for r in rows.statements} == {art.id}
    assert {r[1] for r in rows.speakers} == {"Dmitry Peskov", "Antony Blinken"}


def test_store_filter_article_ids_and_dates(store: Store) -> None:
    a1, s1 = _article(TEXTS[0], "2022-03-02")
    a2, s2 = _article(TEXTS[1], "2023-01-15")
    store.add_article(a1, s1)
    store.add_article(a2, s2)
    from saidwhat.search.hybrid import filtered_ids

    for where in (
        StatementFilter(article_id=a2.id),
        StatementFilter(since="2023"),
        StatementFilter(until="2022-03"),
        StatementFilter(since="2022-03-03"),
        StatementFilter(speaker_names={"anna berg", "Dmitry Peskov"}),
        StatementFilter(ids=[1, 3], since="2022"),
        StatementFilter(organisations=set(), actors={"Russia"}),
    ):
        got = [s.id for s in store.statements(where)]
        assert got == filtered_ids(store, where), where


# -- computing vectors: at ingest, at the first question, once -------------------------


def test_ingest_vectors_match_the_ones_computed_later(store: Store) -> None:
    art, sts = _article(TEXTS[0])
    (vectors,) = embed_analysed([(art, sts)])
    assert vectors is not None and len(vectors.statements) == 2
    store.add_article(art, sts, vectors)
    assert store.count_without_vectors(MODEL_ID) == 0 and ensure_embeddings(store) == 0
    at_ingest = vector_index(store)
    # the same texts computed at the first question (a store ingested without them)
    later = open_store(":memory:")
    later.add_article(art, sts)
    assert later.count_without_vectors(MODEL_ID) == 2
    assert ensure_embeddings(later) == 2
    lazily = vector_index(later)
    assert np.allclose(at_ingest.matrix, lazily.matrix, atol=1e-5)
    assert np.allclose(at_ingest.art_matrix, lazily.art_matrix, atol=1e-5)
    later.close()
    assert embed_analysed([(art, [])]) == [None]


def test_pipeline_embeds_at_ingest_unless_turned_off(tmp_path: Path, monkeypatch) -> None:
    pytest.importorskip("spacy")
    from saidwhat.pipeline import Pipeline, ingest_articles

    pipeline = Pipeline()
    text = (Path(__file__).resolve().parent.parent / "examples" / "seed-article.txt").read_text()
    art = Article.from_text(text, title=text.splitlines()[0], date="2022-03-31")
    with open_store(tmp_path / "on.db") as s:
        report = ingest_articles([art], s, pipeline=pipeline)
        assert report.statements_stored > 0
        assert s.count_without_vectors(MODEL_ID) == 0
        assert len(s.vectors(MODEL_ID).articles) == 1
    monkeypatch.setenv("SAIDWHAT_EMBED_AT_INGEST", "0")
    with open_store(tmp_path / "off.db") as s:
        ingest_articles([art], s, pipeline=Pipeline(nlp=pipeline.nlp))
        assert s.count_without_vectors(MODEL_ID) == report.statements_stored


@pytest.mark.postgres
def test_postgres_second_process_answers_without_embedding(postgres_url: str) -> None:
    """A PostgreSQL store keeps its vectors: a new process's first question encodes the
    question only, not the store."""
    with open_store(postgres_url) as s:
        for t in TEXTS:
            s.add_article(*_article(t))  # stored without vectors (as before version 5)
        assert ensure_embeddings(s) == 3  # the first process computes them once
    script = (
        "import json, sys\n"
        "from saidwhat.search import embed\n"
        "from saidwhat.answer import ask\n"
        "from saidwhat.store import open_store\n"
        "texts = []\n"
        "encode = embed.Embedder.encode\n"
        "def counting(self, t, **kw):\n"
        "    texts.extend(t)\n"
        "    return encode(self, t, **kw)\n"
        "embed.Embedder.encode = counting\n"
        "with open_store(sys.argv[1]) as s:\n"
        "    a = ask(s, 'What has Russia said about the troops near Kyiv?')\n"
        "    n = sum(len(g.statements) for g in a.actors)\n"
        "print(json.dumps({'texts': texts, 'found': n}))\n"
    )
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    out = subprocess.run(
        [sys.executable, "-c", script, postgres_url],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        check=True,
    )
    got = json.loads(out.stdout.strip().splitlines()[-1])
    assert got["found"] > 0
    assert got["texts"] == ["the troops near Kyiv"]  # the question's topic, nothing else


def test_vectors_computed_once_per_store_not_per_process(store_location: str) -> None:
    with open_store(store_location) as s:
        s.add_article(*_article(TEXTS[0]))
        assert ensure_embeddings(s) == 2
        assert ensure_embeddings(s) == 0
        first = vector_index(s)
        assert vector_index(s) is first  # kept while the store does not change
        s.add_article(*_article(TEXTS[1]))
        assert ensure_embeddings(s) == 1
        assert len(vector_index(s).ids) == 3
    with open_store(store_location) as s:  # as a new process would
        assert ensure_embeddings(s) == 0
        assert len(vector_index(s).ids) == 3


# -- older stores ------------------------------------------------------------------------


def _run_sql(location: str, statements: list[str]) -> None:
    if location.startswith("postgresql://"):
        import psycopg

        with psycopg.connect(location, autocommit=True) as conn:
            for q in statements:
                conn.execute(q)  # type: ignore[arg-type]
        return
    db = sqlite3.connect(location)
    db.execute("PRAGMA foreign_keys = ON")
    for q in statements:
        db.execute(q)
    db.commit()
    db.close()


def test_a_version_4_store_gets_the_vector_tables(store_location: str, downgrade_store) -> None:
    with open_store(store_location) as s:
        s.add_article(*_article(TEXTS[0]))
    downgrade_store(store_location, 4, [])
    with open_store(store_location) as s:
        assert s.changes().statements >= 0
        assert s.count_without_vectors(MODEL_ID) == 2
        assert ensure_embeddings(s) == 2
        s.add_article(*_article(TEXTS[1]))
        assert s.changes().statements > 0
        assert ensure_embeddings(s) == 1


def test_a_sqlite_version_4_store_keeps_its_vectors(tmp_path: Path, downgrade_store) -> None:
    """Before version 5 the search made its vector tables itself, in SQLite stores only:
    they have the shape version 5 gives them, and their vectors stay."""
    path = str(tmp_path / "old.db")
    with open_store(path) as s:
        s.add_article(*_article(TEXTS[0]))
        ids = [st.id for st in s.statements()]
        art = s.articles()[0].id
    downgrade_store(path, 4, [])
    _run_sql(
        path,
        [
            "CREATE TABLE embeddings (statement_id INTEGER PRIMARY KEY REFERENCES"
            " statements(id) ON DELETE CASCADE, model TEXT NOT NULL, vector BLOB NOT NULL)",
            "CREATE TABLE article_embeddings (article_id TEXT PRIMARY KEY REFERENCES"
            " articles(id) ON DELETE CASCADE, model TEXT NOT NULL, vector BLOB NOT NULL)",
        ],
    )
    db = sqlite3.connect(path)
    db.executemany(
        "INSERT INTO embeddings VALUES (?, ?, ?)",
        [(ids[0], MODEL_ID, _blob(1)), (ids[1], MODEL_ID, _blob(2))],
    )
    db.execute("INSERT INTO article_embeddings VALUES (?, ?, ?)", (art, MODEL_ID, _blob(3)))
    db.commit()
    db.close()
    with open_store(path) as s:
        assert s.count_without_vectors(MODEL_ID) == 0
        assert ensure_embeddings(s) == 0
        index = vector_index(s)
        assert np.array_equal(index.matrix[0], from_blob(_blob(1)))


def test_an_early_version_5_store_gets_the_vector_tables(
    store_location: str, downgrade_store
) -> None:
    """A store made by a build of version 5 before the vectors moved into the store."""
    with open_store(store_location) as s:
        s.add_article(*_article(TEXTS[0]))
    downgrade_store(
        store_location,
        5,
        [
            "DROP TRIGGER IF EXISTS statements_changed_delete",
            "DROP TABLE store_changes",
            "DROP TABLE article_embeddings",
            "DROP TABLE embeddings",
        ],
    )
    with open_store(store_location) as s:
        assert s.count_without_vectors(MODEL_ID) == 2
        s.put_vectors(MODEL_ID, [(st.id, _blob(1)) for st in s.statements()])
        assert s.count_without_vectors(MODEL_ID) == 0


def test_ingest_no_embed_flag(tmp_path: Path) -> None:
    pytest.importorskip("spacy")
    from click.testing import CliRunner

    from saidwhat.cli import cli

    seed = Path(__file__).resolve().parent.parent / "examples" / "seed-article.txt"
    for flag, missing in (("--no-embed", True), ("--embed", False)):
        db = str(tmp_path / f"{flag}.db")
        result = CliRunner().invoke(cli, ["ingest", str(seed), "--db", db, "-q", flag])
        assert result.exit_code == 0, result.output
        with open_store(db) as s:
            assert (s.count_without_vectors(MODEL_ID) > 0) is missing
