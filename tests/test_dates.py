"""An article's date from its dateline when its metadata gives none."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from saidwhat.ingest import read_paths
from saidwhat.ingest.dates import dateline_date


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("Talks\nWASHINGTON, March 12, 2025 (Reuters) - Officials said ...", "2025-03-12"),
        ("Talks\nKYIV, 12 March 2025 — The envoy said ...", "2025-03-12"),
        ("Talks\nSept. 3, 2024 — The envoy said ...", "2024-09-03"),
        ("Talks\n2025-03-12 — The envoy said ...", "2025-03-12"),
        ("Talks\nThe war began in February 2022; on March 5 talks resumed.", None),
        ("Talks\nOfficials met. " + "They talked. " * 30 + "On March 12, 2025 a deal came.", None),
        ("Talks\nKYIV, February 30, 2025 — impossible dates are no dates", None),
    ],
)
def test_dateline_dates(text: str, date: str | None) -> None:
    assert dateline_date(text) == date


def test_metadata_wins_and_the_dateline_fills_in(tmp_path: Path) -> None:
    path = tmp_path / "a.jsonl"
    rows = [
        {"text": "Talks\nKYIV, 12 March 2025 — The envoy said it was over.", "date": "2025-03-13"},
        {"text": "Talks\nKYIV, 12 March 2025 — The envoy said it was done."},
        {"text": "Talks\nThe envoy said it was finished."},
    ]
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    assert [a.date for a in read_paths([path])] == ["2025-03-13", "2025-03-12", None]
