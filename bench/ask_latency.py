"""Ask latency on a large store (not a test).

Copies a SQLite store (e.g. one holding the PolNeAR ingest), computes the embeddings of
its statements if ingest did not, then replicates its articles, statements, full-text
rows and vectors until the copy holds at least ``--statements`` statements (dates shifted so
copies differ), and times ``ask`` on 50 varied questions::

    .venv/bin/python bench/ask_latency.py SOURCE.db [--out /tmp/bench.db] [--statements 100000]

``--reuse`` times an ``--out`` store built by an earlier run (no copy, no replication).

Last measured (2 cores, load average under 1, 2026-12-02): newsattr dev ingested (42
articles, 367 statements) replicated to 100,191 statements: p50 66 ms, p95 127 ms, max
164 ms.  The answers now rank up to 400 candidates a group for the relevance cut and
standing (0.1.5 ranked the top 50: p50 18-22 ms, p95 37-57 ms on PolNeAR replicated).
The machine's load average is printed before and after the timing: the numbers mean
little on a busy machine.
"""

from __future__ import annotations

import argparse
import math
import os
import random
import sqlite3
import statistics
import sys
import time
from pathlib import Path

from saidwhat.answer import ask
from saidwhat.search import ensure_embeddings
from saidwhat.store import open_store

TOPICS = [
    "the peace talks", "the Russian military de-escalation", "sanctions", "the economy",
    "troops near Kyiv", "the election", "immigration", "health care", "taxes", "the war",
    "climate change", "trade", "the investigation", "the ceasefire", "nuclear weapons",
]


def replicate(out: Path, target: int) -> int:
    """Grow the store at ``out`` to at least ``target`` statements; returns the count."""
    conn = sqlite3.connect(out, isolation_level=None)
    n, max_id = conn.execute("SELECT count(*), max(id) FROM statements").fetchone()
    if not n:
        sys.exit("the source store has no statements")
    copies = math.ceil(target / n) - 1
    cols = [r[1] for r in conn.execute("PRAGMA table_info(statements)") if r[1] != "id"]
    acols = [r[1] for r in conn.execute("PRAGMA table_info(articles)") if r[1] not in ("id",
                                                                                   "date")]
    c, a = ", ".join(cols), ", ".join(acols)
    t0 = time.perf_counter()
    for k in range(1, copies + 1):
        off = k * max_id
        conn.execute("BEGIN")
        conn.execute(
            f"INSERT INTO articles (id, date, {a}) SELECT id || '-{k}', "
            f"CASE WHEN date IS NULL THEN NULL ELSE date(date, '-{k} days') END, {a} "
            "FROM articles WHERE instr(id, '-') = 0"
        )
        conn.execute(
            f"INSERT INTO statements (id, {c}) SELECT id + {off}, "
            + c.replace("article_id", f"article_id || '-{k}'")
            + f" FROM statements WHERE id <= {max_id}"
        )
        conn.execute(
            f"INSERT INTO statements_fts (rowid, content, sentence) SELECT rowid + {off}, "
            f"content, sentence FROM statements_fts WHERE rowid <= {max_id}"
        )
        conn.execute(
            f"INSERT INTO embeddings SELECT statement_id + {off}, model, vector FROM embeddings "
            f"WHERE statement_id <= {max_id}"
        )
        conn.execute(
            f"INSERT INTO article_embeddings SELECT article_id || '-{k}', model, vector "
            "FROM article_embeddings WHERE instr(article_id, '-') = 0"
        )
        conn.execute("UPDATE store_changes SET statements = statements + 1, vectors = vectors + 1")
        conn.execute("COMMIT")
    total = conn.execute("SELECT count(*) FROM statements").fetchone()[0]
    conn.close()
    print(f"replicated to {total} statements in {time.perf_counter() - t0:.1f}s")
    return int(total)


def questions(store_path: Path, n: int = 50) -> list[str]:
    conn = sqlite3.connect(store_path)
    actors = [r[0] for r in conn.execute(
        "SELECT sp.actor, count(*) c FROM statements s JOIN speakers sp ON sp.id = s.speaker_id "
        "WHERE sp.actor != '' GROUP BY sp.actor ORDER BY c DESC LIMIT 10")]
    people = [r[0].split()[-1] for r in conn.execute(
        "SELECT sp.name, count(*) c FROM statements s JOIN speakers sp ON sp.id = s.speaker_id "
        "WHERE sp.is_person GROUP BY sp.name ORDER BY c DESC LIMIT 10")]
    conn.close()
    rnd = random.Random(7)
    actors = actors or ["Russia"]
    people = people or ["Kirby"]
    out = []
    for i in range(n):
        t = rnd.choice(TOPICS)
        kind = i % 5
        if kind == 0:
            out.append(f"What has {rnd.choice(actors)} said about {t}?")
        elif kind == 1:
            a, b = rnd.sample(actors, 2) if len(actors) > 1 else (actors[0], actors[0])
            out.append(f"What has {a} and {b} said about {t}?")
        elif kind == 2:
            out.append(f"What did {rnd.choice(people)} say about {t}?")
        elif kind == 3:
            out.append(f"Who said {t}?")
        else:
            out.append(f"What did {rnd.choice(actors)} say it would do?")
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("source", type=Path)
    ap.add_argument("--out", type=Path, default=Path("/tmp/saidwhat-bench.db"))
    ap.add_argument("--statements", type=int, default=100_000)
    ap.add_argument("--reuse", action="store_true", help="time --out as it is")
    args = ap.parse_args()
    if args.reuse:
        time_questions(args.out, None)
        return
    for suffix in ("", "-wal", "-shm"):
        Path(str(args.out) + suffix).unlink(missing_ok=True)
    src = sqlite3.connect(args.source)
    dst = sqlite3.connect(args.out)
    src.backup(dst)
    src.close()
    dst.close()
    with open_store(str(args.out)) as store:
        n = store.counts()["statements"]
        t0 = time.perf_counter()
        done = ensure_embeddings(store)
        dt = time.perf_counter() - t0
        if done:
            print(f"embedded {done} statements in {dt:.1f}s ({done / dt:.0f}/s)")
        assert not str(args.out).startswith("postgres"), "a SQLite store file is replicated"
    replicate(args.out, args.statements)
    time_questions(args.out, n)


def time_questions(path: Path, source_count: int | None) -> None:
    """Time ``ask`` on 50 questions over the store at ``path``; print p50 and p95."""
    qs = questions(path)
    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())} "
          f"({os.cpu_count()} cores)")
    with open_store(str(path)) as store:
        t0 = time.perf_counter()
        ask(store, qs[0])
        print(f"first ask (loads vectors and the model): {time.perf_counter() - t0:.2f}s")
        times = []
        for q in qs:
            t0 = time.perf_counter()
            ans = ask(store, q)
            times.append(time.perf_counter() - t0)
            print(f"{times[-1] * 1000:7.0f} ms  {len(ans.statements):4d} st  {q}")
    times.sort()
    p95 = times[min(len(times) - 1, math.ceil(0.95 * len(times)) - 1)]
    src = f" (source {source_count})" if source_count else ""
    print(f"{len(times)} questions over {store_count(path)} statements{src}: "
          f"p50 {statistics.median(times) * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms, "
          f"max {times[-1] * 1000:.0f} ms")
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


def store_count(path: Path) -> int:
    conn = sqlite3.connect(path)
    try:
        return int(conn.execute("SELECT count(*) FROM statements").fetchone()[0])
    finally:
        conn.close()


if __name__ == "__main__":
    main()
