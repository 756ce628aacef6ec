"""``saidwhat ingest``: read articles, extract and resolve their statements, store them."""

from __future__ import annotations

import itertools
from collections.abc import Iterator

import click
from tqdm import tqdm

from saidwhat.cli.common import EXIT_SKIPPED, db_option, json_option, print_json
from saidwhat.ingest.files import DEFAULT_MAX_BYTES
from saidwhat.model import Article, IngestReport, Skipped


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
    "url", "outlet", "language", "id"), HTML pages, and WARC archives (.warc, .warc.gz).
    An article already stored (same text) is not stored again, so a run can be repeated
    or resumed.

    Each article's language is detected (or taken from a JSON Lines "language" field);
    an article not in English is stored, with its language, but no statements are
    extracted from it (the rules are English ones).

    Items that cannot be read (empty, binary, not UTF-8, malformed, too large, ...) are
    listed with their reason and skipped; the rest goes on.  Exit code 3 says that
    something was skipped.

    \b
    Examples:
      saidwhat ingest examples/
      saidwhat ingest news.jsonl --db news.db
      saidwhat ingest --feed https://example.org/rss.xml
    """
    if not (paths or feeds or urls):
        raise click.UsageError("nothing to read: give PATHS, --feed or --url (see --help)")
    from saidwhat.ingest import read_paths
    from saidwhat.pipeline import Pipeline, ingest_articles
    from saidwhat.store import open_store

    def items() -> Iterator[Article | Skipped]:
        yield from read_paths(paths, max_bytes=max_bytes)
        if feeds:
            from saidwhat.ingest.feeds import read_feed

            for feed in feeds:
                yield from read_feed(feed)
        if urls:
            from saidwhat.ingest.web import read_urls

            yield from read_urls(urls)

    distributed = workers > 1 or cluster is not None
    pipeline = None
    if not distributed:
        pipeline = Pipeline() if embed is None else Pipeline(embed=embed)
    with open_store(db) as store:
        bar = tqdm(
            desc="articles", unit=" art", disable=True if quiet or as_json else None, leave=False
        )
        report: IngestReport
        if distributed:
            from saidwhat.scale import ingest_distributed

            report = ingest_distributed(
                items(),
                store,
                workers=workers,
                cluster=cluster,
                on_article=lambda _: bar.update(1),
                embed=embed,
            )
        else:
            report = ingest_articles(
                items(), store, pipeline=pipeline, on_article=lambda _: bar.update(1)
            )
        bar.close()
        counts = store.counts()
    if as_json:
        print_json({**report.to_json(), "store": counts})
    else:
        _print_summary(report, counts, quiet)
    if report.skipped:
        raise click.exceptions.Exit(EXIT_SKIPPED)


def _print_summary(report: IngestReport, counts: dict[str, int], quiet: bool) -> None:
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
        f"store now holds {counts.get('articles', 0)} article(s), "
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
