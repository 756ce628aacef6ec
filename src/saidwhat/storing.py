"""The store side of an ingest run, shared by the in-process and distributed paths:
which articles still need work, and writing a batch of analysed articles (one
transaction) into the store and the report."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence

from saidwhat.errors import SaidwhatError
from saidwhat.ingest.text import short_reason
from saidwhat.language import is_english
from saidwhat.model import Article, IngestReport, Skipped, Statement, Vectors
from saidwhat.store.base import Store

OnArticle = Callable[[Article | Skipped], None]


def new_articles(
    items: Iterable[Article | Skipped],
    store: Store,
    report: IngestReport,
    on_article: OnArticle | None = None,
) -> Iterator[Article]:
    """The articles of ``items`` not stored yet (nor seen earlier in this run).

    Skipped items and articles already stored are counted in ``report`` (and passed to
    ``on_article``) as they go by.
    """
    seen: set[str] = set()
    for item in items:
        if isinstance(item, Skipped):
            report.skipped.append(item)
            if on_article:
                on_article(item)
            continue
        report.articles_read += 1
        if item.id in seen or store.has_article(item.id):
            report.articles_already_stored += 1
            if on_article:
                on_article(item)
            continue
        seen.add(item.id)
        yield item


Analysed = tuple[Article, list[Statement] | Skipped, Vectors | None]
"""An article, its statements (or why it could not be analysed) and their vectors."""


def store_batch(store: Store, batch: Sequence[Analysed], report: IngestReport) -> None:
    """Write analysed articles in one transaction (:meth:`Store.add_articles`) and
    count each in ``report`` (an article not in English also in
    ``report.not_english``).

    An article the store refuses is skipped with its reason; the others are stored.
    An article whose statements are a :class:`Skipped` (it could not be analysed) is
    counted as skipped and not stored.
    """
    sound = [(a, s, v) for a, s, v in batch if not isinstance(s, Skipped)]
    results = iter(store.add_articles(sound) if sound else [])
    for article, statements, _vectors in batch:
        if isinstance(statements, Skipped):
            report.skipped.append(statements)
            continue
        stored = next(results)
        if isinstance(stored, SaidwhatError):
            report.skipped.append(Skipped(article.origin or article.id, short_reason(str(stored))))
            continue
        if isinstance(stored, Exception):  # e.g. a text PostgreSQL refuses (a NUL in it)
            reason = short_reason(f"could not be stored ({type(stored).__name__}: {stored})")
            report.skipped.append(Skipped(article.origin or article.id, reason))
            continue
        if stored or not statements:
            report.articles_stored += 1
            if not is_english(article.language):
                assert article.language is not None
                report.count_not_english(article.language)
        else:
            report.articles_already_stored += 1
        report.statements_stored += stored
        report.words += len(article.text.split())
