"""Long articles: is every stage linear in the article's length?

Usage: python bench/long_article.py [--sizes 1000,5000,10000]

For each size, a fresh process builds one article of that many paragraphs (news-like
sentences, a quote attributed in every third paragraph, each paragraph different) and
runs it through ``Pipeline.analyse`` as an ingest does (an article longer than
``WINDOW_CHARS`` is read in windows).  It prints the seconds of the parse alone (the
windows through ``nlp.pipe``) and of the whole analysis (parse, extraction,
resolution), the process's peak resident memory, and the ratios to the smallest size
(linear: the time ratio follows the size ratio).

Measured (2 shared CPUs, other jobs running): 1,000 / 5,000 / 10,000 paragraphs
(123 k / 619 k / 1.24 M characters): 8.6 / 39.0 / 66.7 s, ratios 1 / 4.5 / 7.7 for
sizes 1 / 5.0 / 10.1, peak 260 / 266 / 268 MB.  Before (one parse, one extraction
over the whole text): 600 paragraphs took 30 s to extract against 2.6 s for 300, and
10,000 never finished.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

_NAMES = ["Maria Lopez", "John Smith", "the minister", "Senator Adams", "a spokesman"]
_TOPICS = ["the budget", "the new tax", "the election", "the strike", "the ceasefire"]


def article(paragraphs: int) -> str:
    """A synthetic article of ``paragraphs`` paragraphs, one a line."""
    lines = [f"Long article of {paragraphs} paragraphs"]
    for i in range(paragraphs):
        who = _NAMES[i % len(_NAMES)]
        topic = _TOPICS[(i // 5) % len(_TOPICS)]
        if i % 3 == 0:
            lines.append(
                f'"We will not accept {topic} in its form number {i}," {who} said on '
                f"Tuesday, adding that talks would go on."
            )
        else:
            lines.append(
                f"The debate on {topic} entered day {i} as officials met in the capital "
                f"and {who} left the building without comment."
            )
    return "\n".join(lines) + "\n"


def one(paragraphs: int) -> dict[str, float]:
    """Run one size in this process; the timings and peak memory."""
    from saidwhat.extract.nlp import text_windows
    from saidwhat.model import Article
    from saidwhat.pipeline import Pipeline

    pipeline = Pipeline()
    pipeline.analyse(Article.from_text('"Warm up," the bench said.', language="en"))
    text = article(paragraphs)
    started = time.perf_counter()
    windows = (t for _, t in text_windows(text))
    tokens = sum(len(doc) for doc in pipeline.nlp.pipe(windows, batch_size=1))
    parsed = time.perf_counter()
    statements = pipeline.analyse(Article.from_text(text, language="en"))
    done = time.perf_counter()
    return {
        "paragraphs": paragraphs,
        "chars": len(text),
        "tokens": tokens,
        "statements": len(statements),
        "parse_s": parsed - started,
        "extract_resolve_s": (done - parsed) - (parsed - started),
        "total_s": done - parsed,
        "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,5000,10000")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.one:
        print(json.dumps(one(args.one)))
        return 0
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    rows = []
    for size in (int(s) for s in args.sizes.split(",")):
        out = subprocess.run(
            [sys.executable, __file__, "--one", str(size)],
            env=env,
            check=True,
            capture_output=True,
            text=True,
        )
        rows.append(json.loads(out.stdout.strip().splitlines()[-1]))
    base = rows[0]
    print(
        f"{'paragraphs':>10} {'chars':>10} {'tokens':>8} {'stmts':>6} {'parse s':>8} "
        f"{'rest s':>7} {'total s':>8} {'x size':>7} {'x time':>7} {'peak MB':>8}"
    )
    for row in rows:
        print(
            f"{row['paragraphs']:>10} {row['chars']:>10,} {row['tokens']:>8,} "
            f"{row['statements']:>6} {row['parse_s']:>8.1f} {row['extract_resolve_s']:>7.1f} "
            f"{row['total_s']:>8.1f} {row['chars'] / base['chars']:>7.1f} "
            f"{row['total_s'] / base['total_s']:>7.1f} {row['peak_mb']:>8.0f}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
