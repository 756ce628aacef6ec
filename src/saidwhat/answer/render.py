"""An answer as Markdown (the terminal), JSON, or HTML.

Every line cites its article and the character offsets of the content.  In HTML every
string that comes from an article (content, names, titles, URLs) goes through
``html.escape``; nothing from an article reaches the page unescaped.
"""

from __future__ import annotations

import html
import json
from typing import Any
from urllib.parse import quote

from saidwhat.answer.answer import Answer
from saidwhat.model import StoredStatement


def _when(st: StoredStatement) -> str:
    return (st.date or "undated")[:10]


def _cite(st: StoredStatement) -> str:
    return f"article {st.article_id} @{st.content.start}-{st.content.end}"


_QUOTES = " ,'\"\u201c\u201d\u2018\u2019"

WORDS_LABEL = {"direct": "quote", "mixed": "partly quoted", "indirect": "paraphrase"}
"""How each kind of statement is introduced: the article's exact words are quoted only
when the article quotes them."""


def _quoted(st: StoredStatement) -> str:
    """The statement's words as the article has them: a direct quote in quotation marks,
    a mixed one as written (its own quotation marks kept), a paraphrase plain."""
    text = " ".join(st.said.split())
    if st.kind != "direct":
        return text
    return "\u201c" + text.strip(_QUOTES) + "\u201d"


def _md_line(st: StoredStatement) -> str:
    cue = f" · _{st.cue.text}_" if st.cue else ""
    label = WORDS_LABEL.get(st.kind, st.kind)
    src = " · ".join(x for x in (f"_{st.title}_" if st.title else "", st.outlet or "") if x)
    src = f" — {src}" if src else ""
    also = st.extra.get("also_in") or []
    more = f" (also in {len(also)} other article{'s' if len(also) > 1 else ''})" if also else ""
    return f"- {_when(st)}{cue} · **{label}:** {_quoted(st)}{src} [{_cite(st)}]{more}"


def render_markdown(answer: Answer) -> str:
    """The answer as Markdown: one section per actor, then its speakers, each statement
    with its date, cue, exact words (quote / partly quoted / paraphrase), the article's
    title and outlet, and the cite (article id and character offsets)."""
    lines = [f"# {answer.question}", "", f"_{answer.parsed.summary()}_", ""]
    if not answer.actors:
        lines.append("No statements found.")
    for g in answer.actors:
        lines.append(f"## {g.actor}")
        if g.note:
            lines.append(f"_Note: {g.note}_")
        lines.append(f"_Stance (derived): {g.stance.summary}_")
        lines.append("")
        if not g.speakers:
            lines.append("No statements found.")
            lines.append("")
        for sp in g.speakers:
            role = f" ({sp.role})" if sp.role else ""
            lines.append(f"**{sp.speaker}**{role}")
            lines.extend(_md_line(st) for st in sp.statements)
            lines.append("")
        if g.more:
            lines.append(f"_…and {g.more} more, less relevant (ask with --all to see them)._")
            lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def answer_json(answer: Answer) -> dict[str, Any]:
    """``{"question", "parsed", "actors": [{"actor", "stance", "speakers": [...]}]}``."""
    return answer.to_json()


def render_json(answer: Answer) -> str:
    return json.dumps(answer_json(answer), ensure_ascii=False)


_CSS = """
body{font:16px/1.5 system-ui,sans-serif;max-width:52rem;margin:2rem auto;padding:0 1rem}
h2{margin-top:2rem;border-bottom:1px solid #ccc}.stance{color:#555;font-style:italic}
.derived{font-size:.8em;color:#888}.speaker{margin-top:1rem;font-weight:600}
.role{font-weight:400;color:#555}li{margin:.4rem 0}.cite{font-size:.85em;color:#666}
.cue{color:#555}.words-label{color:#666;font-size:.85em}.note{color:#555}
"""


def _e(text: object) -> str:
    return html.escape("" if text is None else str(text), quote=True)


def article_href(st: StoredStatement, base: str = "/articles/") -> str:
    """Link to the article view, scrolled to this statement."""
    return f"{base}{quote(st.article_id, safe='')}#s{int(st.id)}"


def _html_words(st: StoredStatement) -> str:
    """The words: in ``<q>`` when the article quotes them, else labelled plain text."""
    text = _e(" ".join(st.said.split()))
    if st.kind == "direct":
        return f'<q class="content direct">{text}</q>'
    label = _e(WORDS_LABEL.get(st.kind, st.kind))
    return (
        f'<span class="words-label">{label}:</span> '
        f'<span class="content {_e(st.kind)}">{text}</span>'
    )


def render_html_fragment(answer: Answer, *, link_base: str = "/articles/") -> str:
    """The answer as an HTML fragment (no page around it)."""
    out = [
        f'<section class="answer"><h1>{_e(answer.question)}</h1>',
        f'<p class="parsed">{_e(answer.parsed.summary())}</p>',
    ]
    if not answer.actors:
        out.append("<p>No statements found.</p>")
    for g in answer.actors:
        out.append(f'<section class="actor"><h2>{_e(g.actor)}</h2>')
        if g.note:
            out.append(f'<p class="note">{_e(g.note)}</p>')
        out.append(
            f'<p class="stance" data-derived="true">{_e(g.stance.summary)} '
            f'<span class="derived">(derived: {_e(g.stance.label)})</span></p>'
        )
        if not g.speakers:
            out.append("<p>No statements found.</p>")
        for sp in g.speakers:
            role = f' <span class="role">({_e(sp.role)})</span>' if sp.role else ""
            out.append(f'<div class="speaker">{_e(sp.speaker)}{role}</div><ul>')
            for st in sp.statements:
                cue = f' <span class="cue">{_e(st.cue.text)}</span>' if st.cue else ""
                title = _e(st.title or st.article_id)
                out.append(
                    f'<li id="st{int(st.id)}"><span class="date">{_e(_when(st))}</span>{cue}: '
                    f"{_html_words(st)} "
                    f'<a class="cite" href="{_e(article_href(st, link_base))}">'
                    f"{title} @{int(st.content.start)}\u2013{int(st.content.end)}</a></li>"
                )
            out.append("</ul>")
        out.append("</section>")
    out.append("</section>")
    return "\n".join(out)


def render_html(answer: Answer, *, link_base: str = "/articles/") -> str:
    """The answer as a whole HTML page."""
    return (
        '<!doctype html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>{_e(answer.question)}</title><style>{_CSS}</style></head><body>\n"
        f"{render_html_fragment(answer, link_base=link_base)}\n</body></html>\n"
    )
