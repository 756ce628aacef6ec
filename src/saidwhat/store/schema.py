"""The store schema, in one place, for both backends: the tables and their migrations.

Tables (same columns in SQLite and PostgreSQL):

* ``articles(id, title, text, date, url, outlet, origin, ingested_at, language)``:
  ``language`` is the article's ISO 639-1 code (NULL for rows older than version 4).
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

The statement rows both backends read and write are in :mod:`saidwhat.store.rows`;
here are the tables, the migrations, and :func:`search_terms` (user words → safe
terms).  Neither backend formats a value into SQL: every value is a query parameter.
"""

from __future__ import annotations

import re

SCHEMA_VERSION = 6
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
them when opened.

Version 6 dropped the ``actors`` table, which nothing wrote or read (the actors are
the actor table's, :mod:`saidwhat.resolve.actors`); an older store loses it when opened
(:data:`MIGRATE_V5`).  A version 5 store can be read as it is (:data:`READABLE_VERSION`)."""

READABLE_VERSION = 5
"""The oldest schema a read (which never migrates) can use: version 6 only dropped a
table nothing reads."""

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
# What a user's words may become in a query.
# --------------------------------------------------------------------------------------

_WORD = re.compile(r"\w+")
MAX_SEARCH_TERMS = 32
"""Words of a search query beyond this many are ignored."""


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


MIGRATE_V5: tuple[str, ...] = ("DROP TABLE IF EXISTS actors",)
"""Schema version 5 → 6 (both backends)."""

SQLITE_MIGRATIONS: tuple[tuple[int, tuple[str, ...]], ...] = (
    (2, SQLITE_MIGRATE_V1),
    (3, SQLITE_MIGRATE_V2),
    (4, SQLITE_MIGRATE_V3),
    (5, SQLITE_MIGRATE_V4),
    (6, MIGRATE_V5),
)
"""``(version, steps)``: a store older than ``version`` runs ``steps``, oldest first."""

POSTGRES_MIGRATIONS: tuple[tuple[int, tuple[str, ...]], ...] = (
    (2, POSTGRES_MIGRATE_V1),
    (3, POSTGRES_MIGRATE_V2),
    (4, POSTGRES_MIGRATE_V3),
    (5, POSTGRES_MIGRATE_V4),
    (6, MIGRATE_V5),
)
"""As :data:`SQLITE_MIGRATIONS`, for PostgreSQL."""
