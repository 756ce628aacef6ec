"""Many short items (a wire feed): what an ingest costs per article on top of spaCy.

Usage: python bench/short_items.py [--items N] [--runs R] [--keep DIR]

Writes N (default 2,000) made-up one-paragraph items, each with one attributed quote,
to a JSON Lines file, and measures, in one process, each the best of R runs (default 1):
  (a) spaCy parsing alone: ``nlp.pipe`` over the texts, saidwhat's own pipeline;
  (b) the full ingest into a fresh SQLite store, no embedding
      (``saidwhat ingest --no-embed``: ``ingest_articles`` with ``Pipeline(embed=False)``);
  (c) the full ingest with each statement's vector computed at ingest (the default);
and prints articles/s of each, the time ratio to (a), and the milliseconds each ingest
adds per article over the parse.

Measured (2,000 items, 2 shared CPUs with other jobs running, OMP_NUM_THREADS=1):
  before: (a) 77.6/s, (b) 14.4/s (+56.5 ms an article), (c) 6.6/s (+137.5 ms);
  after:  (a) 88.0/s, (b) 67.5/s (+3.4 ms an article),  (c) 11.2/s (+78.3 ms).
The cost was not the commits (SQLite in WAL mode with synchronous=NORMAL does not sync
at a commit: 4.4 -> 4.0 ms of writing an article with 64 articles a transaction instead
of 1) but the near-duplicate lookup, which checked in Python every stored statement
sharing one common phrase with the new one, so each article cost more than the last
(500 items: 135 k shingle computations; 3,000 items: 4.9 M).  What (c) adds now is
the embedding model's own time (three texts an article).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import tempfile
from collections.abc import Callable
from pathlib import Path

from timing import best_of

_WHO = [
    ("Harbour Minister Ada Lund", "Lund"),
    ("Mayor Piet Roos", "Roos"),
    ("Union leader Kai Moss", "Moss"),
    ("Senator Vera Tamm", "Tamm"),
    ("Police chief Ole Brandt", "Brandt"),
    ("Professor Lin Sato", "Sato"),
]
_WHAT = [
    "the new bridge will open before the summer",
    "the budget leaves nothing for the rural schools",
    "the strike will go on until the talks resume",
    "the flood defences held better than expected",
    "the city will hire two hundred more nurses",
    "the trade deal protects the fishing towns",
]
_WHERE = ["Northport", "Eastvale", "Lakeby", "Millford", "Redcliff", "Stonehaven"]


def items(n: int) -> list[dict[str, str]]:
    """``n`` distinct made-up one-paragraph news items with one quote each."""
    out = []
    for i in range(n):
        who, short = _WHO[i % len(_WHO)]
        what = _WHAT[(i // len(_WHO)) % len(_WHAT)]
        where = _WHERE[(i // 36) % len(_WHERE)]
        text = (
            f"{who} said on Tuesday in {where} that {what}. "
            f'"We have worked on item {i} for {i % 12 + 2} months," {short} told reporters.'
        )
        out.append(
            {
                "id": f"item-{i:06d}",
                "title": f"Item {i}: {short} in {where}",
                "text": text,
                "date": f"2025-{i % 12 + 1:02d}-{i % 28 + 1:02d}",
                "outlet": "Wire Test",
                "language": "en",
            }
        )
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=2000, help="items to ingest")
    parser.add_argument("--runs", type=int, default=1, help="runs of each stage; best is kept")
    parser.add_argument("--keep", default=None, help="write the JSONL and stores here")
    args = parser.parse_args(argv)

    from saidwhat.extract.nlp import load_nlp
    from saidwhat.ingest.jsonl import read_jsonl
    from saidwhat.pipeline import BATCH_SIZE, Pipeline, ingest_articles
    from saidwhat.store import open_store

    work = Path(args.keep or tempfile.mkdtemp(prefix="saidwhat-short-"))
    work.mkdir(parents=True, exist_ok=True)
    rows = items(args.items)
    feed = work / "items.jsonl"
    feed.write_text("".join(json.dumps(r) + "\n" for r in rows), "utf-8")
    texts = [r["text"] for r in rows]

    nlp = load_nlp()
    plain = Pipeline(nlp=nlp, embed=False)
    embedding = Pipeline(nlp=nlp, embed=True)
    list(plain.analyse_texts(texts[:2]))  # warm up: lazy tables, first-batch costs
    runs = iter(range(1_000_000))

    def parse_only() -> None:
        for _ in nlp.pipe(texts, batch_size=BATCH_SIZE):
            pass

    def ingest(pipeline: Pipeline) -> Callable[[], None]:
        def job() -> None:
            db = work / f"run{next(runs)}.db"
            with open_store(db) as store:
                report = ingest_articles(read_jsonl(feed), store, pipeline=pipeline)
            if report.articles_stored != len(rows) or not report.statements_stored:
                raise RuntimeError(f"stored {report.articles_stored} of {len(rows)} articles")
            if not args.keep:
                for suffix in ("", "-wal", "-shm"):
                    Path(f"{db}{suffix}").unlink(missing_ok=True)

        return job

    import spacy

    print(f"{len(rows)} one-paragraph items; best of {args.runs} run(s)")
    print(
        f"spaCy {spacy.__version__}, model {nlp.meta.get('name')}; "
        f"Python {platform.python_version()}, {os.cpu_count()} CPUs"
    )
    results = {
        "(a) spaCy parse": best_of(args.runs, parse_only),
        "(b) ingest --no-embed": best_of(args.runs, ingest(plain)),
        "(c) ingest (embed)": best_of(args.runs, ingest(embedding)),
    }
    base = results["(a) spaCy parse"]
    n = len(rows)
    print(f"\n{'stage':24}{'seconds':>9}{'articles/s':>12}{'x (a)':>8}{'ms/article over (a)':>22}")
    for name, seconds in results.items():
        extra = "" if seconds is base else f"{(seconds - base) / n * 1000:.1f}"
        print(f"{name:24}{seconds:9.2f}{n / seconds:12.1f}{seconds / base:8.2f}{extra:>22}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
