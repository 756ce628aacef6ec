"""Distributed ingest speed on PolNeAR train+dev: in-process vs dask workers.

Usage: python bench/distributed_speed.py [--limit N] [--workers W] [--batch-size B]

Ingests the same articles twice into fresh temporary SQLite stores: once in this process
(``ingest_articles``, one spaCy model) and once with ``ingest_distributed`` on a local
dask cluster of W worker processes (default 2; one model per worker).  The distributed
time includes starting the cluster and loading the model in each worker; the in-process
time includes loading the model.  Prints words/s for each and the speedup.
"""

from __future__ import annotations

import argparse
import itertools
import os
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
POLNEAR = REPO.parent / "shared" / "data" / "polnear"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=None, help="use only the first N articles")
    parser.add_argument("--workers", type=int, default=2, help="dask worker processes")
    parser.add_argument("--batch-size", type=int, default=16, help="articles per dask task")
    parser.add_argument("--data", default=str(POLNEAR), help="folder with train/dev.jsonl")
    args = parser.parse_args(argv)
    files = [Path(args.data) / f"{name}.jsonl" for name in ("train", "dev")]
    missing = [str(f) for f in files if not f.exists()]
    if missing:
        print(f"missing: {', '.join(missing)}", file=sys.stderr)
        return 1

    from saidwhat.ingest.jsonl import read_jsonl
    from saidwhat.model import Article
    from saidwhat.pipeline import Pipeline, ingest_articles
    from saidwhat.scale import ingest_distributed
    from saidwhat.store import open_store

    items = itertools.chain.from_iterable(read_jsonl(f) for f in files)
    articles = [a for a in items if isinstance(a, Article)]
    if args.limit is not None:
        articles = articles[: args.limit]
    words = sum(len(a.text.split()) for a in articles)
    print(
        f"{len(articles)} articles, {words:,} words; cpus={os.cpu_count()}, "
        f"workers={args.workers}, batch_size={args.batch_size}"
    )

    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        with open_store(Path(tmp) / "local.db") as store:
            local = ingest_articles(articles, store, pipeline=Pipeline())
            local_counts = store.counts()
        local_s = time.perf_counter() - started

        started = time.perf_counter()
        with open_store(Path(tmp) / "dist.db") as store:
            dist = ingest_distributed(
                articles, store, workers=args.workers, batch_size=args.batch_size
            )
            dist_counts = store.counts()
        dist_s = time.perf_counter() - started

    rows = [
        ("in-process (workers=1)", local_s, local.seconds, local_counts),
        (f"dask (workers={args.workers})", dist_s, dist.seconds, dist_counts),
    ]
    for name, wall, ingest_s, counts in rows:
        print(
            f"{name:24} {wall:7.1f} s wall ({ingest_s:6.1f} s in ingest)  "
            f"{words / wall:8,.0f} words/s  {counts}"
        )
    print(f"speedup: {local_s / dist_s:.2f}x (wall, model/cluster start included)")
    if dist_counts != local_counts:
        print("WARNING: the two stores differ", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
