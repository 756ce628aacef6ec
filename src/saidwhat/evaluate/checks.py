"""Checks of evaluation input, so that a wrong file is refused with its reason instead
of giving a page of per-line errors or a silent score of 0.000.

- :func:`jsonl_shape_error`: a file that is not JSON Lines at all (plain text, or one
  JSON document such as a list of articles) is named as such.
- :func:`check_gold`: gold records must carry their ``text`` and ``attributions``.
- :func:`coverage_warnings`: predictions that leave gold articles out (scored as having
  found nothing), or that name articles the gold does not have (ignored).
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from saidwhat.errors import InputError

__all__ = ["check_gold", "coverage_warnings", "jsonl_shape_error"]

_WHOLE_DOCUMENT_LIMIT = 200_000_000


def jsonl_shape_error(path: str | Path) -> str | None:
    """Why the file at ``path`` is not JSON Lines at all, or None if its first
    non-blank line is a JSON object (later lines are checked one by one as they are read).
    """
    p = Path(path)
    first = b""
    try:
        with p.open("rb") as handle:
            for line in handle:
                if line.strip():
                    first = line
                    break
    except OSError as exc:
        return f"cannot read the file: {exc.strerror or exc}"
    if not first:
        return "empty file"
    try:
        if isinstance(json.loads(first.decode("utf-8-sig")), dict):
            return None
    except (UnicodeDecodeError, json.JSONDecodeError):
        pass
    if p.stat().st_size <= _WHOLE_DOCUMENT_LIMIT:
        try:
            whole = json.loads(p.read_bytes().decode("utf-8-sig"))
        except (UnicodeDecodeError, json.JSONDecodeError):
            whole = None
        else:
            kind = "a list" if isinstance(whole, list) else "one JSON value"
            return (
                f"a JSON document ({kind}), not JSON Lines: write one JSON object a line, "
                f"e.g. with `jq -c '.[]' {path} > {p.with_suffix('.jsonl').name}`"
            )
    if first.lstrip(b"\xef\xbb\xbf \t").startswith((b"{", b"[")):
        return None  # JSON Lines with a bad first line: reported with its line number
    return (
        "not JSON Lines: its first line is not a JSON object (plain text? "
        "`saidwhat ingest` reads plain text articles; this command needs one JSON "
        'object a line with a "text" field)'
    )


def check_gold(records: Sequence[Mapping[str, Any]], path: str | Path) -> None:
    """Raise :class:`InputError` unless every record is a gold article: an ``id``, a
    ``text`` string and an ``attributions`` list (PolNeAR's format)."""
    if not records:
        raise InputError(str(path), "no gold articles in the file")
    if not any("attributions" in r for r in records):
        raise InputError(
            str(path),
            'no gold here: no line has an "attributions" list (PolNeAR format: one '
            'article a line with "id", "text" and "attributions"); is it a file of '
            "articles or of predictions?",
        )
    for n, record in enumerate(records, 1):
        where = f"gold article {n} (id {record.get('id')!r})"
        if not isinstance(record.get("text"), str):
            raise InputError(str(path), f'{where} has no "text" string')
        if not isinstance(record.get("attributions"), list):
            raise InputError(str(path), f'{where} has no "attributions" list')


def coverage_warnings(
    gold: Sequence[Mapping[str, Any]], predictions: Sequence[Mapping[str, Any]]
) -> list[str]:
    """What a reader of the scores must know about how predictions and gold line up."""
    gold_ids = {g["id"] for g in gold}
    pred_ids = {p["id"] for p in predictions}
    out = []
    missing = [i for i in dict.fromkeys(g["id"] for g in gold) if i not in pred_ids]
    if missing:
        shown = ", ".join(repr(i) for i in missing[:5]) + (", ..." if len(missing) > 5 else "")
        out.append(
            f"predictions cover {len(gold_ids) - len(missing)} of {len(gold_ids)} gold "
            f"articles; the other {len(missing)} ({shown}) are scored as having no "
            "statements"
        )
    extra = [i for i in dict.fromkeys(p["id"] for p in predictions) if i not in gold_ids]
    if extra:
        shown = ", ".join(repr(i) for i in extra[:5]) + (", ..." if len(extra) > 5 else "")
        out.append(
            f"{len(extra)} prediction(s) name articles the gold does not have ({shown}): ignored"
        )
    return out
