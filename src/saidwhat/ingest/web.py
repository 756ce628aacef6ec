"""Read articles from web pages, politely and within limits.

``fetch_page(url)`` downloads one page and returns its :class:`Article`; every way a
page can fail (bad scheme, timeout, a page too large, an HTTP error, a redirect loop,
a type that is not HTML, robots.txt) raises :class:`InputError` with a reason a user
can read.  ``read_urls(urls)`` does the same for many URLs and yields a
:class:`Skipped` for each one that fails.

Limits hold whatever the server does: connect and read timeouts on every request, a
wall-clock deadline on the whole fetch (a watchdog cuts the connection at the deadline,
so a server that trickles its headers or its body a byte at a time is cut off), a cap
on the body size counted on the decoded bytes as they stream (only ``gzip`` and
``deflate`` are accepted, inflated in bounded steps: a gzip bomb stops at the cap), and
a cap on redirects.

Addresses: a URL the caller names directly is fetched whatever its address.  Every
other URL on the way (each redirect, and a feed entry's link when the feed came from
the web) must lead to a public address (its host name resolved): loopback, private,
link-local (169.254.169.254), shared, multicast and reserved addresses are refused,
unless the host and port are the ones the caller named (the same site).
"""

from __future__ import annotations

import contextlib
import dataclasses
import ipaddress
import re
import socket
import threading
import time
import urllib.robotparser
import zlib
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import httpx

from saidwhat.errors import InputError
from saidwhat.ingest.html import SNIFF_BYTES, article_from_html
from saidwhat.ingest.text import short_reason
from saidwhat.model import Article, Skipped

__all__ = [
    "DEFAULT_LIMITS",
    "FetchLimits",
    "Fetched",
    "clear_robots_cache",
    "decode_html",
    "fetch_bytes",
    "fetch_page",
    "read_urls",
]

DEFAULT_TIMEOUT = 10.0
"""Seconds: the connect and read timeout of each request, and the deadline on a whole
download (redirects included; robots.txt has its own)."""
DEFAULT_MAX_PAGE_BYTES = 5_000_000
"""Largest body read (a page, a feed, a robots.txt), counted on the decoded bytes."""
DEFAULT_MAX_REDIRECTS = 5
"""Redirects followed before a download gives up."""
USER_AGENT = "saidwhat/0.1"
"""What saidwhat calls itself to the servers it reads from."""

HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
"""Content types read as HTML pages."""

ROBOTS_TTL = 3600.0
"""Seconds a host's robots.txt is trusted before it is fetched again."""

_ROBOTS: dict[str, tuple[float, urllib.robotparser.RobotFileParser | None]] = {}
_ROBOTS_LOCK = threading.Lock()
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9._:-]+)""", re.I)


@dataclass(frozen=True, slots=True)
class FetchLimits:
    """What one download may take, whatever the server does (as httpx's ``Timeout``
    and ``Limits``): one value passed down from the caller instead of three keywords."""

    timeout: float = DEFAULT_TIMEOUT
    """Seconds: each request's connect and read timeout, and the whole download's
    deadline (see :data:`DEFAULT_TIMEOUT`)."""
    max_bytes: int = DEFAULT_MAX_PAGE_BYTES
    """Largest body, counted on the decoded bytes as they stream."""
    max_redirects: int = DEFAULT_MAX_REDIRECTS
    """Redirects followed before giving up."""


DEFAULT_LIMITS = FetchLimits()


@dataclass(frozen=True, slots=True)
class Fetched:
    """A downloaded resource: the URL it came from after redirects, its type and bytes."""

    url: str
    status: int
    content_type: str
    """The media type, lower case, without parameters ("" when the server gave none)."""
    charset: str | None
    body: bytes


def _check_scheme(url: str, origin: str) -> None:
    if urlsplit(url).scheme.lower() not in ("http", "https"):
        raise InputError(origin, "only http and https URLs are read")


Site = tuple[str, int]
"""A host (lower case) and port: what "the same address" means for the address rule."""


def site_of(url: str) -> Site:
    """The host and port ``url`` connects to."""
    parts = urlsplit(url)
    try:
        port = parts.port
    except ValueError:
        port = None
    default = 443 if parts.scheme.lower() == "https" else 80
    return (parts.hostname or "").lower(), port or default


def _is_public(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


def _check_address(url: str, trusted: Collection[Site], origin: str) -> None:
    """Raise :class:`InputError` when ``url`` leads to a non-public address and its site
    is not one of ``trusted`` (the ones the caller named directly)."""
    host, port = site = site_of(url)
    if site in trusted:
        return
    try:
        addresses = [str(ipaddress.ip_address(host.strip("[]")))]
    except ValueError:
        try:
            infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except (OSError, UnicodeError):
            return  # the request itself fails with the reason
        addresses = [str(info[4][0]) for info in infos]
    for address in addresses:
        if not _is_public(address):
            raise InputError(
                origin,
                f"refused to fetch {url[:100]}: {host} is not a public address ({address})",
            )


def _make_client(timeout: float, user_agent: str) -> httpx.Client:
    # no kept-alive connections: every request opens its own, which the watchdog can cut
    return httpx.Client(
        timeout=httpx.Timeout(timeout),
        follow_redirects=False,
        headers={"User-Agent": user_agent},
        limits=httpx.Limits(max_keepalive_connections=0),
    )


class _Watchdog:
    """Cuts a request's connection when its deadline passes, in whatever phase it is
    (headers, body or a TLS handshake trickled a byte at a time never trip a read
    timeout: the socket is noted as soon as it is connected, before TLS starts).

    With ``public_only`` (the host of a URL the caller did not name), the address the
    socket actually connected to must be public too: a host name that resolved to a
    public address when it was checked and to a private one when it was connected (DNS
    rebinding) is refused before the request is sent.  A connection to a proxy (another
    host than the URL's) is not checked: the proxy resolves the name.
    """

    def __init__(self, seconds: float, *, public_only: str | None = None) -> None:
        self.fired = False
        self.public_only = public_only
        self._connecting = ""
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()
        self._timer = threading.Timer(max(seconds, 0.0), self._fire)
        self._timer.daemon = True

    def trace(self, event: str, info: dict[str, object]) -> None:
        """httpx's ``trace`` extension: note each socket the request opens."""
        if event.endswith(".connect_tcp.started"):
            self._connecting = str(info.get("host") or "").strip("[]").lower()
            return
        if not event.endswith((".connect_tcp.complete", ".start_tls.complete")):
            return
        stream = info.get("return_value")
        get = getattr(stream, "get_extra_info", None)
        sock = get("socket") if get is not None else None
        if isinstance(sock, socket.socket):
            with self._lock:
                self._sockets.append(sock)
                if self.fired:
                    _shut(sock)
            if event.endswith(".connect_tcp.complete") and self._connecting == self.public_only:
                self._check_peer(sock)

    def _check_peer(self, sock: socket.socket) -> None:
        try:
            peer = str(sock.getpeername()[0])
        except OSError:
            return  # not connected after all: the request fails with its own reason
        if not _is_public(peer):
            _shut(sock)
            raise _NotPublic(peer)

    def _fire(self) -> None:
        with self._lock:
            self.fired = True
            for sock in self._sockets:
                _shut(sock)

    def __enter__(self) -> _Watchdog:
        self._timer.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.disarm()

    def disarm(self) -> None:
        self._timer.cancel()
        with self._lock:
            self._sockets.clear()


class _NotPublic(Exception):
    """The connection reached a non-public address (raised inside httpx's trace hook,
    before the request is sent)."""

    def __init__(self, address: str) -> None:
        super().__init__(address)
        self.address = address


def _shut(sock: socket.socket) -> None:
    with contextlib.suppress(OSError):
        sock.shutdown(socket.SHUT_RDWR)


class _Decoder:
    """Inflates a body's ``Content-Encoding`` in bounded steps, never past ``limit``."""

    def __init__(self, encoding: str, limit: int, too_large: InputError) -> None:
        codings = [c.strip() for c in encoding.lower().split(",") if c.strip()]
        codings = [c for c in codings if c != "identity"]
        if len(codings) > 1 or (codings and codings[0] not in ("gzip", "x-gzip", "deflate")):
            raise InputError(too_large.origin, f"unsupported Content-Encoding ({encoding[:50]})")
        self.coding = codings[0] if codings else ""
        self.limit = limit
        self.total = 0
        self.too_large = too_large
        wbits = 16 + zlib.MAX_WBITS if self.coding in ("gzip", "x-gzip") else zlib.MAX_WBITS
        self._zlib = zlib.decompressobj(wbits) if self.coding else None
        self._first = True

    def decode(self, data: bytes) -> bytes:
        if self._zlib is None:
            return self._count(data)
        if self.coding == "deflate" and self._first and data:
            self._first = False
            try:  # servers send raw deflate as often as zlib-wrapped
                probe = zlib.decompressobj(zlib.MAX_WBITS)
                probe.decompress(data[:2])
            except zlib.error:
                self._zlib = zlib.decompressobj(-zlib.MAX_WBITS)
        parts = []
        pending = data
        while pending and not self._zlib.eof:
            room = self.limit - self.total
            try:
                out = self._zlib.decompress(pending, room + 1)
            except zlib.error as exc:
                raise InputError(self.too_large.origin, f"bad {self.coding} body ({exc})") from None
            parts.append(self._count(out))
            pending = self._zlib.unconsumed_tail
        return b"".join(parts)

    def _count(self, data: bytes) -> bytes:
        self.total += len(data)
        if self.total > self.limit:
            raise self.too_large
        return data


def _media_type(header: str) -> tuple[str, str | None]:
    """Split a Content-Type header into its media type and charset."""
    parts = [p.strip() for p in header.split(";")]
    charset = None
    for part in parts[1:]:
        key, _, value = part.partition("=")
        if key.strip().lower() == "charset" and value.strip():
            charset = value.strip().strip("\"'")
    return parts[0].lower(), charset


def _size(n: int) -> str:
    return f"{n:,} bytes"


def fetch_bytes(
    url: str,
    *,
    client: httpx.Client,
    limits: FetchLimits = DEFAULT_LIMITS,
    user_agent: str = USER_AGENT,
    robots: bool = False,
    accept: frozenset[str] | None = None,
    origin: str | None = None,
    trusted: Collection[Site] | None = None,
) -> Fetched:
    """Download ``url`` within ``limits``; raise :class:`InputError` on any failure.

    ``limits.timeout`` is the connect and read timeout of each request and also the
    deadline on the whole download, redirects included.  With ``robots`` every URL on the way
    is checked against its host's robots.txt.  HTTP errors raise, and so does a
    response whose (declared) media type is not in ``accept``, before its body is read.

    ``trusted`` are the sites (host, port) that may have a non-public address; by
    default ``url``'s own site (the caller named it), every other URL on the way
    must lead to a public address.
    """
    origin = origin or url
    _check_scheme(url, origin)
    trusted = {site_of(url)} if trusted is None else set(trusted)
    deadline = time.monotonic() + limits.timeout
    seen: set[str] = set()
    current = url
    for _hop in range(limits.max_redirects + 1):
        if robots:
            started = time.monotonic()
            allowed = _robots_allow(
                current, client=client, limits=limits, user_agent=user_agent, trusted=trusted
            )
            deadline += time.monotonic() - started  # robots.txt has its own deadline
            if not allowed:
                raise InputError(origin, f"robots.txt does not allow reading {current}")
        seen.add(current)
        _check_address(current, trusted, origin)
        site = site_of(current)
        fetched, location = _one_request(
            current,
            client=client,
            limits=limits,
            deadline=deadline,
            user_agent=user_agent,
            accept=accept,
            origin=origin,
            public_only=None if site in trusted else site[0],
        )
        if fetched is not None:
            return fetched
        assert location is not None
        target = urljoin(current, location)
        if urlsplit(target).scheme.lower() not in ("http", "https"):
            raise InputError(origin, f"redirected to a URL that is not http or https: {target}")
        if target in seen:
            raise InputError(origin, f"redirect loop ({current} -> {target})")
        current = target
    raise InputError(origin, f"too many redirects (more than {limits.max_redirects})")


def _one_request(
    url: str,
    *,
    client: httpx.Client,
    limits: FetchLimits,
    deadline: float,
    user_agent: str,
    accept: frozenset[str] | None,
    origin: str,
    public_only: str | None = None,
) -> tuple[Fetched | None, str | None]:
    """One GET: the response, or ``(None, location)`` for a redirect.  With
    ``public_only`` (the URL's host) the connection must reach a public address."""
    timeout, max_bytes = limits.timeout, limits.max_bytes
    left = deadline - time.monotonic()
    if left <= 0:
        raise InputError(origin, f"timed out after {timeout:g} s")
    per_op = min(timeout, left)
    too_large = InputError(origin, f"page larger than {_size(max_bytes)}")
    watchdog = _Watchdog(left, public_only=public_only)
    try:
        with (
            watchdog,
            client.stream(
                "GET",
                url,
                headers={"User-Agent": user_agent, "Accept-Encoding": "gzip, deflate"},
                timeout=httpx.Timeout(per_op),
                follow_redirects=False,
                extensions={"trace": watchdog.trace},
            ) as response,
        ):
            try:
                result = _read_response(response, origin, accept, max_bytes, deadline, too_large)
            finally:
                watchdog.disarm()
            if watchdog.fired:  # a cut connection can look like the end of the body
                raise InputError(origin, f"timed out after {timeout:g} s (deadline)")
            return result
    except InputError:
        raise
    except _NotPublic as exc:
        reason = f"refused to fetch {url[:100]}: connected to a non-public address ({exc.address})"
        raise InputError(origin, reason) from None
    except httpx.TimeoutException as exc:
        raise InputError(origin, f"timed out after {timeout:g} s ({type(exc).__name__})") from exc
    except httpx.InvalidURL as exc:
        raise InputError(origin, short_reason(f"invalid URL: {exc}")) from exc
    except (httpx.HTTPError, OSError) as exc:
        if watchdog.fired:
            raise InputError(origin, f"timed out after {timeout:g} s (deadline)") from exc
        if isinstance(exc, httpx.ConnectError):
            raise InputError(origin, short_reason(f"cannot connect: {exc}")) from exc
        raise InputError(origin, short_reason(f"download failed: {exc}")) from exc


def _read_response(
    response: httpx.Response,
    origin: str,
    accept: frozenset[str] | None,
    max_bytes: int,
    deadline: float,
    too_large: InputError,
) -> tuple[Fetched | None, str | None]:
    if 300 <= response.status_code < 400:
        location = response.headers.get("location", "").strip()
        if not location:
            raise InputError(origin, f"HTTP {response.status_code} redirect with no Location")
        return None, location
    if response.status_code >= 400:
        phrase = f" {response.reason_phrase}" if response.reason_phrase else ""
        raise InputError(origin, short_reason(f"HTTP {response.status_code}{phrase}"))
    media, charset = _media_type(response.headers.get("content-type", ""))
    if accept is not None and media and media not in accept:
        raise InputError(origin, short_reason(f"not an HTML page ({media})"))
    length = response.headers.get("content-length", "")
    if length.isdigit() and int(length) > max_bytes:
        raise too_large
    decoder = _Decoder(response.headers.get("content-encoding", ""), max_bytes, too_large)
    chunks: list[bytes] = []
    for raw in response.iter_raw():
        chunks.append(decoder.decode(raw))
        if time.monotonic() > deadline:
            raise InputError(origin, "timed out (page still loading at the deadline)")
    return (
        Fetched(
            url=str(response.url),
            status=response.status_code,
            content_type=media,
            charset=charset,
            body=b"".join(chunks),
        ),
        None,
    )


def _robots_allow(
    url: str,
    *,
    client: httpx.Client,
    limits: FetchLimits,
    user_agent: str,
    trusted: Collection[Site],
) -> bool:
    """Whether the host's robots.txt lets ``user_agent`` read ``url`` (cached per host).

    A robots.txt that cannot be fetched (missing, an error, a timeout) allows all.
    """
    parts = urlsplit(url)
    host = f"{parts.scheme.lower()}://{parts.netloc.lower()}"
    now = time.monotonic()
    with _ROBOTS_LOCK:
        cached = _ROBOTS.get(host)
    if cached is None or now - cached[0] > ROBOTS_TTL:
        parser: urllib.robotparser.RobotFileParser | None = None
        try:
            fetched = fetch_bytes(
                f"{host}/robots.txt",
                client=client,
                limits=limits,
                user_agent=user_agent,
                robots=False,
                trusted=trusted,
            )
        except InputError:
            fetched = None
        if fetched is not None:
            parser = urllib.robotparser.RobotFileParser()
            parser.parse(fetched.body.decode("utf-8", errors="replace").splitlines())
        cached = (now, parser)
        with _ROBOTS_LOCK:
            _ROBOTS[host] = cached
    parser = cached[1]
    return parser is None or parser.can_fetch(user_agent, url)


def clear_robots_cache() -> None:
    """Forget every robots.txt read so far (they are kept for :data:`ROBOTS_TTL` s)."""
    with _ROBOTS_LOCK:
        _ROBOTS.clear()


def decode_html(body: bytes, charset: str | None) -> str:
    """Decode an HTML body: the declared charset, else a ``<meta>`` one, else UTF-8."""
    candidates = [charset] if charset else []
    match = _META_CHARSET.search(body[:SNIFF_BYTES])
    if match:
        candidates.append(match.group(1).decode("ascii", errors="ignore"))
    for name in candidates:
        try:
            return body.decode(name, errors="replace")
        except LookupError:
            continue
    return body.decode("utf-8", errors="replace")


def fetch_page(
    url: str,
    *,
    limits: FetchLimits = DEFAULT_LIMITS,
    user_agent: str = USER_AGENT,
    respect_robots: bool = True,
    client: httpx.Client | None = None,
    trusted: Collection[Site] | None = None,
) -> Article:
    """Download the HTML page at ``url`` and return its article.

    Raises :class:`InputError` with the reason when the page cannot be read.  The
    article's ``url`` is the page's URL after redirects, its ``origin`` ``url``.
    ``trusted``: the sites that may have a non-public address (see :func:`fetch_bytes`).
    """
    _check_scheme(url, url)
    own = client is None
    http = _make_client(limits.timeout, user_agent) if client is None else client
    try:
        fetched = fetch_bytes(
            url,
            client=http,
            limits=limits,
            user_agent=user_agent,
            robots=respect_robots,
            accept=HTML_TYPES,
            trusted=trusted,
        )
    finally:
        if own:
            http.close()
    article = article_from_html(
        decode_html(fetched.body, fetched.charset), url=fetched.url, origin=url
    )
    if article.url is None:
        article = dataclasses.replace(article, url=fetched.url)
    return article


def read_urls(
    urls: Iterable[str],
    *,
    limits: FetchLimits = DEFAULT_LIMITS,
    user_agent: str = USER_AGENT,
    respect_robots: bool = True,
    client: httpx.Client | None = None,
) -> Iterator[Article | Skipped]:
    """Fetch each URL in turn: an :class:`Article` for each page, a :class:`Skipped` else."""
    own = client is None
    http = _make_client(limits.timeout, user_agent) if client is None else client
    try:
        for url in urls:
            url = url.strip()
            if not url:
                continue
            try:
                yield fetch_page(
                    url,
                    limits=limits,
                    user_agent=user_agent,
                    respect_robots=respect_robots,
                    client=http,
                )
            except InputError as exc:
                yield Skipped(origin=exc.origin, reason=exc.reason)
    finally:
        if own:
            http.close()
