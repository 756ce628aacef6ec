"""The store, both backends: round trips, idempotence, filters, search, safety, atomicity."""

from __future__ import annotations

import sqlite3
import threading
from dataclasses import replace
from pathlib import Path

import pytest

from saidwhat.errors import StoreError
from saidwhat.model import Article, Span, Speaker, Statement, StatementFilter
from saidwhat.store import Store, open_store
from saidwhat.store.sqlite import SQLiteStore


def span(text: str, part: str, start: int = 0) -> Span:
    """The span of ``part`` in ``text`` (first occurrence from ``start``)."""
    i = text.index(part, start)
    return Span(i, i + len(part), part)


KIRBY = Speaker(
    name="John Kirby",
    mention="Kirby",
    role="spokesman",
    organisation="Pentagon",
    actor="United States",
    is_person=True,
)
LAVROV = Speaker(name="Sergei Lavrov", mention="Lavrov", actor="Russia", is_person=True)

TEXT_1 = (
    "Talks resume in Geneva\n"
    'Kirby said "we are negotiating a ceasefire" on Monday. '
    "Lavrov told reporters that Moscow wanted guarantees. "
    "An official said the meetings would go on."
)


def article_1(date: str | None = "2024-03-01") -> tuple[Article, list[Statement]]:
    t = TEXT_1
    s1 = span(t, 'Kirby said "we are negotiating a ceasefire" on Monday.')
    s2 = span(t, "Lavrov told reporters that Moscow wanted guarantees.")
    s3 = span(t, "An official said the meetings would go on.")
    statements = [
        Statement(
            content=span(t, "we are negotiating a ceasefire"),
            kind="direct",
            cue=span(t, "said"),
            source=span(t, "Kirby"),
            confidence=0.91,
            attitude="speech",
            sentence=s1,
            speaker=KIRBY,
        ),
        Statement(
            content=span(t, "Moscow wanted guarantees"),
            kind="indirect",
            cue=span(t, "told reporters"),
            source=span(t, "Lavrov"),
            confidence=0.7,
            attitude="intention",
            sentence=s2,
            speaker=LAVROV,
        ),
        Statement(
            content=span(t, "the meetings would go on"),
            kind="indirect",
            cue=span(t, "said", s3.start),
            source=span(t, "An official"),
            confidence=0.4,
            sentence=s3,
        ),
    ]
    art = Article.from_text(
        t,
        title="Talks resume in Geneva",
        date=date,
        url="https://example.org/geneva",
        outlet="Example News",
        origin="/data/geneva.txt",
    )
    return art, statements


TEXT_2 = "Kirby said the talks had stalled. Lavrov rejected the claim."


def article_2(date: str | None = "2024-02-01") -> tuple[Article, list[Statement]]:
    t = TEXT_2
    statements = [
        Statement(
            content=span(t, "the talks had stalled"),
            kind="indirect",
            cue=span(t, "said"),
            source=span(t, "Kirby"),
            sentence=span(t, "Kirby said the talks had stalled."),
            speaker=KIRBY,
        ),
    ]
    return Article.from_text(t, title="Stalled", date=date, outlet="Other Outlet"), statements


def add(store: Store, pair: tuple[Article, list[Statement]]) -> int:
    return store.add_article(*pair)


# -- round trip ------------------------------------------------------------------------


def test_round_trip_all_fields(store: Store) -> None:
    art, sts = article_1()
    assert not store.has_article(art.id)
    assert store.add_article(art, sts) == 3
    assert store.has_article(art.id)
    assert store.article(art.id) == art
    assert store.articles() == [art]
    assert store.counts() == {"articles": 1, "statements": 3, "speakers": 2}

    got = store.statements()
    assert [g.content for g in got] == [s.content for s in sts]
    k, lav, anon = got
    assert k.article_id == art.id
    assert k.kind == "direct" and k.attitude == "speech"
    assert k.cue == sts[0].cue and k.source == sts[0].source and k.sentence == sts[0].sentence
    assert k.confidence == pytest.approx(0.91)
    assert (k.speaker, k.speaker_mention, k.role, k.organisation, k.actor) == (
        "John Kirby",
        "Kirby",
        "spokesman",
        "Pentagon",
        "United States",
    )
    assert (k.date, k.outlet, k.title, k.url) == (
        "2024-03-01",
        "Example News",
        "Talks resume in Geneva",
        "https://example.org/geneva",
    )
    assert lav.attitude == "intention" and lav.role is None and lav.organisation is None
    assert lav.actor == "Russia"
    # No resolved speaker: the source mention is kept, the speaker is None.
    assert anon.speaker is None and anon.actor is None and anon.speaker_mention == "An official"
    for g in got:
        assert art.text[g.content.start : g.content.end] == g.content.text
        assert g.sentence is not None
        assert art.text[g.sentence.start : g.sentence.end] == g.sentence.text
    assert k.to_json()["content_span"] == [sts[0].content.start, sts[0].content.end]
    assert k.to_json()["confidence"] == 0.91


def test_statement_without_optional_spans(store: Store) -> None:
    t = "Peace is near, a diplomat wrote."
    art = Article.from_text(t)
    st = Statement(content=span(t, "Peace is near"), kind="indirect")
    assert store.add_article(art, [st]) == 1
    (got,) = store.statements()
    assert got.cue is None and got.source is None and got.sentence is None
    assert got.speaker is None and got.speaker_mention is None
    assert got.date is None and got.title == ""
    assert store.article(art.id) == art


def test_statements_in_article_order(store: Store) -> None:
    add(store, article_1(date="2024-03-01"))
    add(store, article_2(date="2024-02-01"))
    undated = "A minister said nothing would change."
    art3 = Article.from_text(undated)
    store.add_article(
        art3, [Statement(content=span(undated, "nothing would change"), kind="indirect")]
    )
    got = store.statements()
    dates = [g.date for g in got]
    assert dates == ["2024-02-01"] + ["2024-03-01"] * 3 + [None]
    same = [g.content.start for g in got if g.date == "2024-03-01"]
    assert same == sorted(same)
    assert [a.date for a in store.articles()] == ["2024-02-01", "2024-03-01", None]
    assert len(store.articles(limit=2)) == 2
    assert len(store.statements(limit=2)) == 2


# -- idempotence -----------------------------------------------------------------------


def test_same_article_twice_stored_once(store: Store) -> None:
    pair = article_1()
    assert add(store, pair) == 3
    before = store.counts()
    assert add(store, pair) == 0
    assert store.counts() == before == {"articles": 1, "statements": 3, "speakers": 2}
    assert len(store.search("ceasefire")) == 1


def test_speakers_shared_between_articles(store: Store) -> None:
    add(store, article_1())
    add(store, article_2())
    # Kirby appears in both articles with the same key: one speakers row.
    assert store.counts()["speakers"] == 2
    t = "Kirby, now retired, said little."
    other_role = Speaker(name="John Kirby", mention="Kirby", role="retired", is_person=True)
    store.add_article(
        Article.from_text(t),
        [Statement(content=span(t, "little"), kind="indirect", speaker=other_role)],
    )
    assert store.counts()["speakers"] == 3


def test_concurrent_adds_of_the_same_article(store_location: str) -> None:
    art, sts = article_1()
    open_store(store_location).close()  # create the schema first
    stores = [open_store(store_location) for _ in range(4)]
    results: list[int] = []
    errors: list[BaseException] = []
    barrier = threading.Barrier(len(stores))

    def work(s: Store) -> None:
        try:
            barrier.wait()
            results.append(s.add_article(art, sts))
        except BaseException as e:  # reported by the assertions below
            errors.append(e)

    threads = [threading.Thread(target=work, args=(s,)) for s in stores]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    try:
        assert not errors
        assert sorted(results) == [0, 0, 0, 3]
        assert stores[0].counts() == {"articles": 1, "statements": 3, "speakers": 2}
    finally:
        for s in stores:
            s.close()


# -- filters ---------------------------------------------------------------------------


def test_speaker_filter(store: Store) -> None:
    add(store, article_1())
    add(store, article_2())

    def contents(**kw: object) -> list[str]:
        return [g.content.text for g in store.statements(StatementFilter(**kw))]  # type: ignore[arg-type]

    kirby = ["the talks had stalled", "we are negotiating a ceasefire"]
    assert contents(speaker="kirby") == kirby  # a word of the name, any case
    assert contents(speaker="KIRBY") == kirby
    assert contents(speaker="john kirby") == kirby  # the whole name
    assert contents(speaker="  John   Kirby ") == kirby
    assert contents(speaker="Sergei") == ["Moscow wanted guarantees"]
    assert contents(speaker="an official") == ["the meetings would go on"]  # the mention
    assert contents(speaker="kir") == []  # not a whole word
    assert contents(speaker="john kirby'; DROP TABLE speakers; --") == []
    assert contents(speaker="x' OR '1'='1") == []
    assert contents(speaker="%") == []
    assert store.counts()["speakers"] == 2


def test_actor_article_and_id_filters(store: Store) -> None:
    a1, s1 = article_1()
    a2, s2 = article_2()
    store.add_article(a1, s1)
    store.add_article(a2, s2)
    us = store.statements(StatementFilter(actors=["United States"]))
    assert {g.speaker for g in us} == {"John Kirby"} and len(us) == 2
    both = store.statements(StatementFilter(actors={"United States", "Russia"}))
    assert len(both) == 3
    assert store.statements(StatementFilter(actors=[])) == []
    assert store.statements(StatementFilter(actors=["France"])) == []
    assert store.statements(StatementFilter(actors=["Russia' OR 'a'='a"])) == []

    only1 = store.statements(StatementFilter(article_id=a1.id))
    assert len(only1) == 3 and {g.article_id for g in only1} == {a1.id}
    assert (
        store.statements(StatementFilter(article_id=a1.id, speaker="kirby"))[0].content
        == s1[0].content
    )
    assert (
        store.statements(StatementFilter(article_id=a1.id, actors=["Russia"]))[0].actor == "Russia"
    )

    ids = [g.id for g in only1]
    picked = store.statements(StatementFilter(ids=[ids[2], ids[0]]))
    assert [g.id for g in picked] == [ids[0], ids[2]]
    assert store.statements(StatementFilter(ids=[])) == []
    assert store.statements(StatementFilter(ids=[10_000_000])) == []


def test_article_by_id_prefix(store: Store) -> None:
    text = "Someone said something."
    a = Article(id="abcdef0123456789", text=text)
    b = Article(id="abcdef9999999999", text=text + " More.")
    c = Article(id="0123456789abcdef", text=text + " Other.")
    for art in (a, b, c):
        store.add_article(art, [])
    assert store.article("0123456789abcdef") == c
    assert store.article("012345") == c  # unique prefix of 6
    assert store.article("01234") is None  # too short
    assert store.article("abcdef") is None  # ambiguous
    assert store.article("abcdef0") == a
    assert store.article("abcdef9") == b
    assert store.article("zzzzzzzz") is None
    assert store.article("abcdef%") is None and store.article("abc___") is None
    assert store.counts() == {"articles": 3, "statements": 0, "speakers": 0}


# -- search ----------------------------------------------------------------------------


def test_search_finds_stemmed_words(store: Store) -> None:
    add(store, article_1())
    add(store, article_2())
    by_content = {g.content.text: g.id for g in store.statements()}
    hits = store.search("negotiations")  # stem of "negotiating"
    assert [h[0] for h in hits] == [by_content["we are negotiating a ceasefire"]]
    assert all(isinstance(score, float) for _, score in hits)
    # A word only in the statement's sentence, not its content.
    hits = store.search("Monday")
    assert [h[0] for h in hits] == [by_content["we are negotiating a ceasefire"]]
    # Any word matches; more matching words rank higher.
    hits = store.search("talks stalled guarantees")
    ids = [h[0] for h in hits]
    assert set(ids) == {by_content["the talks had stalled"], by_content["Moscow wanted guarantees"]}
    assert ids[0] == by_content["the talks had stalled"]
    scores = [h[1] for h in hits]
    assert scores == sorted(scores, reverse=True)
    assert store.search("ceasefire", limit=0) == []
    assert store.search("zebra") == []


@pytest.mark.parametrize(
    "query",
    [
        "",
        "   ",
        '"',
        'ceasefire "',
        "NEAR(",
        "NEAR(ceasefire talks",
        "' OR 1=1 --",
        "*",
        "ceas*",
        "a AND OR NOT",
        "-ceasefire",
        "talks:",
        "content: x",
        "^ceasefire",
        "(((",
        "\\",
        "'; DROP TABLE statements; --",
        "\x00",
        "ceasefire " * 200,
        "the a of",
    ],
)
def test_search_hostile_queries(store: Store, query: str) -> None:
    add(store, article_1())
    hits = store.search(query)
    assert isinstance(hits, list)
    assert all(isinstance(i, int) and isinstance(s, float) for i, s in hits)
    if "ceasefire" in query:
        assert len(hits) == 1
    if query.strip() in ("", '"', "*", "(((", "\\", "\x00"):
        assert hits == []
    assert store.counts() == {"articles": 1, "statements": 3, "speakers": 2}


# -- safety ----------------------------------------------------------------------------


def test_hostile_text_is_stored_verbatim(store: Store) -> None:
    evil = "'; DROP TABLE statements; --"
    t = f'A hacker said "{evil}" and "Robert\'); DROP TABLE articles;--" too.'
    art = Article.from_text(t, title=evil, outlet='O\'Brien "Daily"', url="x'); --")
    who = Speaker(name="Robert'); DROP TABLE speakers;--", mention="A hacker")
    sts = [
        Statement(content=span(t, evil), kind="direct", speaker=who, sentence=Span(0, len(t), t)),
        Statement(content=span(t, "Robert'); DROP TABLE articles;--"), kind="direct"),
    ]
    assert store.add_article(art, sts) == 2
    got = store.statements()
    assert [g.content.text for g in got] == [evil, "Robert'); DROP TABLE articles;--"]
    assert got[0].speaker == who.name and got[0].title == evil
    assert got[0].outlet == 'O\'Brien "Daily"'
    assert store.article(art.id) == art
    assert store.counts() == {"articles": 1, "statements": 2, "speakers": 1}
    assert sorted(h[0] for h in store.search("DROP TABLE")) == [g.id for g in got]
    assert len(store.statements(StatementFilter(speaker="Robert'); DROP TABLE speakers;--"))) == 1
    # The tables survive and the store still works.
    add(store, article_2())
    assert store.counts() == {"articles": 2, "statements": 3, "speakers": 2}


# -- atomicity -------------------------------------------------------------------------


def test_invalid_span_leaves_no_half_article(store: Store) -> None:
    art, sts = article_1()
    bad = Statement(content=Span(5, 10_000, "nope"), kind="direct", speaker=LAVROV)
    with pytest.raises(StoreError, match="outside the article text"):
        store.add_article(art, [sts[0], bad])
    mismatched = Statement(content=Span(0, 5, "XXXXX"), kind="direct")
    with pytest.raises(StoreError, match="does not match"):
        store.add_article(art, [sts[0], sts[1], mismatched])
    assert not store.has_article(art.id)
    assert store.counts() == {"articles": 0, "statements": 0, "speakers": 0}
    assert store.search("ceasefire") == []
    # The failed attempts do not block a correct one.
    assert store.add_article(art, sts) == 3


def test_failure_after_article_insert_rolls_back(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    art, sts = article_1()
    import saidwhat.store.sql as backend  # both backends write their rows through it

    real = backend.statement_values
    calls = []

    def explode(*args: object, **kw: object) -> object:
        calls.append(1)
        if len(calls) == 2:
            raise RuntimeError("crash in the middle")
        return real(*args, **kw)

    monkeypatch.setattr(backend, "statement_values", explode)
    with pytest.raises(RuntimeError, match="crash in the middle"):
        store.add_article(art, sts)
    assert len(calls) == 2  # the article row and one statement were written, then undone
    assert not store.has_article(art.id)
    assert store.article(art.id) is None
    assert store.counts() == {"articles": 0, "statements": 0, "speakers": 0}
    assert store.search("ceasefire") == []
    monkeypatch.setattr(backend, "statement_values", real)
    assert store.add_article(art, sts) == 3


def test_a_batch_leaves_out_only_the_article_that_fails(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    import saidwhat.store.sql as backend

    art1, sts1 = article_1()
    art2, sts2 = article_2()
    bad_text = "Nobody said anything here."
    bad = (Article.from_text(bad_text), [Statement(content=Span(0, 99, "nope"), kind="direct")])
    results = store.add_articles([(art1, sts1, None), (*bad, None), (art2, sts2, None)])
    assert results[0] == len(sts1) and results[2] == len(sts2)
    assert isinstance(results[1], StoreError)
    assert "outside the article text" in str(results[1])
    assert store.has_article(art1.id) and store.has_article(art2.id)
    assert not store.has_article(bad[0].id)
    assert store.counts()["statements"] == len(sts1) + len(sts2)
    # Stored again: already there, nothing added.
    assert store.add_articles([(art1, sts1, None), (art2, sts2, None)]) == [0, 0]

    # A failure in the middle of one article's statements undoes that article only.
    third = Article.from_text(article_1()[0].text + " Again.", title="Again")
    again = [replace(st) for st in sts1]
    real = backend.statement_values
    calls: list[int] = []

    def explode(*args: object, **kw: object) -> object:
        calls.append(1)
        if len(calls) == 2:
            raise RuntimeError("crash in the middle")
        return real(*args, **kw)

    monkeypatch.setattr(backend, "statement_values", explode)
    before = store.counts()
    results = store.add_articles([(third, again, None), (*bad, None)])
    assert isinstance(results[0], RuntimeError) and isinstance(results[1], StoreError)
    assert not store.has_article(third.id)
    assert store.counts() == before


def test_bad_kind_is_a_store_error_and_rolls_back(store: Store) -> None:
    t = "X said y."
    st = Statement(content=span(t, "y"), kind="shouted")  # type: ignore[arg-type]
    with pytest.raises(StoreError):
        store.add_article(Article.from_text(t), [st])
    assert store.counts()["articles"] == 0


# -- opening ---------------------------------------------------------------------------


def test_sqlite_file_setup(tmp_path: Path) -> None:
    path = tmp_path / "a" / "b" / "c.db"
    with open_store(path) as s:
        assert isinstance(s, SQLiteStore)
        add(s, article_1())
    assert path.exists()
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA user_version").fetchone()[0] >= 1
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
        assert {"articles", "speakers", "statements", "statements_fts"} <= tables
        assert "actors" not in tables  # dropped in schema version 6: nothing used it
    finally:
        conn.close()
    with open_store(str(path)) as s:  # reopening keeps the data
        assert s.counts() == {"articles": 1, "statements": 3, "speakers": 2}
        assert len(s.search("ceasefire")) == 1


def test_sqlite_memory_store() -> None:
    with open_store(":memory:") as s:
        assert add(s, article_1()) == 3
        assert s.counts()["statements"] == 3


def test_not_a_database_file_is_a_store_error(tmp_path: Path) -> None:
    junk = tmp_path / "notes.txt"
    junk.write_text("These are my notes, not a database.\n" * 100)
    with pytest.raises(StoreError, match="not a saidwhat SQLite database") as e:
        open_store(junk)
    assert "another database path" in str(e.value)
    assert junk.read_text().startswith("These are my notes")  # left untouched


def test_directory_is_a_store_error(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="is a directory") as e:
        SQLiteStore(str(tmp_path))
    assert "saidwhat.db" in str(e.value)


def test_newer_schema_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "new.db"
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA user_version = 999")
    conn.close()
    with pytest.raises(StoreError, match="newer"):
        open_store(path)


@pytest.mark.postgres
def test_open_store_dispatches_on_url(postgres_url: str, tmp_path: Path) -> None:
    from saidwhat.store.postgres import PostgresStore

    with open_store(postgres_url) as s:
        assert isinstance(s, PostgresStore)
        add(s, article_1())
    alt = postgres_url.replace("postgresql://", "postgres://", 1)
    with open_store(alt) as s:
        assert isinstance(s, PostgresStore)
        assert s.counts()["statements"] == 3
    with open_store(tmp_path / "x.db") as s:
        assert isinstance(s, SQLiteStore)
        assert s.counts()["statements"] == 0


@pytest.mark.postgres
def test_postgres_unreachable_is_a_store_error(postgres_server: object, tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="cannot connect to PostgreSQL") as e:
        open_store(f"postgresql://nobody:secret@/nope?host={tmp_path}")
    assert "secret" not in str(e.value)


SPLIT = (
    '"The talks will resume in May," said Anna Berg, a spokeswoman for the ministry '
    'who joined it last year. "Nobody should expect a deal before the summer."'
)


def _split_statement() -> Statement:
    first = span(SPLIT, '"The talks will resume in May,"')
    second = span(SPLIT, '"Nobody should expect a deal before the summer."')
    whole = Span(first.start, second.end, SPLIT[first.start : second.end])
    return Statement(content=whole, kind="direct", pieces=(first, second))


def test_content_pieces_round_trip(store: Store) -> None:
    st = _split_statement()
    assert store.add_article(Article.from_text(SPLIT), [st]) == 1
    (got,) = store.statements()
    assert got.pieces == st.pieces and got.content == st.content
    assert got.said == (
        '"The talks will resume in May," … "Nobody should expect a deal before the summer."'
    )
    assert got.to_json()["content_pieces"] == [p.to_list() for p in st.pieces]
    assert "Anna Berg" in got.to_json()["content"] and "Anna Berg" not in got.to_json()["said"]


def test_content_piece_outside_its_content_stores_nothing(store: Store) -> None:
    st = _split_statement()
    bad = replace(st, content=st.pieces[0], pieces=st.pieces)
    with pytest.raises(StoreError, match="content piece"):
        store.add_article(Article.from_text(SPLIT), [bad])
    assert store.statements() == []


def test_a_version_2_store_gets_content_pieces(store_location: str, downgrade_store) -> None:
    t = "Peace is near, a diplomat wrote."
    old = Statement(content=span(t, "Peace is near"), kind="indirect")
    with open_store(store_location) as s:
        s.add_article(Article.from_text(t), [old])
    downgrade_store(
        store_location,
        2,
        [
            "ALTER TABLE statements DROP COLUMN content_pieces",
            "ALTER TABLE articles DROP COLUMN language",
        ],
    )
    with open_store(store_location) as s:
        (kept,) = s.statements()
        assert kept.content == old.content and kept.pieces == ()
        s.add_article(Article.from_text(SPLIT), [_split_statement()])
        assert [g.pieces for g in s.statements()].count(_split_statement().pieces) == 1


ACTORS_V5 = {
    "sqlite": "CREATE TABLE actors (name TEXT PRIMARY KEY, kind TEXT,"
    " parents TEXT NOT NULL DEFAULT '[]')",
    "postgres": "CREATE TABLE actors (name TEXT PRIMARY KEY, kind TEXT,"
    " parents JSONB NOT NULL DEFAULT '[]'::jsonb)",
}
"""The ``actors`` table of schema versions 1 to 5, which nothing wrote."""


def _tables(location: str) -> set[str]:
    if location.startswith("postgresql://"):
        import psycopg

        with psycopg.connect(location) as conn:
            rows = conn.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()"
            ).fetchall()
        return {r[0] for r in rows}
    conn = sqlite3.connect(location)
    try:
        return {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    finally:
        conn.close()


def test_a_version_5_store_loses_the_actors_table_and_keeps_its_data(
    store_location: str, downgrade_store
) -> None:
    from saidwhat.store.schema import SCHEMA_VERSION

    assert SCHEMA_VERSION == 6
    with open_store(store_location) as store:
        add(store, article_1())
        add(store, article_2())
        want = [s.to_json() for s in store.statements()]
        people = store.people()
        counts = store.counts()
    backend = "postgres" if store_location.startswith("postgresql://") else "sqlite"
    downgrade_store(store_location, 5, [ACTORS_V5[backend]])
    assert "actors" in _tables(store_location)
    with open_store(store_location) as store:
        assert [s.to_json() for s in store.statements()] == want
        assert store.people() == people
        assert store.counts() == counts and counts["articles"] == 2
        assert len(store.search("ceasefire")) == 1
    assert "actors" not in _tables(store_location)
    if backend == "sqlite":
        conn = sqlite3.connect(store_location)
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 6
        conn.close()
