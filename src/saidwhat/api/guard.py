"""The API's guard: one ASGI middleware in front of every route.

- every response carries ``X-Content-Type-Options``, ``X-Frame-Options`` and
  ``Referrer-Policy`` (the pages add their Content-Security-Policy themselves);
- a query string longer than :data:`MAX_QUERY_BYTES` is answered 414;
- ``POST /ingest`` is off unless a token is configured (``SAIDWHAT_API_TOKEN``), needs
  ``Authorization: Bearer <token>``, a ``Host`` the server answers to and, when the
  browser sends one, the server's own ``Origin`` (DNS rebinding and cross-site posts
  reach a server on 127.0.0.1 otherwise); its body is counted as it arrives and cut
  at the upload limit with 413, before it is received whole.
"""

from __future__ import annotations

import hmac
import ipaddress
import socket
from collections.abc import Iterable
from typing import Any
from urllib.parse import urlsplit

from starlette.datastructures import Headers, MutableHeaders
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from saidwhat import settings

MAX_QUERY_BYTES = 8 * 1024
MULTIPART_SLACK = 64 * 1024
"""Bytes of a multipart body beyond the file itself (boundaries, part headers)."""
LOOPBACK_HOSTS = frozenset({"localhost", "127.0.0.1", "::1"})
SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
}


def _is_loopback(host: str) -> bool:
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def default_allowed_hosts(bound: str = "127.0.0.1") -> frozenset[str]:
    """The ``Host`` names ``/ingest`` accepts on a server bound to ``bound``: loopback
    names on loopback, the address itself otherwise, and on a wildcard address (0.0.0.0,
    ::) the machine's own names with loopback."""
    bound = bound.strip("[]").lower()
    if _is_loopback(bound):
        return LOOPBACK_HOSTS | {bound}
    if bound in ("0.0.0.0", "::", ""):
        return LOOPBACK_HOSTS | {socket.gethostname().lower(), socket.getfqdn().lower()}
    return frozenset({bound})


def _hostname(host_header: str) -> str:
    """``example.org:8000`` -> ``example.org``; ``[::1]:8000`` -> ``::1``."""
    host = host_header.strip().lower()
    if host.startswith("["):
        return host[1:].split("]", 1)[0]
    if host.count(":") == 1:
        return host.split(":", 1)[0]
    return host


class Guard:
    """The middleware (see the module's docstring)."""

    def __init__(
        self,
        app: ASGIApp,
        *,
        max_upload_bytes: int,
        allowed_hosts: Iterable[str] | None = None,
        api_token: str | None = None,
    ) -> None:
        self.app = app
        self.max_body = max_upload_bytes + MULTIPART_SLACK
        hosts = default_allowed_hosts() if allowed_hosts is None else allowed_hosts
        self.allowed_hosts = frozenset(_hostname(h) for h in hosts)
        self.api_token = api_token

    def token(self) -> str | None:
        """The configured token: the app's own, else ``SAIDWHAT_API_TOKEN`` (looked up at
        each request, so that setting it needs no restart of tests or embedding code)."""
        return self.api_token or settings.current().api_token

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_secured(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in SECURITY_HEADERS.items():
                    headers[name] = value
            await send(message)

        if len(scope.get("query_string", b"")) > MAX_QUERY_BYTES:
            await _reject(
                scope, receive, send_secured, 414, "uri_too_long",
                f"the query string is longer than {MAX_QUERY_BYTES} bytes",
            )  # fmt: skip
            return
        if scope["path"] == "/ingest" and scope["method"] == "POST":
            refusal = self._refuse_ingest(Headers(scope=scope))
            if refusal is not None:
                await _reject(scope, receive, send_secured, *refusal)
                return
            await self._limited(scope, receive, send_secured)
            return
        await self.app(scope, receive, send_secured)

    def _refuse_ingest(self, headers: Headers) -> tuple[int, str, str] | None:
        """Why this upload is refused (status, code, message), or None."""
        token = self.token()
        if not token:
            return (
                403,
                "forbidden",
                "ingest over the API is off: set SAIDWHAT_API_TOKEN to a secret token on the "
                "server and send it as 'Authorization: Bearer <token>'",
            )
        host = headers.get("host", "")
        if _hostname(host) not in self.allowed_hosts:
            return (
                403,
                "forbidden",
                f"ingest refused: the Host {host!r} is not one this server answers to "
                f"({', '.join(sorted(self.allowed_hosts))})",
            )
        origin = headers.get("origin")
        if origin is not None and urlsplit(origin).netloc.lower() != host.lower():
            return (
                403,
                "forbidden",
                f"ingest refused: the request comes from another origin ({origin!r})",
            )
        scheme, _, given = headers.get("authorization", "").partition(" ")
        if scheme.lower() != "bearer" or not hmac.compare_digest(
            given.strip().encode(), token.encode()
        ):
            return (401, "unauthorized", "ingest needs 'Authorization: Bearer <token>'")
        length = headers.get("content-length")
        if length is not None and length.isdigit() and int(length) > self.max_body:
            return (413, "too_large", self._too_large())
        return None

    def _too_large(self) -> str:
        return f"the upload is larger than {self.max_body - MULTIPART_SLACK} bytes"

    async def _limited(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Run the app with the body counted as it arrives: past the limit the app sees
        a disconnect, its answer is dropped and 413 is sent instead."""
        received = 0
        over = False
        started = False

        async def counted() -> Message:
            nonlocal received, over
            if over:
                return {"type": "http.disconnect"}
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_body:
                    over = True
                    return {"type": "http.disconnect"}
            return message

        async def send_unless_over(message: Message) -> None:
            nonlocal started
            if over:
                return
            started = True
            await send(message)

        try:
            await self.app(scope, counted, send_unless_over)
        except Exception:
            if not over:
                raise
        if over and not started:
            await _reject(scope, receive, send, 413, "too_large", self._too_large())


async def _reject(
    scope: Scope, receive: Receive, send: Send, status: int, code: str, message: str
) -> None:
    body: dict[str, Any] = {"error": {"code": code, "message": message}}
    headers = {"Connection": "close"} if status in (413, 414) else None
    await JSONResponse(body, status_code=status, headers=headers)(scope, receive, send)
