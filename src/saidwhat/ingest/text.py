"""Plain text articles, and the byte-level checks every file reader shares.

A text article looks like ``examples/seed-article.txt``: the first non-empty line is
the title, the second a standfirst, then body paragraphs, one a line or separated by
blank lines.  Short body lines without a final full stop are subheadings and stay in
the text as lines of their own.  The article's text is the whole file, title included,
with line endings made ``\\n`` and nothing else changed (statement offsets point into
it).

An optional header may open the file, one ``Key: value`` a line, with the keys
``Date`` (``YYYY-MM-DD``), ``Outlet`` and ``URL``; it is taken out of the text and
fills the article's metadata.  Files without it are read just the same.
"""

from __future__ import annotations

import codecs
import datetime as dt
import os
import re
import stat
from pathlib import Path
from typing import BinaryIO

from saidwhat.errors import InputError
from saidwhat.ingest.dates import dateline_date
from saidwhat.model import Article

__all__ = [
    "DEFAULT_MAX_BYTES",
    "article_from_text",
    "check_bytes",
    "decode_utf8",
    "is_binary",
    "load_bytes",
    "open_regular",
    "read_text",
    "short_reason",
    "size_reason",
]

DEFAULT_MAX_BYTES = 2_000_000
"""Files (and JSON Lines records) larger than this are skipped unless told otherwise."""

SAMPLE_BYTES = 8192
"""Bytes at the start of a file looked at to tell text from binary."""
_ALLOWED_CONTROLS = frozenset(b"\t\n\r\f\v\x08\x1b")
_HEADER = re.compile(r"(date|outlet|url)[ \t]*:[ \t]*(.*)", re.IGNORECASE)
_MD_HEADING = re.compile(r"^#{1,6}\s+")
_ISO_DATE = re.compile(r"(\d{4}-\d{2}-\d{2})(?:[T ][0-9:.+\-Z]*)?")


def size_reason(size: int, max_bytes: int) -> str:
    """The reason given for a file (or record) over the size limit."""
    return (
        f"{_human(size)} ({size:,} bytes), larger than the limit of {max_bytes:,} bytes: "
        "raise the limit with --max-bytes"
    )


def _human(size: int) -> str:
    if size >= 1_000_000:
        return f"{size / 1_000_000:.1f} MB"
    if size >= 1_000:
        return f"{size / 1_000:.1f} kB"
    return f"{size} bytes"


def load_bytes(path: str | Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    """Read a regular file's bytes, refusing files over ``max_bytes``.

    Raises :class:`InputError` for a missing, unreadable, special or too large file.
    """
    origin = str(path)
    p = Path(path)
    try:
        info = p.stat()
    except FileNotFoundError:
        raise InputError(origin, "no such file or folder") from None
    except OSError as exc:
        raise InputError(origin, f"cannot read the file: {exc.strerror or exc}") from None
    if stat.S_ISDIR(info.st_mode):
        raise InputError(origin, "a folder, not a file")
    if not stat.S_ISREG(info.st_mode):
        raise InputError(origin, "not a regular file")
    if info.st_size > max_bytes:
        raise InputError(origin, size_reason(info.st_size, max_bytes))
    try:
        with p.open("rb") as handle:
            data = handle.read(max_bytes + 1)
    except OSError as exc:
        raise InputError(origin, f"cannot read the file: {exc.strerror or exc}") from None
    if len(data) > max_bytes:  # the file grew since stat()
        raise InputError(origin, size_reason(len(data), max_bytes))
    return data


def open_regular(path: str | Path) -> BinaryIO:
    """Open a regular file for reading; raise :class:`InputError` for anything else.

    A FIFO, a device (``/dev/zero``) or a socket is refused without blocking on it
    (the file is opened non-blocking and checked before anything is read).
    """
    origin = str(path)
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError:
        raise InputError(origin, "no such file or folder") from None
    except IsADirectoryError:
        raise InputError(origin, "a folder, not a file") from None
    except OSError as exc:
        raise InputError(origin, f"cannot read the file: {exc.strerror or exc}") from None
    try:
        mode = os.fstat(fd).st_mode
        if stat.S_ISDIR(mode):
            raise InputError(origin, "a folder, not a file")
        if not stat.S_ISREG(mode):
            raise InputError(origin, "not a regular file (a pipe, device or socket)")
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def is_binary(data: bytes) -> bool:
    """True if ``data`` holds NUL bytes or, in its first 8 kB, many control characters."""
    if b"\x00" in data:
        return True
    sample = data[:SAMPLE_BYTES]
    if not sample:
        return False
    controls = sum(1 for byte in sample if byte < 32 and byte not in _ALLOWED_CONTROLS)
    return controls / len(sample) > 0.05


def check_bytes(data: bytes, origin: str) -> None:
    """Raise :class:`InputError` if ``data`` is empty, UTF-16 or binary."""
    stripped = data.strip()
    if not stripped or stripped == codecs.BOM_UTF8:
        raise InputError(origin, "empty file")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise InputError(origin, "encoded as UTF-16, not UTF-8: convert it to UTF-8")
    if is_binary(data):
        raise InputError(origin, "binary file, not text")


def decode_utf8(data: bytes, origin: str, *, offset: int = 0) -> str:
    """Decode UTF-8 strictly (a leading byte order mark is dropped).

    Raises :class:`InputError` naming the first bad byte (counted from ``offset``).
    Nothing is guessed: a file in another encoding has to be converted first.
    """
    skip = len(codecs.BOM_UTF8) if data.startswith(codecs.BOM_UTF8) else 0
    try:
        return data[skip:].decode("utf-8")
    except UnicodeDecodeError as exc:
        byte = offset + skip + exc.start
        raise InputError(origin, f"not valid UTF-8 (byte {byte}): convert it to UTF-8") from None


def _split_header(text: str, origin: str) -> tuple[str, dict[str, str | None]]:
    """Take an optional ``Date:``/``Outlet:``/``URL:`` header off the start of ``text``."""
    meta: dict[str, str | None] = {}
    pos = 0
    while pos < len(text):
        end = text.find("\n", pos)
        end = len(text) if end < 0 else end
        match = _HEADER.fullmatch(text[pos:end].strip())
        if match is None:
            break
        key, value = match.group(1).lower(), match.group(2).strip()
        if key == "date" and value:
            date = _ISO_DATE.fullmatch(value)
            try:
                value = dt.date.fromisoformat(date.group(1)).isoformat() if date else ""
            except ValueError:
                value = ""
            if not value:
                raise InputError(
                    origin,
                    f'the "Date:" header must be a date like 2022-03-30, not {match.group(2)!r}',
                )
        meta[key] = value or None
        pos = end + 1
    if not meta:
        return text, meta
    return text[pos:].lstrip("\n"), meta


def _title_of(text: str) -> str:
    for line in text.split("\n"):
        if line.strip():
            return _MD_HEADING.sub("", line.strip()) or line.strip()
    return ""


def article_from_text(text: str, *, origin: str) -> Article:
    """Build an article from plain text; raises :class:`InputError` if there is none.

    Line endings become ``\\n``; an optional header is taken off; the rest is kept as is.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise InputError(origin, "empty file")
    text, meta = _split_header(text, origin)
    if not text.strip():
        raise InputError(origin, "no article text after the header")
    return Article.from_text(
        text,
        title=_title_of(text),
        date=meta.get("date") or dateline_date(text),
        url=meta.get("url"),
        outlet=meta.get("outlet"),
        origin=origin,
    )


def read_text(path: str | Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Article:
    """Read one plain text article file; raises :class:`InputError` with the reason."""
    origin = str(path)
    data = load_bytes(path, max_bytes=max_bytes)
    check_bytes(data, origin)
    return article_from_text(decode_utf8(data, origin), origin=origin)


MAX_REASON_CHARS = 200
"""Characters of a skip reason shown; a longer one (an error echoing its input) is cut."""
_REASON_READ = 4
"""Characters of a reason read, per character shown, before its whitespace is joined."""


def short_reason(reason: str, limit: int = MAX_REASON_CHARS) -> str:
    """``reason`` on one line, cut to ``limit`` characters (with an ellipsis)."""
    reason = " ".join(reason[: limit * _REASON_READ].split())
    return reason if len(reason) <= limit else reason[: limit - 1].rstrip() + "…"
