"""How a statement is shown: its words quoted only where the article quotes them."""

from __future__ import annotations

from saidwhat.model import StoredStatement

_QUOTES = " ,'\"\u201c\u201d\u2018\u2019"

WORDS_LABEL = {"direct": "quote", "mixed": "partly quoted", "indirect": "paraphrase"}
"""How each kind of statement is introduced: the article's exact words are quoted only
when the article quotes them."""


def shown_words(st: StoredStatement) -> str:
    """The statement's words as every rendering shows them: a direct quote in quotation
    marks exactly once (its own marks stripped first), a mixed one as written (only its
    quoted part in marks), a paraphrase with none."""
    text = " ".join(st.said.split())
    if st.kind != "direct":
        return _balanced(text)
    pieces = [p.strip(_QUOTES) for p in text.split(" … ")]
    return " … ".join("\u201c" + p + "\u201d" for p in pieces if p)


def _balanced(text: str) -> str:
    """Words quoted in part, without a quotation mark left over at either end (a content
    that ends inside a quote the article opened before it: 'is over,”')."""
    opens, closes = text.count("\u201c"), text.count("\u201d")
    if closes > opens and text.rstrip(" ,.").endswith("\u201d"):
        text = text.rstrip(" ,.")[:-1].rstrip(" ,")
    elif opens > closes and text.startswith("\u201c"):
        text = text[1:]
    if text.count('"') % 2 and (text.endswith('"') or text.endswith('",')):
        text = text.rstrip(" ,")[:-1].rstrip(" ,")
    elif text.count('"') % 2 and text.startswith('"'):
        text = text[1:]
    return text


def rendered_line(st: StoredStatement) -> str:
    """The plain-text line an answer shows for a statement (``rendered`` in JSON)."""
    who = st.speaker or st.speaker_mention or "unknown source"
    cue = st.cue.text if st.cue else "said"
    where = ", ".join(x for x in (st.outlet, st.date or "date unknown") if x)
    return f"{who} {cue}: {shown_words(st)} ({where})"
