"""The README's usage runs as written: every shell and Python block of README.md is run
in a fresh folder after the setup `make demo` does (as sqlite-utils checks its docs).

The folder gets a copy of ``examples/`` and the demo's store (``saidwhat ingest
examples/ --db out/demo.db``); then each ```sh block runs with ``bash -e`` and each
```python block with this Python, with the virtual environment's ``bin`` first on PATH
and this checkout's ``src`` first on PYTHONPATH.  A block right after an HTML comment
``<!-- not run: REASON -->`` is not run: the README marks so the commands that need the
network or a server (``--feed https://...``, ``serve``), data that is not shipped
(PolNeAR) and the setup itself (``make demo``, ``make test``).  A test checks that
only such blocks are left out.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.model

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text("utf-8")
BIN = Path(sys.executable).parent
_FENCE = re.compile(r"^```(\w*)\n(.*?)^```", re.M | re.S)
_NOT_RUN = re.compile(r"<!--\s*not run:\s*(.+?)\s*-->\s*$")
RUNNABLE = {"sh": "bash", "bash": "bash", "shell": "bash", "python": "python"}


def readme_blocks() -> list[tuple[int, str, str, str | None]]:
    """(line, language, code, reason not run or None) of each top-level fenced block."""
    blocks = []
    for match in _FENCE.finditer(README):
        lang = match.group(1)
        if lang not in RUNNABLE:
            continue
        line = README.count("\n", 0, match.start()) + 1
        before = README[: match.start()].rstrip("\n").rsplit("\n", 1)[-1]
        skip = _NOT_RUN.search(before)
        blocks.append((line, lang, match.group(2), skip.group(1) if skip else None))
    return blocks


BLOCKS = readme_blocks()


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PATH"] = f"{BIN}{os.pathsep}{env.get('PATH', '')}"
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT / "src"), env.get("PYTHONPATH")) if p)
    env.pop("SAIDWHAT_DB", None)  # the blocks say which store they use
    return env


@pytest.fixture(scope="module")
def demo_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh folder as `make demo` leaves a clone: examples/ and out/demo.db."""
    if shutil.which("saidwhat", path=str(BIN)) is None:
        pytest.skip(f"saidwhat is not installed in {BIN}")
    folder = tmp_path_factory.mktemp("readme")
    shutil.copytree(ROOT / "examples", folder / "examples")
    (folder / "out").mkdir()
    done = subprocess.run(
        ["saidwhat", "ingest", "examples/", "--db", "out/demo.db", "-q"],
        cwd=folder,
        env=_env(),
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr
    return folder


def test_readme_has_blocks_to_run_and_skips_only_marked_ones() -> None:
    run = [b for b in BLOCKS if b[3] is None]
    assert any(lang == "sh" for _, lang, _, _ in run)
    assert any(lang == "python" for _, lang, _, _ in run), "the library example must run"
    for line, _, code, reason in BLOCKS:
        if reason is None:
            assert "https://" not in code and "saidwhat serve" not in code, (
                f"README line {line}: a block that needs the network or a server must be "
                "marked <!-- not run: needs the network -->"
            )


@pytest.mark.parametrize(
    "block",
    [b for b in BLOCKS if b[3] is None],
    ids=[f"line{b[0]}-{b[1]}" for b in BLOCKS if b[3] is None],
)
def test_readme_block_runs(block: tuple[int, str, str, str | None], demo_folder: Path) -> None:
    line, lang, code, _ = block
    if RUNNABLE[lang] == "bash":
        command = ["bash", "-e", "-c", code]
    else:
        command = [sys.executable, "-c", code]
    done = subprocess.run(
        command,
        cwd=demo_folder,
        env=_env(),
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, (
        f"README block at line {line} failed ({done.returncode}):\n{code}\n"
        f"--- stdout\n{done.stdout[-3000:]}\n--- stderr\n{done.stderr[-3000:]}"
    )


def test_library_example_shows_said_and_asks() -> None:
    """The README's Python example prints ``st.said`` and asks a question."""
    python = [code for _, lang, code, reason in BLOCKS if lang == "python" and reason is None]
    assert any("st.said" in c and "ask(" in c for c in python)
