"""Evaluation: the library scorer against the reference score.py, the eval/extract CLI,
and the PolNeAR dev quality floor."""

from __future__ import annotations

import importlib.util
import json
from dataclasses import replace
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from click.testing import CliRunner

from saidwhat.cli import cli
from saidwhat.evaluate import errors, prediction_of, score_predictions, sentence_around
from saidwhat.evaluate.score import normalise_content, span_chars
from saidwhat.model import Span, Statement

REPO = Path(__file__).resolve().parent.parent
POLNEAR = REPO.parent / "shared" / "data" / "polnear"
REFERENCE = POLNEAR / "score.py"
DEV = POLNEAR / "dev.jsonl"
FLOOR = Path(__file__).resolve().parent / "quality_floor.json"

# -- three tiny made-up articles ---------------------------------------------------------

TEXT_A = (
    'Mayor Ann Lee said the bridge would reopen in May. "We are on schedule," she told '
    "reporters. Critics argue the budget is too small."
)
TEXT_B = 'The report, officials said, was "deeply flawed and late." Nobody claimed it was perfect.'
TEXT_C = "Officials warned of storms on Friday.\nThe river rose."


def at(text: str, piece: str, after: int = 0) -> list[int]:
    """``[start, end]`` of the first ``piece`` in ``text`` at or after ``after``."""
    start = text.index(piece, after)
    return [start, start + len(piece)]


def gold_attr(
    text: str, content: Any, source: str | None, cue: str | None, direct: bool
) -> dict[str, Any]:
    pieces = [at(text, c) for c in content] if isinstance(content, list) else [at(text, content)]
    return {
        "source": [at(text, source)] if source else [],
        "cue": [at(text, cue)] if cue else [],
        "content": pieces if content else [],
        "is_direct": direct,
    }


def quote(text: str, content: str, source: str | None) -> dict[str, Any]:
    return {
        "content": at(text, content),
        "source": at(text, source) if source else None,
        "cue": None,
    }


GOLD = [
    {
        "id": "a",
        "text": TEXT_A,
        "attributions": [
            gold_attr(TEXT_A, "the bridge would reopen in May", "Mayor Ann Lee", "said", False),
            gold_attr(TEXT_A, '"We are on schedule,"', "she", "told", True),
            gold_attr(TEXT_A, "the budget is too small", "Critics", "argue", False),
        ],
    },
    {
        "id": "b",
        "text": TEXT_B,
        "attributions": [
            # discontinuous, around the source and cue
            gold_attr(
                TEXT_B, ["The report", 'was "deeply flawed and late."'], "officials", "said", False
            ),
            # nested in the one above, no source
            gold_attr(TEXT_B, '"deeply flawed and late."', None, None, True),
            gold_attr(TEXT_B, "it was perfect", "Nobody", "claimed", False),
            gold_attr(TEXT_B, [], "Nobody", "claimed", False),  # no content: not counted
        ],
    },
    {
        "id": "c",
        "text": TEXT_C,
        "attributions": [gold_attr(TEXT_C, "of storms on Friday", "Officials", "warned", False)],
    },
]

PREDICTIONS = [
    {
        "id": "a",
        "quotes": [
            quote(TEXT_A, "the bridge would reopen in May.", "Ann Lee"),
            quote(TEXT_A, "We are on schedule", None),
            quote(TEXT_A, "Critics argue the budget", "Critics"),  # Jaccard 10/37: no match
            # same content as the first: ties go to the later prediction (no source)
            quote(TEXT_A, "the bridge would reopen in May.", None),
        ],
    },
    {
        "id": "b",
        "quotes": [
            quote(TEXT_B, 'The report, officials said, was "deeply flawed and late."', "officials"),
            quote(TEXT_B, "deeply flawed and late", None),  # Jaccard .88 nested, .56 outer
            {"content": [], "source": None, "cue": None},  # empty: not counted
        ],
    },
    # no line for "c": its gold is all missed
    {"id": "not-in-gold", "quotes": [{"content": [0, 5], "source": None, "cue": None}]},
]


def load_reference() -> ModuleType:
    if not REFERENCE.exists():
        pytest.skip(f"../shared/data/polnear/score.py not found: no {REFERENCE}")
    spec = importlib.util.spec_from_file_location("polnear_score", REFERENCE)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def write_jsonl(path: Path, rows: list[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


@pytest.fixture
def gold_file(tmp_path: Path) -> Path:
    return write_jsonl(tmp_path / "gold.jsonl", GOLD)


@pytest.fixture
def pred_file(tmp_path: Path) -> Path:
    return write_jsonl(tmp_path / "pred.jsonl", PREDICTIONS)


# -- the scorer, by hand -----------------------------------------------------------------


def test_hand_computed_scores() -> None:
    s = score_predictions(GOLD, PREDICTIONS)
    # 7 gold contents (2 direct), 6 predicted; 4 overlap pairs, 3 exact, 2 attributed
    assert (s.content_overlap.tp, s.content_overlap.pred, s.content_overlap.gold) == (4, 6, 7)
    assert (s.content_exact.tp, s.attribution.tp) == (3, 2)
    assert s.content_overlap.p == pytest.approx(4 / 6)
    assert s.content_overlap.r == pytest.approx(4 / 7)
    assert s.content_overlap.f1 == pytest.approx(8 / 13)
    assert s.content_exact.f1 == pytest.approx(6 / 13)
    assert s.attribution.f1 == pytest.approx(4 / 13)
    assert s.recall("direct") == 1.0
    assert s.recall("direct", "content_exact") == 1.0
    assert s.recall("direct", "attribution") == 0.5
    assert s.recall("indirect") == pytest.approx(2 / 5)
    assert s.recall("indirect", "content_exact") == pytest.approx(1 / 5)
    assert s.recall("indirect", "attribution") == pytest.approx(1 / 5)
    out = s.to_json()
    assert out["all"]["content_overlap"] == {
        "p": 0.6667, "r": 0.5714, "f1": 0.6154, "tp": 4, "pred": 6, "gold": 7,
    }  # fmt: skip
    assert out["direct"]["attribution"] == {"r": 0.5}


def test_perfect_and_empty_predictions() -> None:
    perfect = [
        {
            "id": g["id"],
            "quotes": [
                {"content": a["content"], "source": a["source"] or None} for a in g["attributions"]
            ],
        }
        for g in GOLD
    ]
    s = score_predictions(GOLD, perfect)
    assert (s.content_overlap.f1, s.content_exact.f1, s.attribution.f1) == (1.0, 1.0, 1.0)
    none = score_predictions(GOLD, [])
    assert none.content_overlap.to_json() == {
        "p": 0.0, "r": 0.0, "f1": 0.0, "tp": 0, "pred": 0, "gold": 7,
    }  # fmt: skip


def test_span_helpers() -> None:
    assert span_chars([2, 4]) == {2, 3}
    assert span_chars([[0, 1], [3, 5]]) == {0, 3, 4}
    assert span_chars(None) == frozenset()
    text = 'He said "that taxes, alas, rise."'
    assert normalise_content(text, [8, len(text)]) == "taxes, alas, rise"
    # as in the reference: quote marks after a leading "that" stay
    text = 'He said that "Taxes rise."'
    assert normalise_content(text, [8, len(text)]) == '"taxes rise'
    assert sentence_around(TEXT_A, *at(TEXT_A, "budget")) == (
        "Critics argue the budget is too small."
    )
    assert sentence_around(TEXT_C, 0, 5) == "Officials warned of storms on Friday."


def test_errors_list_misses_false_hits_and_sources() -> None:
    found = errors(GOLD, PREDICTIONS)
    by_type = {t: [e for e in found if e.type == t] for t in ("miss", "false_hit", "attribution")}
    assert sorted(e.content for e in by_type["miss"]) == [
        "it was perfect", "of storms on Friday", "the budget is too small",
    ]  # fmt: skip
    assert sorted(e.content for e in by_type["false_hit"]) == [
        "Critics argue the budget", "the bridge would reopen in May.",
    ]  # fmt: skip
    near = next(e for e in by_type["miss"] if e.content == "the budget is too small")
    assert near.best_jaccard == pytest.approx(10 / 37)
    assert near.sentence == "Critics argue the budget is too small."
    assert near.gold_source == "Critics"
    wrong = {(e.gold_source, e.pred_source) for e in by_type["attribution"]}
    assert wrong == {("Mayor Ann Lee", None), ("she", None)}
    # worst first: nothing near it before a near miss
    assert by_type["miss"][-1].content == "the budget is too small"


# -- the scorer against the reference ----------------------------------------------------


def test_same_numbers_as_reference(gold_file: Path, pred_file: Path) -> None:
    reference = load_reference()
    assert score_predictions(GOLD, PREDICTIONS).to_json() == reference.score(gold_file, pred_file)


def test_same_numbers_as_reference_variants(tmp_path: Path) -> None:
    """Shuffled and pruned predictions: still exactly the reference's numbers."""
    reference = load_reference()
    gold_file = write_jsonl(tmp_path / "gold.jsonl", GOLD)
    variants = [
        [{**p, "quotes": list(reversed(p["quotes"]))} for p in PREDICTIONS],
        [{**p, "quotes": p["quotes"][1:]} for p in PREDICTIONS],
        [{"id": "b", "quotes": PREDICTIONS[1]["quotes"] + PREDICTIONS[1]["quotes"]}],
    ]
    for n, variant in enumerate(variants):
        pred_file = write_jsonl(tmp_path / f"pred{n}.jsonl", variant)
        assert score_predictions(GOLD, variant).to_json() == reference.score(gold_file, pred_file)


# -- CLI ---------------------------------------------------------------------------------


def test_eval_json_from_predictions(gold_file: Path, pred_file: Path) -> None:
    result = CliRunner().invoke(cli, ["eval", str(gold_file), "--pred", str(pred_file), "--json"])
    # PREDICTIONS leave article c out and name one the gold lacks: scored, with warnings
    assert result.exit_code == 3, result.output
    assert "cover 2 of 3 gold articles" in result.stderr and "'not-in-gold'" in result.stderr
    out = json.loads(result.stdout)
    assert out == score_predictions(GOLD, PREDICTIONS).to_json()


def test_eval_table_and_errors(gold_file: Path, pred_file: Path) -> None:
    result = CliRunner().invoke(
        cli, ["eval", str(gold_file), "--pred", str(pred_file), "--errors", "1"]
    )
    assert result.exit_code == 3, result.output  # see test_eval_json_from_predictions
    assert "content overlap" in result.stdout and "0.615" in result.stdout
    assert "Misses" in result.stdout and "False hits" in result.stdout
    assert "sentence:" in result.stdout


@pytest.mark.model
def test_eval_json_runs_the_pipeline(gold_file: Path, tmp_path: Path) -> None:
    out_path = tmp_path / "out" / "pred.jsonl"
    result = CliRunner().invoke(
        cli, ["eval", str(gold_file), "--json", "--predictions", str(out_path)]
    )
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    assert set(out) == {"all", "direct", "indirect"}
    assert out["all"]["content_overlap"]["gold"] == 7
    written = [json.loads(line) for line in out_path.read_text().splitlines()]
    assert [p["id"] for p in written] == ["a", "b", "c"]
    assert out == score_predictions(GOLD, written).to_json()
    # the said-clause of article A is found
    assert out["all"]["content_overlap"]["tp"] >= 1


@pytest.mark.model
def test_extract_writes_ids_and_skips_bad_lines(tmp_path: Path) -> None:
    lines = [
        json.dumps({"id": "first", "text": TEXT_A}),
        "{not json",
        json.dumps({"text": TEXT_B}),  # no id: its line number
        json.dumps({"id": 7, "text": TEXT_C}),
        json.dumps({"id": "no-text"}),
    ]
    src = tmp_path / "articles.jsonl"
    src.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out_path = tmp_path / "pred.jsonl"
    result = CliRunner().invoke(cli, ["extract", str(src), "--predictions", str(out_path)])
    assert result.exit_code == 3, result.output
    assert "articles.jsonl:2" in result.stderr and "not valid JSON" in result.stderr
    assert 'no "text" field' in result.stderr
    rows = [json.loads(line) for line in out_path.read_text().splitlines()]
    assert [r["id"] for r in rows] == ["first", 3, 7]
    first = rows[0]["quotes"]
    assert first, "no statement found in article A"
    for q in first:
        s, e = q["content"]
        assert 0 <= s < e <= len(TEXT_A)
    assert any("bridge" in TEXT_A[q["content"][0] : q["content"][1]] for q in first)


@pytest.mark.model
def test_extract_clean_file_exits_zero(tmp_path: Path) -> None:
    src = write_jsonl(tmp_path / "ok.jsonl", [{"id": "x", "text": TEXT_A}])
    out_path = tmp_path / "pred.jsonl"
    result = CliRunner().invoke(
        cli, ["extract", str(src), "--predictions", str(out_path), "--json"]
    )
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert summary["articles"] == 1 and summary["skipped"] == []


def test_prediction_of_gives_a_split_quote_as_its_pieces() -> None:
    text = (
        '"The scale of the change is enormous," said Mara Olsen, a former commissioner '
        'with the state utilities board who now advises cities. "No grid was rebuilt '
        'this fast."'
    )
    first, second = at(text, '"The scale of the change is enormous,"'), at(text, '"No grid')
    second[1] = len(text)
    whole = Span(first[0], second[1], text[first[0] : second[1]])
    pieces = tuple(Span(a, b, text[a:b]) for a, b in (first, second))
    split = Statement(content=whole, kind="direct", pieces=pieces)
    assert prediction_of("x", [split])["quotes"][0]["content"] == [first, second]
    assert prediction_of("x", [replace(split, pieces=())])["quotes"][0]["content"] == [
        first[0],
        second[1],
    ]
    # PolNeAR gold for such a quote leaves the attribution out: the whole span, with
    # its long attribution between the pieces, is under half of it; the pieces match
    gold = [{"id": "x", "text": text, "attributions": [
        {"source": None, "cue": None, "content": [first, second], "is_direct": True}
    ]}]  # fmt: skip
    for st, tp in ((split, 1), (replace(split, pieces=()), 0)):
        scores = score_predictions(gold, [prediction_of("x", [st])])
        assert scores.content_overlap.tp == tp
        assert scores.content_exact.tp == tp


# -- PolNeAR dev quality floor -----------------------------------------------------------


@pytest.mark.model
@pytest.mark.polnear
def test_polnear_dev_above_floor() -> None:
    """Quality cannot silently regress: PolNeAR dev must score at least the kept floor."""
    if not DEV.exists():
        pytest.skip(f"PolNeAR dev not found at {DEV} (see ../shared/data/polnear/README.md)")
    from saidwhat.evaluate import predictions_for, read_jsonl_records
    from saidwhat.pipeline import Pipeline

    floor = json.loads(FLOOR.read_text(encoding="utf-8"))
    gold = read_jsonl_records(DEV)
    predictions = predictions_for(gold, Pipeline())
    scores = score_predictions(gold, predictions)
    overlap, attribution = scores.content_overlap.f1, scores.attribution.f1
    assert overlap >= floor["content_overlap_f1"], (
        f"content overlap F1 {overlap:.4f} below the floor {floor['content_overlap_f1']}"
    )
    assert attribution >= floor["attribution_f1"], (
        f"attribution F1 {attribution:.4f} below the floor {floor['attribution_f1']}"
    )
