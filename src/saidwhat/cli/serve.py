"""``saidwhat serve``: the HTTP API and the web page."""

from __future__ import annotations

import click

from saidwhat.cli.common import db_option


@click.command("serve")
@db_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=8000,
    show_default=True,
    help="Port to listen on.",
)
def serve_command(db: str | None, host: str, port: int) -> None:
    """Serve the API (OpenAPI at /docs) and the web page (/) over the store.

    The search's vectors and model load in the background at start-up, so the first
    question is answered as fast as the next ones.
    """
    import uvicorn

    from saidwhat.api import create_app

    click.echo(f"saidwhat: serving on http://{host}:{port}/ (API docs at /docs)", err=True)
    uvicorn.run(create_app(db, preload=True), host=host, port=port, log_level="warning")


COMMANDS = [serve_command]
