"""Near-duplicate statements across outlets (saidwhat.store.dedupe), both backends."""

from __future__ import annotations

import itertools
import sqlite3
from pathlib import Path

import pytest

from saidwhat.model import Article, Span, Speaker, Statement, StatementFilter
from saidwhat.overlap import jaccard
from saidwhat.store import Store, open_store
from saidwhat.store.dedupe import content_key, prefix, shingles, similar

DAHL = Speaker(name="Ola Dahl", mention="Dahl", role="fisheries minister", is_person=True)
BERG = Speaker(name="Anna Berg", mention="Berg", is_person=True)

QUOTE = "We will not accept any deal that leaves our fishermen without their waters"


def _article(
    outlet: str, date: str | None, quote: str, speaker: Speaker | None, extra: str = ""
) -> tuple[Article, list[Statement]]:
    """An article by ``outlet`` quoting ``quote`` (and, when given, one more quote)."""
    who = speaker.mention if speaker else "A minister"
    text = f"{outlet} reports\n“{quote}”, {who} said on Monday."
    if extra:
        text += f' "{extra}," {who} added.'
    statements = []
    for q in [quote, extra] if extra else [quote]:
        start = text.index(q)
        src = text.index(who, start)
        statements.append(
            Statement(
                content=Span(start, start + len(q), q),
                kind="direct",
                cue=Span(src + len(who) + 1, src + len(who) + 5, "said")
                if q == quote
                else Span(src + len(who) + 1, src + len(who) + 6, "added"),
                source=Span(src, src + len(who), who),
                speaker=speaker,
            )
        )
    art = Article.from_text(text, title=f"{outlet} reports", date=date, outlet=outlet)
    return art, statements


def _corpus() -> list[tuple[Article, list[Statement]]]:
    """Four outlets: three carry the quote (with small differences), one does not."""
    return [
        _article("Coast News", "2024-01-03", QUOTE + "!", DAHL),
        _article("Daily Bugle", "2024-01-01", QUOTE.upper(), DAHL, extra=QUOTE + " at all"),
        _article(
            "The Herald",
            "2024-01-02",
            "we will NOT accept any deal that leaves our fishermen without their waters, ever",
            None,
        ),  # fmt: skip
        _article("Farm Weekly", "2024-01-01", "The new tax plan would hurt small farms", BERG),
    ]


def _groups(store: Store) -> set[frozenset[tuple[str | None, str]]]:
    """Near-duplicate groups as sets of (outlet, content): independent of ids."""
    stored = store.statements()
    by_id = {s.id: s for s in stored}
    groups: dict[int, set[tuple[str | None, str]]] = {}
    for s in stored:
        root = s.canonical_id if s.canonical_id is not None else s.id
        assert by_id[root].canonical_id is None  # one level: members point at the root
        groups.setdefault(root, set()).add((s.outlet, s.content.text))
    return {frozenset(g) for g in groups.values()}


def test_normalised_key_and_similarity() -> None:
    assert content_key("“We WILL — not,” accept   it!") == "we will not accept it"
    a, b = shingles(QUOTE), shingles(f"'{QUOTE.upper()}!'")
    assert a == b and len(a) == len(QUOTE.split()) - 2
    assert similar(a, shingles(QUOTE + " at all"), "Ola Dahl", None)
    assert not similar(a, shingles(QUOTE), "Ola Dahl", "Anna Berg")
    assert jaccard(set(a), set(shingles("The new tax plan would hurt small farms"))) == 0.0
    assert shingles("No comment") == []  # too short to match anything
    assert 1 <= len(prefix(a)) < len(a)


def test_same_quote_in_several_outlets_is_one_statement(store: Store) -> None:
    for art, statements in _corpus():
        store.add_article(art, statements)
    stored = store.statements()
    assert len(stored) == 5
    quotes = [s for s in stored if "fishermen" in s.content.text.lower()]
    assert len(quotes) == 4
    canonical = [s for s in quotes if s.canonical_id is None]
    assert len(canonical) == 1
    # The earliest: the Daily Bugle of 2024-01-01, its first quote (position in article).
    first = canonical[0]
    assert first.outlet == "Daily Bugle"
    assert first.content.text == QUOTE.upper()
    assert {s.canonical_id for s in quotes if s is not first} == {first.id}
    tax = next(s for s in stored if "tax" in s.content.text)
    assert tax.canonical_id is None
    assert tax.to_json()["canonical_id"] is None
    assert next(s for s in quotes if s is not first).to_json()["canonical_id"] == first.id


def test_distinct_shows_each_quote_once_with_its_other_sources(store: Store) -> None:
    for art, statements in _corpus():
        store.add_article(art, statements)
    answers = store.statements(distinct=True)
    assert [s.outlet for s in answers] == ["Daily Bugle", "Farm Weekly"]
    quote, tax = answers
    assert quote.canonical_id is None
    others = quote.extra["also_in"]
    assert [(o["outlet"], o["date"]) for o in others] == [
        ("Daily Bugle", "2024-01-01"),
        ("The Herald", "2024-01-02"),
        ("Coast News", "2024-01-03"),
    ]
    assert all(o["statement_id"] != quote.id for o in others)
    assert quote.to_json()["also_in"] == others
    assert tax.extra["also_in"] == []
    assert store.statements(distinct=True, limit=1) == answers[:1]
    # A filter that the canonical statement does not pass keeps the earliest one that
    # does: the Herald's copy has no speaker, so "Dahl" keeps the Bugle's.
    dahl = store.statements(StatementFilter(speaker="Dahl"), distinct=True)
    assert [s.outlet for s in dahl] == ["Daily Bugle"]
    # Statements found by search, deduplicated: a copy's id finds its group once.
    ids = [s.id for s in store.statements() if "fishermen" in s.content.text.lower()]
    by_ids = store.statements(StatementFilter(ids=ids[-1:]), distinct=True)
    assert len(by_ids) == 1 and by_ids[0].id == ids[-1]
    assert len(by_ids[0].extra["also_in"]) == 3
    assert store.statements(StatementFilter(ids=[]), distinct=True) == []
    # Without distinct nothing changes: every statement, no also_in.
    assert len(store.statements()) == 5
    assert all("also_in" not in s.extra for s in store.statements())


def test_different_speakers_are_not_merged(store: Store) -> None:
    store.add_article(*_article("Coast News", "2024-01-01", QUOTE, DAHL))
    store.add_article(*_article("Daily Bugle", "2024-01-02", QUOTE, BERG))
    stored = store.statements()
    assert len(stored) == 2 and all(s.canonical_id is None for s in stored)
    assert len(store.statements(distinct=True)) == 2


def test_short_or_different_quotes_are_not_merged(store: Store) -> None:
    store.add_article(*_article("Coast News", "2024-01-01", "No comment", DAHL))
    store.add_article(*_article("Daily Bugle", "2024-01-02", "No comment", DAHL))
    store.add_article(
        *_article("The Herald", "2024-01-03", "We will accept a deal that leaves fishermen", DAHL)
    )
    store.add_article(*_article("Farm Weekly", "2024-01-04", QUOTE, DAHL))
    stored = store.statements()
    assert len(stored) == 4 and all(s.canonical_id is None for s in stored)


def test_groups_do_not_depend_on_the_order_articles_arrive(
    store_location: str, request: pytest.FixtureRequest
) -> None:
    corpus = _corpus()
    orders = list(itertools.permutations(range(len(corpus))))[::7]
    results = []
    for n, order in enumerate(orders[:4]):
        location = _another(store_location, n, request)
        with open_store(location) as store:
            for i in order:
                store.add_article(*corpus[i])
            results.append(_groups(store))
            canonical = [s for s in store.statements() if s.canonical_id is None]
            assert sorted(s.outlet or "" for s in canonical) == ["Daily Bugle", "Farm Weekly"]
    assert all(r == results[0] for r in results)
    assert len(results[0]) == 2


def _another(store_location: str, n: int, request: pytest.FixtureRequest) -> str:
    """The n-th fresh store of the same backend as ``store_location``."""
    if store_location.startswith("postgresql://"):
        return str(request.getfixturevalue("postgres_server").create_database())
    return str(Path(store_location).parent / f"order{n}.db")


def test_rerun_is_idempotent(store: Store) -> None:
    for _ in range(2):
        for art, statements in _corpus():
            store.add_article(art, statements)
    assert len(store.statements()) == 5
    assert len(store.statements(distinct=True)) == 2


def test_candidate_lookup_uses_the_index(tmp_path: Path) -> None:
    """The SQLite plan of the candidate query searches the shingle index, no scan."""
    from saidwhat.store.dedupe import Queries, _in

    with open_store(tmp_path / "plan.db"):
        pass
    conn = sqlite3.connect(tmp_path / "plan.db")
    query = _in(Queries.for_placeholder("?").candidates, "?", shingles=3)
    plan = conn.execute(f"EXPLAIN QUERY PLAN {query}", (1, 2, 3, 1, 9, 0, 3)).fetchall()
    conn.close()
    details = " | ".join(row[-1] for row in plan)
    # Only the few candidate ids found through the index are scanned (``m``), no table.
    scanned = {d.split()[1] for d in details.split(" | ") if d.startswith("SCAN")}
    assert "SEARCH h USING" in details and scanned <= {"m"}, details


V1_DDL = [
    "DROP TABLE statement_shingles",
    "DROP INDEX IF EXISTS statements_canonical_idx",
    "ALTER TABLE statements DROP COLUMN canonical_id",
    "ALTER TABLE statements DROP COLUMN shingle_count",
    "ALTER TABLE statements DROP COLUMN content_pieces",
    "ALTER TABLE articles DROP COLUMN language",
]
"""What makes a current store look like one written by schema version 1."""


def test_a_version_1_store_is_migrated_and_grouped(store_location: str, downgrade_store) -> None:
    with open_store(store_location) as store:
        for art, statements in _corpus():
            store.add_article(art, statements)
        want = _groups(store)
    downgrade_store(store_location, 1, V1_DDL)
    with open_store(store_location) as store:
        assert _groups(store) == want
        assert len(store.statements(distinct=True)) == 2
        # New articles keep being grouped after the migration.
        store.add_article(*_article("Late Post", "2023-12-31", QUOTE, None))
        first = store.statements(distinct=True)[0]
        assert first.outlet == "Late Post"
        assert len(first.extra["also_in"]) == 4


def test_shared_phrases_find_exactly_the_brute_force_groups(store: Store) -> None:
    """Many quotes sharing common phrases: the counted-candidates lookup finds the same
    groups as comparing every pair (min_shared is a bound, not a guess)."""
    from saidwhat.store.dedupe import min_shared, size_bounds

    openings = ["We will not accept", "Nobody here will accept", "The union will never accept"]
    objects = ["any deal that cuts the wages of the dock workers this year",
               "a plan that closes the old harbour before the new one opens",
               "the budget as it stands, the minister told reporters on Monday"]  # fmt: skip
    endings = ["", " at all", " and we said so", ", as we told reporters on Monday"]
    quotes = [f"{o} {x}{e}" for o, x, e in itertools.product(openings, objects, endings)]
    for i, quote in enumerate(quotes):
        store.add_article(*_article(f"Outlet {i}", f"2024-02-{i % 28 + 1:02d}", quote, None))
    got = _groups(store)

    # Brute force: every pair, joined into groups.
    signature = {q: shingles(q) for q in quotes}
    parent = {q: q for q in quotes}

    def root(q: str) -> str:
        while parent[q] != q:
            q = parent[q]
        return q

    for a, b in itertools.combinations(quotes, 2):
        if similar(signature[a], signature[b], None, None):
            parent[root(a)] = root(b)
    outlets = {q: f"Outlet {i}" for i, q in enumerate(quotes)}
    want: dict[str, set[tuple[str | None, str]]] = {}
    for q in quotes:
        want.setdefault(root(q), set()).add((outlets[q], q))
    assert got == {frozenset(g) for g in want.values()}
    assert any(len(g) > 1 for g in got) and any(len(g) == 1 for g in got)
    for n in range(1, 60):  # within the size bounds a candidate always needs a shingle
        lo, hi = size_bounds(n)
        assert all(1 <= min_shared(n, m) <= len(prefix(range(m))) for m in range(lo, hi + 1))
