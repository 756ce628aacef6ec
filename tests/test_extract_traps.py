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


@pytest.mark.parametrize(
    "dateline",
    ["OSLO, Norway (Reuters) — Speaking to reporters, ", "LIMA (AFP) - ", "QUITO — "],
)
def test_a_dateline_is_never_the_source(dateline: str) -> None:
    text = (
        "Envoy backs the plan\n"
        f"{dateline}Foreign Minister Anna Berg on Monday said that her government "
        "would back the fishing accord, while urging Chile to do the same.\n"
    )
    sts = _extract(text)
    hit = _holding(sts, "would back the fishing accord")
    assert hit, [s.content.text for s in sts]
    assert hit[0].source is not None and hit[0].source.text.endswith("Anna Berg")
    for s in sts:
        assert s.source is None or not s.source.text.startswith(dateline.split()[0]), s


def test_a_paragraph_opening_place_name_in_capitals_without_dash_can_be_a_source() -> None:
    text = "Talks\nNATO said on Monday that the exercise would go ahead as planned.\n"
    sts = _extract(text)
    hit = _holding(sts, "the exercise would go ahead")
    assert hit and hit[0].source is not None and hit[0].source.text == "NATO"


def test_speech_after_without_is_no_statement_and_splits_the_quotes() -> None:
    text = (
        "Minister upbeat\n"
        '"We had a long and honest talk about the border and the river," Berg told '
        "reporters, without describing the terms of the offer. "
        '"Now it is for the other side to answer us."\n'
    )
    sts = _extract(text)
    assert not _holding(sts, "the terms of the offer"), [s.content.text for s in sts]
    second = _holding(sts, "Now it is for the other side")
    assert second and second[0].source is not None and second[0].source.text == "Berg"


def test_did_not_say_whether_is_no_statement() -> None:
    text = (
        "Talks stall\n"
        "The minister did not say whether the new draft met the demands of the rebels.\n"
    )
    assert not _holding(_extract(text), "the new draft met the demands")


def test_according_to_a_report_leaves_the_speaker_inside_it_the_source() -> None:
    text = (
        "Truce offer\n"
        "Peru has said it is ready to accept a 60-day truce on the river border after "
        "talks in Quito, according to a newspaper report.\n"
    )
    sts = _extract(text)
    hits = _holding(sts, "ready to accept a 60-day truce")
    assert hits, [s.content.text for s in sts]
    assert all(s.source is not None and "report" not in s.source.text for s in hits), hits


def test_a_quote_said_and_then_reported_by_an_agency_is_the_speakers() -> None:
    text = (
        "Envoy waits\n"
        '"I shall wait for the rebels at the border," Moreno said, the Associated Press reported.\n'
    )
    sts = _extract(text)
    hits = _holding(sts, "I shall wait for the rebels at the border")
    assert hits, [s.content.text for s in sts]
    assert all(s.source is not None and s.source.text == "Moreno" for s in hits), hits


@pytest.mark.parametrize(
    "pointer",
    [
        "This was announced by Lars Holm, the spokesman of the fisheries ministry.",
        "The announcement was made by fisheries ministry spokesman Lars Holm, according to NTB.",
    ],
)
def test_an_anaphoric_passive_reports_the_sentence_before(pointer: str) -> None:
    text = (
        "Quota cut\n"
        "Norway will cut next year's cod quota by a tenth for all coastal fleets. "
        f"{pointer}\n"
    )
    sts = _extract(text)
    hits = _holding(sts, "cut next year's cod quota by a tenth")
    assert hits, [s.content.text for s in sts]
    assert hits[0].source is not None and "Lars Holm" in hits[0].source.text
    assert not _holding(sts, "was made by"), [s.content.text for s in sts]
    assert all(s.content.text.lower() not in ("this", "the announcement") for s in sts), sts


def test_a_name_the_parser_strands_before_its_cue_is_the_source() -> None:
    text = (
        "Truce date set\n"
        "At a news briefing in Lima, Carlos Alberto Mendoza Rios, the Peruvian Prime "
        "Minister, said the border crossings would reopen in March.\n"
    )
    sts = _extract(text)
    hits = _holding(sts, "the border crossings would reopen in March")
    assert hits, [s.content.text for s in sts]
    assert hits[0].source is not None and "Mendoza Rios" in hits[0].source.text, hits[0]


def test_a_perfect_participle_clause_shares_the_subject_of_its_head() -> None:
    text = (
        "Envoy on the vote\n"
        "Later, having wrongly claimed that postal ballots in the north were forged, "
        'Moreno said: "Nobody can trust a count like that one."\n'
    )
    sts = _extract(text)
    hits = _holding(sts, "postal ballots in the north were forged")
    assert hits, [s.content.text for s in sts]
    assert hits[0].source is not None and hits[0].source.text == "Moreno", hits[0]


def test_a_raising_verb_outside_the_cue_lexicon_is_no_statement() -> None:
    text = (
        "Envoy travels\n"
        "He is set to hold a meeting with fishing industry leaders on Friday and then "
        "travel to Lima on Sunday.\n"
    )
    assert not _holding(_extract(text), "a meeting with fishing industry leaders")


def test_declined_to_comment_is_no_statement() -> None:
    text = (
        "Envoy keeps quiet\n"
        "Asked about the talks, the envoy declined to comment on the latest offer from "
        "the rebel leaders.\n"
    )
    assert not _holding(_extract(text), "the latest offer from the rebel leaders")


def test_warned_x_against_y_keeps_what_the_warning_is_against() -> None:
    text = (
        "Minister warns neighbours\n"
        'Berg warned the coastal provinces against efforts to "wreck" the new fishing accord.\n'
    )
    sts = _extract(text)
    assert _holding(sts, 'the coastal provinces against efforts to "wreck"'), [
        s.content.text for s in sts
    ]
