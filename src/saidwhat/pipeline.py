"""The pipeline: ingest → extract → resolve → store, with one spaCy parse per article.

``Pipeline`` holds the loaded spaCy model and actor table (load once per process) and
turns articles into resolved statements; :func:`ingest_paths` runs the whole spine
into a store and returns an :class:`IngestReport`.

Each batch of articles has its statements' sentence vectors computed at once
(:func:`saidwhat.search.embed.embed_analysed`) and stored with them, so the first
question needs no embedding; ``SAIDWHAT_EMBED_AT_INGEST=0`` (or ``Pipeline(embed=False)``)
leaves that to the first question.

Each article's language is told first (:func:`with_language`: the one it came with,
else :func:`saidwhat.language.detect_language`); an article not in English is not
parsed and yields no statements.
"""

from __future__ import annotations

import itertools
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

from saidwhat.extract.nlp import WINDOW_CHARS, load_nlp, text_windows
from saidwhat.extract.statements import extract_statements
from saidwhat.ingest import read_paths
from saidwhat.ingest.text import short_reason
from saidwhat.language import detect_language, is_english
from saidwhat.model import Article, IngestReport, Skipped, Span, Statement, Vectors
from saidwhat.resolve.actors import ActorTable
from saidwhat.resolve.knowledge import Knowledge
from saidwhat.resolve.speakers import resolve_statements
from saidwhat.search.embed import embed_analysed, embed_at_ingest
from saidwhat.store.base import Store
from saidwhat.storing import Analysed, new_articles, store_batch

BATCH_SIZE = 8
"""Texts per ``nlp.pipe`` batch.  Measured on 200 PolNeAR articles (CPU seconds of the
whole ingest): 8 → 28.0, 16 → 27.3, 4 → 29.7, 32 → 31.0: larger batches cost more than
they save on this machine's caches."""

MAX_ARTICLE_CHARS = 2_000_000
"""Characters of the longest article read; a longer one is skipped with its reason.
An article longer than :data:`~saidwhat.extract.nlp.WINDOW_CHARS` is read in windows
of that size (time and memory linear in its length: bench/long_article.py)."""

WRITE_BATCH = 64
"""Articles written to the store in one transaction (:func:`ingest_articles`).  Short
items paid a transaction each (measured, bench/short_items.py); a crash loses at most
the batch being written, which a re-run stores."""

WRITE_SECONDS = 2.0
"""A batch is written once its first article has waited this long, so slow (long)
articles still reach the store, and the progress bar, steadily."""


def _too_long(article: Article) -> Skipped | None:
    """A :class:`Skipped` for an article longer than :data:`MAX_ARTICLE_CHARS`."""
    if len(article.text) <= MAX_ARTICLE_CHARS:
        return None
    return Skipped(
        article.origin or article.id,
        f"article of {len(article.text):,} characters, longer than the "
        f"{MAX_ARTICLE_CHARS:,} parsed: split it",
    )


def _one_piece(article: Article) -> bool:
    return len(article.text) <= WINDOW_CHARS


def _shift(span: Span | None, offset: int) -> Span | None:
    return None if span is None else Span(span.start + offset, span.end + offset, span.text)


def _shifted(statement: Statement, offset: int) -> Statement:
    """``statement`` with its spans moved by ``offset`` characters."""
    if not offset:
        return statement
    return replace(
        statement,
        content=_shift(statement.content, offset),
        cue=_shift(statement.cue, offset),
        source=_shift(statement.source, offset),
        sentence=_shift(statement.sentence, offset),
        pieces=tuple(Span(p.start + offset, p.end + offset, p.text) for p in statement.pieces),
    )


def with_language(article: Article) -> Article:
    """``article`` with its language: the one it came with, else the detected one."""
    if article.language is not None:
        return article
    return replace(article, language=detect_language(article.text))


@dataclass
class Pipeline:
    """A loaded spaCy model and actor table; ``analyse`` maps articles to statements."""

    nlp: Language = field(default_factory=load_nlp)
    actors: ActorTable = field(default_factory=ActorTable.default)
    knowledge: Knowledge = field(default_factory=Knowledge.default)
    batch_size: int = BATCH_SIZE
    embed: bool = field(default_factory=embed_at_ingest)
    """Compute the statements' vectors at ingest (:meth:`analyse_for_store`)."""

    def statements_of(self, doc: Doc, date: str | None = None) -> list[Statement]:
        """Extract and resolve the statements of one parsed article (of ``date``, which
        decides what office a person the knowledge file knows held)."""
        return resolve_statements(doc, extract_statements(doc), self.actors, self.knowledge, date)

    def analyse(self, article: Article) -> list[Statement]:
        """The statements of one article; none when it is not in English."""
        if not is_english(with_language(article).language):
            return []
        if not _one_piece(article):
            return self._windowed(article)
        return self.statements_of(self.nlp(article.text), article.date)

    def analyse_many(
        self, articles: Iterable[Article]
    ) -> Iterator[tuple[Article, list[Statement] | Skipped]]:
        """Yield each article, its language set (:func:`with_language`), with its
        statements, in order.  English articles are parsed in batches with ``nlp.pipe``;
        the others are not parsed and get no statements.

        An article longer than :data:`~saidwhat.extract.nlp.WINDOW_CHARS` is read in
        windows.  An article that cannot be analysed (longer than :data:`MAX_ARTICLE_CHARS`, or
        any error while parsing or extracting it) comes with a :class:`Skipped` naming
        it and the reason instead of its statements; the others are not affected."""
        it = iter(articles)
        while batch := [with_language(a) for a in itertools.islice(it, self.batch_size)]:
            english = [a for a in batch if is_english(a.language) and _one_piece(a)]
            try:
                docs: list[Doc] | None = list(
                    self.nlp.pipe((a.text for a in english), batch_size=self.batch_size)
                )
            except Exception:  # noqa: BLE001 - parse one at a time to find the bad one
                docs = None
            parsed = iter(docs or ())
            for article in batch:
                result: list[Statement] | Skipped = []
                if is_english(article.language):
                    if (too_long := _too_long(article)) is not None:
                        result = too_long
                    elif not _one_piece(article):
                        result = self._statements_or_skip(article, None)
                    else:
                        result = self._statements_or_skip(
                            article, next(parsed) if docs is not None else None
                        )
                yield article, result

    def _statements_or_skip(self, article: Article, doc: Doc | None) -> list[Statement] | Skipped:
        try:
            if doc is not None or _one_piece(article):
                return self.statements_of(doc or self.nlp(article.text), article.date)
            return self._windowed(article)
        except Exception as exc:  # noqa: BLE001 - one article must not end the run
            return Skipped(
                article.origin or article.id,
                short_reason(f"could not be analysed ({type(exc).__name__}: {exc})"),
            )

    def _windowed(self, article: Article) -> list[Statement]:
        """The statements of a long article, read window by window."""
        windows = text_windows(article.text)
        docs = self.nlp.pipe((text for _, text in windows), batch_size=1)
        statements: list[Statement] = []
        for (offset, _), doc in zip(windows, docs, strict=True):
            statements.extend(_shifted(s, offset) for s in self.statements_of(doc, article.date))
        return statements

    def analyse_for_store(
        self, articles: Iterable[Article], *, embed: bool | None = None
    ) -> Iterator[tuple[Article, list[Statement] | Skipped, Vectors | None]]:
        """As :meth:`analyse_many`, with each article's vectors (None without
        statements, or when embedding is off: ``embed``, else :attr:`embed`), computed a
        batch at a time."""
        embed = self.embed if embed is None else embed
        analysed = self.analyse_many(articles)
        while batch := list(itertools.islice(analysed, self.batch_size)):
            sound = [(a, s if isinstance(s, list) else []) for a, s in batch]
            vectors = embed_analysed(sound) if embed else [None] * len(batch)
            for (article, statements), v in zip(batch, vectors, strict=True):
                yield article, statements, v

    def analyse_texts(self, texts: Iterable[str]) -> Iterator[list[Statement]]:
        """Statements of plain texts, in order (for evaluation on gold files)."""
        for doc in self.nlp.pipe(texts, batch_size=self.batch_size):
            yield self.statements_of(doc)


def ingest_articles(
    items: Iterable[Article | Skipped],
    store: Store,
    *,
    pipeline: Pipeline | None = None,
    on_article: Callable[[Article | Skipped], None] | None = None,
) -> IngestReport:
    """Store every article of ``items`` with its statements; skip what is already stored.

    The articles are written in batches (:data:`WRITE_BATCH`, or what :data:`WRITE_SECONDS`
    gathered), each batch one transaction: an interrupted run keeps every batch it
    finished, and a re-run adds only the rest.  ``on_article`` hears of each article
    once it is stored.
    """
    pipeline = pipeline or Pipeline()
    report = IngestReport()
    started = time.perf_counter()
    pending: list[Analysed] = []
    since = 0.0

    def flush() -> None:
        store_batch(store, pending, report)
        if on_article:
            for article, _, _ in pending:
                on_article(article)
        pending.clear()

    fresh = new_articles(items, store, report, on_article)
    for analysed in pipeline.analyse_for_store(fresh):
        if not pending:
            since = time.perf_counter()
        pending.append(analysed)
        if len(pending) >= WRITE_BATCH or time.perf_counter() - since >= WRITE_SECONDS:
            flush()
    if pending:
        flush()
    report.seconds = time.perf_counter() - started
    return report


def ingest_paths(
    paths: Iterable[str | Path],
    store: Store,
    *,
    pipeline: Pipeline | None = None,
    max_bytes: int | None = None,
    on_article: Callable[[Article | Skipped], None] | None = None,
) -> IngestReport:
    """Read files and folders and store their articles: the spine in one call."""
    items = read_paths(paths) if max_bytes is None else read_paths(paths, max_bytes=max_bytes)
    return ingest_articles(items, store, pipeline=pipeline, on_article=on_article)
