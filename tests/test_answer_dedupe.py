"""Answers do not repeat a quote that several outlets carried: one statement, with the
other carriers listed."""

from __future__ import annotations

from pathlib import Path

import pytest

from saidwhat.answer import ask, render_markdown
from saidwhat.model import Article
from saidwhat.pipeline import ingest_articles
from saidwhat.store import open_store

pytestmark = pytest.mark.model

QUOTE = (
    '"We will not reopen the border crossing until the inspections are finished," '
    "Interior Minister Karin Lund of Sweden said on Monday."
)


def _article(outlet: str, date: str, lead: str) -> Article:
    text = f"Border stays shut\n{lead}\n{QUOTE}\n"
    return Article.from_text(text, title="Border stays shut", date=date, outlet=outlet)


def test_same_quote_in_three_outlets_is_answered_once(tmp_path: Path) -> None:
    articles = [
        _article("Outlet B", "2024-03-05", "Sweden kept its northern border closed."),
        _article("Outlet A", "2024-03-04", "The northern crossing remains closed for now."),
        _article("Outlet C", "2024-03-06", "Travellers faced a closed border again."),
    ]
    with open_store(tmp_path / "t.db") as store:
        ingest_articles(articles, store)
        carried = [s for s in store.statements() if "reopen the border" in s.content.text]
        assert len(carried) == 3  # stored once per article ...
        answer = ask(store, "What has Sweden said about the border crossing?")
        shown = [
            st
            for g in answer.actors
            for sp in g.speakers
            for st in sp.statements
            if "reopen the border" in st.content.text
        ]
        assert len(shown) == 1  # ... answered once
        also = shown[0].extra.get("also_in", [])
        assert len(also) == 2
        assert "also carried by: Outlet B 2024-03-05; Outlet C 2024-03-06" in render_markdown(
            answer
        )


def test_the_same_statement_in_other_words_is_one_line(tmp_path) -> None:
    """Wire rewrites of one statement (same speaker, other articles, the same sentence in
    other words) are one line listing every carrier; another statement stays apart."""
    from saidwhat.answer import ask, render_markdown
    from saidwhat.model import Article, Span, Speaker, Statement
    from saidwhat.store import open_store

    envoy = Speaker("Ana Ruiz", "Ruiz", "envoy", actor="Chile", is_person=True)
    texts = [
        ("Outlet A", "Ruiz said the ball is in their court now and the offer stands."),
        ("Outlet B", "Ruiz said that the ball is now in their court and that the offer stands."),
        ("Outlet C", "Ruiz said the harvest festival drew record crowds this year."),
    ]
    with open_store(str(tmp_path / "para.db")) as store:
        for i, (outlet, text) in enumerate(texts):
            said = text.removeprefix("Ruiz said ").rstrip(".")
            at = text.index(said)
            article = Article.from_text(
                text, title=f"Item {i}", date=f"2025-03-1{i}", outlet=outlet
            )
            st = Statement(
                content=Span(at, at + len(said), said),
                kind="indirect",
                speaker=envoy,
                sentence=Span(0, len(text), text),
            )
            store.add_article(article, [st])
        answer = ask(store, "What has Chile said?")
    lines = answer.statements
    assert len(lines) == 2, [s.content.text for s in lines]
    court = next(s for s in lines if "court" in s.content.text)
    assert [c["outlet"] for c in court.extra["also_in"]] == ["Outlet B"]
    assert court.extra["also_in"][0]["paraphrase"] is True
    assert "Outlet B 2025-03-11 (in its own words)" in render_markdown(answer)
