"""Helpers several test files share (imported as ``support``: pytest puts this folder on
the path)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
SAIDWHAT = Path(sys.executable).parent / "saidwhat"


def run_cli(*args: str, cwd: Path, timeout: int = 600) -> subprocess.CompletedProcess[str]:
    """Run the installed ``saidwhat`` script, with this checkout's code first on the path
    and no ``SAIDWHAT_DB`` from the environment."""
    if not SAIDWHAT.exists():
        pytest.skip(f"saidwhat is not installed next to {sys.executable}")
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT / "src"), env.get("PYTHONPATH")) if p)
    env.pop("SAIDWHAT_DB", None)
    return subprocess.run(
        [str(SAIDWHAT), *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout
    )


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def serve(db: Path, *, start_seconds: float = 60, **app_options: Any) -> Iterator[str]:
    """The app over the store ``db`` (``create_app(db, **app_options)``), served by
    uvicorn in a thread on a free loopback port; yields its base URL."""
    import uvicorn

    from saidwhat.api import create_app

    port = free_port()
    app = create_app(str(db), **app_options)
    srv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + start_seconds
    while not srv.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        srv.should_exit = True
        thread.join(timeout=60)
