"""The errors saidwhat raises.  The library never exits; the CLI maps these to exit codes.

::

    SaidwhatError
    ├── InputError          one input item cannot be read (empty, binary, bad encoding, ...)
    ├── StoreError          the store cannot be opened or written
    ├── ModelError          no usable spaCy pipeline, or a shipped model file is missing
    │                       or broken
    └── QuestionError       a question or query the engine cannot work with

Each class carries the HTTP ``status`` and ``code`` the API answers it with
(``{"error": {"code", "message"}}``, see :mod:`saidwhat.api`).
"""

from __future__ import annotations


class SaidwhatError(Exception):
    """Base class of every error saidwhat raises on purpose."""

    status = 500
    code = "internal_error"


class InputError(SaidwhatError):
    """One input item cannot be turned into an article; the run goes on without it."""

    status = 400
    code = "bad_input"

    def __init__(self, origin: str, reason: str) -> None:
        super().__init__(f"{origin}: {reason}")
        self.origin = origin
        self.reason = reason


class StoreError(SaidwhatError):
    """The store cannot be opened, read or written."""

    status = 500
    code = "store_error"


class ModelError(SaidwhatError):
    """No spaCy pipeline that saidwhat can use is installed, or a model file saidwhat
    ships (the frame scorer, the content cut, the embeddings) is missing or broken."""


class QuestionError(SaidwhatError):
    """A question or query that cannot be answered as asked."""

    status = 400
    code = "bad_question"
