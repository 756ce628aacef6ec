"""The store side of an ingest run, shared by the in-process and distributed paths:
which articles still need work, and writing one analysed article into the report."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

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


def store_analysed(
    store: Store,
    article: Article,
    statements: list[Statement] | Skipped,
    report: IngestReport,
    vectors: Vectors | None = None,
) -> None:
    """Write one article and its statements (and their vectors, when computed), in one
    transaction, and count it in ``report``
    (an article not in English also in ``report.not_english``).

    A store error skips this article with its reason; the run goes on.  ``statements``
    is a :class:`Skipped` when the article could not be analysed: it is counted as
    skipped and not stored.
    """
    if isinstance(statements, Skipped):
        report.skipped.append(statements)
        return
    try:
        stored = store.add_article(article, statements, vectors)
    except SaidwhatError as e:
        report.skipped.append(Skipped(article.origin or article.id, short_reason(str(e))))
        return
    except Exception as e:  # noqa: BLE001 - e.g. a text PostgreSQL refuses (a NUL in it)
        reason = short_reason(f"could not be stored ({type(e).__name__}: {e})")
        report.skipped.append(Skipped(article.origin or article.id, reason))
        return
    if stored or not statements:
        report.articles_stored += 1
        if not is_english(article.language):
            assert article.language is not None
            report.count_not_english(article.language)
    else:
        report.articles_already_stored += 1
    report.statements_stored += stored
    report.words += len(article.text.split())
