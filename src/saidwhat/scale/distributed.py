"""Ingest on a dask cluster: parse in worker processes, write to the store from the driver.

Batches of articles go to :func:`analyse_batch`, which runs in a worker process and uses
a :class:`~saidwhat.pipeline.Pipeline` cached per process (the spaCy model loads once
per worker and is never shipped through dask); the worker also tells each article's
language, as the in-process path does, parses the English ones only, and computes the
statements' sentence vectors (one batch at a time, unless embedding at ingest is
off), which travel back with the statements and are stored in the article's
transaction.  The driver
filters out articles that are already stored, keeps a bounded number of batches in
flight, and writes each finished batch to the store in one transaction, so only the
driver writes.

A batch whose worker dies is retried by dask; a batch that still fails makes each of
its articles a :class:`~saidwhat.model.Skipped` with the reason, and the rest goes on.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from typing import Any

from saidwhat.model import Article, IngestReport, Skipped, Statement, Vectors
from saidwhat.store.base import Store
from saidwhat.storing import new_articles, store_batch

__all__ = ["analyse_batch", "ingest_distributed", "start_local_cluster", "warm_up"]

RETRIES = 2

_PIPELINE = None
_PIPELINE_LOCK = threading.Lock()


def _worker_pipeline():  # -> Pipeline (imported lazily: the driver needs no spaCy model)
    """The pipeline of this process, loaded on first use."""
    global _PIPELINE
    if _PIPELINE is None:
        with _PIPELINE_LOCK:
            if _PIPELINE is None:
                from saidwhat.pipeline import Pipeline

                _PIPELINE = Pipeline()
    return _PIPELINE


def analyse_batch(
    articles: list[Article], embed: bool = True
) -> list[tuple[str | None, list[Statement] | Skipped, Vectors | None]]:
    """Runs in a worker: the language, the resolved statements and their vectors of each
    article of the batch, in order (an article not in English is not parsed and has
    none).

    Only these travel back (the driver still has the articles)."""
    return [
        (a.language, statements, vectors)
        for a, statements, vectors in _worker_pipeline().analyse_for_store(articles, embed=embed)
    ]


def _load_pipeline(embed: bool = True) -> bool:
    _worker_pipeline()
    if embed:
        from saidwhat.search.embed import get_embedder

        get_embedder()
    return True


def warm_up(client: Any, *, embed: bool = True) -> None:
    """Load the pipeline (and the embedding model, with ``embed``) in every worker of
    ``client``'s cluster now (not on first use)."""
    client.run(_load_pipeline, embed)


LOCAL_CONFIG: dict[str, Any] = {
    # Dask samples each worker's stacks every 10 ms (and holds the GIL to do it): a few
    # percent of a worker's CPU that parsing can use instead.
    "distributed.worker.profile.enabled": False,
    "distributed.admin.system-monitor.gil.enabled": False,
    # Dask sets MALLOC_TRIM_THRESHOLD_=65536 in workers, which turns off glibc's dynamic
    # mmap threshold: spaCy's larger arrays then cost an mmap/munmap and page faults each
    # (measured: 2.5x the system time, ~9% more CPU per article).  Leave malloc alone.
    "distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_": None,
    # An idle local cluster of 2 used ~0.1 CPU-s/s (20 ms event-loop ticks, monitors,
    # work stealing) on a 2-core machine; with these ~0.013.  The driver already keeps
    # just 2 batches per worker in flight, so there is nothing to steal.
    "distributed.admin.tick.interval": "500ms",
    "distributed.admin.system-monitor.interval": "2s",
    "distributed.worker.memory.monitor-interval": "1s",
    "distributed.scheduler.work-stealing": False,
}
"""Dask settings for the local cluster :func:`ingest_distributed` starts."""


def start_local_cluster(workers: int, *, pin: bool = True) -> Any:
    """A local dask cluster of ``workers`` single-threaded processes, no dashboard.

    Workers get ``OMP_NUM_THREADS=1`` (and the MKL/OpenBLAS ones) from dask's defaults,
    so each uses one core.  With ``pin`` (and no more workers than CPUs this process may
    use) each worker is pinned to a CPU of its own: on the 2-core machine of
    ``bench/distributed_speed.py`` that saved ~3% of worker CPU against letting the
    scheduler move them.  A worker the nanny restarts is not pinned again."""
    import dask
    from distributed import Client, LocalCluster

    with dask.config.set(LOCAL_CONFIG):
        cluster = LocalCluster(
            n_workers=workers,
            threads_per_worker=1,
            processes=True,
            dashboard_address=None,
        )
    if pin and hasattr(os, "sched_getaffinity") and workers <= len(os.sched_getaffinity(0)):
        try:
            with Client(cluster) as client:
                client.run(_pin_to_cpu, sorted(os.sched_getaffinity(0)))
        except (OSError, ValueError):
            pass  # not allowed here (a container's CPU set, a named worker): run unpinned
    return cluster


def _pin_to_cpu(cpus: list[int], dask_worker: Any) -> int:
    """Runs in a worker: pin this process to the CPU its worker number picks."""
    cpu = cpus[int(dask_worker.name) % len(cpus)]
    os.sched_setaffinity(0, {cpu})
    return cpu


def _batches(articles: Iterable[Article], size: int) -> Iterator[list[Article]]:
    batch: list[Article] = []
    for article in articles:
        batch.append(article)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _in_flight(client: Any, cluster: str | None, workers: int) -> int:
    """How many batches to keep submitted: two a worker (of the cluster, when it has more)."""
    if cluster is None:
        return 2 * workers
    return 2 * max(1, len(client.scheduler_info().get("workers", {})), workers)


def _finish_batch(
    future: Any,
    batch: list[Article],
    store: Store,
    report: IngestReport,
    on_article: Callable[[Article | Skipped], None] | None,
) -> None:
    """Store the statements of a finished batch, or skip its articles if its worker failed."""
    try:
        results = future.result()
    except Exception as e:  # noqa: BLE001 - a failed batch must not stop the run
        reason = f"worker failed: {type(e).__name__}: {e}"
        for article in batch:
            report.skipped.append(Skipped(article.origin or article.id, reason))
            if on_article:
                on_article(article)
    else:
        analysed = [
            (replace(article, language=language), statements, vectors)
            for article, (language, statements, vectors) in zip(batch, results, strict=True)
        ]
        store_batch(store, analysed, report)
        if on_article:
            for article, _, _ in analysed:
                on_article(article)


def ingest_distributed(
    items: Iterable[Article | Skipped],
    store: Store,
    *,
    workers: int = 2,
    cluster: str | None = None,
    batch_size: int = 8,
    on_article: Callable[[Article | Skipped], None] | None = None,
    embed: bool | None = None,
) -> IngestReport:
    """Store every article of ``items`` with its statements, parsing on dask workers.

    With ``cluster=None`` a local cluster of ``workers`` processes is started (and
    closed at the end); otherwise ``cluster`` is the address of a running scheduler
    (``tcp://host:8786``).  Fills the same :class:`IngestReport` as
    :func:`saidwhat.pipeline.ingest_articles`.  ``embed`` (default: the
    ``SAIDWHAT_EMBED_AT_INGEST`` setting of this process) has the workers compute the
    statements' vectors.
    """
    if workers < 1:
        raise ValueError("workers must be at least 1")
    if batch_size < 1:
        raise ValueError("batch_size must be at least 1")
    from distributed import Client, as_completed

    from saidwhat.search.embed import embed_at_ingest

    embed = embed_at_ingest() if embed is None else embed

    report = IngestReport()
    started = time.perf_counter()
    local = None
    client = None
    try:
        if cluster is None:
            local = start_local_cluster(workers)
            client = Client(local)
        else:
            client = Client(cluster)
        in_flight = _in_flight(client, cluster, workers)

        batches = _batches(new_articles(items, store, report, on_article), batch_size)
        pending: dict[object, list[Article]] = {}
        done = as_completed()

        def submit_next() -> bool:
            batch = next(batches, None)
            if batch is None:
                return False
            future = client.submit(analyse_batch, batch, embed, retries=RETRIES, pure=False)
            pending[future] = batch
            done.add(future)
            return True

        for _ in range(in_flight):
            if not submit_next():
                break
        for future in done:
            _finish_batch(future, pending.pop(future), store, report, on_article)
            future.release()
            submit_next()
    finally:
        if client is not None:
            client.close()
        if local is not None:
            local.close()
    report.seconds = time.perf_counter() - started
    return report
