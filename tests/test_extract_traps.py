"""Extraction traps on made-up news sentences: what is no statement, whose words a
quote is, and where a content ends (each sentence written for these tests)."""

from __future__ import annotations

import pytest

from saidwhat.extract.nlp import load_nlp
from saidwhat.extract.statements import extract_statements
from saidwhat.model import Statement

pytestmark = pytest.mark.model


def _extract(text: str) -> list[Statement]:
    return extract_statements(load_nlp()(text))


def _holding(sts: list[Statement], phrase: str) -> list[Statement]:
    return [s for s in sts if phrase in s.content.text]


def test_content_takes_the_closing_quote_mark_of_a_quoted_phrase() -> None:
    text = (
        "Harbour talks end\n"
        "The Chilean envoy, speaking after a long night of talks in Lima, described the "
        'meeting as "deeply useful," adding that a second round was planned.\n'
    )
    sts = _extract(text)
    assert _holding(sts, 'the meeting as "deeply useful,"'), [s.content.text for s in sts]
