"""JSON Lines articles: one JSON object a line.

Each object has ``text`` (required, a non-empty string) and optionally ``title``
(else the first line of the text), ``date``, ``url``, ``outlet`` (or
``source_outlet``, as PolNeAR files have it), ``language`` (or ``lang``: a language
tag such as ``"it"`` or ``"en-GB"``, trusted instead of detecting the language; one that
is not a tag is ignored) and ``id``.  The article's id is always
the content hash of its text; the input ``id`` is kept in the article's origin,
``path:LINE#id``.  The text is kept exactly as given, so offsets into it match the
input's.

A bad line (not JSON, not an object, no usable ``text``, not UTF-8, binary, too large) is
reported as :class:`Skipped` with its line number, and the lines after it are read.
The size limit applies to each line, not to the whole file.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from saidwhat.errors import InputError
from saidwhat.ingest.dates import dateline_date
from saidwhat.ingest.text import (
    DEFAULT_MAX_BYTES,
    SAMPLE_BYTES,
    check_bytes,
    decode_utf8,
    is_binary,
    size_reason,
)
from saidwhat.language import normalise_language
from saidwhat.model import Article, Skipped

__all__ = ["article_from_record", "iter_jsonl_records", "read_jsonl", "record_origin"]

_CHUNK = 1 << 20


def record_origin(path: str | Path, line_no: int, record: dict[str, Any] | None = None) -> str:
    """``path:LINE``, or ``path:LINE#id`` when the record has an ``id``."""
    origin = f"{path}:{line_no}"
    if record is not None:
        given = record.get("id")
        if given is not None and not isinstance(given, dict | list) and str(given) != "":
            origin += f"#{given}"
    return origin


def _type_name(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


def _control_share(data: bytes) -> float:
    """The share of control bytes (NUL included) in ``data``."""
    if not data:
        return 0.0
    controls = sum(1 for byte in data if byte < 32 and byte not in b"\t\n\r\f\v\x08\x1b")
    return controls / len(data)


def _check_record(value: Any, origin: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise InputError(origin, f'{_type_name(value)}, not an object with a "text" field')
    if "text" not in value:
        raise InputError(origin, 'no "text" field')
    text = value["text"]
    if not isinstance(text, str):
        raise InputError(origin, f'"text" is {_type_name(text)}, not a string')
    if not text.strip():
        raise InputError(origin, '"text" is empty')
    return value


def _lines(path: Path, max_bytes: int) -> Iterator[tuple[int, int, bytes | None, int]]:
    """Yield ``(line_no, file_offset, line_bytes, size)``; ``None`` for a line over the limit."""
    with path.open("rb") as handle:
        line_no = 0
        offset = 0
        while True:
            line = handle.readline(max_bytes + 1)
            if not line:
                return
            line_no += 1
            size = len(line)
            if size > max_bytes and not line.endswith(b"\n"):
                while not line.endswith(b"\n"):  # skip the rest of the long line
                    line = handle.readline(_CHUNK)
                    if not line:
                        break
                    size += len(line)
                yield line_no, offset, None, size
            else:
                yield line_no, offset, line, size
            offset += size


def iter_jsonl_records(
    path: str | Path, *, max_bytes: int = DEFAULT_MAX_BYTES
) -> Iterator[tuple[int, dict[str, Any] | Skipped]]:
    """Yield ``(line_no, record)`` for each line of a JSON Lines file, as given.

    ``record`` is the parsed object (its ``text`` checked to be a non-empty string) or
    a :class:`Skipped` with the reason the line was not usable; blank lines are passed
    over.  A problem with the whole file (missing, empty, binary) is one ``Skipped``
    with line number 0.  Never raises.
    """
    p = Path(path)
    origin = str(path)
    try:
        if not p.exists():
            raise InputError(origin, "no such file or folder")
        if not p.is_file():
            raise InputError(origin, "not a regular file")
        with p.open("rb") as handle:
            head = handle.read(SAMPLE_BYTES)
        if head.strip():
            # the whole file is refused only when its start is mostly binary; a NUL
            # byte here and there makes only its own line unreadable
            check_bytes(head.replace(b"\x00", b" "), origin)
            if _control_share(head) > 0.05:
                raise InputError(origin, "binary file, not text")
        found = False
        for line_no, offset, line, size in _lines(p, max_bytes):
            where = f"{path}:{line_no}"
            if line is None:
                found = True
                yield line_no, Skipped(where, "line of " + size_reason(size, max_bytes))
                continue
            if not line.strip():
                continue
            found = True
            record: Any = None
            try:
                if is_binary(line):
                    raise InputError(where, "binary data in the line (NUL or control bytes)")
                decoded = decode_utf8(line, where, offset=offset)
                if line_no == 1:
                    decoded = decoded.lstrip("\ufeff")
                try:
                    record = json.loads(decoded)
                except json.JSONDecodeError as exc:
                    raise InputError(
                        where, f"not valid JSON ({exc.msg}, column {exc.colno})"
                    ) from None
                except RecursionError:
                    raise InputError(where, "not valid JSON (nested too deeply)") from None
                yield line_no, _check_record(record, where)
            except InputError as exc:
                known = record if isinstance(record, dict) else None
                yield line_no, Skipped(record_origin(path, line_no, known), exc.reason)
        if not found:
            raise InputError(origin, "empty file")
    except InputError as exc:
        yield 0, Skipped(exc.origin, exc.reason)
    except OSError as exc:
        yield 0, Skipped(origin, f"cannot read the file: {exc.strerror or exc}")


def _optional(record: dict[str, Any], *keys: str) -> str | None:
    for key in keys:
        value = record.get(key)
        if isinstance(value, bool):
            continue
        if isinstance(value, int | float):
            value = str(value)
        if isinstance(value, str) and value.strip():
            return value.strip()
    return None


def article_from_record(record: dict[str, Any], *, origin: str) -> Article:
    """Build an article from one JSON Lines record; raises :class:`InputError` if unusable."""
    record = _check_record(record, origin)
    text: str = record["text"]
    title = _optional(record, "title")
    if title is None:
        title = next((line.strip() for line in text.splitlines() if line.strip()), "")
    return Article.from_text(
        text,
        title=title,
        date=_optional(record, "date") or dateline_date(text),
        url=_optional(record, "url"),
        outlet=_optional(record, "outlet", "source_outlet"),
        origin=origin,
        language=normalise_language(_optional(record, "language", "lang")),
    )


def read_jsonl(
    path: str | Path, *, max_bytes: int = DEFAULT_MAX_BYTES
) -> Iterator[Article | Skipped]:
    """Yield an :class:`Article` for each good line and a :class:`Skipped` for each bad one."""
    for line_no, record in iter_jsonl_records(path, max_bytes=max_bytes):
        if isinstance(record, Skipped):
            yield record
            continue
        origin = record_origin(path, line_no, record)
        try:
            yield article_from_record(record, origin=origin)
        except InputError as exc:
            yield Skipped(origin, exc.reason)
