"""Read articles from RSS and Atom feeds, remote or local.

``read_feed(url_or_path)`` yields an :class:`Article` per feed entry: the linked page
when it can be fetched, else the entry's own content or summary when that has enough
text.  An entry that gives neither yields a :class:`Skipped` with the reason; a feed
that cannot be read at all yields one :class:`Skipped`.  Feeds from URLs are fetched
here, with the limits of :func:`~saidwhat.ingest.web.fetch_bytes`; feedparser never
touches the network.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Iterator
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urlsplit

import feedparser
import httpx

from saidwhat.errors import InputError
from saidwhat.ingest.dates import dateline_date
from saidwhat.ingest.text import open_regular, short_reason
from saidwhat.ingest.web import (
    DEFAULT_LIMITS,
    USER_AGENT,
    FetchLimits,
    Site,
    _make_client,
    fetch_bytes,
    fetch_page,
    site_of,
)
from saidwhat.model import Article, Skipped

__all__ = ["MIN_ENTRY_CHARS", "html_to_text", "read_feed"]

MIN_ENTRY_CHARS = 200
"""Characters of text an entry's own content needs to stand as an article."""

_BLOCK_TAGS = frozenset(
    {
        "address",
        "article",
        "aside",
        "blockquote",
        "br",
        "dd",
        "div",
        "dl",
        "dt",
        "figcaption",
        "figure",
        "footer",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "li",
        "main",
        "ol",
        "p",
        "pre",
        "section",
        "table",
        "td",
        "th",
        "tr",
        "ul",
    }
)
_SKIP_TAGS = frozenset({"script", "style", "template", "noscript", "head"})


class _TextParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP_TAGS:
            self._skip += 1
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP_TAGS:
            self._skip = max(0, self._skip - 1)
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def html_to_text(html: str) -> str:
    """Plain text of an HTML fragment: tags dropped, blocks on their own lines."""
    parser = _TextParser()
    parser.feed(html)
    parser.close()
    lines = (" ".join(line.split()) for line in "".join(parser.parts).splitlines())
    paragraphs: list[str] = [line for line in lines if line]
    return "\n\n".join(paragraphs)


def _is_url(value: str) -> bool:
    return "://" in value and bool(urlsplit(value).scheme)


def _iso_date(entry: Any) -> str | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        parsed = entry.get(key)
        if isinstance(parsed, time.struct_time):
            return f"{parsed.tm_year:04d}-{parsed.tm_mon:02d}-{parsed.tm_mday:02d}"
    return None


def _entry_text(entry: Any) -> str:
    """The longest of an entry's content and summary, as plain text."""
    best = ""
    details: list[Any] = list(entry.get("content") or [])
    if entry.get("summary_detail"):
        details.append(entry["summary_detail"])
    elif entry.get("summary"):
        details.append({"value": entry["summary"], "type": "text/html"})
    for detail in details:
        value = detail.get("value") or ""
        kind = (detail.get("type") or "text/html").lower()
        text = html_to_text(value) if "html" in kind else value.strip()
        if len(text) > len(best):
            best = text
    return best


def _load(
    url_or_path: str,
    client: httpx.Client | None,
    limits: FetchLimits,
    robots: bool,
    max_bytes: int,
) -> tuple[bytes, dict[str, str]]:
    """The feed's bytes and the headers feedparser should see (a local file at most
    ``max_bytes`` of them)."""
    if _is_url(url_or_path):
        own = client is None
        http = _make_client(limits.timeout, USER_AGENT) if client is None else client
        try:
            fetched = fetch_bytes(url_or_path, client=http, limits=limits, robots=robots)
        finally:
            if own:
                http.close()
        headers = {"content-location": fetched.url}
        if fetched.content_type:
            charset = f"; charset={fetched.charset}" if fetched.charset else ""
            headers["content-type"] = fetched.content_type + charset
        return fetched.body, headers
    try:
        handle = open_regular(url_or_path)
    except InputError as exc:
        if exc.reason == "no such file or folder":
            raise InputError(url_or_path, "file not found") from None
        if exc.reason == "a folder, not a file":
            raise InputError(url_or_path, "is a folder, not a feed file") from None
        raise
    try:
        with handle:
            data = handle.read(max_bytes + 1)
    except OSError as exc:
        raise InputError(url_or_path, f"cannot read: {exc.strerror or exc}") from exc
    if len(data) > max_bytes:
        raise InputError(url_or_path, f"feed larger than {max_bytes:,} bytes")
    return data, {}


def read_feed(
    url_or_path: str,
    *,
    client: httpx.Client | None = None,
    fetch_pages: bool = True,
    limits: FetchLimits = DEFAULT_LIMITS,
    respect_robots: bool = True,
    max_bytes: int | None = None,
) -> Iterator[Article | Skipped]:
    """Yield an article (or the reason there is none) for each entry of a feed.

    ``url_or_path`` is an http(s) URL or a local RSS/Atom file.  With ``fetch_pages``
    each entry's link is fetched with :func:`~saidwhat.ingest.web.fetch_page`; when
    there is no link or the page fails, the entry's own text is used if it has at
    least :data:`MIN_ENTRY_CHARS` characters.  What is downloaded (the feed, the pages)
    stays within ``limits``; a local feed file within ``max_bytes`` (by default
    ``limits.max_bytes``).
    """
    file_cap = limits.max_bytes if max_bytes is None else max_bytes
    own = client is None and (fetch_pages or _is_url(url_or_path))
    http = _make_client(limits.timeout, USER_AGENT) if own else client
    try:
        try:
            data, headers = _load(url_or_path, http, limits, respect_robots, file_cap)
        except InputError as exc:
            yield Skipped(origin=exc.origin, reason=exc.reason)
            return
        parsed = feedparser.parse(data, response_headers=headers)
        if not parsed.entries:
            if parsed.get("bozo"):
                reason = short_reason(f"not a readable feed: {parsed.get('bozo_exception')}")
            else:
                reason = "no feed entries found"
            yield Skipped(origin=url_or_path, reason=reason)
            return
        outlet = (parsed.feed.get("title") or "").strip() or None
        # links in a file the user gave are theirs; links in a feed from the web may
        # lead to a non-public address only on the feed's own site
        trusted = {site_of(url_or_path)} if _is_url(url_or_path) else None
        for number, entry in enumerate(parsed.entries, start=1):
            yield _entry_article(
                entry,
                number,
                url_or_path,
                outlet=outlet,
                client=http,
                fetch_pages=fetch_pages,
                limits=limits,
                respect_robots=respect_robots,
                trusted=trusted,
            )
    finally:
        if own and http is not None:
            http.close()


def _entry_article(
    entry: Any,
    number: int,
    feed: str,
    *,
    outlet: str | None,
    client: httpx.Client | None,
    fetch_pages: bool,
    limits: FetchLimits,
    respect_robots: bool,
    trusted: set[Site] | None = None,
) -> Article | Skipped:
    """The article for one feed entry, or why there is none."""
    link = (entry.get("link") or "").strip()
    title = " ".join((entry.get("title") or "").split())
    date = _iso_date(entry)
    origin = link or f"{feed} (entry {number})"
    failure = ""
    if link and fetch_pages:
        try:
            article = fetch_page(
                link,
                client=client,
                limits=limits,
                respect_robots=respect_robots,
                trusted=trusted,
            )
        except InputError as exc:
            failure = f"page not read ({exc.reason})"
        else:
            return dataclasses.replace(
                article,
                title=article.title or title,
                date=date or article.date,
                outlet=outlet or article.outlet,
            )
    body = _entry_text(entry)
    if len(body) < MIN_ENTRY_CHARS:
        count = f"{len(body)} characters, {MIN_ENTRY_CHARS} needed"
        if link:
            short = f"entry text too short ({count})"
        else:
            short = f"entry has no link and its text is too short ({count})"
        return Skipped(origin=origin, reason=f"{failure}; {short}" if failure else short)
    text = f"{title}\n\n{body}" if title and not body.startswith(title) else body
    return Article.from_text(
        text,
        title=title,
        date=date or dateline_date(text),
        url=link or None,
        outlet=outlet,
        origin=origin,
    )
