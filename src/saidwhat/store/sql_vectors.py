"""The sentence-vector queries of :class:`~saidwhat.store.sql.SQLStore`, for both
backends: vectors written with their change counted, read back for the search index,
and the statements and articles still without one.

A read-only store (see :mod:`saidwhat.store.readonly`) writes nothing: the vectors a
question computes over it are held in memory, by model, and merged into what it reads.
"""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import AbstractContextManager
from typing import TYPE_CHECKING, Any

from saidwhat.store.base import StoredVectors

_UPSERT_VECTOR = (
    "INSERT INTO embeddings (statement_id, model, vector) VALUES ({p}, {p}, {p}) "
    "ON CONFLICT (statement_id) DO UPDATE SET model = excluded.model, vector = excluded.vector"
)
_UPSERT_ARTICLE_VECTOR = (
    "INSERT INTO article_embeddings (article_id, model, vector) VALUES ({p}, {p}, {p}) "
    "ON CONFLICT (article_id) DO UPDATE SET model = excluded.model, vector = excluded.vector"
)


class VectorQueries:
    """The vector methods of :class:`~saidwhat.store.sql.SQLStore` (a mixin: it uses the
    store's dialect hooks, its lock and its ``read_only`` flag)."""

    _held: dict[str, tuple[dict[int, tuple[str, bytes]], dict[str, bytes]]]
    """Vectors kept in memory by a read-only store: by model, ``({statement id:
    (article id, vector)}, {article id: vector})``."""

    _held_changes: int = 0

    if TYPE_CHECKING:  # supplied by SQLStore and its backends
        PLACEHOLDER: str
        read_only: bool
        _lock: Any

        def _in(self, column: str, sql_type: str) -> str: ...
        def _list(self, values: list[Any]) -> Any: ...
        def _read(self, query: Any, params: Sequence[Any] = ()) -> list[Any]: ...
        def _execute(self, query: str, params: Sequence[Any]) -> list[Any]: ...
        def _execute_many(self, query: str, rows: Sequence[Sequence[Any]]) -> None: ...
        def _transaction(self, what: str) -> AbstractContextManager[None]: ...
        def _read_vectors(self, query: str, params: Sequence[Any]) -> list[Any]: ...

    def _write_vectors(
        self,
        model: str,
        statements: Sequence[tuple[int, bytes]],
        articles: Sequence[tuple[str, bytes]],
    ) -> None:
        """Upsert vectors in the current transaction and count the change."""
        p = self.PLACEHOLDER
        if statements:
            self._execute_many(
                _UPSERT_VECTOR.format(p=p), [(sid, model, v) for sid, v in statements]
            )
        if articles:
            self._execute_many(
                _UPSERT_ARTICLE_VECTOR.format(p=p), [(aid, model, v) for aid, v in articles]
            )
        if statements or articles:
            self._execute("UPDATE store_changes SET vectors = vectors + 1 WHERE id = 1", ())

    def put_vectors(
        self,
        model: str,
        statements: Sequence[tuple[int, bytes]] = (),
        articles: Sequence[tuple[str, bytes]] = (),
    ) -> None:
        """Keep these vectors of ``model`` in one transaction (see :class:`Store`)."""
        if not statements and not articles:
            return
        if self.read_only:
            self._hold_vectors(model, statements, articles)
            return
        with self._lock, self._transaction("vectors"):
            self._write_vectors(model, statements, articles)

    def _hold_vectors(
        self,
        model: str,
        statements: Sequence[tuple[int, bytes]],
        articles: Sequence[tuple[str, bytes]],
    ) -> None:
        """Keep vectors in memory (a read-only store)."""
        held_statements, held_articles = self._held_of(model)
        ids = self._list(sorted({int(sid) for sid, _ in statements}))
        article_of = {
            int(r[0]): r[1]
            for r in self._read(
                f"SELECT id, article_id FROM statements WHERE {self._in('id', 'integer')}", (ids,)
            )
        }
        with self._lock:
            for sid, vector in statements:
                if int(sid) in article_of:
                    held_statements[int(sid)] = (article_of[int(sid)], vector)
            held_articles.update(articles)
            self._held_changes += 1

    def _held_of(self, model: str) -> tuple[dict[int, tuple[str, bytes]], dict[str, bytes]]:
        if not hasattr(self, "_held"):
            self._held = {}
        return self._held.setdefault(model, ({}, {}))

    def vectors(self, model: str) -> StoredVectors:
        """Every stored vector of ``model`` (see :class:`Store`)."""
        p = self.PLACEHOLDER
        with self._lock:
            rows = self._read_vectors(
                "SELECT e.statement_id, s.article_id, e.vector FROM embeddings e"
                f" JOIN statements s ON s.id = e.statement_id WHERE e.model = {p}"
                " ORDER BY e.statement_id",
                (model,),
            )
            arts = self._read_vectors(
                f"SELECT article_id, vector FROM article_embeddings WHERE model = {p}", (model,)
            )
            held_statements, held_articles = self._held_of(model) if self.read_only else ({}, {})
            if held_statements or held_articles:
                mine = {int(r[0]): (r[1], r[2]) for r in rows}
                mine.update(held_statements)
                rows = [(sid, aid, v) for sid, (aid, v) in sorted(mine.items())]
                arts = list({**{r[0]: r[1] for r in arts}, **held_articles}.items())
        return StoredVectors(rows, arts)  # both drivers give int, str, bytes: no copy

    def statements_without_vectors(
        self, model: str, limit: int | None = None
    ) -> list[tuple[int, str, str | None]]:
        """Statements with no vector of ``model`` (see :class:`Store`)."""
        p = self.PLACEHOLDER
        query = (
            "SELECT s.id, s.content_text,"
            " substr(a.text, s.sentence_start + 1, s.sentence_end - s.sentence_start)"
            " FROM statements s JOIN articles a ON a.id = s.article_id"
            f" LEFT JOIN embeddings e ON e.statement_id = s.id AND e.model = {p}"
            " WHERE e.statement_id IS NULL ORDER BY s.id"
        )
        params: list[Any] = [model]
        held = self._held_of(model)[0] if self.read_only else {}
        if limit is not None and not held:
            query += f" LIMIT {p}"
            params.append(max(int(limit), 0))
        rows = self._read(query, params)
        found = [(int(r[0]), r[1], r[2]) for r in rows if int(r[0]) not in held]
        return found if limit is None else found[: max(int(limit), 0)]

    def articles_without_vectors(self, model: str, chars: int) -> list[tuple[str, str, str]]:
        """Articles with statements but no vector of ``model`` (see :class:`Store`)."""
        p = self.PLACEHOLDER
        held = self._held_of(model)[1] if self.read_only else {}
        return [
            (r[0], r[1], r[2])
            for r in self._read(
                f"SELECT a.id, a.title, substr(a.text, 1, {p}) FROM articles a"
                f" LEFT JOIN article_embeddings e ON e.article_id = a.id AND e.model = {p}"
                " WHERE e.article_id IS NULL"
                " AND EXISTS (SELECT 1 FROM statements s WHERE s.article_id = a.id)"
                " ORDER BY a.id",
                (int(chars), model),
            )
            if r[0] not in held
        ]

    def count_without_vectors(self, model: str) -> int:
        """How many statements have no vector of ``model`` (see :class:`Store`)."""
        if self.read_only and self._held_of(model)[0]:
            return len(self.statements_without_vectors(model))
        p = self.PLACEHOLDER
        rows = self._read(
            "SELECT count(*) FROM statements s"
            f" LEFT JOIN embeddings e ON e.statement_id = s.id AND e.model = {p}"
            " WHERE e.statement_id IS NULL",
            (model,),
        )
        return int(rows[0][0])
