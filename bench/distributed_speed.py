"""Distributed ingest speed on PolNeAR train+dev: in-process vs dask workers.

Usage: python bench/distributed_speed.py [--limit N] [--offset N] [--workers 1,2] [--batch-size B]
                                         [--default-threads] [--json FILE]

Ingests the same articles into fresh temporary SQLite stores: once in this process
(``ingest_articles``, one spaCy model), then with ``ingest_distributed`` on a local dask
cluster of W worker processes for each W of ``--workers``.

Throughput figures leave out start-up, which is timed and reported on its own: loading
the model in this process; starting the cluster and loading the model in every worker
(a warm-up task per worker).  Every process is single-threaded for BLAS/OpenMP
(``OMP_NUM_THREADS=1`` etc., as dask sets for its workers) unless ``--default-threads``,
so the in-process baseline does not use a second core the workers cannot.

For each run: wall seconds, words/s, words/s per worker, CPU seconds of the driver
(with the dask nannies) and of the worker processes (psutil), the CPU seconds other
processes on the machine used meanwhile (/proc/stat minus ours), and the load average
before and after: other jobs on a shared machine skew every figure.  ``--wait-quiet S``
waits (up to S seconds) for a quiet machine before each run.

Last figures, quiet machine (2026-11-25, commit d3d8c35 of the second session; other
processes < 1.2 CPU-s per run; 924 articles / 923 distinct, 692k words; batch 8;
single-threaded BLAS; workers pinned to a CPU each; ``--spacy-ceiling``):

  run                        wall     words/s   CPU-s                    vs in-process
  spaCy alone, 1 process    143.9 s    4,810    143.9
  spaCy alone, 2 processes   72.9 s    9,495    71.4 + 72.5              (1.97x of 1)
  in-process                171.5 s    4,036    170.7
  dask 1 worker             159.3 s    4,347    159.1 + 7.5 driver       1.08x
  dask 2 workers             81.1 s    8,537    154.4 + 5.7 driver       2.12x, 106%/worker

The VM is noisy: five full runs that day gave 1.93x, 2.13x, 2.01x, 1.55x and 2.12x for
2 workers.  In the 1.55x run spaCy alone scaled to only 1.71x and the workers used 205
CPU-s instead of 153-157; a 250-article slice gave 1.57x in that state and 2.02x a few
minutes later with the same code.  Compare within one run, against the ceiling.
Pinning, A/B of the same code and baseline: 2 workers pinned 79.7 s and 79.7 s (152
worker CPU-s), unpinned 82.5 s (157).  Tried without gain in the first session: glibc
``MALLOC_ARENA_MAX=1``; batches of 32 (the tail of 7 tasks leaves a core idle).
Garbage collection is 0.28 s of 64 s in a worker.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
POLNEAR = REPO.parent / "shared" / "data" / "polnear"
THREAD_VARS = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")


def _tree_cpu(pid: int) -> float:
    """User + system CPU seconds of a process and its live descendants."""
    import psutil

    total = 0.0
    try:
        root = psutil.Process(pid)
        procs = [root, *root.children(recursive=True)]
    except psutil.Error:
        return 0.0
    for p in procs:
        try:
            t = p.cpu_times()
            total += t.user + t.system
        except psutil.Error:
            pass
    return total


def _load() -> float:
    return os.getloadavg()[0]


def _busy() -> float:
    """CPU seconds the whole machine has spent busy (all processes), from /proc/stat."""
    try:
        fields = Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]
    except OSError:
        return 0.0
    user, nice, system, _idle, _iowait, irq, softirq, steal = (int(f) for f in fields[:8])
    return (user + nice + system + irq + softirq + steal) / os.sysconf("SC_CLK_TCK")


def _wait_quiet(limit: float) -> float:
    """Wait up to ``limit`` seconds for 3 s in which the machine is >= 90% idle;
    returns the busy fraction of the last window."""
    deadline = time.monotonic() + limit
    cpus = os.cpu_count() or 1
    while True:
        b0 = _busy()
        time.sleep(3)
        busy = (_busy() - b0) / (3 * cpus)
        if busy <= 0.10 or time.monotonic() >= deadline:
            return busy


def _parse_share(texts: list[str], start: Any, pin: int | None, out: Any) -> None:
    """One ceiling process: load the model, wait for the start signal, parse, report."""
    from saidwhat.extract.nlp import load_nlp

    if pin is not None:
        os.sched_setaffinity(0, {pin})
    nlp = load_nlp()
    list(nlp.pipe(texts[:2]))
    start.wait()
    t0 = time.process_time()
    for _ in nlp.pipe(texts, batch_size=8):
        pass
    out.put(time.process_time() - t0)


def spacy_ceiling(texts: list[str], processes: int, pin: bool) -> dict[str, Any]:
    """Parse ``texts`` with the pipeline's spaCy model alone in ``processes`` independent
    processes (each a share, nothing sent back): what the parser itself gains from more
    cores on this machine, the ceiling for any distributed ingest."""
    import multiprocessing as mp

    ctx = mp.get_context("fork")
    start = ctx.Barrier(processes + 1)
    out = ctx.Queue()
    procs = [
        ctx.Process(
            target=_parse_share,
            args=(texts[i::processes], start, i % (os.cpu_count() or 1) if pin else None, out),
        )
        for i in range(processes)
    ]
    for p in procs:
        p.start()
    start.wait()
    t0 = time.perf_counter()
    cpu = [out.get() for _ in procs]
    wall = time.perf_counter() - t0
    for p in procs:
        p.join()
    words = sum(len(t.split()) for t in texts)
    return {"processes": processes, "wall_s": wall, "words_per_s": words / wall, "cpu_s": cpu}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=None, help="use only the first N articles")
    parser.add_argument("--offset", type=int, default=0, help="skip the first N articles")
    parser.add_argument("--workers", default="1,2", help="worker counts to run, e.g. 1,2")
    parser.add_argument("--batch-size", type=int, default=8, help="articles per dask task")
    parser.add_argument("--data", default=str(POLNEAR), help="folder with train/dev.jsonl")
    parser.add_argument(
        "--default-threads", action="store_true", help="leave BLAS/OpenMP thread counts alone"
    )
    parser.add_argument("--skip-local", action="store_true", help="no in-process baseline")
    parser.add_argument(
        "--no-pin",
        dest="pin",
        action="store_false",
        help="let the OS move workers (and ceiling processes) between CPUs",
    )
    parser.add_argument(
        "--spacy-ceiling",
        action="store_true",
        help="also time spaCy alone in 1 and 2 independent processes (the machine's ceiling)",
    )
    parser.add_argument(
        "--wait-quiet",
        type=float,
        default=0.0,
        metavar="S",
        help="before each run wait up to S seconds for the machine to be >= 90%% idle",
    )
    parser.add_argument("--json", dest="json_out", default=None, help="also write figures here")
    args = parser.parse_args(argv)
    if not args.default_threads:
        for var in THREAD_VARS:
            os.environ[var] = "1"  # before numpy/spaCy are imported
    files = [Path(args.data) / f"{name}.jsonl" for name in ("train", "dev")]
    missing = [str(f) for f in files if not f.exists()]
    if missing:
        print(f"missing: {', '.join(missing)}", file=sys.stderr)
        return 1

    from distributed import Client

    from saidwhat.ingest.jsonl import read_jsonl
    from saidwhat.model import Article
    from saidwhat.pipeline import Pipeline, ingest_articles
    from saidwhat.scale import ingest_distributed
    from saidwhat.scale.distributed import start_local_cluster, warm_up
    from saidwhat.store import open_store

    items = itertools.chain.from_iterable(read_jsonl(f) for f in files)
    articles = [a for a in items if isinstance(a, Article)]
    articles = articles[args.offset :]
    if args.limit is not None:
        articles = articles[: args.limit]
    words = sum(len(a.text.split()) for a in articles)
    print(
        f"{len(articles)} articles, {words:,} words; cpus={os.cpu_count()}, "
        f"batch_size={args.batch_size}, threads="
        f"{'default' if args.default_threads else 'OMP/OPENBLAS/MKL=1'}; "
        f"load at start {_load():.2f}",
        flush=True,
    )
    runs: list[dict[str, Any]] = []
    me = os.getpid()

    if args.spacy_ceiling:
        texts = [a.text for a in articles]
        ceiling = []
        for n in (1, 2):
            _wait_quiet(args.wait_quiet)
            ceiling.append(spacy_ceiling(texts, n, args.pin))
            c = ceiling[-1]
            print(
                f"spaCy alone, {n} process(es): {c['wall_s']:7.1f} s {c['words_per_s']:8,.0f} "
                f"words/s, cpu {' + '.join(f'{x:.1f}' for x in c['cpu_s'])} s",
                flush=True,
            )
        print(
            f"spaCy alone: 2 processes {ceiling[1]['words_per_s'] / ceiling[0]['words_per_s']:.2f}x"
            " of 1 (the ceiling for 2 workers on this machine)",
            flush=True,
        )

    with tempfile.TemporaryDirectory() as tmp:
        if not args.skip_local:
            _wait_quiet(args.wait_quiet)
            load0 = _load()
            t0 = time.perf_counter()
            pipeline = Pipeline()
            pipeline.analyse(articles[0])  # first call builds lazy tables
            startup = time.perf_counter() - t0
            busy0, cpu0, t0 = _busy(), _tree_cpu(me), time.perf_counter()
            with open_store(Path(tmp) / "local.db") as store:
                report = ingest_articles(articles, store, pipeline=pipeline)
                counts = store.counts()
            wall = time.perf_counter() - t0
            ours = _tree_cpu(me) - cpu0
            runs.append(
                {
                    "name": "in-process",
                    "workers": 1,
                    "startup_s": startup,
                    "wall_s": wall,
                    "words_per_s": words / wall,
                    "per_worker": words / wall,
                    "driver_cpu_s": ours,
                    "worker_cpu_s": 0.0,
                    "others_cpu_s": _busy() - busy0 - ours,
                    "load": (load0, _load()),
                    "counts": counts,
                    "stored": report.articles_stored,
                }
            )
            print(_line(runs[-1]), flush=True)
            del pipeline

        for n in [int(w) for w in args.workers.split(",") if w.strip()]:
            _wait_quiet(args.wait_quiet)
            load0 = _load()
            t0 = time.perf_counter()
            cluster = start_local_cluster(n, pin=args.pin)
            client = Client(cluster)
            started = time.perf_counter() - t0
            warm_up(client)
            startup = time.perf_counter() - t0
            pids = list(client.run(os.getpid).values())
            wcpu0 = sum(_tree_cpu(p) for p in pids)
            busy0, cpu0, t0 = _busy(), _tree_cpu(me) - wcpu0, time.perf_counter()
            with open_store(Path(tmp) / f"dist{n}.db") as store:
                report = ingest_distributed(
                    articles,
                    store,
                    workers=n,
                    cluster=cluster.scheduler_address,
                    batch_size=args.batch_size,
                )
                counts = store.counts()
            wall = time.perf_counter() - t0
            wcpu = sum(_tree_cpu(p) for p in pids) - wcpu0
            ours = _tree_cpu(me) - wcpu0 - cpu0
            runs.append(
                {
                    "name": f"dask {n} worker(s)",
                    "workers": n,
                    "startup_s": startup,
                    "cluster_start_s": started,
                    "wall_s": wall,
                    "words_per_s": words / wall,
                    "per_worker": words / wall / n,
                    "driver_cpu_s": ours - wcpu,
                    "worker_cpu_s": wcpu,
                    "others_cpu_s": _busy() - busy0 - ours,
                    "load": (load0, _load()),
                    "counts": counts,
                    "stored": report.articles_stored,
                }
            )
            client.close()
            cluster.close()
            print(_line(runs[-1]), flush=True)

    base = runs[0]
    for run in runs[1:]:
        print(
            f"{run['name']}: speedup {run['words_per_s'] / base['words_per_s']:.2f}x over "
            f"{base['name']}; per-worker throughput "
            f"{100 * run['per_worker'] / base['words_per_s']:.0f}% of {base['name']}"
        )
    if args.json_out:
        Path(args.json_out).write_text(json.dumps(runs, indent=2) + "\n", "utf-8")
    if len({json.dumps(r["counts"], sort_keys=True) for r in runs}) > 1:
        print("WARNING: the stores differ", file=sys.stderr)
        return 2
    return 0


def _line(run: dict[str, Any]) -> str:
    return (
        f"{run['name']:20} start-up {run['startup_s']:5.1f} s | {run['wall_s']:7.1f} s "
        f"{run['words_per_s']:8,.0f} words/s ({run['per_worker']:6,.0f}/worker) | cpu "
        f"driver {run['driver_cpu_s']:6.1f} s workers {run['worker_cpu_s']:6.1f} s | "
        f"other processes {run['others_cpu_s']:6.1f} cpu-s | "
        f"load {run['load'][0]:.2f}->{run['load'][1]:.2f} | {run['counts']}"
    )


if __name__ == "__main__":
    sys.exit(main())
