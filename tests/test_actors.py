"""The actor table: aliases, demonyms, metonyms, hierarchy, places, user extension."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from saidwhat.resolve.actors import ActorTable, UnknownActorError, _default_table


@pytest.fixture(scope="module")
def table() -> ActorTable:
    return ActorTable.default()


@pytest.mark.parametrize(
    ("name", "actor", "country"),
    [
        ("Pentagon", "Pentagon", "United States"),
        ("the Kremlin", "Kremlin", "Russia"),
        ("Moscow", "Russia", "Russia"),
        ("Russian", "Russia", "Russia"),
        ("Americans", "United States", "United States"),
        ("the US", "United States", "United States"),
        ("the EU", "European Union", "European Union"),
        ("Western leaders", "West", "West"),
        ("Kyiv", "Ukraine", "Ukraine"),
        ("French", "France", "France"),
    ],
)
def test_aliases_demonyms_and_metonyms(table: ActorTable, name: str, actor: str, country: str):
    found = table.get(name)
    assert found is not None and found.name == actor
    assert table.country_of(found.name) == country


@pytest.mark.parametrize("word", ["us", "in", "it", "experts", "the said"])
def test_common_words_are_not_actors(table: ActorTable, word: str) -> None:
    assert table.get(word) is None


@pytest.mark.parametrize(
    "words",
    [
        "The nonpartisan Commission on Presidential Debates",
        "the Federal Election Commission",
        "the commission",
    ],
)
def test_a_commission_is_not_the_european_union(table: ActorTable, words: str) -> None:
    # "the Commission" is the EU's only in EU news; a bare commission names no actor
    assert table.find_in(words.split()) is None
    assert table.get("the European Commission").name == "European Union"


def test_europe_covers_its_parts_and_joint_western_statements(table: ActorTable) -> None:
    europe = table.covering("Europe")
    assert {"France", "Germany", "European Union", "United Kingdom", "West"} <= europe
    assert not {"Russia", "Ukraine", "United States"} & europe
    us = table.covering("the US")
    assert {"United States", "West", "Pentagon"} <= us and "Europe" not in us


def test_unknown_actor_says_what_to_do(table: ActorTable) -> None:
    with pytest.raises(UnknownActorError, match="SAIDWHAT_ACTORS"):
        table.covering("Atlantis of the North")


def test_places_and_titles(table: ActorTable) -> None:
    assert table.place_country("Chernihiv") == "Ukraine"
    assert table.place_country("Texas") == "United States"
    assert table.country_titles["Secretary of State"] == "United States"


def test_user_file_extends_the_table(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    extra = {
        "actors": [
            {
                "name": "Freedonia",
                "kind": "country",
                "aliases": ["Fredville"],
                "parents": ["Europe"],
            }
        ]
    }
    path = tmp_path / "actors.json"
    path.write_text(json.dumps(extra))
    monkeypatch.setenv("SAIDWHAT_ACTORS", str(path))
    _default_table.cache_clear()
    try:
        t = ActorTable.default()
        assert t.get("Fredville") is not None and t.get("Fredville").name == "Freedonia"
        assert "Freedonia" in t.covering("Europe")
    finally:
        monkeypatch.delenv("SAIDWHAT_ACTORS")
        _default_table.cache_clear()


@pytest.mark.parametrize(
    ("words", "country"),
    [
        ("governor of New Jersey", "United States"),
        ("Gov. of New Mexico", "United States"),
        ("the island 's government", None),
        ("Silicon Valley billionaire", None),
        ("Papua New Guinea officials", "Papua New Guinea"),
    ],
)
def test_find_in_prefers_places_and_proper_names(
    table: ActorTable, words: str, country: str | None
) -> None:
    found = table.find_in(words.split())
    assert (table.country_of(found.name) if found else None) == country


@pytest.mark.parametrize(
    "content",
    ["", "not json", "[1, 2]", '{"m": 5}', '{"m": [["a"]], "f": ["ann"]}', "\x00\xff"],
)
def test_broken_first_name_table_means_no_gender_known(tmp_path: Path, content: str) -> None:
    from saidwhat.resolve.speakers import _name_table

    path = tmp_path / "first_names.json"
    path.write_text(content, encoding="utf-8", errors="surrogateescape")
    assert _name_table(path) == {}


def test_first_name_table_missing_or_well_formed(tmp_path: Path) -> None:
    from saidwhat.resolve.speakers import _name_table, first_name_genders

    assert _name_table(tmp_path / "absent.json") == {}
    good = tmp_path / "good.json"
    good.write_text('{"m": ["bob", 7], "f": ["ann"]}', encoding="utf-8")
    assert _name_table(good) == {"bob": "m", "ann": "f"}
    assert first_name_genders()["margaret"] == "f"  # the packaged table is there
