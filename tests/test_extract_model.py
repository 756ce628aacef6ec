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
    assert sts, "the quotes are kept"
    assert all(s.kind == "direct" for s in sts)


@pytest.mark.model
def test_frame_features_name_the_content_the_holder_and_the_governing_verb() -> None:
    """Broad frames differ in their words, not their shape: the features say what the
    content's head is, who holds it, and which verb the cue hangs from."""
    from saidwhat.extract.scorer import frame_features
    from saidwhat.extract.statements import _frame_kind, candidate_frames

    text = "A poll showed strong support for the levy. The governor declined to sign the bill.\n"
    doc = load_nlp()(text)
    feats = {}
    for f in candidate_frames(doc, [], broad=True):
        feats[f.cue.lower_] = set(frame_features(f, text, _frame_kind(f, text)))
    assert "subj_lem=poll" in feats["showed"]
    assert "croot=support" in feats["showed"]
    assert "lem_croot=show|support" in feats["showed"]
    assert "lem_head=sign|decline" in feats["sign"]
    assert "croot=bill" in feats["sign"]
    assert "head=<root>" in feats["showed"]  # the sentence's root hangs from nothing
