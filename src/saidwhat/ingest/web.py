"""Read articles from web pages, politely and within limits.

``fetch_page(url)`` downloads one page and returns its :class:`Article`; every way a
page can fail (bad scheme, timeout, a page too large, an HTTP error, a redirect loop,
a type that is not HTML, robots.txt) raises :class:`InputError` with a reason a user
can read.  ``read_urls(urls)`` does the same for many URLs and yields a
:class:`Skipped` for each one that fails.

Limits hold whatever the server does: connect and read timeouts on every request, a
wall-clock deadline on the whole fetch (the body is streamed, so a server that
trickles bytes forever is cut off), a cap on the body size and on redirects.
"""

from __future__ import annotations

import dataclasses
import re
import threading
import time
import urllib.robotparser
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import httpx

from saidwhat.errors import InputError
from saidwhat.ingest.html import article_from_html
from saidwhat.model import Article, Skipped

__all__ = ["Fetched", "clear_robots_cache", "decode_html", "fetch_bytes", "fetch_page", "read_urls"]

HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
"""Content types read as HTML pages."""

ROBOTS_TTL = 3600.0
"""Seconds a host's robots.txt is trusted before it is fetched again."""

_ROBOTS: dict[str, tuple[float, urllib.robotparser.RobotFileParser | None]] = {}
_ROBOTS_LOCK = threading.Lock()
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9._:-]+)""", re.I)


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


def _make_client(timeout: float, user_agent: str) -> httpx.Client:
    return httpx.Client(
        timeout=httpx.Timeout(timeout),
        follow_redirects=False,
        headers={"User-Agent": user_agent},
    )


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
    timeout: float = 10.0,
    max_bytes: int = 5_000_000,
    max_redirects: int = 5,
    user_agent: str = "saidwhat/0.1",
    robots: bool = False,
    accept: frozenset[str] | None = None,
    origin: str | None = None,
) -> Fetched:
    """Download ``url`` within the limits; raise :class:`InputError` on any failure.

    ``timeout`` is the connect and read timeout of each request and also the deadline
    on the whole download, redirects included.  With ``robots`` every URL on the way
    is checked against its host's robots.txt.  HTTP errors raise, and so does a
    response whose (declared) media type is not in ``accept``, before its body is read.
    """
    origin = origin or url
    _check_scheme(url, origin)
    deadline = time.monotonic() + timeout
    seen: set[str] = set()
    current = url
    for _hop in range(max_redirects + 1):
        if robots:
            started = time.monotonic()
            allowed = _robots_allow(
                current,
                client=client,
                timeout=timeout,
                max_bytes=max_bytes,
                max_redirects=max_redirects,
                user_agent=user_agent,
            )
            deadline += time.monotonic() - started  # robots.txt has its own deadline
            if not allowed:
                raise InputError(origin, f"robots.txt does not allow reading {current}")
        seen.add(current)
        fetched, location = _one_request(
            current,
            client=client,
            timeout=timeout,
            deadline=deadline,
            max_bytes=max_bytes,
            user_agent=user_agent,
            accept=accept,
            origin=origin,
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
    raise InputError(origin, f"too many redirects (more than {max_redirects})")


def _one_request(
    url: str,
    *,
    client: httpx.Client,
    timeout: float,
    deadline: float,
    max_bytes: int,
    user_agent: str,
    accept: frozenset[str] | None,
    origin: str,
) -> tuple[Fetched | None, str | None]:
    """One GET: the response, or ``(None, location)`` for a redirect."""
    left = deadline - time.monotonic()
    if left <= 0:
        raise InputError(origin, f"timed out after {timeout:g} s")
    per_op = min(timeout, left)
    try:
        with client.stream(
            "GET",
            url,
            headers={"User-Agent": user_agent},
            timeout=httpx.Timeout(per_op),
            follow_redirects=False,
        ) as response:
            if 300 <= response.status_code < 400:
                location = response.headers.get("location", "").strip()
                if not location:
                    raise InputError(
                        origin, f"HTTP {response.status_code} redirect with no Location"
                    )
                return None, location
            if response.status_code >= 400:
                phrase = f" {response.reason_phrase}" if response.reason_phrase else ""
                raise InputError(origin, f"HTTP {response.status_code}{phrase}")
            media, charset = _media_type(response.headers.get("content-type", ""))
            if accept is not None and media and media not in accept:
                raise InputError(origin, f"not an HTML page ({media})")
            length = response.headers.get("content-length", "")
            if length.isdigit() and int(length) > max_bytes:
                raise InputError(origin, f"page larger than {_size(max_bytes)}")
            chunks: list[bytes] = []
            total = 0
            for chunk in response.iter_bytes():
                total += len(chunk)
                if total > max_bytes:
                    raise InputError(origin, f"page larger than {_size(max_bytes)}")
                chunks.append(chunk)
                if time.monotonic() > deadline:
                    raise InputError(origin, f"timed out after {timeout:g} s (page still loading)")
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
    except httpx.TimeoutException as exc:
        raise InputError(origin, f"timed out after {timeout:g} s ({type(exc).__name__})") from exc
    except httpx.InvalidURL as exc:
        raise InputError(origin, f"invalid URL: {exc}") from exc
    except httpx.ConnectError as exc:
        raise InputError(origin, f"cannot connect: {exc}") from exc
    except httpx.HTTPError as exc:
        raise InputError(origin, f"download failed: {exc}") from exc


def _robots_allow(
    url: str,
    *,
    client: httpx.Client,
    timeout: float,
    max_bytes: int,
    max_redirects: int,
    user_agent: str,
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
                timeout=timeout,
                max_bytes=max_bytes,
                max_redirects=max_redirects,
                user_agent=user_agent,
                robots=False,
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
    match = _META_CHARSET.search(body[:4096])
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
    timeout: float = 10.0,
    max_bytes: int = 5_000_000,
    max_redirects: int = 5,
    user_agent: str = "saidwhat/0.1",
    respect_robots: bool = True,
    client: httpx.Client | None = None,
) -> Article:
    """Download the HTML page at ``url`` and return its article.

    Raises :class:`InputError` with the reason when the page cannot be read.  The
    article's ``url`` is the page's URL after redirects, its ``origin`` ``url``.
    """
    _check_scheme(url, url)
    own = client is None
    http = _make_client(timeout, user_agent) if client is None else client
    try:
        fetched = fetch_bytes(
            url,
            client=http,
            timeout=timeout,
            max_bytes=max_bytes,
            max_redirects=max_redirects,
            user_agent=user_agent,
            robots=respect_robots,
            accept=HTML_TYPES,
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
    timeout: float = 10.0,
    max_bytes: int = 5_000_000,
    max_redirects: int = 5,
    user_agent: str = "saidwhat/0.1",
    respect_robots: bool = True,
    client: httpx.Client | None = None,
) -> Iterator[Article | Skipped]:
    """Fetch each URL in turn: an :class:`Article` for each page, a :class:`Skipped` else."""
    own = client is None
    http = _make_client(timeout, user_agent) if client is None else client
    try:
        for url in urls:
            url = url.strip()
            if not url:
                continue
            try:
                yield fetch_page(
                    url,
                    timeout=timeout,
                    max_bytes=max_bytes,
                    max_redirects=max_redirects,
                    user_agent=user_agent,
                    respect_robots=respect_robots,
                    client=http,
                )
            except InputError as exc:
                yield Skipped(origin=exc.origin, reason=exc.reason)
    finally:
        if own:
            http.close()
