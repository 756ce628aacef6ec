"""Ingest speed on PolNeAR dev: how much saidwhat adds on top of spaCy parsing.

Usage: python bench/ingest_speed.py [DEV.jsonl] [--runs N]

Measures, in one process, each the best of N runs (default 2):
  (a) spaCy parsing alone: ``nlp.pipe`` over the texts, saidwhat's own pipeline;
  (b) parse + extract + resolve: ``Pipeline.analyse_texts``;
  (c) the full ingest into a fresh temporary SQLite store: ``ingest_articles``;
  (d) textacy ``direct_quotations`` (parse + extraction), when textacy is installed.
and prints words/s for each and the time overhead of (b), (c), (d) over (a).
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import platform
import sys
import tempfile
from pathlib import Path

from timing import best_of

REPO = Path(__file__).resolve().parent.parent
DEFAULT_DEV = REPO.parent / "shared" / "data" / "polnear" / "dev.jsonl"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dev", nargs="?", default=str(DEFAULT_DEV), help="PolNeAR-style JSONL")
    parser.add_argument("--runs", type=int, default=2, help="runs of each stage; best is kept")
    args = parser.parse_args(argv)
    dev = Path(args.dev)
    if not dev.exists():
        print(f"no such file: {dev} (PolNeAR dev is in ../shared/data/polnear/)", file=sys.stderr)
        return 1

    import spacy

    from saidwhat.extract.nlp import load_nlp
    from saidwhat.ingest.jsonl import read_jsonl
    from saidwhat.pipeline import BATCH_SIZE, Pipeline, ingest_articles
    from saidwhat.store import open_store

    with dev.open(encoding="utf-8") as handle:
        texts = [json.loads(line)["text"] for line in handle if line.strip()]
    words = sum(len(t.split()) for t in texts)

    nlp = load_nlp()
    pipeline = Pipeline(nlp=nlp)
    list(pipeline.analyse_texts(texts[:2]))  # warm up: lazy tables, first-batch costs

    def parse_only() -> None:
        for _ in nlp.pipe(texts, batch_size=BATCH_SIZE):
            pass

    def analyse() -> None:
        for _ in pipeline.analyse_texts(texts):
            pass

    statements: list[int] = []

    def ingest() -> None:
        with tempfile.TemporaryDirectory(prefix="saidwhat-bench-") as tmp:
            with open_store(str(Path(tmp) / "bench.db")) as store:
                report = ingest_articles(read_jsonl(dev), store, pipeline=pipeline)
            statements.append(report.statements_stored)
            if report.articles_stored != len(texts):
                raise RuntimeError(f"stored {report.articles_stored} of {len(texts)} articles")

    print(f"{dev}: {len(texts)} articles, {words} words; best of {args.runs} runs")
    print(
        f"spaCy {spacy.__version__}, model {nlp.meta.get('name')} {nlp.meta.get('version')}, "
        f"pipes {','.join(nlp.pipe_names)}; Python {platform.python_version()}, "
        f"{os.cpu_count()} CPUs"
    )
    results: dict[str, float | None] = {
        "(a) spaCy parse": best_of(args.runs, parse_only),
        "(b) parse+extract+resolve": best_of(args.runs, analyse),
        "(c) full ingest -> SQLite": best_of(args.runs, ingest),
    }
    note = ""
    if importlib.util.find_spec("textacy") is not None:
        from textacy.extract.triples import direct_quotations

        refused: list[int] = []

        def textacy_quotes() -> None:
            refused.clear()
            for doc in nlp.pipe(texts, batch_size=BATCH_SIZE):
                try:
                    list(direct_quotations(doc))
                except ValueError:  # textacy bails out on an unclosed quotation mark
                    refused.append(1)

        results["(d) textacy direct_quotations"] = best_of(args.runs, textacy_quotes)
        note = f"textacy refused {len(refused)} of {len(texts)} articles (unclosed quotes)"
    else:
        results["(d) textacy direct_quotations"] = None
        note = "textacy is not installed (not a saidwhat dependency): (d) skipped"

    base = results["(a) spaCy parse"]
    assert base is not None
    print(f"\n{'stage':32}{'seconds':>9}{'words/s':>10}{'overhead vs (a)':>18}")
    for name, seconds in results.items():
        if seconds is None:
            print(f"{name:32}{'skipped':>9}")
            continue
        overhead = "" if seconds is base else f"{(seconds / base - 1) * 100:+.1f}%"
        print(f"{name:32}{seconds:9.2f}{words / seconds:10.0f}{overhead:>18}")
    if statements:
        print(f"\n(c) stored {statements[-1]} statements")
    if note:
        print(note)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
