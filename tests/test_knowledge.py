"""The knowledge file of office holders and its loader (saidwhat.resolve.knowledge)."""

from __future__ import annotations

import json

import pytest

from saidwhat.errors import SaidwhatError
from saidwhat.resolve.knowledge import Knowledge, name_tokens, read_people_file


@pytest.fixture(scope="module")
def kb() -> Knowledge:
    knowledge = Knowledge()
    from saidwhat.resolve.knowledge import bundled_people

    knowledge.merge(bundled_people())
    return knowledge


def test_bundled_data_is_sound(kb: Knowledge) -> None:
    assert kb.validate() == []
    assert len(kb.people) > 500


@pytest.mark.parametrize(
    ("office", "actor", "date", "name"),
    [
        ("Secretary-General", "United Nations", "2016-06-01", "Ban Ki-moon"),
        ("Secretary-General", "United Nations", "2020-06-01", "António Guterres"),
        ("Secretary-General", "NATO", "2023-06-01", "Jens Stoltenberg"),
        ("Secretary-General", "NATO", "2025-06-01", "Mark Rutte"),
        ("Director-General", "World Health Organization", "2016-01-01", "Margaret Chan"),
        ("Director-General", "IAEA", "2022-01-01", "Rafael Grossi"),
        ("Secretary-General", "Arab League", "2015-06-01", "Nabil Elaraby"),
        ("High Representative", "European Union", "2022-01-01", "Josep Borrell"),
        ("President", "France", "2016-01-01", "François Hollande"),
        ("Prime Minister", "India", "2020-01-01", "Narendra Modi"),
        ("President", "Brazil", "2020-01-01", "Jair Bolsonaro"),
        ("President", "Nigeria", "2018-01-01", "Muhammadu Buhari"),
        ("Prime Minister", "Japan", "2019-01-01", "Shinzo Abe"),
        ("Foreign Minister", "Saudi Arabia", "2017-01-01", "Adel al-Jubeir"),
        ("Chancellor", "Germany", "2023-01-01", "Olaf Scholz"),
        ("Foreign Ministry Spokesperson", "Russia", "2020-01-01", "Maria Zakharova"),
        ("President", "Taiwan", "2025-01-01", "Lai Ching-te"),
        ("President", "United States", "2021-01-20", "Joe Biden"),
        ("President", "United States", "2021-01-19", "Donald Trump"),
        ("Leader", "Taliban", "2020-01-01", "Hibatullah Akhundzada"),
    ],
)
def test_sample_holders(kb: Knowledge, office: str, actor: str, date: str, name: str) -> None:
    person = kb.holder(office, actor, date)
    assert person is not None and person.name == name


def test_chinese_foreign_ministry_spokesperson(kb: Knowledge) -> None:
    person = kb.find("Mao Ning")
    assert person is not None
    assert person.term_on("2025-01-01").office == "Foreign Ministry Spokesperson"
    assert kb.actor_of("Mao Ning", "2025-01-01") == "China"


@pytest.mark.parametrize(
    ("query", "name"),
    [
        ("Lai Ching te", "Lai Ching-te"),
        ("William Lai", "Lai Ching-te"),
        ("Mohammed bin Abdulrahman al-Thani", "Mohammed bin Abdulrahman Al Thani"),
        (
            "Sheikh Mohammed bin Abdulrahman bin Jassim Al-Thani",
            "Mohammed bin Abdulrahman Al Thani",
        ),
        ("Mohammed bin Abdulrahman Al Thani", "Mohammed bin Abdulrahman Al Thani"),
        ("President Emmanuel Macron", "Emmanuel Macron"),
        ("Mr. Macron", "Emmanuel Macron"),
        ("Recep Tayyip Erdogan", "Recep Tayyip Erdoğan"),
        ("Zelenskiy", "Volodymyr Zelenskyy"),
        ("Volodymyr Zelensky", "Volodymyr Zelenskyy"),
        ("Abdel-Fattah al-Sisi", "Abdel Fattah el-Sisi"),
        ("antonio guterres", "António Guterres"),
        ("Prime Minister Narendra Modi", "Narendra Modi"),
    ],
)
def test_find_variants(kb: Knowledge, query: str, name: str) -> None:
    person = kb.find(query)
    assert person is not None and person.name == name


@pytest.mark.parametrize("query", ["Lee", "Kim", "Wang", "Khan", "Smith", "Sharif", "", "Mr"])
def test_one_word_or_empty_names_find_nobody(kb: Knowledge, query: str) -> None:
    assert kb.find(query) is None


def test_ambiguity_gives_none() -> None:
    data = {
        "people": [
            {
                "name": "Ali Reza Khan",
                "terms": [{"office": "FM", "actor": "A", "start": "2016"}],
                "source": "https://example.org/a",
            },
            {
                "name": "Ali Hassan Khan",
                "terms": [{"office": "FM", "actor": "B", "start": "2016"}],
                "source": "https://example.org/b",
            },
        ]
    }
    kb = Knowledge.from_data(data)
    assert kb.find("Ali Khan") is None
    assert kb.find("Ali Reza Khan").name == "Ali Reza Khan"


def test_shared_alias_is_reported_and_ignored() -> None:
    data = {
        "people": [
            {
                "name": "Anne One",
                "aliases": ["Madame X"],
                "terms": [{"office": "FM", "actor": "A", "start": "2016"}],
                "source": "https://e.org",
            },
            {
                "name": "Bea Two",
                "aliases": ["Madame X"],
                "terms": [{"office": "FM", "actor": "B", "start": "2016"}],
                "source": "https://e.org",
            },
        ]
    }
    kb = Knowledge.from_data(data)
    assert kb.find("Madame X") is None
    assert any("shared" in p for p in kb.validate())


def test_actor_of_across_a_change_of_office(kb: Knowledge) -> None:
    assert kb.actor_of("Mark Rutte", "2024-07-01") == "Netherlands"
    assert kb.actor_of("Mark Rutte", "2024-10-01") == "NATO"
    assert kb.actor_of("Rutte", "2024-08-15") == "NATO"  # between terms: the latest
    assert kb.actor_of("Mark Rutte", None) == "NATO"
    assert kb.actor_of("Tedros", "2016-01-01") == "Ethiopia"
    assert kb.actor_of("Tedros", "2020-01-01") == "World Health Organization"
    assert kb.actor_of("Nobody Atall", "2020-01-01") is None


def test_holder_synonyms(kb: Knowledge) -> None:
    assert kb.holder("Secretary of State", "United States", "2019-01-01").name == "Mike Pompeo"
    assert kb.holder("Defense Minister", "Russia", "2020-01-01").name == "Sergei Shoigu"
    assert kb.holder("head of government", "Germany", "2019-01-01").name == "Angela Merkel"
    assert kb.holder("head of government", "United States", "2019-01-01").name == "Donald Trump"
    assert kb.holder("head of state", "Germany", "2019-01-01").name == "Frank-Walter Steinmeier"
    assert kb.holder("President", "Atlantis", None) is None


def test_name_tokens() -> None:
    assert name_tokens("Sheikh Mohammed bin Abdulrahman Al-Thani") == (
        "mohammed",
        "abdulrahman",
        "thani",
    )
    assert name_tokens("Dr. Tedros") == ("tedros",)


def _write(tmp_path, obj) -> str:
    path = tmp_path / "people.json"
    path.write_text(obj if isinstance(obj, str) else json.dumps(obj, indent=1), "utf-8")
    return str(path)


def test_user_file_pins_and_adds(tmp_path, monkeypatch) -> None:
    path = _write(
        tmp_path,
        {
            "people": [
                {
                    "name": "Emmanuel Macron",
                    "aliases": ["Macron"],
                    "terms": [
                        {
                            "office": "President",
                            "actor": "Testland",
                            "start": "2017-05-14",
                            "end": None,
                        }
                    ],
                    "source": "https://example.org/pin",
                },
                {
                    "name": "Jane Newperson",
                    "aliases": [],
                    "terms": [
                        {
                            "office": "Foreign Minister",
                            "actor": "Testland",
                            "start": "2026-01-01",
                            "end": None,
                        }
                    ],
                    "source": "https://example.org/new",
                },
            ]
        },
    )
    monkeypatch.setenv("SAIDWHAT_PEOPLE", path)
    kb = Knowledge.default()
    assert kb.actor_of("Macron", "2020-01-01") == "Testland"
    assert kb.holder("Foreign Minister", "Testland").name == "Jane Newperson"
    assert kb.find("Narendra Modi") is not None
    monkeypatch.delenv("SAIDWHAT_PEOPLE")
    assert Knowledge.default().actor_of("Macron", "2020-01-01") == "France"


GOOD_TERM = {"office": "FM", "actor": "A", "start": "2016-01-01", "end": None}


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", "not JSON"),
        (
            {"people": [{"name": "X Y", "terms": [GOOD_TERM], "party": "P"}]},
            "entry 0 (line 4): unknown field(s) party",
        ),
        (
            {"people": [{"name": "X Y", "terms": [dict(GOOD_TERM, role="r")]}]},
            "term 0: unknown field(s) role",
        ),
        (
            {"people": [{"name": "X Y", "terms": [GOOD_TERM]}, {"name": "X Y", "terms": []}]},
            "entry 1 (line 15) (X Y): 'X Y' is named twice",
        ),
        ({"people": [{"terms": [GOOD_TERM]}]}, "entry 0: missing name"),
        (
            {"people": [{"name": "X Y", "terms": [dict(GOOD_TERM, start="2016-13-01")]}]},
            "bad start date '2016-13-01'",
        ),
        (
            {"people": [{"name": "X Y", "terms": [dict(GOOD_TERM, end="soon")]}]},
            "bad end date 'soon'",
        ),
        ({"folk": []}, "expected an object with a 'people' list"),
    ],
)
def test_bad_user_files(tmp_path, content, message: str) -> None:
    path = _write(tmp_path, content)
    with pytest.raises(SaidwhatError) as err:
        read_people_file(path)
    assert path in str(err.value)
    assert message in str(err.value)


def test_validate_catches_bad_entries() -> None:
    data = {
        "people": [
            {
                "name": "Old Timer",
                "terms": [{"office": "PM", "actor": "A", "start": "2001", "end": "2010"}],
                "source": "https://e.org",
            },
            {
                "name": "Back Wards",
                "terms": [{"office": "PM", "actor": "A", "start": "2020", "end": "2018"}],
                "source": "nowhere",
            },
            {"name": "No Terms", "terms": [], "source": "https://e.org"},
        ]
    }
    problems = Knowledge.from_data(data).validate()
    assert any("Old Timer" in p and "before 2015" in p for p in problems)
    assert any("Back Wards" in p and "after end" in p for p in problems)
    assert any("Back Wards" in p and "not a URL" in p for p in problems)
    assert any("No Terms" in p and "no term" in p for p in problems)
