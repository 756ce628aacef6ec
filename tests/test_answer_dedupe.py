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
