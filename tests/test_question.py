"""Questions in any phrasing a person uses: who is asked about, the topic, and what the
parser was unsure of (saidwhat.answer.question; no model needed)."""

from __future__ import annotations

import pytest

from saidwhat.answer.question import parse_question


@pytest.mark.parametrize(
    ("question", "kind", "actors", "speakers", "topic"),
    [
        (
            "How did Russia respond to the proposal for a truce?",
            "about", ["Russia"], [], "the proposal for a truce",
        ),
        (
            "How did the United States and the UN react to China's drills around Taiwan?",
            "about", ["United States", "United Nations"], [], "China's drills around Taiwan",
        ),
        ("What was Iran's reaction to the offer?", "about", ["Iran"], [], "the offer"),
        (
            "What is the EU's position on the tariffs?",
            "about", ["European Union"], [], "the tariffs",
        ),
        ("Did France say the talks were useful?", "about", ["France"], [], "the talks were useful"),
        ("Germany on the gas pipeline", "about", ["Germany"], [], "the gas pipeline"),
        (
            "What did France's G20 envoy say about the deal?",
            "about", ["France"], [], "the deal",
        ),
        ("What did Chinese officials say about Taiwan?", "about", ["China"], [], "Taiwan"),
        (
            "What did Merkel and Macron say about the budget?",
            "about", [], ["Merkel", "Macron"], "the budget",
        ),
        ("What has Poland said?", "everything", ["Poland"], [], ""),
    ],
)  # fmt: skip
def test_question_shapes(
    question: str, kind: str, actors: list[str], speakers: list[str], topic: str
) -> None:
    pq = parse_question(question)
    assert (pq.kind, pq.actors, pq.speakers, pq.topic) == (kind, actors, speakers, topic)


def test_a_place_in_the_topic_is_not_an_actor() -> None:
    pq = parse_question("What did Japan say about the drills near Taiwan and the Philippines?")
    assert pq.actors == ["Japan"]


def test_the_parser_says_what_it_understood() -> None:
    pq = parse_question("How did the mediators react to the deal?")
    assert pq.speakers == ["mediators"] and pq.notes
    assert "mediators" in pq.summary() and "the deal" in pq.summary()
    loose = parse_question("ferry prices in the Baltic")
    assert loose.kind == "topic" and loose.actors == [] and loose.notes
    assert (
        parse_question("What has Poland said since March 2024?")
        .summary()
        .startswith("Read as who: Poland; topic: anything; time: 2024-03")
    )


def test_an_on_question_needs_an_actor() -> None:
    # "talks on trade" names no actor: a topic search, not a speaker called "talks"
    pq = parse_question("talks on trade")
    assert pq.kind == "topic" and pq.speakers == []
