"""Ingest: turn files, folders, feeds, pages and WARC archives into :class:`Article` s.

``read_paths(paths)`` walks files and folders (recursively) and yields, in order, an
``Article`` for every article read and a ``Skipped`` for every item that could not be
read, with its reason.  It never raises for one bad item.
"""

from __future__ import annotations

from saidwhat.ingest.files import read_path, read_paths

__all__ = ["read_path", "read_paths"]
