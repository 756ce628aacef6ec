"""How a person's name is matched: the tokens left once the writing is set aside.

Case, accents, hyphens, apostrophes, dots, leading titles ("Sheikh", "President", "Prime
Minister", ...) and the Arabic particles ``al``/``el``/``bin``/``ibn``/``bint`` do not
matter: ``name_tokens("Sheikh Samir bin Faris Al-Qadiri")`` is ``("samir", "faris",
"qadiri")`` (a made-up name).  Used by the knowledge file (``knowledge.py``) and the
store's person registry (``registry.py``).  The forms of address (``HONORIFICS``: "Mr.",
"Dr.", "Sheikh", ...) are here too: the speaker rules and search set them apart from
roles, and this module needs no spaCy.
"""

from __future__ import annotations

import re
import unicodedata

HONORIFICS = frozenset(
    [
        "mr", "mr.", "mrs", "mrs.", "ms", "ms.", "miss", "mister", "madam", "dr", "dr.",
        "sheikh", "sheikha", "sir", "dame",
    ]
)  # fmt: skip
"""Forms of address, not roles: "Mr. Trump" has no role "Mr."; a resolver title of
these words alone is no title, and search shows no such stored role."""

# Leading words dropped from a name before matching, longest first.  Multi-word titles are
# written as token tuples (after normalisation).
_TITLES: tuple[tuple[str, ...], ...] = tuple(
    sorted(
        (
            tuple(t.split())
            for t in (
                "mr",
                "mrs",
                "ms",
                "miss",
                "dr",
                "prof",
                "professor",
                "sir",
                "dame",
                "lord",
                "lady",
                "sheikh",
                "sheikha",
                "shaikh",
                "sayyid",
                "emir",
                "amir",
                "king",
                "queen",
                "sultan",
                "prince",
                "crown prince",
                "princess",
                "pope",
                "his holiness",
                "his majesty",
                "her majesty",
                "his highness",
                "her highness",
                "hh",
                "hrh",
                "ayatollah",
                "grand ayatollah",
                "general",
                "gen",
                "field marshal",
                "marshal",
                "admiral",
                "colonel",
                "col",
                "president",
                "vice president",
                "president elect",
                "former president",
                "prime minister",
                "former prime minister",
                "pm",
                "premier",
                "chancellor",
                "minister",
                "foreign minister",
                "defence minister",
                "defense minister",
                "secretary",
                "secretary of state",
                "secretary general",
                "un secretary general",
                "nato secretary general",
                "director general",
                "spokesperson",
                "spokesman",
                "spokeswoman",
                "press secretary",
                "senator",
                "sen",
                "rep",
                "the",
            )
        ),
        key=len,
        reverse=True,
    )
)


_PARTICLES = frozenset({"al", "el", "bin", "ibn", "bint"})


_PUNCT = re.compile(r"[-‐‑‒–—'’‘`´.,()\"“”]")


def _strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def plain_tokens(text: str) -> tuple[str, ...]:
    """A name's tokens as :func:`name_tokens` makes them, but keeping leading titles."""
    tokens = _PUNCT.sub(" ", _strip_accents(text).casefold()).split()
    kept = tuple(t for t in tokens if t not in _PARTICLES)
    return kept or tuple(tokens)


def name_tokens(text: str) -> tuple[str, ...]:
    """The tokens a name is matched on.

    Case-folded, accents stripped, hyphens, apostrophes and dots made spaces, leading
    titles and honorifics dropped (``Sheikh``, ``President``, ``Prime Minister``, ...) and
    the particles ``al``, ``el``, ``bin``, ``ibn``, ``bint`` dropped wherever they stand
    (unless nothing else is left): ``"Sheikh Samir bin Faris Al-Qadiri"`` →
    ``("samir", "faris", "qadiri")``.
    """
    text = _PUNCT.sub(" ", _strip_accents(text).casefold())
    tokens = text.split()
    changed = True
    while changed and tokens:
        changed = False
        for title in _TITLES:
            if len(tokens) > len(title) and tuple(tokens[: len(title)]) == title:
                tokens = tokens[len(title) :]
                changed = True
                break
    kept = [t for t in tokens if t not in _PARTICLES]
    return tuple(kept) if kept else tuple(tokens)
