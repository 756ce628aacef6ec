"""saidwhat.settings: one registry of the SAIDWHAT_* environment variables, each one
documented in the README, read nowhere else."""

from __future__ import annotations

import ast
import dataclasses
import re
from pathlib import Path

import pytest

from saidwhat import settings
from saidwhat.settings import SETTINGS, Settings

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src" / "saidwhat"
VARIABLE = re.compile(r"SAIDWHAT_[A-Z0-9_]+")


def _configuration_section() -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    match = re.search(r"^## Configuration\n(.*?)^## ", readme, re.M | re.S)
    assert match, "README.md has no '## Configuration' section"
    return match.group(1)


def _bullets(section: str) -> dict[str, str]:
    """``- `NAME`: text`` items of the section, by name."""
    items = re.split(r"(?m)^- `", section)[1:]
    return {item.split("`", 1)[0]: item for item in items}


def test_registry_is_the_settings_fields() -> None:
    assert [s.field for s in SETTINGS] == [f.name for f in dataclasses.fields(Settings)]
    names = [s.name for s in SETTINGS]
    assert len(names) == len(set(names)) == 6
    assert all(VARIABLE.fullmatch(n) for n in names)
    for s in SETTINGS:
        assert len(s.help) > 20, f"{s.name} has no help text"


@pytest.mark.parametrize("setting", SETTINGS, ids=lambda s: s.name)
def test_setting_is_documented_in_the_readme(setting: settings.Setting) -> None:
    bullets = _bullets(_configuration_section())
    assert setting.name in bullets, f"README Configuration does not list {setting.name}"
    assert "default" in bullets[setting.name].lower(), f"README gives no default of {setting.name}"


def test_readme_documents_only_registered_settings() -> None:
    documented = set(_bullets(_configuration_section()))
    assert documented == {s.name for s in SETTINGS}


def _variables_named_in_code(path: Path) -> set[str]:
    """SAIDWHAT_* names written as a whole string in code (an ``os.environ`` key, a
    constant, click's ``envvar=``): docstrings and messages that mention one are longer
    strings and do not count."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return {
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and VARIABLE.fullmatch(node.value)
    }


def test_no_module_but_settings_reads_a_saidwhat_variable() -> None:
    modules = sorted(SRC.rglob("*.py"))
    assert len(modules) > 30
    stray = {
        str(path.relative_to(SRC)): sorted(found)
        for path in modules
        if path.name != "settings.py" and (found := _variables_named_in_code(path))
    }
    assert stray == {}, f"read the value from saidwhat.settings instead: {stray}"
    assert _variables_named_in_code(SRC / "settings.py") == {s.name for s in SETTINGS}


def test_defaults_when_nothing_is_set() -> None:
    got = Settings.from_env({})
    assert got == Settings()
    assert got.embed_at_ingest is True and got.api_token is None and got.db is None


@pytest.mark.parametrize(
    ("value", "on"), [("0", False), (" Off ", False), ("no", False), ("1", True), ("", True)]
)
def test_embed_at_ingest_values(value: str, on: bool) -> None:
    assert Settings.from_env({"SAIDWHAT_EMBED_AT_INGEST": value}).embed_at_ingest is on


def test_empty_values_are_unset() -> None:
    got = Settings.from_env({"SAIDWHAT_API_TOKEN": "", "SAIDWHAT_DB": "", "SAIDWHAT_ACTORS": ""})
    assert got.api_token is None and got.db is None and got.actors is None


def test_parsed_once_and_again_when_the_environment_changes(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("SAIDWHAT_API_TOKEN", "first")
    first = settings.current()
    assert first.api_token == "first"
    assert settings.current() is first  # not parsed again
    monkeypatch.setenv("SAIDWHAT_API_TOKEN", "second")
    assert settings.current().api_token == "second"
    monkeypatch.delenv("SAIDWHAT_API_TOKEN")
    assert settings.current().api_token is None
    assert settings.refresh() == settings.current()


def test_override_wins_within_its_block(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SAIDWHAT_ACTORS", "/tmp/actors.json")
    with settings.override(api_token="tok", embed_at_ingest=False) as got:
        assert settings.current() is got
        assert got.api_token == "tok" and got.embed_at_ingest is False
        assert got.actors == "/tmp/actors.json"  # the rest from the environment
        with settings.override(api_token=None):
            assert settings.current().api_token is None
        assert settings.current().api_token == "tok"
    assert settings.current().embed_at_ingest is True


def test_cli_db_default_comes_from_the_settings(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from click.testing import CliRunner

    from saidwhat.cli import cli

    missing = tmp_path / "none.db"
    monkeypatch.setenv("SAIDWHAT_DB", str(missing))
    result = CliRunner().invoke(cli, ["statements"])
    assert result.exit_code != 0
    assert f"no store at {missing}" in str(result.exception)
    assert not missing.exists()  # reading never creates a store


def test_api_token_from_the_environment_turns_ingest_on(
    seed_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from fastapi.testclient import TestClient

    from saidwhat.api import create_app

    monkeypatch.delenv("SAIDWHAT_API_TOKEN", raising=False)
    upload = {"file": ("a.txt", b"", "text/plain")}
    auth = {"Authorization": "Bearer tok3n"}
    with TestClient(create_app(str(seed_db)), base_url="http://127.0.0.1:8000") as client:
        assert client.post("/ingest", files=upload, headers=auth).status_code == 403
        monkeypatch.setenv("SAIDWHAT_API_TOKEN", "tok3n")  # no restart, no refresh
        assert client.post("/ingest", files=upload, headers=auth).status_code == 400
