"""Uploads ingested off the request path, so that questions are answered meanwhile.

Parsing an article with spaCy holds the GIL most of the time: in a thread of the
server it slows every answer down (a p95 of a minute with uploads running, issue 14).
So an upload is ingested by :func:`ingest_file` in a worker *process* with its own
connection to the store; the server's connection only reads, and a write never holds
its lock.  The worker starts at the first upload (spaCy loads there, once) and lives
as long as the app.

One upload is ingested at a time: another one arriving meanwhile is answered 503 with
``Retry-After`` (a client retries; nothing queues up behind a long upload).

A store in memory (``:memory:``) cannot be opened by another process: its uploads run
in a thread of the server, on the app's store (``IngestWorker(mode="thread")``).
"""

from __future__ import annotations

import asyncio
import multiprocessing
import threading
from concurrent.futures import Executor, ProcessPoolExecutor, ThreadPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Any, Literal

from saidwhat.api.errors import ApiError
from saidwhat.errors import SaidwhatError
from saidwhat.store.base import Store, open_store

RETRY_AFTER_SECONDS = 30
"""What a refused upload is told to wait (``Retry-After``)."""

Mode = Literal["process", "thread"]


def is_memory(location: str | Path | None) -> bool:
    """Whether ``location`` names a store in memory (not shared with other processes)."""
    loc = str(location) if location is not None else ""
    return loc == ":memory:" or loc.startswith("file::memory:")


def ingest_file(location: str | None, path: str) -> dict[str, Any]:
    """Ingest one file into the store at ``location`` (in the worker process): the
    report as JSON, or ``{"error": {...}, "status": N}`` for a library error."""
    from saidwhat.pipeline import ingest_paths  # spaCy loads on the first upload only

    try:
        with open_store(location) as store:
            return ingest_paths([Path(path)], store).to_json()
    except SaidwhatError as e:  # sent back as data: not every error class pickles
        return {"error": {"code": e.code, "message": str(e)}, "status": e.status}


def _ingest_into(store: Store, path: str) -> dict[str, Any]:
    """:func:`ingest_file` on an open store (thread mode)."""
    from saidwhat.pipeline import ingest_paths

    return ingest_paths([Path(path)], store).to_json()


class IngestWorker:
    """Runs one upload at a time in a worker process (or thread), see the module doc."""

    def __init__(self, location: str | None, mode: Mode | None = None) -> None:
        self.location = location
        self.mode: Mode = mode or ("thread" if is_memory(location) else "process")
        self._executor: Executor | None = None
        self._busy = threading.Lock()
        self._lock = threading.Lock()

    def _pool(self) -> Executor:
        with self._lock:
            if self._executor is None:
                if self.mode == "process":
                    # spawn: a fork of a threaded server may copy a lock held by a thread
                    self._executor = ProcessPoolExecutor(
                        1, mp_context=multiprocessing.get_context("spawn")
                    )
                else:
                    self._executor = ThreadPoolExecutor(1, thread_name_prefix="saidwhat-ingest")
            return self._executor

    async def ingest(self, path: Path, store: Store | None = None) -> dict[str, Any]:
        """The ingest report of the file at ``path`` (into ``store``, the app's, in
        thread mode); :class:`ApiError` 503 while another upload is being ingested."""
        if not self._busy.acquire(blocking=False):
            raise ApiError(
                503,
                "busy",
                "another upload is being ingested; try again in a moment",
                {"Retry-After": str(RETRY_AFTER_SECONDS)},
            )
        try:
            loop = asyncio.get_running_loop()
            if self.mode == "thread":
                assert store is not None, "thread mode ingests into the app's store"
                return await loop.run_in_executor(self._pool(), _ingest_into, store, str(path))
            try:
                out = await loop.run_in_executor(
                    self._pool(), ingest_file, self.location, str(path)
                )
            except BrokenProcessPool:
                self._drop()
                raise ApiError(
                    503,
                    "unavailable",
                    "the ingest worker stopped; send the file again",
                    {"Retry-After": "1"},
                ) from None
        finally:
            self._busy.release()
        if "status" in out:
            raise ApiError(out["status"], out["error"]["code"], out["error"]["message"])
        return out

    def _drop(self) -> None:
        with self._lock:
            executor, self._executor = self._executor, None
        if executor is not None:
            executor.shutdown(wait=False, cancel_futures=True)

    def close(self) -> None:
        """Stop the worker (after the upload it is working on, if any)."""
        with self._lock:
            executor, self._executor = self._executor, None
        if executor is not None:
            executor.shutdown(wait=True, cancel_futures=True)
