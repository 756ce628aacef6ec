"""Evaluation: saidwhat's statements scored against gold attributions (PolNeAR format).

:func:`predictions_for` runs the pipeline over gold records and builds prediction dicts
``{"id", "quotes": [{"content": [s, e], "source": [s, e] | None, "cue": [s, e] | None}]}``;
:func:`score_predictions` scores them with the reference scorer's definitions and
:func:`errors` lists what went wrong, with the sentences around it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Any

from saidwhat.evaluate.score import (
    PRF,
    ArticleMatch,
    Error,
    Scores,
    errors,
    match_all,
    read_jsonl_records,
    score_matches,
    score_predictions,
    sentence_around,
)
from saidwhat.model import Statement

if TYPE_CHECKING:
    from saidwhat.pipeline import Pipeline

__all__ = [
    "PRF",
    "ArticleMatch",
    "Error",
    "Scores",
    "errors",
    "iter_predictions",
    "match_all",
    "prediction_of",
    "predictions_for",
    "read_jsonl_records",
    "score_matches",
    "score_predictions",
    "sentence_around",
]


def prediction_of(article_id: Any, statements: Iterable[Statement]) -> dict[str, Any]:
    """The prediction dict of one article's statements (offsets into its text)."""
    return {
        "id": article_id,
        "quotes": [
            {
                "content": [p.to_list() for p in st.pieces] if st.pieces else st.content.to_list(),
                "source": st.source.to_list() if st.source else None,
                "cue": st.cue.to_list() if st.cue else None,
                "kind": st.kind,
            }
            for st in statements
        ],
    }


def iter_predictions(
    records: Iterable[Mapping[str, Any]], pipeline: Pipeline
) -> Iterator[dict[str, Any]]:
    """Run ``pipeline`` over each record's ``text``; yield its prediction, in order."""
    records = list(records)
    texts = (r["text"] for r in records)
    for record, statements in zip(records, pipeline.analyse_texts(texts), strict=True):
        yield prediction_of(record["id"], statements)


def predictions_for(
    records: Iterable[Mapping[str, Any]], pipeline: Pipeline
) -> list[dict[str, Any]]:
    """The prediction dicts of gold records (see :func:`iter_predictions`)."""
    return list(iter_predictions(records, pipeline))
