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


@pytest.mark.parametrize(
    "condition",
    ["if Caracas rejects the offer", "should Caracas reject the offer"],
)
def test_the_subject_of_an_if_clause_is_not_the_source_of_the_quote(condition: str) -> None:
    text = (
        "Envoy sets a deadline\n"
        'Bolivia was "ready to sign the accord today," the envoy said, and '
        f'{condition}, "then everyone will see who stands in the way of peace."\n'
    )
    sts = _extract(text)
    hits = _holding(sts, "who stands in the way of peace")
    assert hits, [s.content.text for s in sts]
    for s in hits:
        assert s.source is not None and "Caracas" not in s.source.text, s
