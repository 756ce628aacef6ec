"""Many users at once: answers per second and latency of ``GET /ask`` with N clients,
without and with uploads (``POST /ingest``) running at the same time (issue 14).

    PYTHONPATH=src python bench/api_concurrency.py --db STORE.db [--clients 20]
        [--seconds 30] [--upload-articles 150]

The server is ``saidwhat serve``'s app under uvicorn in a subprocess, over a *copy*
of ``--db`` (uploads write to it); without ``--db`` a store of made-up articles is
built first.  Uploads are JSONL files of fresh made-up articles, one after another, for
as long as the second phase lasts.  Printed: answers/s, p50/p95/max latency, errors by
status, failed connections, uploads done.

Measured 2026-12-02 (2 cores shared with other work, load average 3-5), the 100,191
statement store of ``bench/ask_latency.py``, 20 clients, 30 s per phase, uploads of
100 articles:

=====================  ==========  =====  =====  =====  ===========================
code                   phase       ans/s  p50 s  p95 s  errors
=====================  ==========  =====  =====  =====  ===========================
before (ingest in a    asking      69.3   0.26   0.59   none
server thread)         + uploads   14.3   0.49   4.55   7 x 500 IndexError, 4 dropped
after (worker process, asking      66.0   0.10   1.44   none
pooled, paced store)   + uploads   37.2   0.19   1.90   none
=====================  ==========  =====  =====  =====  ===========================

The numbers move by a factor of two from one run to the next on a busy machine.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx

TOKEN = "bench-token"
QUESTIONS = [
    "What did Ada Quill say?",
    "What has Freedonia said about the harbour talks?",
    "What has Sylvania said about the grain corridor?",
    "What did Bo Tarrant say about the ceasefire?",
    "Who talked about fishing rights?",
    "What has Freedonia said?",
]
PEOPLE = [
    ("Ada Quill", "Freedonian foreign minister"),
    ("Bo Tarrant", "Sylvanian defence minister"),
    ("Cy Marlow", "Freedonian prime minister"),
    ("Di Fenwick", "Sylvanian ambassador"),
]
TOPICS = ["the harbour talks", "the grain corridor", "the ceasefire", "fishing rights"]


def made_up_articles(n: int, start: int = 0) -> list[dict[str, str]]:
    """``n`` made-up news articles with attributed statements (nothing real)."""
    out = []
    for i in range(start, start + n):
        (a, ra), (b, rb) = PEOPLE[i % 4], PEOPLE[(i + 1) % 4]
        t1, t2 = TOPICS[i % 4], TOPICS[(i + 2) % 4]
        text = (
            f"Talks resume on {t1}, round {i}\n\n"
            f'{a}, the {ra}, said on Monday that {t1} had made "real progress" in round {i} '
            f"and that both sides would meet again within {i % 9 + 2} days. "
            f'"We are not there yet," {a.split()[1]} told reporters in the capital. '
            f"{b}, the {rb}, said {t2} could not be settled before the winter, "
            f"according to a statement released by the ministry. "
            f"Officials said the delegations had spent {i % 7 + 3} hours on the details. "
            f'"Nobody wants another season like the last one," {b.split()[1]} added.\n'
        )
        out.append(
            {"title": f"Talks resume on {t1}, round {i}", "date": "2031-05-01", "text": text}
        )
    return out


def write_jsonl(path: Path, articles: list[dict[str, str]]) -> Path:
    path.write_text("".join(json.dumps(a) + "\n" for a in articles), encoding="utf-8")
    return path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(db: Path, port: int) -> subprocess.Popen[bytes]:
    code = (
        "import sys, uvicorn\n"
        "from saidwhat.api import create_app\n"
        f"uvicorn.run(create_app(sys.argv[1], preload=True, api_token={TOKEN!r}),"
        f" host='127.0.0.1', port={port}, log_level='warning')\n"
    )
    proc = subprocess.Popen([sys.executable, "-c", code, str(db)], env=os.environ.copy())
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            httpx.get(f"http://127.0.0.1:{port}/favicon.ico", timeout=2)
            return proc
        except httpx.TransportError:
            time.sleep(0.3)
    proc.kill()
    raise SystemExit("the server did not start")


def phase(
    base: str, clients: int, seconds: float, uploads: tuple[Path, int] | None
) -> dict[str, object]:
    """``clients`` threads asking for ``seconds``; with ``uploads`` (a folder, articles
    per file) one more thread uploads fresh made-up articles meanwhile."""
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    dropped = [0]
    uploaded: list[int] = []
    stop = threading.Event()
    lock = threading.Lock()

    def asker(k: int) -> None:
        with httpx.Client(base_url=base, timeout=300) as c:
            i = k
            while not stop.is_set():
                q = QUESTIONS[i % len(QUESTIONS)]
                i += 1
                t = time.perf_counter()
                try:
                    r = c.get("/ask", params={"q": q})
                except httpx.TransportError:
                    with lock:
                        dropped[0] += 1
                    continue
                dt = time.perf_counter() - t
                with lock:
                    statuses[r.status_code] = statuses.get(r.status_code, 0) + 1
                    if r.status_code == 200:
                        latencies.append(dt)

    def uploader() -> None:
        headers = {"Authorization": f"Bearer {TOKEN}"}
        with httpx.Client(base_url=base, timeout=600, headers=headers) as c:
            while not stop.is_set():
                assert uploads is not None
                folder, n = uploads
                path = folder / f"upload-{len(uploaded)}.jsonl"
                write_jsonl(path, made_up_articles(n, start=len(uploaded) * n))
                with path.open("rb") as f:
                    r = c.post("/ingest", files={"file": (path.name, f, "application/jsonl")})
                with lock:
                    uploaded.append(r.status_code)

    threads = [threading.Thread(target=asker, args=(k,)) for k in range(clients)]
    if uploads is not None:
        threads.append(threading.Thread(target=uploader))
    started = time.perf_counter()
    for t in threads:
        t.start()
    time.sleep(seconds)
    stop.set()
    for t in threads:
        t.join()
    wall = time.perf_counter() - started
    lat = sorted(latencies)
    return {
        "answers_per_s": round(len(lat) / wall, 1),
        "p50_s": round(statistics.median(lat), 3) if lat else None,
        "p95_s": round(lat[int(0.95 * (len(lat) - 1))], 3) if lat else None,
        "max_s": round(lat[-1], 3) if lat else None,
        "statuses": statuses,
        "dropped": dropped[0],
        "uploads": uploaded,
    }


def build_store(db: Path, n: int) -> None:
    from saidwhat.model import Article
    from saidwhat.pipeline import ingest_articles
    from saidwhat.store import open_store

    arts = [
        Article.from_text(a["text"], title=a["title"], date=a["date"])
        for a in made_up_articles(n, start=10_000)
    ]
    with open_store(str(db)) as s:
        ingest_articles(arts, s)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", type=Path, help="a store to copy (default: made-up articles)")
    ap.add_argument("--clients", type=int, default=20)
    ap.add_argument("--seconds", type=float, default=30)
    ap.add_argument("--upload-articles", type=int, default=150)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="saidwhat-bench-") as tmp:
        db = Path(tmp) / "bench.db"
        if args.db:
            shutil.copy(args.db, db)
        else:
            build_store(db, 200)
        port = free_port()
        proc = start_server(db, port)
        base = f"http://127.0.0.1:{port}"
        try:
            for q in QUESTIONS:  # warm up: vectors, arrays, model
                httpx.get(f"{base}/ask", params={"q": q}, timeout=300)
            quiet = phase(base, args.clients, args.seconds, None)
            print("asking only:      ", json.dumps(quiet), flush=True)
            busy = phase(base, args.clients, args.seconds, (Path(tmp), args.upload_articles))
            print("asking + uploads: ", json.dumps(busy), flush=True)
        finally:
            proc.terminate()
            proc.wait(timeout=60)


if __name__ == "__main__":
    main()
