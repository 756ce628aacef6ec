"""``saidwhat serve``: the HTTP API and the web page."""

from __future__ import annotations

import errno

import click

from saidwhat.cli.common import db_option, open_read_store, shown_location
from saidwhat.errors import SaidwhatError


class PortError(SaidwhatError):
    """The address to serve on cannot be listened on."""


def _check_port(host: str, port: int) -> None:
    """Raise :class:`PortError` if ``host:port`` cannot be bound (busy, not ours, ...)."""
    import socket

    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except OSError as exc:
        raise PortError(f"cannot listen on {host}:{port}: {exc}") from None
    family, kind, proto, _, address = infos[0]
    with socket.socket(family, kind, proto) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(address)
        except OSError as exc:
            reason = "the port is in use" if exc.errno == errno.EADDRINUSE else exc.strerror
            raise PortError(
                f"cannot listen on {host}:{port}: {reason}; choose another with --port"
            ) from None


@click.command("serve")
@db_option
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Address to listen on; the default, loopback, is reachable from this machine only.",
)
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=8000,
    show_default=True,
    help="Port to listen on.",
)
@click.option(
    "--allowed-host",
    "allowed_hosts",
    multiple=True,
    metavar="NAME",
    help="A Host name POST /ingest answers to, besides those of --host (repeatable).",
)
def serve_command(db: str | None, host: str, port: int, allowed_hosts: tuple[str, ...]) -> None:
    """Serve the API (OpenAPI at /docs) and the web page (/) over the store.

    The search's vectors and model load in the background at start-up, so the first
    question is answered as fast as the next ones.  A port already in use is an error
    (exit 1).

    POST /ingest is off unless SAIDWHAT_API_TOKEN is set to a secret token; uploads
    must then send 'Authorization: Bearer <token>', a Host this server answers to
    (loopback names on 127.0.0.1, else --host and --allowed-host) and, if any, the
    server's own Origin.

    \b
    Example:
      saidwhat serve --db out/demo.db --port 8000
    """
    import uvicorn

    from saidwhat.api import create_app
    from saidwhat.api.guard import default_allowed_hosts
    from saidwhat.read import NoStoreError, store_location

    try:
        location = open_read_store(db)
    except NoStoreError:  # articles can be uploaded: serving a new store is fine
        location = store_location(db)
        click.echo(
            f"store: {shown_location(location)} (new and empty: upload articles to /ingest)",
            err=True,
        )
    _check_port(host, port)
    click.echo(f"saidwhat: serving on http://{host}:{port}/ (API docs at /docs)", err=True)
    try:
        hosts = default_allowed_hosts(host) | {h.lower() for h in allowed_hosts}
        app = create_app(location, preload=True, allowed_hosts=hosts)
        uvicorn.run(app, host=host, port=port, log_level="warning")
    except SystemExit as exc:  # uvicorn exits 3 when it cannot start: that is an error
        if exc.code not in (0, None):
            raise PortError(f"the server could not start on {host}:{port} (see above)") from None


COMMANDS = [serve_command]
