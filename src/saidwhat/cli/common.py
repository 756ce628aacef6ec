"""Options and error handling shared by every command."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from typing import Any

import click

from saidwhat.errors import SaidwhatError

EXIT_OK = 0
EXIT_ERROR = 1
EXIT_USAGE = 2
EXIT_SKIPPED = 3

db_option = click.option(
    "--db",
    "db",
    metavar="PATH|URL",
    envvar="SAIDWHAT_DB",
    default=None,
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
        command(standalone_mode=False)
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
    return EXIT_OK
