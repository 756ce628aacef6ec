"""Files and folders: walk them and hand each file to the reader its extension names.

``.txt``/``.text``/``.md`` are plain text articles, ``.jsonl``/``.ndjson`` JSON Lines
(one article a line), ``.html``/``.htm`` HTML pages, ``.rss``/``.atom`` (and ``.xml``
whose root element is ``rss``, ``feed`` or ``rdf:RDF``) feeds, read offline: each entry's
own text is an article (``--feed FILE`` also fetches the entries' pages).  Folders are
walked recursively in name order; hidden files and folders are passed over, and so are
files of other kinds.  A file named explicitly with another extension is sniffed: a feed
if its root element is a feed's, HTML if it looks like HTML, JSON Lines if its first line
is a JSON object, plain text otherwise.

Nothing here raises for one bad item: it becomes a :class:`Skipped` with the reason.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

from saidwhat.errors import InputError
from saidwhat.ingest.html import SNIFF_BYTES, article_from_html, decode_html_bytes, read_html
from saidwhat.ingest.jsonl import read_jsonl
from saidwhat.ingest.text import (
    DEFAULT_MAX_BYTES,
    article_from_text,
    check_bytes,
    decode_utf8,
    load_bytes,
    open_regular,
    read_text,
    short_reason,
)
from saidwhat.model import Article, Skipped

__all__ = [
    "DEFAULT_MAX_BYTES",
    "FEED_EXTENSIONS",
    "HTML_EXTENSIONS",
    "JSONL_EXTENSIONS",
    "TEXT_EXTENSIONS",
    "read_path",
    "read_paths",
]

TEXT_EXTENSIONS = frozenset({".txt", ".text", ".md"})
JSONL_EXTENSIONS = frozenset({".jsonl", ".ndjson"})
HTML_EXTENSIONS = frozenset({".html", ".htm"})
FEED_EXTENSIONS = frozenset({".rss", ".atom"})
WARC_SUFFIXES = (".warc", ".warc.gz")
_KNOWN = (
    TEXT_EXTENSIONS
    | JSONL_EXTENSIONS
    | HTML_EXTENSIONS
    | FEED_EXTENSIONS
    | frozenset(WARC_SUFFIXES)
)
_KNOWN_LIST = ", ".join(sorted(_KNOWN))
_LOOKS_HTML = re.compile(rb"<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>]", re.IGNORECASE)
# the prolog an XML document may open with: declaration, comments, processing
# instructions, a doctype; then the root element, whose name tells a feed
_XML_PROLOG = re.compile(rb"(?:\s+|<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^>]*>)*", re.DOTALL)
_FEED_ROOT = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?(?:rss|feed|RDF)[\s>/]")
# a feed file's own cap: it holds many entries, so the per-file --max-bytes is too small
FEED_FILE_MAX_BYTES = 5_000_000


def read_paths(
    paths: Iterable[str | Path], *, max_bytes: int = DEFAULT_MAX_BYTES
) -> Iterator[Article | Skipped]:
    """Read every article in ``paths`` (files and folders), in order.

    Yields an :class:`Article` for each article read and a :class:`Skipped` for each
    file, line or path that could not be read, with the reason.  Never raises for one
    bad item.  ``max_bytes`` limits the size of a file (of a line, for JSON Lines).
    """
    for path in paths:
        yield from read_path(path, max_bytes=max_bytes)


def read_path(
    path: str | Path, *, max_bytes: int = DEFAULT_MAX_BYTES
) -> Iterator[Article | Skipped]:
    """Read the article(s) in one file (a JSON Lines file may hold many) or folder."""
    p = Path(path)
    if p.is_dir():
        yield from _read_folder(p, max_bytes)
    elif not p.exists():
        yield Skipped(str(path), "no such file or folder")
    else:
        yield from _read_file(p, max_bytes, named=True)


def _read_folder(root: Path, max_bytes: int) -> Iterator[Article | Skipped]:
    found = False
    for item in _walk(root, set()):
        if isinstance(item, Skipped):
            yield item
        else:
            found = True
            yield from _read_file(item, max_bytes, named=False)
    if not found:
        yield Skipped(str(root), f"no article files ({_KNOWN_LIST}) in the folder")


def _walk(folder: Path, seen: set[str]) -> Iterator[Path | Skipped]:
    """Article files under ``folder``, recursively, in name order; hidden ones left out."""
    real = os.path.realpath(folder)
    if real in seen:  # a symbolic link loop
        return
    seen.add(real)
    try:
        with os.scandir(folder) as entries:
            children = sorted(entries, key=lambda entry: entry.name)
    except OSError as exc:
        yield Skipped(str(folder), f"cannot open the folder: {exc.strerror or exc}")
        return
    for entry in children:
        if entry.name.startswith("."):
            continue
        child = folder / entry.name
        try:
            is_dir = entry.is_dir()
            is_file = entry.is_file()
        except OSError:
            continue
        if is_dir:
            yield from _walk(child, seen)
        elif is_file and (
            child.suffix.lower() in _KNOWN or _is_warc(child) or _is_feed_file(child)
        ):
            yield child


def _read_file(path: Path, max_bytes: int, *, named: bool) -> Iterator[Article | Skipped]:
    origin = str(path)
    suffix = path.suffix.lower()
    try:
        if _is_warc(path):
            from saidwhat.ingest.warc import read_warc

            yield from read_warc(path)
        elif suffix in JSONL_EXTENSIONS:
            yield from read_jsonl(path, max_bytes=max_bytes)
        elif suffix in TEXT_EXTENSIONS:
            yield read_text(path, max_bytes=max_bytes)
        elif suffix in HTML_EXTENSIONS:
            yield read_html(path, max_bytes=max_bytes)
        elif suffix in FEED_EXTENSIONS or _is_feed_file(path):
            yield from _read_feed_file(path, max_bytes)
        elif named:
            yield from _sniff(path, max_bytes)
    except InputError as exc:
        yield Skipped(exc.origin, short_reason(exc.reason))
    except Exception as exc:  # a bug must not stop a whole run: report it and go on
        reason = f"unexpected error ({type(exc).__name__}: {exc}); please report it"
        yield Skipped(origin, short_reason(reason))


def _is_warc(path: Path) -> bool:
    return path.name.lower().endswith(WARC_SUFFIXES)


def looks_like_feed(head: bytes) -> bool:
    """Whether a document's first bytes open an RSS, Atom or RSS 1.0 (RDF) feed."""
    head = head.lstrip(b"\xef\xbb\xbf")
    prolog = _XML_PROLOG.match(head)
    return bool(_FEED_ROOT.match(head, prolog.end() if prolog else 0))


def _is_feed_file(path: Path) -> bool:
    """An ``.xml`` file whose root element is a feed's (a sitemap or config is not)."""
    if path.suffix.lower() != ".xml":
        return False
    try:
        with open_regular(path) as handle:
            return looks_like_feed(handle.read(SNIFF_BYTES))
    except (InputError, OSError):
        return False


def _read_feed_file(path: Path, max_bytes: int) -> Iterator[Article | Skipped]:
    """A feed file's entries, each from its own text: a file is read without the network."""
    from saidwhat.ingest.feeds import read_feed  # feedparser loads only for feeds

    yield from read_feed(
        str(path), fetch_pages=False, max_bytes=max(max_bytes, FEED_FILE_MAX_BYTES)
    )


def _sniff(path: Path, max_bytes: int) -> Iterator[Article | Skipped]:
    """Read a file of unknown extension as HTML, JSON Lines or plain text."""
    origin = str(path)
    data = load_bytes(path, max_bytes=max_bytes)
    check_bytes(data, origin)
    head = data[:SNIFF_BYTES].lstrip(b"\xef\xbb\xbf \t\r\n")
    if looks_like_feed(head):
        yield from _read_feed_file(path, max_bytes)
        return
    if _LOOKS_HTML.search(head):
        yield article_from_html(decode_html_bytes(data, origin), origin=origin)
        return
    if head.startswith((b"{", b"[")):
        stripped = data.lstrip(b"\xef\xbb\xbf \t\r\n")
        if isinstance(_json_or_none(stripped.split(b"\n", 1)[0]), dict):
            yield from read_jsonl(path, max_bytes=max_bytes)
            return
        if _json_or_none(stripped) is not None:
            raise InputError(
                origin,
                "a JSON document, not JSON Lines: write one article object a line "
                '(with a "text" field) in a .jsonl file',
            )
    yield article_from_text(decode_utf8(data, origin), origin=origin)


def _json_or_none(data: bytes) -> object:
    try:
        return json.loads(data.decode("utf-8", errors="replace"))
    except (json.JSONDecodeError, RecursionError):
        return None
