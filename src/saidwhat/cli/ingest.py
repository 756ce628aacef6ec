"""``saidwhat ingest``: read articles, extract and resolve their statements, store them."""

from __future__ import annotations

import itertools
import os
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import click
from tqdm import tqdm

from saidwhat.cli.common import (
    EXIT_ERROR,
    EXIT_SKIPPED,
    db_option,
    json_option,
    print_json,
    shown_location,
)
from saidwhat.errors import SaidwhatError
from saidwhat.ingest.files import DEFAULT_MAX_BYTES, JSONL_EXTENSIONS, WARC_SUFFIXES
from saidwhat.model import Article, IngestReport, Skipped

if TYPE_CHECKING:  # the model and the store load when a run needs them
    from saidwhat.pipeline import Pipeline
    from saidwhat.store.base import Store


class NothingReadError(SaidwhatError):
    """An ingest run that read no article at all."""


def count_items(paths: tuple[str, ...]) -> int | None:
    """How many items (articles or skipped ones) reading ``paths`` will give, counted
    cheaply: one a file, one a non-blank line of a JSON Lines file; None when a WARC
    archive is among them (its records are known only by decompressing it whole).

    Hidden files and files of other extensions in folders are not counted, as the
    readers pass them over; the count is for a progress bar, not a promise.
    """
    from saidwhat.ingest.files import HTML_EXTENSIONS, TEXT_EXTENSIONS

    known = TEXT_EXTENSIONS | JSONL_EXTENSIONS | HTML_EXTENSIONS
    total = 0
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            files = [
                Path(root) / name
                for root, dirs, names in os.walk(path)
                for name in names
                if not name.startswith(".")
                and not any(part.startswith(".") for part in Path(root).relative_to(path).parts)
                and (Path(name).suffix.lower() in known or name.lower().endswith(WARC_SUFFIXES))
            ]
            if not files:
                total += 1  # "no article files in the folder"
        else:
            files = [path]
        for file in files:
            if file.name.lower().endswith(WARC_SUFFIXES):
                return None
            if file.suffix.lower() in JSONL_EXTENSIONS and file.is_file():
                try:
                    with file.open("rb") as handle:
                        total += max(1, sum(1 for line in handle if line.strip()))
                except OSError:
                    total += 1
            else:
                total += 1
    return total


@click.command("ingest")
@click.argument("paths", nargs=-1, type=click.Path(path_type=str))
@click.option(
    "--feed",
    "feeds",
    multiple=True,
    metavar="URL|FILE",
    help="An RSS or Atom feed to read (its linked pages are fetched). Repeatable.",
)
@click.option(
    "--url",
    "urls",
    multiple=True,
    metavar="URL",
    help="A web page to fetch and read (http/https, robots.txt respected). Repeatable.",
)
@click.option(
    "--max-bytes",
    type=click.IntRange(min=1),
    default=DEFAULT_MAX_BYTES,
    show_default=True,
    help="Skip a file (a JSON Lines line) larger than this.",
)
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    default=1,
    show_default=True,
    help="Worker processes: 1 parses in this process; more start a local dask cluster.",
)
@click.option(
    "--cluster",
    metavar="ADDRESS",
    default=None,
    help="Parse on a running dask scheduler (e.g. tcp://host:8786) instead of locally.",
)
@click.option(
    "--embed/--no-embed",
    default=None,
    help="Compute each statement's sentence vector now (the default; env "
    "SAIDWHAT_EMBED_AT_INGEST=0 turns it off), or leave it to the first question.",
)
@db_option
@json_option
@click.option("-q", "--quiet", is_flag=True, help="No progress bar and no list of skipped items.")
def ingest_command(
    paths: tuple[str, ...],
    feeds: tuple[str, ...],
    urls: tuple[str, ...],
    max_bytes: int,
    workers: int,
    cluster: str | None,
    embed: bool | None,
    db: str | None,
    as_json: bool,
    quiet: bool,
) -> None:
    """Read articles and store their attributed statements.

    PATHS are files or folders (read recursively): plain text (title line, standfirst,
    body paragraphs), JSON Lines (one article a line: "text", optional "title", "date",
    "url", "outlet", "language", "id"), HTML pages, RSS/Atom feed files (.rss, .atom,
    or .xml with a feed inside: each entry's own text, no page fetched; --feed FILE
    fetches them), and WARC archives (.warc, .warc.gz).  An article already stored (same
    text) is not stored again, so a run can be repeated or resumed.

    Each article's language is detected (or taken from a JSON Lines "language" field);
    an article not in English is stored, with its language, but no statements are
    extracted from it (the rules are English ones).

    Items that cannot be read (empty, binary, not UTF-8, malformed, too large, ...) are
    listed with their reason and skipped; the rest goes on.  Exit code 3 says that
    something was skipped; exit code 1 that nothing at all could be read.

    The progress bar on stderr shows a total and an estimated time left when the
    input can be counted beforehand (files, lines of JSON Lines files; not WARC
    archives, feeds or web pages), and the words read per second.

    \b
    Examples:
      saidwhat ingest examples/ --db out/demo.db
      saidwhat ingest news.jsonl --db news.db
      saidwhat ingest --feed https://example.org/rss.xml
    """
    _check_inputs(paths, feeds, urls)
    from saidwhat.pipeline import Pipeline
    from saidwhat.store import open_store

    distributed = workers > 1 or cluster is not None
    pipeline = None
    if not distributed:
        pipeline = Pipeline() if embed is None else Pipeline(embed=embed)
    from saidwhat.read import store_location

    location = store_location(db)
    show_bar = not (quiet or as_json)
    # The pre-count reads every JSON Lines file once more: only for a bar that shows.
    counted = show_bar and sys.stderr.isatty() and not (feeds or urls)
    total = count_items(paths) if counted else None
    with open_store(location) as store:
        bar = tqdm(
            desc="articles",
            unit=" art",
            total=total,
            disable=None if show_bar else True,
            leave=False,
        )
        items = _items(paths, feeds, urls, max_bytes)
        report = _ingest(items, store, pipeline, workers, cluster, embed, _Progress(bar))
        bar.close()
        counts = store.counts()
    _report(report, counts, as_json, quiet, shown_location(location))


def _check_inputs(paths: tuple[str, ...], feeds: tuple[str, ...], urls: tuple[str, ...]) -> None:
    """Refuse a run with nothing to read: no input at all, or only paths that do not exist."""
    if not (paths or feeds or urls):
        raise click.UsageError("nothing to read: give PATHS, --feed or --url (see --help)")
    missing = [p for p in paths if not os.path.lexists(p)]
    if missing and len(missing) == len(paths) and not (feeds or urls):
        raise NothingReadError(
            f"nothing to read: no such file or folder: {', '.join(missing)} (nothing was stored)"
        )


def _items(
    paths: tuple[str, ...], feeds: tuple[str, ...], urls: tuple[str, ...], max_bytes: int
) -> Iterator[Article | Skipped]:
    """The articles (and skipped items) of the paths, then of the feeds, then of the URLs."""
    from saidwhat.ingest import read_paths

    yield from read_paths(paths, max_bytes=max_bytes)
    if feeds:
        from saidwhat.ingest.feeds import read_feed

        for feed in feeds:
            yield from read_feed(feed)
    if urls:
        from saidwhat.ingest.web import read_urls

        yield from read_urls(urls)


def _ingest(
    items: Iterator[Article | Skipped],
    store: Store,
    pipeline: Pipeline | None,
    workers: int,
    cluster: str | None,
    embed: bool | None,
    progress: _Progress,
) -> IngestReport:
    """Store the items: with ``pipeline`` in this process, or on dask workers when it is None."""
    if pipeline is None:
        from saidwhat.scale import ingest_distributed

        return ingest_distributed(
            items,
            store,
            workers=workers,
            cluster=cluster,
            on_article=progress,
            embed=embed,
        )
    from saidwhat.pipeline import ingest_articles

    return ingest_articles(items, store, pipeline=pipeline, on_article=progress)


def _report(
    report: IngestReport, counts: dict[str, int], as_json: bool, quiet: bool, location: str
) -> None:
    """Print the report (JSON on stdout, or a summary on stderr) and exit 1 when nothing
    was read, 3 when something was skipped."""
    if as_json:
        print_json({**report.to_json(), "store": counts, "db": location})
    else:
        _print_summary(report, counts, quiet, location)
    if not report.articles_read:
        why = " (the reasons are listed above)" if report.skipped and not (as_json or quiet) else ""
        click.echo(f"error: no article could be read from the input{why}", err=True)
        raise click.exceptions.Exit(EXIT_ERROR)
    if report.skipped:
        raise click.exceptions.Exit(EXIT_SKIPPED)


class _Progress:
    """Moves the progress bar one item on, and shows the words per second read."""

    def __init__(self, bar: tqdm) -> None:
        self.bar = bar
        self.words = 0
        self.started = time.perf_counter()

    def __call__(self, item: Article | Skipped) -> None:
        if isinstance(item, Article):
            self.words += len(item.text.split())
        self.bar.update(1)
        seconds = time.perf_counter() - self.started
        if seconds > 0 and not self.bar.disable:
            self.bar.set_postfix_str(f"{self.words / seconds:,.0f} words/s", refresh=False)


def _print_summary(
    report: IngestReport, counts: dict[str, int], quiet: bool, location: str
) -> None:
    speed = report.words / report.seconds if report.seconds else 0.0
    click.echo(
        f"read {report.articles_read} article(s): {report.articles_stored} stored, "
        f"{report.articles_already_stored} already stored; "
        f"{report.statements_stored} statement(s) stored; "
        f"{len(report.skipped)} item(s) skipped; {speed:,.0f} words/s",
        err=True,
    )
    if report.not_english:
        n = sum(report.not_english.values())
        click.echo(
            f"{n} article{'' if n == 1 else 's'} not in English "
            f"({', '.join(sorted(report.not_english))}): stored, no statements extracted",
            err=True,
        )
    click.echo(
        f"store {location} now holds {counts.get('articles', 0)} article(s), "
        f"{counts.get('statements', 0)} statement(s)",
        err=True,
    )
    if report.skipped and not quiet:
        shown = list(itertools.islice(report.skipped, 50))
        for s in shown:
            click.echo(f"skipped {s.origin}: {s.reason}", err=True)
        if len(report.skipped) > len(shown):
            click.echo(f"... and {len(report.skipped) - len(shown)} more (use --json)", err=True)


COMMANDS = [ingest_command]
