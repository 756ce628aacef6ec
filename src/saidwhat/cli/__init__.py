"""The ``saidwhat`` command: a thin shell over the library.

Exit codes: 0 done; 1 error, or nothing at all could be read (the message on stderr
says what to do); 2 bad usage; 3 done, but some input items were skipped (each listed
with its reason), or ``eval --pred`` predictions and gold cover different articles.
``main`` returns them to the shell (``run_guarded``); tests/test_cli_exit_codes.py runs
the installed command to check each.
"""

from __future__ import annotations

import importlib

import click

from saidwhat.cli.common import EXIT_ERROR, run_guarded

# Each module defines one or more click commands and a ``COMMANDS`` list.
COMMAND_MODULES = [
    "saidwhat.cli.ingest",
    "saidwhat.cli.read",
    "saidwhat.cli.extract",
    "saidwhat.cli.evaluate",
    "saidwhat.cli.ask",
    "saidwhat.cli.serve",
]


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(package_name="saidwhat")
def cli() -> None:
    """saidwhat: who said what, about what, in the news.

    Ingest articles (text, JSON Lines, HTML, feeds, WARC), extract every statement
    with its speaker and the actor the speaker speaks for, store them, and ask
    questions such as "What has the US said about the peace talks?".

    The store is a SQLite file under your data directory unless --db says otherwise
    (a path, or a postgresql:// URL).  Each command that uses a store names it on stderr;
    the read commands (statements, show, speakers, ask) never create one.

    Exit codes: 0 done; 1 error, or nothing could be read; 2 bad usage; 3 done, but
    some input was skipped (each item listed with its reason).
    """


for _name in COMMAND_MODULES:
    for _command in importlib.import_module(_name).COMMANDS:
        cli.add_command(_command)


def main() -> None:
    """Entry point of the ``saidwhat`` script."""
    raise SystemExit(run_guarded(cli) or 0)


__all__ = ["EXIT_ERROR", "cli", "main"]
