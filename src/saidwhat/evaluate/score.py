"""Scoring predicted statements against PolNeAR-style gold records.

The definitions are those of the reference scorer ``../shared/data/polnear/score.py``:

- **content overlap**: a gold and a predicted content match when their character
  Jaccard is at least 0.5; pairs are made 1-to-1, greedily, best Jaccard first.
- **content exact**: a matched pair whose two texts are equal after trimming spaces,
  quote marks and punctuation at both ends and a leading "that", case folded.
- **attribution**: a matched pair whose predicted source shares a character with the
  gold source, or where neither has a source.

Micro P/R/F1 over all gold and predicted contents; recall alone for direct gold
(content in quotation marks) and indirect gold.  Spans are ``[start, end]`` or a list
of such pieces (a discontinuous span).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from saidwhat.errors import InputError
from saidwhat.overlap import jaccard

__all__ = [
    "JACCARD_MIN",
    "ArticleMatch",
    "Error",
    "PRF",
    "Scores",
    "errors",
    "match_article",
    "match_all",
    "normalise_content",
    "read_jsonl_records",
    "score_matches",
    "score_predictions",
    "sentence_around",
    "span_chars",
    "span_pieces",
]

JACCARD_MIN = 0.5
"""Least character Jaccard for a gold and a predicted content to match."""

GoldKind = Literal["direct", "indirect"]
Record = Mapping[str, Any]

_TRIM = re.compile(r"^[\s\"“”'‘’,.;:]*(that\s+)?|[\s\"“”'‘’,.;:]*$", re.IGNORECASE)


def span_pieces(span: Any) -> list[tuple[int, int]]:
    """The pieces of a span given as ``[s, e]``, ``[[s, e], ...]`` or nothing."""
    if not span:
        return []
    if isinstance(span[0], int):
        return [(span[0], span[1])]
    return [(piece[0], piece[1]) for piece in span]


def span_chars(span: Any) -> frozenset[int]:
    """The character offsets a span covers."""
    covered: set[int] = set()
    for start, end in span_pieces(span):
        covered.update(range(start, end))
    return frozenset(covered)


def normalise_content(text: str, span: Any) -> str:
    """A content's text as compared for exact match (pieces joined by a space)."""
    joined = " ".join(text[start:end] for start, end in span_pieces(span))
    return _TRIM.sub("", joined).strip().lower()


def _ratio(num: int, den: int) -> float:
    return num / den if den else 0.0


@dataclass(frozen=True, slots=True)
class PRF:
    """Micro precision, recall and F1 from counts (unrounded)."""

    tp: int
    pred: int
    gold: int

    @property
    def p(self) -> float:
        return _ratio(self.tp, self.pred)

    @property
    def r(self) -> float:
        return _ratio(self.tp, self.gold)

    @property
    def f1(self) -> float:
        p, r = self.p, self.r
        return 2 * p * r / (p + r) if p + r else 0.0

    def to_json(self) -> dict[str, Any]:
        """The reference's shape: rates rounded to 4 places, with the counts."""
        return {
            "p": round(self.p, 4),
            "r": round(self.r, 4),
            "f1": round(self.f1, 4),
            "tp": self.tp,
            "pred": self.pred,
            "gold": self.gold,
        }


METRICS = ("content_overlap", "content_exact", "attribution")
"""The three metrics, in the reference's order."""


@dataclass(frozen=True, slots=True)
class Scores:
    """Counts for every metric overall and per gold kind; rates are derived."""

    overall: dict[str, PRF]
    """Metric name → P/R/F1 over all gold and predicted contents."""
    by_kind: dict[GoldKind, dict[str, PRF]]
    """Gold kind → metric → counts; only recall is meaningful (predictions have no kind)."""

    @property
    def content_overlap(self) -> PRF:
        return self.overall["content_overlap"]

    @property
    def content_exact(self) -> PRF:
        return self.overall["content_exact"]

    @property
    def attribution(self) -> PRF:
        return self.overall["attribution"]

    def recall(self, kind: GoldKind, metric: str = "content_overlap") -> float:
        return self.by_kind[kind][metric].r

    def to_json(self) -> dict[str, Any]:
        """Exactly the object ``score.py --json`` prints."""
        out: dict[str, Any] = {"all": {m: self.overall[m].to_json() for m in METRICS}}
        for kind, metrics in self.by_kind.items():
            out[kind] = {m: {"r": round(metrics[m].r, 4)} for m in METRICS}
        return out


@dataclass(frozen=True, slots=True)
class Item:
    """One gold attribution or predicted quote with its content's characters."""

    index: int
    record: Record
    chars: frozenset[int]


@dataclass(frozen=True, slots=True)
class Pair:
    """A content-overlap match between gold item ``gold`` and predicted item ``pred``."""

    gold: Item
    pred: Item
    jaccard: float
    exact: bool
    attributed: bool


@dataclass(slots=True)
class ArticleMatch:
    """The gold and predicted contents of one article and the pairs matched between them."""

    id: Any
    text: str
    gold: list[Item]
    pred: list[Item]
    pairs: list[Pair] = field(default_factory=list)

    def gold_kind(self, item: Item) -> GoldKind:
        return "direct" if item.record.get("is_direct") else "indirect"


def match_article(gold: Record, prediction: Record | None) -> ArticleMatch:
    """Pair the contents of one gold article with those of its prediction."""
    text: str = gold["text"]
    gold_items = [
        Item(i, a, span_chars(a["content"]))
        for i, a in enumerate(a for a in gold.get("attributions", []) if a.get("content"))
    ]
    quotes = (prediction or {}).get("quotes") or []
    pred_items = [
        Item(j, q, span_chars(q["content"]))
        for j, q in enumerate(q for q in quotes if q.get("content"))
    ]
    candidates = [
        (jac, g.index, p.index)
        for g in gold_items
        for p in pred_items
        if (jac := jaccard(g.chars, p.chars)) >= JACCARD_MIN
    ]
    match = ArticleMatch(gold.get("id"), text, gold_items, pred_items)
    used_gold: set[int] = set()
    used_pred: set[int] = set()
    # Best Jaccard first; ties go to the later gold, then the later prediction.
    for jac, i, j in sorted(candidates, reverse=True):
        if i in used_gold or j in used_pred:
            continue
        used_gold.add(i)
        used_pred.add(j)
        g, p = gold_items[i], pred_items[j]
        exact = normalise_content(text, g.record["content"]) == normalise_content(
            text, p.record["content"]
        )
        gold_source = span_chars(g.record.get("source"))
        pred_source = span_chars(p.record.get("source"))
        attributed = bool(gold_source & pred_source) or not (gold_source or pred_source)
        match.pairs.append(Pair(g, p, jac, exact, attributed))
    return match


def match_all(gold_records: Iterable[Record], predictions: Iterable[Record]) -> list[ArticleMatch]:
    """Match every gold article with the prediction of the same id (none: no quotes).

    As in the reference, a later record with the same id replaces an earlier one and
    predictions for ids not in the gold are ignored.
    """
    gold_by_id = {g["id"]: g for g in gold_records}
    pred_by_id = {p["id"]: p for p in predictions}
    return [match_article(g, pred_by_id.get(gid)) for gid, g in gold_by_id.items()]


def score_matches(matches: Iterable[ArticleMatch]) -> Scores:
    """Micro scores over matched articles."""
    n_pred = 0
    gold_count = {"all": 0, "direct": 0, "indirect": 0}
    tp = {k: dict.fromkeys(METRICS, 0) for k in gold_count}
    for match in matches:
        n_pred += len(match.pred)
        for item in match.gold:
            gold_count["all"] += 1
            gold_count[match.gold_kind(item)] += 1
        for pair in match.pairs:
            for key in ("all", match.gold_kind(pair.gold)):
                tp[key]["content_overlap"] += 1
                tp[key]["content_exact"] += pair.exact
                tp[key]["attribution"] += pair.attributed
    overall = {m: PRF(tp["all"][m], n_pred, gold_count["all"]) for m in METRICS}
    by_kind: dict[GoldKind, dict[str, PRF]] = {
        kind: {m: PRF(tp[kind][m], 0, gold_count[kind]) for m in METRICS}
        for kind in ("direct", "indirect")
    }
    return Scores(overall, by_kind)


def score_predictions(gold_records: Iterable[Record], predictions: Iterable[Record]) -> Scores:
    """Score prediction dicts against gold records (both as read from JSON Lines)."""
    return score_matches(match_all(gold_records, predictions))


# -- error listing ----------------------------------------------------------------------

ErrorType = Literal["miss", "false_hit", "attribution"]

_BOUNDARY = re.compile(r"[.\n]")
MAX_SENTENCE_CHARS = 600


def sentence_around(text: str, start: int, end: int) -> str:
    """The text from the ``.`` or newline before ``start`` to the one after ``end``."""
    left = max(text.rfind(".", 0, start), text.rfind("\n", 0, start)) + 1
    after = _BOUNDARY.search(text, max(end, left))
    right = after.end() if after else len(text)
    sentence = " ".join(text[left:right].split())
    if len(sentence) > MAX_SENTENCE_CHARS:
        sentence = sentence[: MAX_SENTENCE_CHARS - 1] + "…"
    return sentence


def _span_text(text: str, span: Any) -> str | None:
    pieces = span_pieces(span)
    return " … ".join(text[s:e] for s, e in pieces) if pieces else None


def _bounds(span: Any) -> tuple[int, int]:
    pieces = span_pieces(span)
    return min(s for s, _ in pieces), max(e for _, e in pieces)


@dataclass(frozen=True, slots=True)
class Error:
    """One scoring error: a missed gold content, a false hit, or a wrong source.

    ``best_jaccard`` is the best Jaccard of the content with any content on the other
    side (0.0: nothing near it); for an attribution error, that of the pair.
    """

    type: ErrorType
    article_id: Any
    content: str
    span: tuple[int, int]
    sentence: str
    best_jaccard: float
    is_direct: bool | None = None
    gold_source: str | None = None
    pred_source: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "type": self.type,
            "article_id": self.article_id,
            "content": self.content,
            "span": list(self.span),
            "sentence": self.sentence,
            "best_jaccard": round(self.best_jaccard, 4),
            "is_direct": self.is_direct,
            "gold_source": self.gold_source,
            "pred_source": self.pred_source,
        }


def _error(
    type_: ErrorType, match: ArticleMatch, record: Record, best: float, **extra: Any
) -> Error:
    start, end = _bounds(record["content"])
    return Error(
        type=type_,
        article_id=match.id,
        content=_span_text(match.text, record["content"]) or "",
        span=(start, end),
        sentence=sentence_around(match.text, start, end),
        best_jaccard=best,
        **extra,
    )


def _article_errors(match: ArticleMatch) -> Iterator[Error]:
    matched_gold = {pair.gold.index for pair in match.pairs}
    matched_pred = {pair.pred.index for pair in match.pairs}
    text = match.text
    for g in match.gold:
        if g.index not in matched_gold:
            best = max((jaccard(g.chars, p.chars) for p in match.pred), default=0.0)
            yield _error(
                "miss", match, g.record, best,
                is_direct=bool(g.record.get("is_direct")),
                gold_source=_span_text(text, g.record.get("source")),
            )  # fmt: skip
    for p in match.pred:
        if p.index not in matched_pred:
            best = max((jaccard(p.chars, g.chars) for g in match.gold), default=0.0)
            yield _error(
                "false_hit", match, p.record, best,
                pred_source=_span_text(text, p.record.get("source")),
            )  # fmt: skip
    for pair in match.pairs:
        if not pair.attributed:
            yield _error(
                "attribution", match, pair.gold.record, pair.jaccard,
                is_direct=bool(pair.gold.record.get("is_direct")),
                gold_source=_span_text(text, pair.gold.record.get("source")),
                pred_source=_span_text(text, pair.pred.record.get("source")),
            )  # fmt: skip


def errors(
    gold_records: Iterable[Record] | None = None,
    predictions: Iterable[Record] | None = None,
    *,
    matches: Sequence[ArticleMatch] | None = None,
) -> list[Error]:
    """Every miss, false hit and attribution error, worst first within each type.

    Worst: nothing near it on the other side (lowest best Jaccard), then the longest.
    Pass ``matches`` (from :func:`match_all`) to avoid matching twice.
    """
    if matches is None:
        if gold_records is None or predictions is None:
            raise TypeError("errors() needs gold_records and predictions, or matches")
        matches = match_all(gold_records, predictions)
    found = [e for m in matches for e in _article_errors(m)]
    order = {"miss": 0, "false_hit": 1, "attribution": 2}
    found.sort(key=lambda e: (order[e.type], e.best_jaccard, -(e.span[1] - e.span[0])))
    return found


# -- files ------------------------------------------------------------------------------


def read_jsonl_records(path: str | Path) -> list[dict[str, Any]]:
    """The objects of a JSON Lines file (gold or predictions); blank lines are passed over.

    Raises :class:`InputError` naming the line when one is not a JSON object with an id,
    and naming the file when it is not JSON Lines at all (plain text, one JSON document).
    """
    from saidwhat.evaluate.checks import jsonl_shape_error

    if Path(path).is_file() and (why := jsonl_shape_error(path)) is not None:
        raise InputError(str(path), why)
    records: list[dict[str, Any]] = []
    try:
        with Path(path).open(encoding="utf-8") as handle:
            for line_no, line in enumerate(handle, 1):
                if not line.strip():
                    continue
                where = f"{path}:{line_no}"
                try:
                    record = json.loads(line)
                except json.JSONDecodeError as exc:
                    raise InputError(where, f"not valid JSON ({exc.msg})") from None
                if not isinstance(record, dict) or "id" not in record:
                    raise InputError(where, 'not a JSON object with an "id"')
                records.append(record)
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(str(path), f"cannot read the file: {exc}") from None
    return records
