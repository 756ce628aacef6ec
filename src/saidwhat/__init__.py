"""saidwhat: who said what, about what, in the news.

The few things a user needs::

    import saidwhat

    with saidwhat.open_store("news.db") as store:
        report = saidwhat.ingest_paths(["articles/"], store)    # -> IngestReport
        answer = saidwhat.ask(store, "What has the US said about the talks?")
        print(saidwhat.render_markdown(answer))
        for st in store.statements(speaker="Kirby"):          # -> StoredStatement
            print(st.speaker, st.actor, st.content.text)

    saidwhat.Pipeline().analyse(article)                       # -> list[Statement]

Heavy parts (spaCy, the embedding model) load on first use, not on ``import saidwhat``.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from saidwhat.errors import (
    InputError,
    ModelError,
    QuestionError,
    SaidwhatError,
    StoreError,
)
from saidwhat.model import (
    Actor,
    Article,
    IngestReport,
    Skipped,
    Span,
    Speaker,
    Statement,
    StoredStatement,
)

if TYPE_CHECKING:
    from saidwhat.answer import Answer, ask, render_json, render_markdown
    from saidwhat.extract.statements import extract_statements
    from saidwhat.pipeline import Pipeline, ingest_articles, ingest_paths
    from saidwhat.read import list_statements
    from saidwhat.resolve.actors import ActorTable
    from saidwhat.store import Store, open_store

__version__ = "0.3.0"

# name -> module that defines it, imported on first attribute access (PEP 562).
_LAZY = {
    "Answer": "saidwhat.answer",
    "ask": "saidwhat.answer",
    "render_json": "saidwhat.answer",
    "render_markdown": "saidwhat.answer",
    "extract_statements": "saidwhat.extract.statements",
    "Pipeline": "saidwhat.pipeline",
    "ingest_articles": "saidwhat.pipeline",
    "ingest_paths": "saidwhat.pipeline",
    "list_statements": "saidwhat.read",
    "ActorTable": "saidwhat.resolve.actors",
    "Store": "saidwhat.store",
    "open_store": "saidwhat.store",
}

__all__ = [
    "Actor",
    "ActorTable",
    "Answer",
    "Article",
    "IngestReport",
    "InputError",
    "ModelError",
    "Pipeline",
    "QuestionError",
    "SaidwhatError",
    "Skipped",
    "Span",
    "Speaker",
    "Statement",
    "Store",
    "StoreError",
    "StoredStatement",
    "__version__",
    "ask",
    "extract_statements",
    "ingest_articles",
    "ingest_paths",
    "list_statements",
    "open_store",
    "render_json",
    "render_markdown",
]


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        value = getattr(importlib.import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'saidwhat' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(__all__)
