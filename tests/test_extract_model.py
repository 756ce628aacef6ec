"""The learned frame scorer: packaged, loud when its file is missing or broken, and the
rule path only when asked for (model=False)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from spacy.tokens import Doc
from spacy.vocab import Vocab

from saidwhat.errors import ModelError
from saidwhat.extract import scorer
from saidwhat.extract.boundary import BOUNDARY_FILE, default_boundary
from saidwhat.extract.nlp import load_nlp
from saidwhat.extract.scorer import MODEL_FILE, FrameModel, default_model, load_model
from saidwhat.extract.spans import doc_text
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
    from saidwhat.extract.statements import candidate_frames, frame_kind

    text = "A poll showed strong support for the levy. The governor declined to sign the bill.\n"
    doc = load_nlp()(text)
    feats = {}
    for f in candidate_frames(doc, [], broad=True):
        feats[f.cue.lower_] = set(frame_features(f, text, frame_kind(f, text)))
    assert "subj_lem=poll" in feats["showed"]
    assert "croot=support" in feats["showed"]
    assert "lem_croot=show|support" in feats["showed"]
    assert "lem_head=sign|decline" in feats["sign"]
    assert "croot=bill" in feats["sign"]
    assert "head=<root>" in feats["showed"]  # the sentence's root hangs from nothing


@pytest.fixture
def model_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """An empty stand-in for the package's model folder (the shipped files stay as they
    are); the cached models are dropped before and after."""
    monkeypatch.setattr(scorer, "MODEL_DIR", tmp_path)
    default_model.cache_clear()
    default_boundary.cache_clear()
    yield tmp_path
    default_model.cache_clear()
    default_boundary.cache_clear()


@pytest.mark.parametrize("file_name", [MODEL_FILE, BOUNDARY_FILE])
def test_missing_model_file_raises_model_error_naming_it(model_dir: Path, file_name: str) -> None:
    load = default_model if file_name == MODEL_FILE else default_boundary
    with pytest.raises(ModelError, match="reinstall saidwhat") as err:
        load()
    assert str(model_dir / file_name) in str(err.value)


@pytest.mark.parametrize(
    "content",
    [
        "{not json",
        "[1, 2]",
        '{"weights": {"lem=say": 1.0}, "bias": 0.1}',
        '{"weights": ["lem=say"], "bias": 0.1, "threshold": 0.5}',
        '{"weights": {"lem=say": "high"}, "bias": 0.1, "threshold": 0.5}',
    ],
)
def test_corrupt_model_file_raises_model_error_naming_it(model_dir: Path, content: str) -> None:
    (model_dir / MODEL_FILE).write_text(content, encoding="utf-8")
    with pytest.raises(ModelError, match="broken") as err:
        default_model()
    assert str(model_dir / MODEL_FILE) in str(err.value)


def test_model_file_that_is_sound_loads(model_dir: Path) -> None:
    (model_dir / MODEL_FILE).write_text(
        '{"weights": {"lem=say": 2.0}, "bias": -1.0, "threshold": 0.4}', encoding="utf-8"
    )
    assert load_model(MODEL_FILE) == FrameModel({"lem=say": 2.0}, -1.0, 0.4)


def test_extraction_without_its_model_is_an_error_not_the_rule_path(model_dir: Path) -> None:
    doc = Doc(Vocab(), words=["The", "mayor", "said", "so", "."])
    with pytest.raises(ModelError, match=MODEL_FILE):
        extract_statements(doc)
