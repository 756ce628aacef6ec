"""Read articles from WARC (and ARC) web archives, gzipped or not.

``read_warc(path)`` yields an :class:`Article` for every ``response`` record that holds
an HTML page fetched with status 200, and a :class:`Skipped` for every other response
(not HTML, another status, too large, no main text).  Request, metadata and other
records are passed over silently.  A damaged archive (a truncated record, a broken gzip
member, bytes warcio cannot parse) ends the reading with one :class:`Skipped` for the
rest of the file; the articles read before it are kept.
"""

from __future__ import annotations

import dataclasses
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from warcio.archiveiterator import ArchiveIterator
from warcio.bufferedreaders import DecompressingBufferedReader

from saidwhat.errors import InputError
from saidwhat.ingest.html import article_from_html
from saidwhat.ingest.text import open_regular, short_reason
from saidwhat.ingest.web import HTML_TYPES, decode_html
from saidwhat.model import Article, Skipped

__all__ = ["read_warc"]

MAX_RECORD_BYTES = 5_000_000
"""Largest page a response record may hold: a bigger one is skipped (the same cap as a
page fetched from the web, :data:`saidwhat.ingest.web.DEFAULT_MAX_PAGE_BYTES`)."""

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}")
_CHUNK = 1 << 16


class _Damaged(Exception):
    """The archive cannot be read past this point."""


MAX_LINE_BYTES = 1 << 20
"""Bytes of the longest header line read (a WARC's or an HTTP header's): a longer line,
as in a file of zeros or of random bytes, means the file is not a WARC."""


INFLATE_RATIO = 100
"""A compressed archive may inflate to this many times its size on disk (web pages
compress about 5 to 10 times; deflate's most is about 1,000), or to
:data:`MIN_INFLATE_BYTES`, whichever is more: past that it is a compression bomb."""
MIN_INFLATE_BYTES = 256 << 20


class _CappedReader(DecompressingBufferedReader):  # type: ignore[misc]
    """warcio's reader, refusing a line longer than :data:`MAX_LINE_BYTES` (warcio reads
    a line whole: a gzipped line of a gigabyte of zeros was inflated into memory), and
    inflating no more than ``inflate_budget`` bytes in all (a valid record of gigabytes
    of zeros was inflated, a block at a time, only to be skipped)."""

    inflate_budget: int | None = None

    def _process_read(self, data: bytes) -> None:
        super()._process_read(data)
        if self.inflate_budget is not None and self.num_read > self.inflate_budget:
            raise _Damaged(
                f"inflates to more than {self.inflate_budget:,} bytes, "
                f"{INFLATE_RATIO} times its size: a compression bomb"
            )

    def readline(self, length: int | None = None) -> bytes:
        if length is not None and length <= MAX_LINE_BYTES:
            return bytes(super().readline(length))
        line = bytes(super().readline(MAX_LINE_BYTES + 1))
        if len(line) > MAX_LINE_BYTES and not line.endswith(b"\n"):
            raise _Damaged(f"a line longer than {MAX_LINE_BYTES:,} bytes: not a WARC file")
        return line


class _CheckedIterator(ArchiveIterator):  # type: ignore[misc]
    """warcio's iterator, noting whether the last gzip member ended before its end.

    warcio stops quietly at a truncated gzip member; the decompressor it leaves behind
    tells: a member read to its end has ``eof`` set.  Its reader refuses long lines.
    """

    truncated = False

    def __init__(self, *args: Any, inflate_budget: int | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if type(self.reader) is DecompressingBufferedReader:
            self.reader.__class__ = _CappedReader
            self.reader.inflate_budget = inflate_budget

    def close(self) -> None:
        reader = getattr(self, "reader", None)
        decompressor = getattr(reader, "decompressor", None) if reader else None
        if decompressor is not None and not getattr(decompressor, "eof", True):
            self.truncated = True
        super().close()


def _drain(record: Any) -> None:
    """Read the rest of the record; raise :class:`_Damaged` if the file ends inside it."""
    stream = record.raw_stream
    while stream.read(_CHUNK):
        pass
    if getattr(stream, "limit", 0) > 0:
        raise _Damaged(f"record truncated ({stream.limit:,} bytes missing)")


def read_warc(
    path: str | Path, *, max_bytes: int = MAX_RECORD_BYTES
) -> Iterator[Article | Skipped]:
    """Yield the articles of a WARC file, and a :class:`Skipped` for each response that
    is not one (reason "not HTML (<type>)", "HTTP status 404", ...)."""
    name = str(path)
    try:
        handle = open_regular(path)  # closed in the finally below
    except InputError as exc:
        reason = {
            "no such file or folder": "file not found",
            "a folder, not a file": "is a folder, not a WARC file",
        }.get(exc.reason, exc.reason)
        yield Skipped(origin=name, reason=reason)
        return
    records = 0
    try:
        size = os.fstat(handle.fileno()).st_size
        if size == 0:
            yield Skipped(origin=name, reason="empty file")
            return
        budget = max(MIN_INFLATE_BYTES, INFLATE_RATIO * size)
        iterator = _CheckedIterator(handle, inflate_budget=budget)
        while True:
            try:
                record = next(iterator)
            except StopIteration:
                break
            if (
                records == 0
                and str(getattr(record, "format", "")).startswith("arc")
                and (record.rec_type != "arc_header")
            ):  # warcio takes any lines of words for ARC records: a real ARC opens so
                raise _Damaged("not a WARC or ARC file (no WARC or ARC header)")
            result = _read_record(record, name, max_bytes)
            records += 1
            if result is not None:
                yield result
        if iterator.truncated:
            raise _Damaged("archive ends in the middle of a record (truncated gzip)")
        if records == 0:
            yield Skipped(origin=name, reason="no WARC records found")
    except _Damaged as exc:
        yield Skipped(
            origin=name,
            reason=short_reason(f"rest of archive skipped after {records} record(s): {exc}"),
        )
    except Exception as exc:  # warcio raises many kinds on damaged input
        yield Skipped(
            origin=name,
            reason=short_reason(
                f"rest of archive skipped after {records} record(s): "
                f"damaged or not a WARC file ({type(exc).__name__}: {exc})"
            ),
        )
    finally:
        handle.close()


def _read_record(record: Any, name: str, max_bytes: int) -> Article | Skipped | None:
    """The article of one record, a :class:`Skipped`, or None for a non-response record.

    Raises :class:`_Damaged` when the record is cut short.
    """
    if record.format == "warc" and (
        not record.rec_type or record.rec_headers.get_header("Content-Length") is None
    ):
        raise _Damaged("record header cut short or invalid")
    if record.rec_type != "response":
        _drain(record)
        return None
    uri = (record.rec_headers.get_header("WARC-Target-URI") or "").strip()
    origin = f"{uri} (in {name})" if uri else name
    http = record.http_headers
    if http is None:
        _drain(record)
        return Skipped(origin=origin, reason="not an HTTP response")
    status = (http.get_statuscode() or "").strip()
    media, _, params = (http.get_header("Content-Type") or "").partition(";")
    media = media.strip().lower()
    if status != "200":
        _drain(record)
        return Skipped(origin=origin, reason=short_reason(f"HTTP status {status or 'missing'}"))
    if media not in HTML_TYPES:
        _drain(record)
        reason = short_reason(f"not HTML ({media or 'no content type'})")
        return Skipped(origin=origin, reason=reason)
    body = record.content_stream().read(max_bytes + 1)
    _drain(record)
    if len(body) > max_bytes:
        return Skipped(origin=origin, reason=f"page larger than {max_bytes:,} bytes")
    charset = None
    for param in params.split(";"):
        key, _, value = param.partition("=")
        if key.strip().lower() == "charset" and value.strip():
            charset = value.strip().strip("\"'")
    try:
        article = article_from_html(decode_html(body, charset), url=uri or None, origin=origin)
    except InputError as exc:
        return Skipped(origin=exc.origin, reason=short_reason(exc.reason))
    except Exception as exc:  # one unreadable page must not end the archive
        reason = short_reason(f"HTML not readable ({type(exc).__name__}: {exc})")
        return Skipped(origin=origin, reason=reason)
    warc_date = record.rec_headers.get_header("WARC-Date") or ""
    changes: dict[str, str] = {}
    if article.url is None and uri:
        changes["url"] = uri
    if article.date is None and _DATE.match(warc_date):
        changes["date"] = warc_date[:10]
    return dataclasses.replace(article, **changes) if changes else article
