"""Store: articles, statements, speakers and actors, in SQLite (default) or PostgreSQL.

``open_store(location)`` picks the backend: a ``postgresql://`` URL opens PostgreSQL,
anything else is a SQLite file path (``":memory:"`` for a throwaway store).  Both
backends implement :class:`Store` with the same schema and behaviour.
"""

from __future__ import annotations

from saidwhat.store.base import Store, default_db_path, open_store

__all__ = ["Store", "default_db_path", "open_store"]
