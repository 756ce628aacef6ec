"""saidwhat: who said what, about what, in the news."""

from __future__ import annotations

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

__version__ = "0.1.0"

__all__ = [
    "Actor",
    "Article",
    "IngestReport",
    "Skipped",
    "Span",
    "Speaker",
    "Statement",
    "StoredStatement",
    "__version__",
]
