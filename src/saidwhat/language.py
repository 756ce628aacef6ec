"""An article's language, told from its text with py3langid (offline, model bundled).

Statements are found by English rules on an English spaCy model, so the pipeline runs
them on English articles only: :func:`detect_language` looks at the first
:data:`DETECT_CHARS` characters of an article and names its language (ISO 639-1 where
the language has such a code, e.g. ``"it"``, ``"ar"``; an ISO 639-3 code otherwise).

The rule leans towards English, because an English article taken for another language
loses its statements while the reverse only costs a parse: a text is English when it
has fewer than :data:`MIN_LETTERS` letters, most of them Latin (too short to tell:
:func:`too_short`), when English is the most likely language, or when English is still
plausible (probability at least :data:`MIN_ENGLISH_P`).  Measurements and the choice
of package: docs/language.md.
"""

from __future__ import annotations

import threading
from typing import Any

ENGLISH = "en"

DETECT_CHARS = 2000
"""Characters of an article's text the detector reads (the rest tells nothing more)."""

MIN_LETTERS = 20
"""A text in Latin letters with fewer letters than this is too short to tell, and
counts as English."""

MIN_ENGLISH_P = 0.05
"""A text whose probability of being English is at least this counts as English even
when another language scores higher: on made-up short English headlines that
py3langid gave to another language ("Zelensky meets Scholz in Berlin": lb) English
still had 0.07-0.18; on 40 paragraphs in eight other languages it had under 0.001
(two foreign headlines made of names had 0.054 and 0.080, and count as English)."""

ALIASES: dict[str, str] = {
    "wuu": "zh",  # Wu Chinese: py3langid's second guess for short Mandarin text
    "yue": "zh",  # Cantonese
    "ary": "ar",  # Moroccan Arabic
    "arz": "ar",  # Egyptian Arabic
    "gug": "gn",  # Paraguayan Guarani
    "uzs": "uz",  # Southern Uzbek
}
"""py3langid labels that are varieties of a language with an ISO 639-1 code."""

UNDETERMINED = frozenset({"zxx", "und"})
"""Labels that name no language (taken as English, like a text too short to tell)."""

_identifier: Any = None
_lock = threading.Lock()


def _load() -> Any:
    """py3langid's identifier with normalised probabilities, loaded once per process."""
    global _identifier
    if _identifier is None:
        with _lock:
            if _identifier is None:
                from py3langid.langid import MODEL_FILE, LanguageIdentifier

                _identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    return _identifier


def _is_latin(ch: str) -> bool:
    """Whether a letter is a Latin one (Basic Latin to Latin Extended-B, and Latin
    Extended Additional)."""
    return ch < "\u0250" or "\u1e00" <= ch <= "\u1eff"


def too_short(text: str) -> bool:
    """Whether ``text`` is too short to tell: fewer than :data:`MIN_LETTERS` letters,
    most of them Latin.  A short text mostly in another script (Arabic, Cyrillic, Han,
    where 20 letters can be a whole headline) is not English whatever its length, so it
    goes to the detector."""
    letters = [ch for ch in text if ch.isalpha()]
    if len(letters) >= MIN_LETTERS:
        return False
    return 2 * sum(1 for ch in letters if _is_latin(ch)) >= len(letters)


def detect_language(text: str) -> str:
    """The language of ``text`` (its first :data:`DETECT_CHARS` characters): an ISO
    639-1 code where there is one; ``"en"`` when English is likely or plausible or the
    text is too short to tell (see the module docstring)."""
    head = text[:DETECT_CHARS]
    if too_short(head):
        return ENGLISH
    ranked = _load().rank(head)
    best = ranked[0][0]
    if best == ENGLISH:
        return ENGLISH
    english_p = next((p for lang, p in ranked if lang == ENGLISH), 0.0)
    if english_p >= MIN_ENGLISH_P or best in UNDETERMINED:
        return ENGLISH
    return ALIASES.get(best, best)


def normalise_language(value: object) -> str | None:
    """A language tag given with an article ("it", "en-GB", "pt_BR", "EN", "eng") as its
    primary subtag, lower-case ("eng" as "en"); None for anything that is not a 2-3
    letter tag."""
    if not isinstance(value, str):
        return None
    primary = value.strip().replace("_", "-").split("-")[0].lower()
    if 2 <= len(primary) <= 3 and primary.isascii() and primary.isalpha():
        return ENGLISH if primary == "eng" else primary
    return None


def is_english(language: str | None) -> bool:
    """Whether the English rules run on an article of this language (None: not told)."""
    return language is None or language == ENGLISH
