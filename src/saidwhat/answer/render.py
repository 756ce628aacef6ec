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


def _quoted(st: StoredStatement) -> str:
    text = " ".join(st.content.text.split())
    if st.kind != "direct":
        return text
    return "\u201c" + text.strip(_QUOTES) + "\u201d"


def render_markdown(answer: Answer) -> str:
    """The answer as Markdown: one section per actor, speakers, statements with cites."""
    lines = [f"# {answer.question}", ""]
    if not answer.actors:
        lines.append("No statements found.")
    for g in answer.actors:
        lines.append(f"## {g.actor}")
        lines.append(f"_Stance (derived): {g.stance.summary}_")
        lines.append("")
        if not g.speakers:
            lines.append("No statements found.")
            lines.append("")
        for sp in g.speakers:
            role = f" ({sp.role})" if sp.role else ""
            lines.append(f"**{sp.speaker}**{role}")
            for st in sp.statements:
                cue = f" _{st.cue.text}_" if st.cue else ""
                src = st.title or st.outlet or ""
                src = f" · {src}" if src else ""
                lines.append(f"- {_when(st)}{cue}: {_quoted(st)} [{_cite(st)}{src}]")
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
.cue{color:#555}
"""


def _e(text: object) -> str:
    return html.escape("" if text is None else str(text), quote=True)


def article_href(st: StoredStatement, base: str = "/articles/") -> str:
    """Link to the article view, scrolled to this statement."""
    return f"{base}{quote(st.article_id, safe='')}#s{int(st.id)}"


def render_html_fragment(answer: Answer, *, link_base: str = "/articles/") -> str:
    """The answer as an HTML fragment (no page around it)."""
    out = [f'<section class="answer"><h1>{_e(answer.question)}</h1>']
    if not answer.actors:
        out.append("<p>No statements found.</p>")
    for g in answer.actors:
        out.append(f'<section class="actor"><h2>{_e(g.actor)}</h2>')
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
                    f'<q class="content {_e(st.kind)}">{_e(" ".join(st.content.text.split()))}'
                    f'</q> <a class="cite" href="{_e(article_href(st, link_base))}">'
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
