"""Test hooks for saidwhat subprocesses, loaded only by tests.

A test puts this folder first on ``PYTHONPATH`` of a process it starts (a ``saidwhat
ingest``, a dask worker); Python imports ``sitecustomize`` at startup, and the hooks the
environment asks for wrap saidwhat's functions in that process only:

* ``SAIDWHAT_TEST_SLOW_SECONDS``: sleep this long after each article written to the
  store (inside its batch's transaction), so a test can kill an ingest halfway
  (tests/test_resume.py);
* ``SAIDWHAT_TEST_WRITE_BATCH``: articles per write transaction of an ingest (and no
  batch written early for its time);
* ``SAIDWHAT_TEST_DIE_ONCE``: a file path; the first worker to start a batch while the
  file does not exist creates it and dies at once (``os._exit``), as a killed worker
  would (tests/test_distributed.py).
"""

from __future__ import annotations

import os

SLOW_ENV = "SAIDWHAT_TEST_SLOW_SECONDS"
WRITE_BATCH_ENV = "SAIDWHAT_TEST_WRITE_BATCH"
DIE_ONCE_ENV = "SAIDWHAT_TEST_DIE_ONCE"


def _slow_writes(seconds: float) -> None:
    import time

    from saidwhat.store.sql import SQLStore

    real = SQLStore._add

    def slow_add(self, article, statements, vectors):  # type: ignore[no-untyped-def]
        stored = real(self, article, statements, vectors)
        time.sleep(seconds)
        return stored

    SQLStore._add = slow_add  # type: ignore[method-assign]


def _write_batch(size: int) -> None:
    import saidwhat.pipeline

    saidwhat.pipeline.WRITE_BATCH = size
    saidwhat.pipeline.WRITE_SECONDS = 3600.0  # batches of ``size``, however slow


def _die_once(marker: str) -> None:
    import saidwhat.scale.distributed as distributed

    real = distributed.analyse_batch

    def analyse_batch(*args, **kwargs):  # type: ignore[no-untyped-def]
        try:
            fd = os.open(marker, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
        except FileExistsError:
            return real(*args, **kwargs)
        os.close(fd)
        os._exit(1)

    distributed.analyse_batch = analyse_batch


if os.environ.get(SLOW_ENV):
    _slow_writes(float(os.environ[SLOW_ENV]))
if os.environ.get(WRITE_BATCH_ENV):
    _write_batch(int(os.environ[WRITE_BATCH_ENV]))
if os.environ.get(DIE_ONCE_ENV):
    _die_once(os.environ[DIE_ONCE_ENV])
