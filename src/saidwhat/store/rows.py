"""Statement rows, shared by both backends: validation on the way in
(:func:`statement_values`, which checks every span against the article text and raises
:class:`StoreError`), records on the way out (:func:`stored_statement`), and the
statement queries both run (:data:`SELECT_STATEMENTS`, :func:`distinct_statements`)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from saidwhat.errors import StoreError
from saidwhat.model import Article, Span, Speaker, Statement, StoredStatement

SELECT_STATEMENTS = """
    SELECT s.id, s.article_id, s.content_start, s.content_end, s.content_text, s.kind,
           s.cue_start, s.cue_end, s.cue_text, s.source_start, s.source_end, s.source_text,
           s.confidence, s.attitude, sp.name, s.mention, sp.role, sp.organisation, sp.actor,
           a.date, a.outlet, a.title, a.url, a.language, s.sentence_start, s.sentence_end,
           substr(a.text, s.sentence_start + 1, s.sentence_end - s.sentence_start)
           AS sentence_text,
           s.content_pieces, s.actor_evidence, sp.person_id, s.canonical_id
    FROM statements s
    JOIN articles a ON a.id = s.article_id
    LEFT JOIN speakers sp ON sp.id = s.speaker_id
"""
"""The select list :func:`stored_statement` reads; the caller adds WHERE/ORDER BY."""

ORDER_STATEMENTS = " ORDER BY (a.date IS NULL), a.date, a.id, s.content_start, s.id"
"""Article order: by date (undated last), article id, position in the article."""

STATEMENT_FIELDS = 31
"""Columns of :data:`SELECT_STATEMENTS`."""


def distinct_statements(where: str) -> str:
    """A query for one statement per near-duplicate group among those ``where`` keeps.

    The kept one is the group's earliest matching statement (the canonical one when it
    matches); the rows come in article order.  ``where`` is a parameterised condition
    over ``s``, ``a`` and ``sp`` (or ``''``); the caller appends LIMIT.
    """
    inner = SELECT_STATEMENTS.replace(
        "s.canonical_id\n",
        "s.canonical_id,\n           row_number() OVER (PARTITION BY coalesce(s.canonical_id, s.id)"
        "\n             ORDER BY (a.date IS NULL), a.date, a.id, s.content_start, s.id)"
        " AS group_rank\n",
        1,
    )
    if where:
        inner += " WHERE " + where
    return (
        f"SELECT * FROM ({inner}) AS t WHERE t.group_rank = 1"
        " ORDER BY (t.date IS NULL), t.date, t.article_id, t.content_start, t.id"
    )


def also_in(rows: Sequence[Sequence[Any]], kept: Sequence[StoredStatement]) -> None:
    """Fill ``extra["also_in"]`` of each kept statement with the other members of its
    group, earliest first, from rows ``(id, group, article_id, outlet, date, url)``."""
    members: dict[int, list[dict[str, Any]]] = {}
    for sid, group, art_id, outlet, date, url in rows:
        members.setdefault(int(group), []).append(
            {
                "statement_id": int(sid),
                "article_id": art_id,
                "outlet": outlet,
                "date": date,
                "url": url,
            }
        )
    for st in kept:
        group = st.canonical_id if st.canonical_id is not None else st.id
        st.extra["also_in"] = [m for m in members.get(group, []) if m["statement_id"] != st.id]


ALSO_IN_SELECT = (
    "SELECT s.id, coalesce(s.canonical_id, s.id), s.article_id, a.outlet, a.date, a.url "
    "FROM statements s JOIN articles a ON a.id = s.article_id WHERE "
)
"""Members of groups: the caller adds ``s.canonical_id IN (..) OR s.id IN (..)``."""


def speaker_key(speaker: Speaker) -> tuple[str, str, str, str]:
    """The unique key of a speakers row: missing parts are ``''``."""
    return (
        speaker.name,
        speaker.role or "",
        speaker.organisation or "",
        speaker.actor or "",
    )


def _check_span(article: Article, span: Span | None, what: str, index: int) -> None:
    if span is None:
        return
    ok = (
        isinstance(span.start, int)
        and isinstance(span.end, int)
        and 0 <= span.start <= span.end <= len(article.text)
    )
    if not ok:
        raise StoreError(
            f"article {article.id}: statement {index}: {what} span "
            f"[{span.start}, {span.end}) is outside the article text "
            f"(0..{len(article.text)}); nothing of this article was stored"
        )
    if article.text[span.start : span.end] != span.text:
        raise StoreError(
            f"article {article.id}: statement {index}: {what} span "
            f"[{span.start}, {span.end}) text {span.text!r} does not match the article "
            f"text there; nothing of this article was stored"
        )


def statement_values(
    article: Article, statement: Statement, index: int, speaker_id: int | None
) -> dict[str, Any]:
    """Column values of one statements row; raises StoreError on an invalid span."""
    st = statement
    _check_span(article, st.content, "content", index)
    _check_span(article, st.cue, "cue", index)
    _check_span(article, st.source, "source", index)
    _check_span(article, st.sentence, "sentence", index)
    for piece in st.pieces:
        _check_span(article, piece, "content piece", index)
        if not st.content.start <= piece.start <= piece.end <= st.content.end:
            raise StoreError(
                f"article {article.id}: statement {index}: content piece "
                f"[{piece.start}, {piece.end}) lies outside its content "
                f"[{st.content.start}, {st.content.end}); nothing of this article was stored"
            )
    if st.speaker is not None:
        mention: str | None = st.speaker.mention
    else:
        mention = st.source.text if st.source is not None else None
    return {
        "article_id": article.id,
        "speaker_id": speaker_id,
        "mention": mention,
        "content_start": st.content.start,
        "content_end": st.content.end,
        "content_text": st.content.text,
        "content_pieces": json.dumps([p.to_list() for p in st.pieces]) if st.pieces else None,
        "cue_start": st.cue.start if st.cue else None,
        "cue_end": st.cue.end if st.cue else None,
        "cue_text": st.cue.text if st.cue else None,
        "source_start": st.source.start if st.source else None,
        "source_end": st.source.end if st.source else None,
        "source_text": st.source.text if st.source else None,
        "sentence_start": st.sentence.start if st.sentence else None,
        "sentence_end": st.sentence.end if st.sentence else None,
        "sentence_text": st.sentence.text if st.sentence else "",
        "kind": st.kind,
        "attitude": st.attitude,
        "confidence": float(st.confidence),
        "continues": bool(st.continues),
        "actor_evidence": st.speaker.actor_evidence if st.speaker and st.speaker.actor else None,
    }


STATEMENT_COLUMNS: tuple[str, ...] = (
    "article_id", "speaker_id", "mention",
    "content_start", "content_end", "content_text", "content_pieces",
    "cue_start", "cue_end", "cue_text",
    "source_start", "source_end", "source_text",
    "sentence_start", "sentence_end",
    "kind", "attitude", "confidence", "continues", "actor_evidence",
)  # fmt: skip
"""The statements columns written from :func:`statement_values` (in this order)."""


def _span(start: int | None, end: int | None, text: str | None) -> Span | None:
    if start is None or end is None or text is None:
        return None
    return Span(int(start), int(end), text)


def stored_statement(row: Sequence[Any]) -> StoredStatement:
    """A record from one row of :data:`SELECT_STATEMENTS`."""
    (
        sid, art_id, c_start, c_end, c_text, kind,
        cue_start, cue_end, cue_text, src_start, src_end, src_text,
        confidence, attitude, name, mention, role, organisation, actor,
        date, outlet, title, url, language, sent_start, sent_end, sent_text, pieces,
        actor_evidence, person_id, canonical_id,
    ) = row[:STATEMENT_FIELDS]  # fmt: skip
    return StoredStatement(
        id=int(sid),
        article_id=art_id,
        content=Span(int(c_start), int(c_end), c_text),
        kind=kind,
        cue=_span(cue_start, cue_end, cue_text),
        source=_span(src_start, src_end, src_text),
        confidence=float(confidence),
        attitude=attitude,
        speaker=name,
        speaker_mention=mention,
        role=role or None,
        organisation=organisation or None,
        actor=actor or None,
        date=date,
        outlet=outlet,
        title=title,
        url=url,
        language=language,
        sentence=_span(sent_start, sent_end, sent_text),
        canonical_id=int(canonical_id) if canonical_id is not None else None,
        pieces=_pieces(int(c_start), c_text, pieces),
        actor_evidence=actor_evidence if actor else None,
        person_id=int(person_id) if person_id is not None else None,
    )


def _pieces(start: int, text: str, stored: str | None) -> tuple[Span, ...]:
    """The content pieces stored as JSON offsets, with their text cut from the content."""
    if not stored:
        return ()
    return tuple(Span(a, b, text[a - start : b - start]) for a, b in json.loads(stored))
