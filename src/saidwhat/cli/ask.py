"""``saidwhat ask``: answer a question from the stored statements."""

from __future__ import annotations

import sys
from typing import Any

import click

from saidwhat.cli.common import db_option, open_read_store

MAX_LIMIT = 10_000


class _Bar:
    """A tqdm progress bar on stderr for embeddings computed at the first ask."""

    def __init__(self) -> None:
        self.bar: Any = None

    def __call__(self, done: int, total: int) -> None:
        if self.bar is None:
            from tqdm import tqdm

            self.bar = tqdm(
                total=total,
                desc="embedding statements",
                unit="st",
                file=sys.stderr,
                disable=None,
                leave=False,
            )
        self.bar.update(done - self.bar.n)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


@click.command("ask")
@click.argument("question")
@db_option
@click.option("--json", "as_json", is_flag=True, help="Print the answer as one JSON object.")
@click.option("--html", "as_html", is_flag=True, help="Print the answer as an HTML page.")
@click.option(
    "--limit",
    type=click.IntRange(1, MAX_LIMIT),
    default=50,
    show_default=True,
    help="Most statements per actor (or speaker).",
)
@click.option(
    "--all",
    "show_all",
    is_flag=True,
    help="Also show the statements under the relevance cut (counted as 'N more' otherwise).",
)
def ask_command(
    question: str, db: str | None, as_json: bool, as_html: bool, limit: int, show_all: bool
) -> None:
    """Answer QUESTION from the statements in the store.

    \b
    Examples:
      saidwhat ask "What has the US and Europe said about the Russian military de-escalation?"
      saidwhat ask "What did Russia say it would do?"
      saidwhat ask "Who said the talks were positive?" --json

    Statements are grouped by the actor their speaker speaks for, then by speaker in
    date order; each line cites its article and offsets.  The stance line of each actor
    is derived from its statements.  Ingest stores each statement's embedding; statements
    stored without one (SAIDWHAT_EMBED_AT_INGEST=0, or an older store) get it at the
    first question (a progress bar shows on stderr).
    """
    from saidwhat.answer import ask, render_html, render_json, render_markdown
    from saidwhat.store import open_store

    if as_json and as_html:
        raise click.UsageError("give --json or --html, not both")
    location = open_read_store(db)
    bar = _Bar()
    with open_store(location, read_only=True) as store:
        try:
            answer = ask(store, question, limit=limit, progress=bar, show_all=show_all)
        finally:
            bar.close()
    if as_json:
        click.echo(render_json(answer))
    elif as_html:
        click.echo(render_html(answer), nl=False)
    else:
        click.echo(render_markdown(answer), nl=False)


COMMANDS = [ask_command]
