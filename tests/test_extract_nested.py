"""Extraction round 2 on made-up news sentences: quotes inside quotes, relative clauses
inside a cue's object, labels before a colon, participles with their own subject (each
sentence written for these tests)."""

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


def _sources(sts: list[Statement], phrase: str) -> list[str | None]:
    return [s.source.text if s.source else None for s in _holding(sts, phrase)]


def test_a_quote_inside_a_quote_is_the_inner_speakers_too() -> None:
    text = (
        "Mayor recalls a visit\n"
        "\"Governor Alma Reyes came by the office, and she said, 'Your harbour plan "
        "will sink the budget'\", the mayor said on Monday.\n"
    )
    sts = _extract(text)
    outer = _sources(sts, "Governor Alma Reyes came by the office")
    assert outer and all(s is not None and "mayor" in s for s in outer), outer
    inner = _sources(sts, "Your harbour plan will sink the budget")
    # the quoted 'she' is not the mayor: the person named in the quote before it
    assert "Alma Reyes" in " ".join(s or "" for s in inner), inner


def test_a_named_inner_speaker_with_an_apposition() -> None:
    text = (
        "Minister on the tariff row\n"
        'The minister told reporters: "Pedro Salas, a tough negotiator, said '
        "'We will never lower the duty on copper'.\"\n"
    )
    sts = _extract(text)
    assert any(s and s.startswith("Pedro Salas") for s in _sources(sts, "never lower the duty")), [
        (s.content.text, s.source) for s in sts
    ]


@pytest.mark.parametrize("cue", ["he would say", "people say", "I might say"])
def test_no_inner_statement_for_a_hypothetical_or_generic_cue(cue: str) -> None:
    text = (
        "Coach on the season\n"
        f"\"When we lose, {cue}, 'The referees were against us all season long',\" "
        "the coach said.\n"
    )
    sts = _extract(text)
    hits = _holding(sts, "The referees were against us")
    assert hits and all(s.source is not None and "coach" in s.source.text for s in hits), [
        (s.content.text, s.source) for s in hits
    ]


def test_apostrophes_inside_a_quote_open_no_inner_quote() -> None:
    text = (
        "Farmers protest\n"
        "\"The farmers' union said it can't accept the deal and won't sign it,\" "
        "the spokesman said.\n"
    )
    sts = _extract(text)
    assert sts, "the spokesman's quote is a statement"
    assert all(s.content.text[:1] not in "'‘" for s in sts), [s.content.text for s in sts]


def test_what_a_cue_says_of_its_object_goes_round_the_objects_own_statement() -> None:
    text = (
        "Strike ends\n"
        "The prime minister thanked Pedro Salas, who says he wants to be known in history "
        "as a reformer, for working to end the strike.\n"
    )
    sts = _extract(text)
    thanked = [s for s in sts if s.cue is not None and s.cue.text == "thanked"]
    assert thanked, [s.content.text for s in sts]
    assert "for working to end the strike" in thanked[0].said
    assert "known in history" not in thanked[0].said, thanked[0]
    says = [s for s in sts if s.cue is not None and s.cue.text == "says"]
    assert says and "known in history as a reformer" in says[0].content.text, sts


def test_an_infinitive_right_after_the_reported_clause_is_part_of_it() -> None:
    text = (
        "Mayor on her legacy\n"
        "The council thanked Mayor Ana Ruiz, a woman who says she would like her record to "
        "be that of a careful spender, for trimming the deficit.\n"
    )
    sts = _extract(text)
    says = [s for s in sts if s.cue is not None and s.cue.text == "says"]
    assert says and "her record to be that of a careful spender" in says[0].content.text, [
        s.content.text for s in sts
    ]


def test_a_label_before_a_colon_is_the_speaker_of_the_line() -> None:
    text = (
        "Live: truce talks\n"
        'MAYOR: Chile agreed to the truce "last week. Now we have to go to Peru and '
        'hopefully they will agree to it too."\n'
        "The talks resume on Monday.\n"
    )
    sts = _extract(text)
    hits = _holding(sts, "Now we have to go to Peru")
    assert hits and all(s.source is not None for s in hits), hits
    assert {s.source.text for s in hits if s.source} == {"MAYOR"}, hits


def test_a_reported_clause_stops_at_a_semicolon_before_the_writers_own_clause() -> None:
    text = (
        "Truce plan\n"
        "The council said Peru now had to show that it wanted a deal, after Chile agreed at "
        "talks in Lima to a plan for a 30-day truce; at the same meeting the council also "
        "restored its flow of money and food aid to Chile.\n"
    )
    sts = _extract(text)
    said = [s for s in sts if s.cue is not None and s.cue.text == "said"]
    assert said and "Peru now had to show" in said[0].content.text, sts
    assert not _holding(sts, "the council also restored its flow"), sts


def test_an_aspectual_verb_reports_nothing() -> None:
    text = (
        "Shelling goes on\n"
        "Rebel artillery kept shelling the northern towns through the night, however, "
        "killing two farmers and raising doubts about the rebels' promises.\n"
    )
    sts = _extract(text)
    assert not _holding(sts, "raising doubts about the rebels"), [s.content.text for s in sts]


def test_the_subject_of_a_with_participle_is_the_source() -> None:
    text = (
        "Drills near the coast\n"
        "Naval activity near the islands rose sharply this week, with Chile saying on "
        "Wednesday that Peruvian warships and aircraft had conducted drills near its coast.\n"
    )
    sts = _extract(text)
    assert _sources(sts, "Peruvian warships and aircraft had conducted") == ["Chile"], [
        (s.content.text, s.source) for s in sts
    ]
