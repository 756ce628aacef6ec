"""The training script labels each candidate frame by the content the extractor will
report (synthetic text; the script itself is run by hand, see the README)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from saidwhat.extract.nlp import load_nlp
from saidwhat.extract.quote_frames import is_direct_quote
from saidwhat.extract.quotes import find_quotes
from saidwhat.extract.spans import doc_text
from saidwhat.extract.statements import candidate_frames, extract_statements

pytestmark = pytest.mark.model

SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "train_frames.py"


def _script():
    spec = importlib.util.spec_from_file_location("train_frames", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["train_frames"] = module
    spec.loader.exec_module(module)
    return module


def test_label_runs_over_the_speakers_next_quote_as_extraction_does() -> None:
    text = (
        "“The ferries will run again in May,” the mayor said. “The fares will not rise "
        "this year.”\n\n“Nobody asked me,” a driver said."
    )
    doc = load_nlp()(text)
    quotes = [q for q in find_quotes(text) if is_direct_quote(text, q)]
    said = [f for f in candidate_frames(doc, quotes, broad=True) if f.quote is quotes[0]]
    assert said
    chars = _script()._as_extracted(said[0], doc_text(doc), quotes)
    first, second = quotes[0], quotes[1]
    assert chars == set(range(first.start, first.end)) | set(range(second.start, second.end))
    # the same pieces the extractor reports for that statement, without "the mayor said"
    reported = [s for s in extract_statements(doc) if s.content.start == first.start]
    assert reported and [(p.start, p.end) for p in reported[0].pieces] == [
        (first.start, first.end),
        (second.start, second.end),
    ]


def test_label_leaves_out_a_mid_sentence_cue_clause() -> None:
    text = "If the bridge closes, the engineer said, traffic would double downtown."
    doc = load_nlp()(text)
    (f,) = [f for f in candidate_frames(doc, [], broad=True) if f.ctype == "paren_mid"]
    chars = _script()._as_extracted(f, text, [])
    said = "".join(text[i] for i in sorted(chars))
    assert said == "If the bridge closestraffic would double downtown."
