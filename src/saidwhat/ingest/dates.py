"""An article's date from its dateline, when its metadata (feed, HTML meta, JSON field,
text header) gives none: "WASHINGTON, March 12, 2025 (Reuters) —", "Kyiv, 12 March 2025
—", "2025-03-12 —".  Only a full date (day, month and year) near the start counts."""

from __future__ import annotations

import datetime as dt
import re

DATELINE_CHARS = 200
"""How far into the body (after the title line) a dateline may end."""

MONTHS: dict[str, int] = {  # month names and abbreviations → 1..12
    name: i
    for i, names in enumerate(
        [
            ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"),
            ("may",), ("june", "jun"), ("july", "jul"), ("august", "aug"),
            ("september", "sep", "sept"), ("october", "oct"), ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}  # fmt: skip
_MONTH = r"(?P<month>[A-Za-z]{3,9})\.?"
_FULL = re.compile(
    r"\b(?:(?P<iso>(?:19|20)\d\d-\d\d-\d\d)"
    rf"|{_MONTH}\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<year>(?:19|20)\d\d)"
    r"|(?P<day2>\d{1,2})\s+(?P<month2>[A-Za-z]{3,9})\.?,?\s+(?P<year2>(?:19|20)\d\d))\b"
)


def dateline_date(text: str) -> str | None:
    """The ISO date of the article's dateline, or None (see the module doc)."""
    title, _, body = text.lstrip().partition("\n")
    lead = body.lstrip()[:DATELINE_CHARS] if body.strip() else title[:DATELINE_CHARS]
    for m in _FULL.finditer(lead):
        if m["iso"]:
            try:
                return dt.date.fromisoformat(m["iso"]).isoformat()
            except ValueError:
                continue
        month = MONTHS.get((m["month"] or m["month2"] or "").lower())
        day, year = m["day"] or m["day2"], m["year"] or m["year2"]
        if month is None or not day or not year:
            continue
        try:
            return dt.date(int(year), month, int(day)).isoformat()
        except ValueError:
            continue
    return None
