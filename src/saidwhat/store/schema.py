"""The store schema, in one place, for both backends, and the row mapping they share.

Tables (same columns in SQLite and PostgreSQL):

* ``articles(id, title, text, date, url, outlet, origin, ingested_at, language)``:
  ``language`` is the article's ISO 639-1 code (NULL for rows older than version 4).
* ``actors(name, kind, parents)``: filled by the resolver later; ``parents`` is JSON.
* ``speakers(id, name, role, organisation, actor, is_person)``: one row per distinct
  (name, role, organisation, actor); a missing role/organisation/actor is stored as
  ``''`` so that the UNIQUE constraint holds (SQL NULLs are all distinct) and read
  back as None.
* ``statements(...)``: one row per statement, its spans as character offsets into
  ``articles.text``; ``mention`` is the speaker's mention as written (or the source
  span's text when the statement has no resolved speaker).

Full-text search: SQLite keeps a ``statements_fts`` FTS5 table (``porter unicode61``)
whose rowid is the statement id, over the content and the sentence text; PostgreSQL a
``tsv`` column on ``statements`` (English configuration, content weighted A and the
sentence B) with a GIN index.

Schema version: SQLite ``PRAGMA user_version``; PostgreSQL the ``schema_version`` row
of ``saidwhat_meta``.

Shared by both backends: :func:`statement_values` (validates every span against the
article text, raising :class:`StoreError`), :func:`stored_statement` (row → record),
:func:`search_terms` (user words → safe terms).  Neither backend formats a value into
SQL: every value is a query parameter.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from typing import Any

from saidwhat.errors import StoreError
from saidwhat.model import Article, Span, Speaker, Statement, StoredStatement

SCHEMA_VERSION = 5
"""Bump when the schema changes; a store with a newer version is refused.

Version 2 added near-duplicate groups (:mod:`saidwhat.store.dedupe`): the
``statements.canonical_id`` and ``statements.shingle_count`` columns and the
``statement_shingles`` table.  A version 1 store is migrated when opened
(:data:`SQLITE_MIGRATE_V1` / :data:`POSTGRES_MIGRATE_V1`, then the groups are computed
for the statements already stored).

Version 3 added ``statements.content_pieces``: what was said when the content holds
words that were not ('"A," she said, "B."'; ``Statement.pieces``), as JSON ``[[start,
end], ...]``, NULL for a content of one piece.  An older store gets the column, NULL on its rows
(:data:`SQLITE_MIGRATE_V2` / :data:`POSTGRES_MIGRATE_V2`).

Version 4 added ``articles.language``: the article's language (ISO 639-1, as
``Article.language``); statements are extracted from English articles only.  An older
store gets the column, NULL on its rows (:data:`SQLITE_MIGRATE_V3` /
:data:`POSTGRES_MIGRATE_V3`).

Version 5 added the person registry (:mod:`saidwhat.store.people`): the ``people``,
``person_names`` and ``person_titles`` tables, ``speakers.person_id``, and
``statements.actor_evidence`` (which evidence decided the speaker's actor,
``Speaker.actor_evidence``).  An older store gets the tables and columns, NULL on its
rows (:data:`SQLITE_MIGRATE_V4` / :data:`POSTGRES_MIGRATE_V4`).  Version 5 also keeps
the search's sentence vectors in the store, on both backends (:data:`VECTOR_DDL`):
``embeddings(statement_id, model, vector)`` and ``article_embeddings(article_id, model,
vector)``, float32 little-endian BLOB/bytea (the dimension is the length / 4), and the
change counters ``store_changes(statements, vectors)`` the search keys its caches on.
A SQLite store whose search already made the two vector tables (saidwhat before
version 5 made them lazily, SQLite only) keeps them and their vectors: the shape is
the same.  A store made by an earlier build of version 5 without these tables gets
them when opened."""

SQLITE_DDL: tuple[str, ...] = (
    """
    CREATE TABLE IF NOT EXISTS articles (
        id          TEXT PRIMARY KEY,
        title       TEXT NOT NULL DEFAULT '',
        text        TEXT NOT NULL,
        date        TEXT,
        url         TEXT,
        outlet      TEXT,
        origin      TEXT,
        ingested_at TEXT NOT NULL,
        language    TEXT
    )
    """,
    """
    CREATE TABLE IF NOT EXISTS actors (
        name    TEXT PRIMARY KEY,
        kind    TEXT,
        parents TEXT NOT NULL DEFAULT '[]'
    )
    """,
    """
    CREATE TABLE IF NOT EXISTS speakers (
        id           INTEGER PRIMARY KEY,
        name         TEXT NOT NULL,
        role         TEXT NOT NULL DEFAULT '',
        organisation TEXT NOT NULL DEFAULT '',
        actor        TEXT NOT NULL DEFAULT '',
        is_person    INTEGER NOT NULL DEFAULT 0,
        person_id    INTEGER,
        UNIQUE (name, role, organisation, actor)
    )
    """,
    """
    CREATE TABLE IF NOT EXISTS statements (
        id             INTEGER PRIMARY KEY,
        article_id     TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        speaker_id     INTEGER REFERENCES speakers(id),
        mention        TEXT,
        content_start  INTEGER NOT NULL,
        content_end    INTEGER NOT NULL,
        content_text   TEXT NOT NULL,
        cue_start      INTEGER,
        cue_end        INTEGER,
        cue_text       TEXT,
        source_start   INTEGER,
        source_end     INTEGER,
        source_text    TEXT,
        sentence_start INTEGER,
        sentence_end   INTEGER,
        kind           TEXT NOT NULL CHECK (kind IN ('direct', 'indirect', 'mixed')),
        attitude       TEXT NOT NULL DEFAULT 'speech'
                       CHECK (attitude IN ('speech', 'belief', 'intention')),
        confidence     REAL NOT NULL DEFAULT 0.5,
        continues      INTEGER NOT NULL DEFAULT 0,
        canonical_id   INTEGER,
        shingle_count  INTEGER NOT NULL DEFAULT 0,
        content_pieces TEXT,
        actor_evidence TEXT
    )
    """,
    "CREATE INDEX IF NOT EXISTS statements_article_idx ON statements(article_id, content_start)",
    "CREATE INDEX IF NOT EXISTS statements_speaker_idx ON statements(speaker_id)",
    "CREATE INDEX IF NOT EXISTS speakers_actor_idx ON speakers(actor)",
    "CREATE INDEX IF NOT EXISTS speakers_lower_name_idx ON speakers(lower(name))",
    "CREATE INDEX IF NOT EXISTS articles_date_idx ON articles(date, id)",
    "CREATE INDEX IF NOT EXISTS statements_canonical_idx ON statements(canonical_id)",
    """
    CREATE TABLE IF NOT EXISTS statement_shingles (
        shingle      INTEGER NOT NULL,
        statement_id INTEGER NOT NULL REFERENCES statements(id) ON DELETE CASCADE,
        PRIMARY KEY (shingle, statement_id)
    ) WITHOUT ROWID
    """,
    "CREATE INDEX IF NOT EXISTS statement_shingles_statement_idx"
    " ON statement_shingles(statement_id)",
    """
    CREATE VIRTUAL TABLE IF NOT EXISTS statements_fts USING fts5(
        content, sentence, tokenize = 'porter unicode61'
    )
    """,
    # Keep the index in step when statements go (e.g. an article deleted by hand).
    """
    CREATE TRIGGER IF NOT EXISTS statements_fts_delete AFTER DELETE ON statements
    BEGIN
        DELETE FROM statements_fts WHERE rowid = old.id;
    END
    """,
)

POSTGRES_DDL: tuple[str, ...] = (
    """
    CREATE TABLE IF NOT EXISTS saidwhat_meta (
        key   TEXT PRIMARY KEY,
        value TEXT NOT NULL
    )
    """,
    """
    CREATE TABLE IF NOT EXISTS articles (
        id          TEXT PRIMARY KEY,
        title       TEXT NOT NULL DEFAULT '',
        text        TEXT NOT NULL,
        date        TEXT,
        url         TEXT,
        outlet      TEXT,
        origin      TEXT,
        ingested_at TEXT NOT NULL,
        language    TEXT
    )
    """,
    """
    CREATE TABLE IF NOT EXISTS actors (
        name    TEXT PRIMARY KEY,
        kind    TEXT,
        parents JSONB NOT NULL DEFAULT '[]'::jsonb
    )
    """,
    """
    CREATE TABLE IF NOT EXISTS speakers (
        id           INTEGER GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
        name         TEXT NOT NULL,
        role         TEXT NOT NULL DEFAULT '',
        organisation TEXT NOT NULL DEFAULT '',
        actor        TEXT NOT NULL DEFAULT '',
        is_person    BOOLEAN NOT NULL DEFAULT FALSE,
        person_id    INTEGER,
        UNIQUE (name, role, organisation, actor)
    )
    """,
    """
    CREATE TABLE IF NOT EXISTS statements (
        id             INTEGER GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
        article_id     TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        speaker_id     INTEGER REFERENCES speakers(id),
        mention        TEXT,
        content_start  INTEGER NOT NULL,
        content_end    INTEGER NOT NULL,
        content_text   TEXT NOT NULL,
        cue_start      INTEGER,
        cue_end        INTEGER,
        cue_text       TEXT,
        source_start   INTEGER,
        source_end     INTEGER,
        source_text    TEXT,
        sentence_start INTEGER,
        sentence_end   INTEGER,
        kind           TEXT NOT NULL CHECK (kind IN ('direct', 'indirect', 'mixed')),
        attitude       TEXT NOT NULL DEFAULT 'speech'
                       CHECK (attitude IN ('speech', 'belief', 'intention')),
        confidence     DOUBLE PRECISION NOT NULL DEFAULT 0.5,
        continues      BOOLEAN NOT NULL DEFAULT FALSE,
        tsv            TSVECTOR NOT NULL,
        canonical_id   INTEGER,
        shingle_count  INTEGER NOT NULL DEFAULT 0,
        content_pieces TEXT,
        actor_evidence TEXT
    )
    """,
    "CREATE INDEX IF NOT EXISTS statements_article_idx ON statements(article_id, content_start)",
    "CREATE INDEX IF NOT EXISTS statements_speaker_idx ON statements(speaker_id)",
    "CREATE INDEX IF NOT EXISTS statements_tsv_idx ON statements USING GIN (tsv)",
    "CREATE INDEX IF NOT EXISTS speakers_actor_idx ON speakers(actor)",
    "CREATE INDEX IF NOT EXISTS speakers_lower_name_idx ON speakers(lower(name))",
    "CREATE INDEX IF NOT EXISTS articles_date_idx ON articles(date, id)",
    "CREATE INDEX IF NOT EXISTS statements_canonical_idx ON statements(canonical_id)",
    """
    CREATE TABLE IF NOT EXISTS statement_shingles (
        shingle      BIGINT NOT NULL,
        statement_id INTEGER NOT NULL REFERENCES statements(id) ON DELETE CASCADE,
        PRIMARY KEY (shingle, statement_id)
    )
    """,
    "CREATE INDEX IF NOT EXISTS statement_shingles_statement_idx"
    " ON statement_shingles(statement_id)",
)

VECTOR_TABLES = ("embeddings", "article_embeddings", "store_changes")
"""The tables of :data:`SQLITE_VECTOR_DDL` / :data:`POSTGRES_VECTOR_DDL`."""

SQLITE_VECTOR_DDL: tuple[str, ...] = (
    """
    CREATE TABLE IF NOT EXISTS embeddings (
        statement_id INTEGER PRIMARY KEY REFERENCES statements(id) ON DELETE CASCADE,
        model        TEXT NOT NULL,
        vector       BLOB NOT NULL
    )
    """,
    """
    CREATE TABLE IF NOT EXISTS article_embeddings (
        article_id TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
        model      TEXT NOT NULL,
        vector     BLOB NOT NULL
    )
    """,
    """
    CREATE TABLE IF NOT EXISTS store_changes (
        id         INTEGER PRIMARY KEY CHECK (id = 1),
        statements INTEGER NOT NULL DEFAULT 0,
        vectors    INTEGER NOT NULL DEFAULT 0
    )
    """,
    "INSERT INTO store_changes (id) VALUES (1) ON CONFLICT (id) DO NOTHING",
    # Statements deleted by hand (or with their article) change what search sees.
    """
    CREATE TRIGGER IF NOT EXISTS statements_changed_delete AFTER DELETE ON statements
    BEGIN
        UPDATE store_changes SET statements = statements + 1 WHERE id = 1;
    END
    """,
)
"""Sentence vectors and change counters (schema version 5), SQLite."""

POSTGRES_VECTOR_DDL: tuple[str, ...] = (
    """
    CREATE TABLE IF NOT EXISTS embeddings (
        statement_id INTEGER PRIMARY KEY REFERENCES statements(id) ON DELETE CASCADE,
        model        TEXT NOT NULL,
        vector       BYTEA NOT NULL
    )
    """,
    """
    CREATE TABLE IF NOT EXISTS article_embeddings (
        article_id TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
        model      TEXT NOT NULL,
        vector     BYTEA NOT NULL
    )
    """,
    """
    CREATE TABLE IF NOT EXISTS store_changes (
        id         INTEGER PRIMARY KEY CHECK (id = 1),
        statements BIGINT NOT NULL DEFAULT 0,
        vectors    BIGINT NOT NULL DEFAULT 0
    )
    """,
    "INSERT INTO store_changes (id) VALUES (1) ON CONFLICT (id) DO NOTHING",
    """
    CREATE OR REPLACE FUNCTION saidwhat_statements_changed() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        UPDATE store_changes SET statements = statements + 1 WHERE id = 1;
        RETURN NULL;
    END
    $$
    """,
    "DROP TRIGGER IF EXISTS statements_changed_delete ON statements",
    """
    CREATE TRIGGER statements_changed_delete AFTER DELETE ON statements
    FOR EACH STATEMENT EXECUTE FUNCTION saidwhat_statements_changed()
    """,
)
"""Sentence vectors and change counters (schema version 5), PostgreSQL."""

SQLITE_DDL = SQLITE_DDL + SQLITE_VECTOR_DDL
POSTGRES_DDL = POSTGRES_DDL + POSTGRES_VECTOR_DDL

SQLITE_MIGRATE_V1: tuple[str, ...] = (
    "ALTER TABLE statements ADD COLUMN canonical_id INTEGER",
    "ALTER TABLE statements ADD COLUMN shingle_count INTEGER NOT NULL DEFAULT 0",
)
"""Schema version 1 → 2 (SQLite), run before :data:`SQLITE_DDL`."""

POSTGRES_MIGRATE_V1: tuple[str, ...] = (
    "ALTER TABLE statements ADD COLUMN IF NOT EXISTS canonical_id INTEGER",
    "ALTER TABLE statements ADD COLUMN IF NOT EXISTS shingle_count INTEGER NOT NULL DEFAULT 0",
)
"""Schema version 1 → 2 (PostgreSQL), run before :data:`POSTGRES_DDL`."""

SQLITE_MIGRATE_V2: tuple[str, ...] = ("ALTER TABLE statements ADD COLUMN content_pieces TEXT",)
"""Schema version 2 → 3 (SQLite), run after the version 1 → 2 steps."""

POSTGRES_MIGRATE_V2: tuple[str, ...] = (
    "ALTER TABLE statements ADD COLUMN IF NOT EXISTS content_pieces TEXT",
)
"""Schema version 2 → 3 (PostgreSQL), run after the version 1 → 2 steps."""

SQLITE_MIGRATE_V3: tuple[str, ...] = ("ALTER TABLE articles ADD COLUMN language TEXT",)
"""Schema version 3 → 4 (SQLite), run after the version 2 → 3 steps."""

POSTGRES_MIGRATE_V3: tuple[str, ...] = (
    "ALTER TABLE articles ADD COLUMN IF NOT EXISTS language TEXT",
)
"""Schema version 3 → 4 (PostgreSQL), run after the version 2 → 3 steps."""

SQLITE_MIGRATE_V4: tuple[str, ...] = (
    "ALTER TABLE speakers ADD COLUMN person_id INTEGER",
    "ALTER TABLE statements ADD COLUMN actor_evidence TEXT",
)
"""Schema version 4 → 5 (SQLite), run after the version 3 → 4 steps; the registry's
tables come with :data:`SQLITE_DDL`.  Statements stored before keep no person."""

POSTGRES_MIGRATE_V4: tuple[str, ...] = (
    "ALTER TABLE speakers ADD COLUMN IF NOT EXISTS person_id INTEGER",
    "ALTER TABLE statements ADD COLUMN IF NOT EXISTS actor_evidence TEXT",
)
"""Schema version 4 → 5 (PostgreSQL), run after the version 3 → 4 steps."""


# --------------------------------------------------------------------------------------
# Row mapping shared by both backends: validation on the way in, records on the way out.
# --------------------------------------------------------------------------------------

_WORD = re.compile(r"\w+")
MAX_SEARCH_TERMS = 32
"""Words of a search query beyond this many are ignored."""

SELECT_STATEMENTS = """
    SELECT s.id, s.article_id, s.content_start, s.content_end, s.content_text, s.kind,
           s.cue_start, s.cue_end, s.cue_text, s.source_start, s.source_end, s.source_text,
           s.confidence, s.attitude, sp.name, s.mention, sp.role, sp.organisation, sp.actor,
           a.date, a.outlet, a.title, a.url, a.language, s.sentence_start, s.sentence_end,
           substr(a.text, s.sentence_start + 1, s.sentence_end - s.sentence_start)
           AS sentence_text,
           s.content_pieces, s.actor_evidence, sp.person_id, s.canonical_id
    FROM statements s
    JOIN articles a ON a.id = s.article_id
    LEFT JOIN speakers sp ON sp.id = s.speaker_id
"""
"""The select list :func:`stored_statement` reads; the caller adds WHERE/ORDER BY."""

ORDER_STATEMENTS = " ORDER BY (a.date IS NULL), a.date, a.id, s.content_start, s.id"
"""Article order: by date (undated last), article id, position in the article."""

STATEMENT_FIELDS = 31
"""Columns of :data:`SELECT_STATEMENTS`."""


def distinct_statements(where: str) -> str:
    """A query for one statement per near-duplicate group among those ``where`` keeps.

    The kept one is the group's earliest matching statement (the canonical one when it
    matches); the rows come in article order.  ``where`` is a parameterised condition
    over ``s``, ``a`` and ``sp`` (or ``''``); the caller appends LIMIT.
    """
    inner = SELECT_STATEMENTS.replace(
        "s.canonical_id\n",
        "s.canonical_id,\n           row_number() OVER (PARTITION BY coalesce(s.canonical_id, s.id)"
        "\n             ORDER BY (a.date IS NULL), a.date, a.id, s.content_start, s.id)"
        " AS group_rank\n",
        1,
    )
    if where:
        inner += " WHERE " + where
    return (
        f"SELECT * FROM ({inner}) AS t WHERE t.group_rank = 1"
        " ORDER BY (t.date IS NULL), t.date, t.article_id, t.content_start, t.id"
    )


def also_in(rows: Sequence[Sequence[Any]], kept: Sequence[StoredStatement]) -> None:
    """Fill ``extra["also_in"]`` of each kept statement with the other members of its
    group, earliest first, from rows ``(id, group, article_id, outlet, date, url)``."""
    members: dict[int, list[dict[str, Any]]] = {}
    for sid, group, art_id, outlet, date, url in rows:
        members.setdefault(int(group), []).append(
            {
                "statement_id": int(sid),
                "article_id": art_id,
                "outlet": outlet,
                "date": date,
                "url": url,
            }
        )
    for st in kept:
        group = st.canonical_id if st.canonical_id is not None else st.id
        st.extra["also_in"] = [m for m in members.get(group, []) if m["statement_id"] != st.id]


ALSO_IN_SELECT = (
    "SELECT s.id, coalesce(s.canonical_id, s.id), s.article_id, a.outlet, a.date, a.url "
    "FROM statements s JOIN articles a ON a.id = s.article_id WHERE "
)
"""Members of groups: the caller adds ``s.canonical_id IN (..) OR s.id IN (..)``."""


def search_terms(query: str) -> list[str]:
    """The words of a user's search query, lower-cased, deduplicated, in order.

    Only word characters survive, so no query syntax (quotes, operators, ``NEAR(``,
    ``*``) can reach the full-text engine.
    """
    seen: dict[str, None] = {}
    for word in _WORD.findall(query.lower()):
        seen.setdefault(word, None)
    return list(seen)[:MAX_SEARCH_TERMS]


def speaker_query(speaker: str | None) -> str | None:
    """A speaker filter with whitespace collapsed; None when blank."""
    if speaker is None:
        return None
    words = speaker.split()
    return " ".join(words) if words else None


def speaker_key(speaker: Speaker) -> tuple[str, str, str, str]:
    """The unique key of a speakers row: missing parts are ``''``."""
    return (
        speaker.name,
        speaker.role or "",
        speaker.organisation or "",
        speaker.actor or "",
    )


def _check_span(article: Article, span: Span | None, what: str, index: int) -> None:
    if span is None:
        return
    ok = (
        isinstance(span.start, int)
        and isinstance(span.end, int)
        and 0 <= span.start <= span.end <= len(article.text)
    )
    if not ok:
        raise StoreError(
            f"article {article.id}: statement {index}: {what} span "
            f"[{span.start}, {span.end}) is outside the article text "
            f"(0..{len(article.text)}); nothing of this article was stored"
        )
    if article.text[span.start : span.end] != span.text:
        raise StoreError(
            f"article {article.id}: statement {index}: {what} span "
            f"[{span.start}, {span.end}) text {span.text!r} does not match the article "
            f"text there; nothing of this article was stored"
        )


def statement_values(
    article: Article, statement: Statement, index: int, speaker_id: int | None
) -> dict[str, Any]:
    """Column values of one statements row; raises StoreError on an invalid span."""
    st = statement
    _check_span(article, st.content, "content", index)
    _check_span(article, st.cue, "cue", index)
    _check_span(article, st.source, "source", index)
    _check_span(article, st.sentence, "sentence", index)
    for piece in st.pieces:
        _check_span(article, piece, "content piece", index)
        if not st.content.start <= piece.start <= piece.end <= st.content.end:
            raise StoreError(
                f"article {article.id}: statement {index}: content piece "
                f"[{piece.start}, {piece.end}) lies outside its content "
                f"[{st.content.start}, {st.content.end}); nothing of this article was stored"
            )
    if st.speaker is not None:
        mention: str | None = st.speaker.mention
    else:
        mention = st.source.text if st.source is not None else None
    return {
        "article_id": article.id,
        "speaker_id": speaker_id,
        "mention": mention,
        "content_start": st.content.start,
        "content_end": st.content.end,
        "content_text": st.content.text,
        "content_pieces": json.dumps([p.to_list() for p in st.pieces]) if st.pieces else None,
        "cue_start": st.cue.start if st.cue else None,
        "cue_end": st.cue.end if st.cue else None,
        "cue_text": st.cue.text if st.cue else None,
        "source_start": st.source.start if st.source else None,
        "source_end": st.source.end if st.source else None,
        "source_text": st.source.text if st.source else None,
        "sentence_start": st.sentence.start if st.sentence else None,
        "sentence_end": st.sentence.end if st.sentence else None,
        "sentence_text": st.sentence.text if st.sentence else "",
        "kind": st.kind,
        "attitude": st.attitude,
        "confidence": float(st.confidence),
        "continues": bool(st.continues),
        "actor_evidence": st.speaker.actor_evidence if st.speaker and st.speaker.actor else None,
    }


STATEMENT_COLUMNS: tuple[str, ...] = (
    "article_id", "speaker_id", "mention",
    "content_start", "content_end", "content_text", "content_pieces",
    "cue_start", "cue_end", "cue_text",
    "source_start", "source_end", "source_text",
    "sentence_start", "sentence_end",
    "kind", "attitude", "confidence", "continues", "actor_evidence",
)  # fmt: skip
"""The statements columns written from :func:`statement_values` (in this order)."""


def _span(start: int | None, end: int | None, text: str | None) -> Span | None:
    if start is None or end is None or text is None:
        return None
    return Span(int(start), int(end), text)


def stored_statement(row: Sequence[Any]) -> StoredStatement:
    """A record from one row of :data:`SELECT_STATEMENTS`."""
    (
        sid, art_id, c_start, c_end, c_text, kind,
        cue_start, cue_end, cue_text, src_start, src_end, src_text,
        confidence, attitude, name, mention, role, organisation, actor,
        date, outlet, title, url, language, sent_start, sent_end, sent_text, pieces,
        actor_evidence, person_id, canonical_id,
    ) = row[:STATEMENT_FIELDS]  # fmt: skip
    return StoredStatement(
        id=int(sid),
        article_id=art_id,
        content=Span(int(c_start), int(c_end), c_text),
        kind=kind,
        cue=_span(cue_start, cue_end, cue_text),
        source=_span(src_start, src_end, src_text),
        confidence=float(confidence),
        attitude=attitude,
        speaker=name,
        speaker_mention=mention,
        role=role or None,
        organisation=organisation or None,
        actor=actor or None,
        date=date,
        outlet=outlet,
        title=title,
        url=url,
        language=language,
        sentence=_span(sent_start, sent_end, sent_text),
        canonical_id=int(canonical_id) if canonical_id is not None else None,
        pieces=_pieces(int(c_start), c_text, pieces),
        actor_evidence=actor_evidence if actor else None,
        person_id=int(person_id) if person_id is not None else None,
    )


def _pieces(start: int, text: str, stored: str | None) -> tuple[Span, ...]:
    """The content pieces stored as JSON offsets, with their text cut from the content."""
    if not stored:
        return ()
    return tuple(Span(a, b, text[a - start : b - start]) for a, b in json.loads(stored))


SQLITE_MIGRATIONS: tuple[tuple[int, tuple[str, ...]], ...] = (
    (2, SQLITE_MIGRATE_V1),
    (3, SQLITE_MIGRATE_V2),
    (4, SQLITE_MIGRATE_V3),
    (5, SQLITE_MIGRATE_V4),
)
"""``(version, steps)``: a store older than ``version`` runs ``steps``, oldest first."""

POSTGRES_MIGRATIONS: tuple[tuple[int, tuple[str, ...]], ...] = (
    (2, POSTGRES_MIGRATE_V1),
    (3, POSTGRES_MIGRATE_V2),
    (4, POSTGRES_MIGRATE_V3),
    (5, POSTGRES_MIGRATE_V4),
)
"""As :data:`SQLITE_MIGRATIONS`, for PostgreSQL."""
