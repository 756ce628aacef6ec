"""``saidwhat extract``: statements of JSON Lines articles as prediction lines, no store."""

from __future__ import annotations

import json
import sys
from collections import deque
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import click

from saidwhat.cli.common import EXIT_ERROR, EXIT_SKIPPED, json_option, print_json
from saidwhat.model import Skipped


def _input_id(record: dict[str, Any], line_no: int) -> Any:
    """The record's own ``id`` (a string or number), else its line number."""
    given = record.get("id")
    if isinstance(given, str | int | float) and not isinstance(given, bool) and given != "":
        return given
    return line_no


@click.command("extract")
@click.argument("articles", type=click.Path(dir_okay=False, path_type=str))
@click.option(
    "--predictions",
    "out_path",
    required=True,
    metavar="OUT.jsonl",
    help="Write one prediction line per article here.",
)
@json_option
@click.option("-q", "--quiet", is_flag=True, help="No progress bar and no list of skipped lines.")
def extract_command(articles: str, out_path: str, as_json: bool, quiet: bool) -> None:
    """Extract the statements of each article in ARTICLES (JSON Lines), without a store.

    Each good input line gives one output line {"id", "quotes": [{"content": [s, e],
    "source": [s, e] or null, "cue": [s, e] or null, "kind"}]}, with the input's "id"
    (its line number when it has none) and offsets into that line's "text": the format
    `saidwhat eval --pred` and PolNeAR's score.py read.  A content in pieces ('"A," she
    said, "B."') is a list of [s, e] pieces.  Bad lines are listed on stderr
    with their reason and skipped; exit code 3 says that something was skipped, exit
    code 1 that nothing could be read (a file that is not JSON Lines at all, such as
    plain text or one JSON document, is refused before anything is parsed).

    \b
    Example:
      saidwhat extract news.jsonl --predictions out/news-pred.jsonl
    """
    from tqdm import tqdm

    from saidwhat.errors import InputError
    from saidwhat.evaluate import prediction_of
    from saidwhat.evaluate.checks import jsonl_shape_error
    from saidwhat.ingest.jsonl import iter_jsonl_records
    from saidwhat.pipeline import Pipeline

    if Path(articles).is_file() and (why := jsonl_shape_error(articles)) is not None:
        raise InputError(articles, why)
    skipped: list[Skipped] = []
    pending: deque[Any] = deque()

    def texts() -> Iterator[str]:
        for line_no, record in iter_jsonl_records(articles):
            if isinstance(record, Skipped):
                skipped.append(record)
                if not quiet:
                    click.echo(f"skipped {record.origin}: {record.reason}", err=True)
                continue
            pending.append(_input_id(record, line_no))
            yield record["text"]

    pipeline = Pipeline()
    n_articles = n_statements = 0
    out = Path(out_path)
    if out.parent != Path(""):
        out.parent.mkdir(parents=True, exist_ok=True)
    bar = tqdm(
        desc="articles", unit=" art", file=sys.stderr, leave=False,
        disable=True if quiet or as_json else None,
    )  # fmt: skip
    with out.open("w", encoding="utf-8") as handle:
        for statements in pipeline.analyse_texts(texts()):
            row = prediction_of(pending.popleft(), statements)
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")
            n_articles += 1
            n_statements += len(statements)
            bar.update(1)
    bar.close()
    if as_json:
        print_json(
            {
                "articles": n_articles,
                "statements": n_statements,
                "predictions": str(out),
                "skipped": [{"origin": s.origin, "reason": s.reason} for s in skipped],
            }
        )
    else:
        click.echo(
            f"{n_articles} articles, {n_statements} statements written to {out}"
            + (f"; {len(skipped)} skipped" if skipped else "")
        )
    if not n_articles:
        click.echo(f"error: no article could be read from {articles}", err=True)
        raise click.exceptions.Exit(EXIT_ERROR)
    if skipped:
        raise click.exceptions.Exit(EXIT_SKIPPED)


COMMANDS = [extract_command]
