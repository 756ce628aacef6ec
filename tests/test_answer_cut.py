"""Relevance that cuts: an answer shows what is about the topic, counts the rest as "N
more, less relevant", and shows them with ``show_all`` (made-up statements)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from saidwhat.answer import ask, render_markdown
from saidwhat.answer.answer import MIN_BACKGROUND
from saidwhat.model import Article, Span, Speaker, Statement
from saidwhat.store import open_store

pytestmark = pytest.mark.model

FILLER = [
    "the harvest of {x} was the best in a decade",
    "the {x} football final drew a record crowd",
    "rainfall in {x} would stay below the seasonal average",
    "the central bank of {x} kept its interest rate unchanged",
    "a new museum of modern art opened in {x}",
]
PLACES = [f"region {i}" for i in range(60)]
ON_TOPIC = [
    "the reopening of the northern port must be agreed by both sides",
    "ships would return to the northern port once the mines are cleared",
    "the port deal is close and talks on its reopening continue",
]
OFF_TOPIC = [
    "the school football season had a splendid final",
    "the choir sang beautifully at the winter concert",
]
US = Speaker(
    "Jane Holloway", "Holloway", "Secretary of State", actor="United States", is_person=True
)


def _add(store, text: str, said: str, speaker: Speaker | None, n: int) -> None:
    article = Article.from_text(f"Item {n}\n{text}", title=f"Item {n}", date="2025-05-01")
    at = article.text.index(said)
    st = Statement(content=Span(at, at + len(said), said), kind="indirect", speaker=speaker)
    store.add_article(article, [st])


@pytest.fixture(scope="module")
def cut_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("cut") / "cut.db"
    n = 0
    with open_store(str(path)) as store:
        for place in PLACES:
            for template in FILLER:
                said = template.format(x=place)
                n += 1
                _add(store, f"Officials said {said}.", said, None, n)
        for said in ON_TOPIC + OFF_TOPIC:
            n += 1
            _add(store, f"Holloway said {said}.", said, US, n)
    assert n >= MIN_BACKGROUND
    return path


def test_lines_off_the_topic_are_counted_not_shown(cut_db: Path) -> None:
    with open_store(str(cut_db)) as store:
        a = ask(store, "What has the US said about the reopening of the port?")
        (us,) = a.actors
        shown = {st.content.text for st in us.statements}
        assert set(ON_TOPIC) <= shown
        assert not shown & set(OFF_TOPIC)
        assert us.more == len(OFF_TOPIC)
        assert f"and {len(OFF_TOPIC)} more, less relevant" in render_markdown(a)
        assert a.to_json()["actors"][0]["more_less_relevant"] == len(OFF_TOPIC)
        everything = ask(
            store, "What has the US said about the reopening of the port?", show_all=True
        )
        assert {st.content.text for st in everything.statements} == set(ON_TOPIC + OFF_TOPIC)
        assert json.dumps(everything.to_json())  # serialisable as is
