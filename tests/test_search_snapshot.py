"""One question, one snapshot: the search's filter arrays (saidwhat.search.index) do not
change under a question while articles are stored at the same time."""

from __future__ import annotations

from pathlib import Path

import pytest

from saidwhat.model import Article, Span, Speaker, Statement
from saidwhat.search import index
from saidwhat.store.base import Store, open_store


def made_up_article(n: int) -> tuple[Article, list[Statement]]:
    """An article with one statement of a made-up Freedonian minister."""
    said = f"the harbour talks of round {n} were useful"
    text = f"Harbour talks, round {n}\nMinister Ada Quill said {said}.\n"
    start = text.index(said)
    sentence = text.index("Minister")
    article = Article.from_text(text, title=text.splitlines()[0], date="2031-05-01")
    statement = Statement(
        content=Span(start, start + len(said), said),
        kind="indirect",
        cue=Span(start - 5, start - 1, "said"),
        source=Span(sentence, sentence + 17, "Minister Ada Quill"[:17]),
        sentence=Span(sentence, len(text) - 1, text[sentence:-1]),
        speaker=Speaker(
            name="Ada Quill", mention="Minister Ada Quill", role="minister", actor="Freedonia"
        ),
    )
    return article, [statement]


@pytest.fixture
def quill_store(tmp_path: Path) -> Store:
    store = open_store(str(tmp_path / "quill.db"))
    for n in range(5):
        store.add_article(*made_up_article(n))
    yield store
    store.close()


def test_snapshot_pins_the_arrays(quill_store: Store) -> None:
    with index.snapshot(quill_store) as meta:
        quill_store.add_article(*made_up_article(99))
        assert index.statement_meta(quill_store) is meta
        assert len(meta) == 5
    assert len(index.statement_meta(quill_store)) == 6


def test_question_while_an_article_is_stored(
    quill_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An article stored between two steps of one question (its speaker filter and
    the count of the speaker's actors) is not seen by that question: it used to mix
    a mask of 5 statements with arrays of 6 (IndexError)."""
    from saidwhat.answer import ask

    mask = index.StatementMeta.mask
    stored: list[int] = []

    def mask_then_store(self: index.StatementMeta, where):  # type: ignore[no-untyped-def]
        out = mask(self, where)
        if where.speaker_names is not None or where.speaker is not None:
            stored.append(quill_store.add_article(*made_up_article(100 + len(stored))))
        return out

    monkeypatch.setattr(index.StatementMeta, "mask", mask_then_store)
    answer = ask(quill_store, "What did Ada Quill say?")
    assert stored and set(stored) == {1}  # articles were stored during the question
    assert [g.actor for g in answer.actors] == ["Freedonia"]
    assert answer.statements and max(st.id for st in answer.statements) <= 5  # held at first
    assert len(index.statement_meta(quill_store)) == 5 + len(stored)  # the next one sees them
