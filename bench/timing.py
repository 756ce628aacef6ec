"""What the bench scripts share (run as ``python bench/NAME.py``: this folder is on the
path)."""

from __future__ import annotations

import time
from collections.abc import Callable


def best_of(runs: int, job: Callable[[], object]) -> float:
    """The shortest wall time of ``runs`` calls of ``job``, in seconds."""
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        job()
        times.append(time.perf_counter() - started)
    return min(times)
