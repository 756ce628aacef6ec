"""Names: how a person's name is written in the news, and what it says of them.

The words around a name that are not part of it (determiners, forms of address, verbs a
headline runs into the name), and the gender a name or the words before it give, for
"he" and "she".
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from importlib import resources
from importlib.resources.abc import Traversable

from spacy.tokens import Doc
from spacy.tokens import Span as SpacySpan

from saidwhat.extract.spans import doc_text
from saidwhat.resolve.name_keys import HONORIFICS as HONORIFICS

DETERMINERS = frozenset(["the", "a", "an", "this", "that", "these", "those"])


_SPACE = re.compile(r"\s+")


# Forms of address written before a name, never part of it ("HE Sheikh Mohammed").
ADDRESS_FORMS = frozenset(["HE", "H.E.", "HRH", "H.R.H."])
# Words that end a person's name found in a title-case headline.
NAME_STOPS = frozenset(
    [
        "says",
        "said",
        "tells",
        "told",
        "slams",
        "calls",
        "claims",
        "blasts",
        "responds",
        "rips",
        "warns",
        "urges",
        "denies",
        "admits",
        "vows",
        "praises",
        "attacks",
        "defends",
        "accuses",
        "suggests",
        "addresses",
        "address",
        "speaks",
        "talks",
        "reacts",
        "explains",
        "insists",
        "asks",
        "answers",
        "pushes",
        "hits",
        "mocks",
        "touts",
        "backs",
        "endorses",
        "opposes",
        "may",
        "will",
        "would",
        "can",
        "could",
        "should",
        "must",
        "just",
        "never",
        "not",
        "also",
        "to",
        "in",
        "on",
        "at",
        "for",
        "of",
        "from",
        "with",
        "by",
        "and",
        "or",
        "he",
        "she",
        "it",
        "they",
        "we",
        "i",
        "his",
        "her",
        "their",
        "is",
        "was",
        "has",
        "had",
        "does",
        "did",
    ]
)
# Verb-like words that are parts of names the parser tags as verbs ("Will", "Mark").
NAME_VERBS = frozenset(["will", "mark", "bill", "rob", "pat", "sue", "hope", "faith"])


# Words before or around a name that say the person's gender ("Mrs. Clinton",
# "Congresswoman Maxine Waters", "the first lady").
MALE_WORDS = frozenset(
    [
        "mr",
        "mr.",
        "sir",
        "lord",
        "king",
        "prince",
        "father",
        "brother",
        "husband",
        "son",
        "businessman",
        "chairman",
        "congressman",
        "spokesman",
    ]
)
FEMALE_WORDS = frozenset(
    [
        "mrs",
        "mrs.",
        "ms",
        "ms.",
        "miss",
        "madam",
        "dame",
        "lady",
        "queen",
        "princess",
        "mother",
        "sister",
        "wife",
        "widow",
        "daughter",
        "actress",
        "businesswoman",
        "chairwoman",
        "congresswoman",
        "spokeswoman",
    ]
)


@lru_cache(maxsize=1)
def first_name_genders() -> dict[str, str]:
    """Lower-case first name → "m" or "f", for names of a clear gender (packaged table)."""
    raw = resources.files("saidwhat.resolve").joinpath("data", "first_names.json")
    return _name_table(raw)


def _name_table(path: Traversable) -> dict[str, str]:
    """The table read from ``path``; empty (no gender known) when missing or malformed."""
    try:
        data = json.loads(path.read_text("utf-8"))
        male, female = data.get("m", []), data.get("f", [])
        table = {**dict.fromkeys(male, "m"), **dict.fromkeys(female, "f")}
    except (FileNotFoundError, ValueError, AttributeError, TypeError):
        return {}
    return {k: v for k, v in table.items() if isinstance(k, str)}


def _gender(doc: Doc, ent: SpacySpan, name: str, role: str | None) -> str | None:
    """ "m"/"f" from a title before the name ("Mrs. Clinton"), a gendered role word
    ("the congresswoman"), else the first name; None when nothing says."""
    before = [t.lower_ for t in doc[max(0, ent.start - 2) : ent.start]]
    words = before + [t.lower_ for t in ent] + (role or "").lower().split()
    for w in words:
        if w in MALE_WORDS:
            return "m"
        if w in FEMALE_WORDS:
            return "f"
    first = name.split()[0].lower() if len(name.split()) > 1 else ""
    return first_name_genders().get(first)


def _clean_name(ent: SpacySpan) -> str:
    toks = [t for t in ent if not t.is_punct and t.tag_ != "POS" and t.lower_ != "'s"]
    while toks and toks[0].lower_ in DETERMINERS:
        toks = toks[1:]
    # A title-case headline runs a name into its verb: "Obama Says", "Trump Says He
    # Never", "Hillary Clinton Slams Donald Trump": the name ends before the first
    # verb or function word.
    for i, t in enumerate(toks[1:], start=1):
        if t.lower_ in NAME_STOPS or t.pos_ in ("VERB", "AUX") and t.lower_ not in NAME_VERBS:
            toks = toks[:i]
            break
    # Leading forms of address of a name are not part of it ("HE Sheikh Mohammed":
    # His Excellency).
    while len(toks) > 1 and toks[0].text in ADDRESS_FORMS:
        toks = toks[1:]
    if not toks:
        return ""
    # As written between its first and last word: "Wen Li-hua", "al-Qadiri".
    text = doc_text(ent.doc)[toks[0].idx : toks[-1].idx + len(toks[-1].text)]
    return _SPACE.sub(" ", text.replace("[", "").replace("]", "")).strip(" ,;:")


def _without_address(words: list[str]) -> list[str]:
    """A name's words without leading forms of address ("Sheikh Mohammed" → Mohammed)."""
    while len(words) > 1 and (words[0].lower() in HONORIFICS or words[0] in ADDRESS_FORMS):
        words = words[1:]
    return words
