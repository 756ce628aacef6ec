"""HTML pages: the main text, title and date, found by trafilatura.

The article's text is the title, then the main text's paragraphs, one a line
(navigation, footers and other boilerplate are left out).  Pages fetched by URL and
WARC records reuse :func:`article_from_html`.
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from saidwhat.errors import InputError
from saidwhat.ingest.dates import dateline_date
from saidwhat.ingest.text import DEFAULT_MAX_BYTES, check_bytes, load_bytes
from saidwhat.model import Article, normalise_text

__all__ = ["NO_MAIN_TEXT", "article_from_html", "decode_html_bytes", "read_html"]

NO_MAIN_TEXT = "no main text found in the HTML page"
_MIN_WORDS = 5
SNIFF_BYTES = 4096
"""Bytes at the start of a page (or of a file of unknown kind) looked at for a
``<meta charset>`` (or for HTML tags)."""
"""Main text shorter than this (a lone "Home" link, say) is not an article."""
_META_CHARSET = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.IGNORECASE
)


def decode_html_bytes(data: bytes, origin: str) -> str:
    """Decode an HTML page: UTF-8 if it is valid UTF-8, else the charset it declares.

    Raises :class:`InputError` when the page is neither UTF-8 nor declares a known
    charset.
    """
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        bad = exc.start
    declared = _META_CHARSET.search(data[:SNIFF_BYTES])
    if declared:
        name = declared.group(1).decode("ascii")
        try:
            codec = codecs.lookup(name)
        except LookupError:
            raise InputError(
                origin, f"declares an unknown charset {name!r} and is not valid UTF-8"
            ) from None
        if codec.name != "utf-8":
            return data.decode(codec.name, errors="replace")
    raise InputError(origin, f"not valid UTF-8 (byte {bad}): convert it to UTF-8")


def _same(a: str, b: str) -> bool:
    return normalise_text(a).casefold() == normalise_text(b).casefold()


def article_from_html(html: str, *, url: str | None = None, origin: str) -> Article:
    """Build an article from an HTML page; raises :class:`InputError` if it has no main text.

    ``url`` (the page's address, if known) helps find the date; it becomes the
    article's ``url``, else the page's canonical URL does.
    """
    import trafilatura  # slow to import: only when a page is read

    if not html.strip():
        raise InputError(origin, "empty file")
    try:
        doc = trafilatura.bare_extraction(
            html,
            url=url,
            with_metadata=True,
            include_comments=False,
            date_extraction_params={"original_date": True, "extensive_search": False},
        )
    except Exception as exc:  # trafilatura and lxml raise many kinds
        raise InputError(origin, f"the HTML page could not be parsed ({exc})") from None
    if doc is None or isinstance(doc, dict):
        raise InputError(origin, NO_MAIN_TEXT)
    lines = [line.strip() for line in (doc.text or "").splitlines()]
    lines = [line for line in lines if line]
    title = (doc.title or "").strip()
    main = [line for line in lines if not (title and _same(line, title))]
    if sum(len(line.split()) for line in main) < _MIN_WORDS:
        raise InputError(origin, NO_MAIN_TEXT)
    # trafilatura's text often opens with the headline already: do not repeat it
    has_title = not title or any(_same(line, title) for line in lines[:3])
    paragraphs = lines if has_title else [title, *lines]
    text = "\n".join(paragraphs)
    return Article.from_text(
        text,
        title=title or paragraphs[0],
        date=doc.date or dateline_date(text),
        url=url or doc.url or None,
        outlet=(doc.sitename or "").strip() or None,
        origin=origin,
    )


def read_html(path: str | Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Article:
    """Read one HTML file; raises :class:`InputError` with the reason."""
    origin = str(path)
    data = load_bytes(path, max_bytes=max_bytes)
    check_bytes(data, origin)
    return article_from_html(decode_html_bytes(data, origin), origin=origin)
