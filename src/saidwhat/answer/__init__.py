"""Answers to questions: parse, retrieve, group by actor and speaker, render.

``ask(store, "What has the US said about the talks?")`` returns an :class:`Answer`;
``render_markdown``, ``render_json`` and ``render_html`` show it.
"""

from saidwhat.answer.answer import (
    STANCE_CUES,
    ActorGroup,
    Answer,
    SpeakerGroup,
    Stance,
    ask,
    derive_stance,
    is_intention,
)
from saidwhat.answer.question import ParsedQuestion, parse_question
from saidwhat.answer.render import (
    answer_json,
    render_html,
    render_html_fragment,
    render_json,
    render_markdown,
)

__all__ = [
    "STANCE_CUES",
    "ActorGroup",
    "Answer",
    "ParsedQuestion",
    "SpeakerGroup",
    "Stance",
    "answer_json",
    "ask",
    "derive_stance",
    "is_intention",
    "parse_question",
    "render_html",
    "render_html_fragment",
    "render_json",
    "render_markdown",
]
