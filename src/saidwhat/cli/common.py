"""Options and error handling shared by every command."""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Callable
from typing import Any

import click

from saidwhat import settings
from saidwhat.errors import SaidwhatError

EXIT_OK = 0
EXIT_ERROR = 1
EXIT_SKIPPED = 3

db_option = click.option(
    "--db",
    "db",
    metavar="PATH|URL",
    default=lambda: settings.current().db,
    help="Store to use: a SQLite file path or a postgresql:// URL "
    "[default: saidwhat.db in your data directory; env SAIDWHAT_DB].",
)

json_option = click.option(
    "--json", "as_json", is_flag=True, help="Print JSON (one object a line) for scripts."
)


def print_json(obj: Any) -> None:
    click.echo(json.dumps(obj, ensure_ascii=False))


def run_guarded(command: Callable[..., Any]) -> int:
    """Run a click command; turn library errors into one-line messages and exit 1."""
    try:
        code = command(standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("Aborted.", err=True)
        return EXIT_ERROR
    except click.ClickException as e:
        e.show()
        return e.exit_code
    except click.exceptions.Exit as e:
        return e.exit_code
    except SaidwhatError as e:
        click.echo(f"error: {e}", err=True)
        return EXIT_ERROR
    except BrokenPipeError:
        sys.stderr.close()
        return EXIT_OK
    # Without standalone mode click returns the code of a ``click.exceptions.Exit``
    # (exit 3 for skipped input) instead of raising it: pass it on.
    return code if isinstance(code, int) and not isinstance(code, bool) else EXIT_OK


def open_read_store(db: str | None) -> str:
    """Check that the store a read command is given exists, and say which one it is.

    Refuses (exit 1) a SQLite path where no store is, creating nothing; prints one
    line on stderr naming the store and its size, and says when it is empty.  Returns
    the location to open.
    """
    from saidwhat.read import store_summary

    location, counts = store_summary(db)
    articles, statements = counts.get("articles", 0), counts.get("statements", 0)
    shown = shown_location(location)
    click.echo(f"store: {shown} ({articles} article(s), {statements} statement(s))", err=True)
    if not articles:
        click.echo(
            f"the store {shown} is empty: add articles with `saidwhat ingest PATH --db {shown}`",
            err=True,
        )
    return location


def shown_location(location: str) -> str:
    """A store location fit to print: a URL's password is left out."""
    return re.sub(r"^(\w+://[^:/@]*):[^@/]*@", r"\1:***@", location)
