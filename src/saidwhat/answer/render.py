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
from saidwhat.answer.words import WORDS_LABEL, shown_words
from saidwhat.model import StoredStatement


def _when(st: StoredStatement) -> str:
    return st.date[:10] if st.date else "date unknown"


def _cite(st: StoredStatement) -> str:
    return f"article {st.article_id} @{st.content.start}-{st.content.end}"


def _carrier(c: dict[str, Any]) -> str:
    parts = [c.get("outlet") or "unknown outlet", c.get("date") or "date unknown"]
    if c.get("url"):
        parts.append(f"<{c['url']}>")
    if c.get("paraphrase"):
        parts.append("(in its own words)")
    return " ".join(parts)


def _md_line(st: StoredStatement, seen: set[str]) -> str:
    """One statement: date (or "date unknown", the first time an undated article is
    cited), outlet, cue, the words (quoted only when verbatim), title, link and cite;
    then the other outlets that carried it."""
    first = st.article_id not in seen
    seen.add(st.article_id)
    when = _when(st) if st.date or first else ""
    cue = f"_{st.cue.text}_" if st.cue else ""
    head = " · ".join(x for x in (when, st.outlet or "", cue) if x)
    label = WORDS_LABEL.get(st.kind, st.kind)
    title = f" — _{st.title}_" if st.title else ""
    link = f" <{st.url}>" if st.url else ""
    line = f"- {head} · **{label}:** {shown_words(st)}{title}{link} [{_cite(st)}]"
    also = st.extra.get("also_in") or []
    if also:
        line += "\n  also carried by: " + "; ".join(_carrier(c) for c in also)
    return line


def render_markdown(answer: Answer) -> str:
    """The answer as Markdown: one section per actor, then its speakers, each statement
    with its date, cue, exact words (quote / partly quoted / paraphrase), the article's
    title and outlet, and the cite (article id and character offsets)."""
    lines = [f"# {answer.question}", "", f"_{answer.parsed.summary()}_", ""]
    seen: set[str] = set()
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
            lines.extend(_md_line(st, seen) for st in sp.statements)
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
    """The words: in ``<q>`` when the article quotes them (the page draws the marks, so
    the article's own are taken off: marks exactly once), else labelled plain text."""
    if st.kind == "direct":
        bare = shown_words(st).replace("\u201c", "").replace("\u201d", "")
        return f'<q class="content direct">{_e(bare)}</q>'
    text = _e(shown_words(st))
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
    seen: set[str] = set()
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
                when = _when(st) if st.date or st.article_id not in seen else ""
                seen.add(st.article_id)
                outlet = f' <span class="outlet">{_e(st.outlet)}</span>' if st.outlet else ""
                link = (
                    f' <a class="source" href="{_e(st.url)}" rel="noopener noreferrer">source</a>'
                    if st.url and st.url.startswith(("http://", "https://"))
                    else ""
                )
                also = "; ".join(_carrier(c) for c in st.extra.get("also_in") or [])
                also_html = (
                    f' <span class="also">also carried by: {_e(also)}</span>' if also else ""
                )
                out.append(
                    f'<li id="st{int(st.id)}"><span class="date">{_e(when)}</span>{outlet}{cue}: '
                    f"{_html_words(st)} "
                    f'<a class="cite" href="{_e(article_href(st, link_base))}">'
                    f"{title} @{int(st.content.start)}\u2013{int(st.content.end)}</a>{link}"
                    f"{also_html}</li>"
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
