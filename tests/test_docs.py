"""Docs cannot drift: the README names every command, and its quick start is real."""

from __future__ import annotations

import re
from pathlib import Path

from saidwhat.cli import cli

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text("utf-8")


def test_readme_mentions_every_command() -> None:
    missing = [name for name in cli.commands if f"saidwhat {name}" not in README]
    assert not missing, f"README does not show: {missing}"


def test_quick_start_commands_are_make_targets_and_ci_runs_the_test_one() -> None:
    quick = README.split("## Quick start", 1)[1].split("##", 1)[0]
    commands = re.findall(r"^make (\w+)", quick, flags=re.M)
    assert commands == ["demo", "test"]
    makefile = (ROOT / "Makefile").read_text("utf-8")
    for target in commands:
        assert re.search(rf"^{target}:", makefile, flags=re.M), target
    ci = (ROOT / ".ci" / "run").read_text("utf-8")
    assert re.search(r"^make test$", ci, flags=re.M)
