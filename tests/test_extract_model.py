"""The learned frame scorer: packaged, and optional (the rule path works without it)."""

from __future__ import annotations

import pytest

from saidwhat.extract.frames import doc_text
from saidwhat.extract.nlp import load_nlp
from saidwhat.extract.scorer import FrameModel, default_model
from saidwhat.extract.statements import extract_statements

TEXT = (
    "Harbour plan\n"
    "The mayor said that the harbour would reopen in May. "
    '"We have waited long enough," she told reporters.\n'
)


def test_packaged_model_loads_with_a_threshold() -> None:
    model = default_model()
    assert model is not None
    assert 0.0 < model.threshold < 1.0
    assert 0.0 <= model.probability(["lem=say", "ct=clause"]) <= 1.0


@pytest.mark.model
@pytest.mark.parametrize("model", [True, None])
def test_rule_path_and_model_path_find_the_statements(model: bool | None) -> None:
    doc = load_nlp()(TEXT)
    sts = extract_statements(doc, model=model)
    texts = [s.content.text for s in sts]
    assert any("harbour would reopen" in t for t in texts)
    assert any("waited long enough" in t for t in texts)
    assert all(doc_text(doc)[s.content.start : s.content.end] == s.content.text for s in sts)


@pytest.mark.model
def test_a_model_that_keeps_nothing_leaves_only_quotes() -> None:
    doc = load_nlp()(TEXT)
    sts = extract_statements(doc, model=FrameModel({}, -30.0, 0.5))
    assert all(s.kind == "direct" for s in sts)
