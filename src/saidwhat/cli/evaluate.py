"""``saidwhat eval``: score saidwhat's statements against gold attributions (PolNeAR)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click

from saidwhat.cli.common import EXIT_SKIPPED, json_option, print_json


def _write_jsonl(path: str, rows: list[dict[str, Any]]) -> None:
    out = Path(path)
    if out.parent != Path(""):
        out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8") as handle:
        for row in rows:
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")


def _table(scores: Any) -> str:
    """The scores as a plain-text table: P/R/F1 overall, then recall per gold kind."""
    from saidwhat.evaluate.score import METRICS

    names = {m: m.replace("_", " ") for m in METRICS}
    lines = [f"{'':18}{'P':>7}{'R':>7}{'F1':>7}{'tp':>7}{'pred':>7}{'gold':>7}"]
    for m in METRICS:
        s = scores.overall[m]
        lines.append(f"{names[m]:18}{s.p:7.3f}{s.r:7.3f}{s.f1:7.3f}{s.tp:7d}{s.pred:7d}{s.gold:7d}")
    direct, indirect = scores.by_kind["direct"], scores.by_kind["indirect"]
    lines.append("")
    lines.append(
        f"{'recall by gold':18}{'direct':>10}{'indirect':>10}"
        f"   (gold: {direct['content_overlap'].gold} direct,"
        f" {indirect['content_overlap'].gold} indirect)"
    )
    for m in METRICS:
        lines.append(f"{names[m]:18}{direct[m].r:10.3f}{indirect[m].r:10.3f}")
    lines.append("(predictions carry no gold kind, so per kind there is recall only)")
    return "\n".join(lines)


def _show_errors(title: str, found: list[Any]) -> None:
    click.echo(f"\n{title} ({len(found)} shown)")
    for e in found:
        where = f"{e.article_id} [{e.span[0]}:{e.span[1]}]"
        extra = f"  best Jaccard {e.best_jaccard:.2f}"
        if e.is_direct is not None:
            extra += "  direct" if e.is_direct else "  indirect"
        click.echo(f"- {where}{extra}")
        click.echo(f"    content:  {e.content}")
        click.echo(f"    sentence: {e.sentence}")
        if e.type != "false_hit":
            click.echo(f"    gold source: {e.gold_source}")
        if e.type != "miss":
            click.echo(f"    predicted source: {e.pred_source}")


def _read_predictions(
    path: str, gold_records: list[dict[str, Any]]
) -> tuple[list[dict[str, Any]], list[str]]:
    """The predictions in PATH and the coverage warnings against the gold (echoed on stderr)."""
    from saidwhat.evaluate import read_jsonl_records
    from saidwhat.evaluate.checks import coverage_warnings

    predictions = read_jsonl_records(path)
    if not predictions:
        raise click.ClickException(f"{path}: no predictions in the file")
    warnings = coverage_warnings(gold_records, predictions)
    for w in warnings:
        click.echo(f"warning: {w}", err=True)
    return predictions, warnings


def _parse_gold(gold_records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Run the pipeline on the gold texts (a progress bar on stderr): one prediction an article."""
    from tqdm import tqdm

    from saidwhat.evaluate import iter_predictions
    from saidwhat.pipeline import Pipeline

    pipeline = Pipeline()
    return list(
        tqdm(
            iter_predictions(gold_records, pipeline), total=len(gold_records),
            desc="parsing", unit=" art", file=sys.stderr, disable=None, leave=False,
        )
    )  # fmt: skip


def _worst_errors(matches: Any, n_errors: int) -> dict[str, list[Any]]:
    """The first N_ERRORS misses, false hits and wrong sources (none when N_ERRORS is 0)."""
    from saidwhat.evaluate import errors

    found = errors(matches=matches) if n_errors else []
    return {
        kind: [e for e in found if e.type == kind][:n_errors]
        for kind in ("miss", "false_hit", "attribution")
    }


@click.command("eval")
@click.argument("gold", type=click.Path(exists=True, dir_okay=False, path_type=str))
@json_option
@click.option(
    "--errors",
    "n_errors",
    type=click.IntRange(min=0),
    default=0,
    metavar="N",
    help="Also show the N worst misses, N false hits and N wrong sources, with sentences.",
)
@click.option(
    "--predictions",
    "predictions_out",
    metavar="OUT.jsonl",
    default=None,
    help="Write the predictions (one JSON object an article) to this file.",
)
@click.option(
    "--pred",
    "predictions_in",
    metavar="PRED.jsonl",
    default=None,
    type=click.Path(exists=True, dir_okay=False, path_type=str),
    help="Score these predictions instead of running the pipeline.",
)
def eval_command(
    gold: str,
    as_json: bool,
    n_errors: int,
    predictions_out: str | None,
    predictions_in: str | None,
) -> None:
    """Score extracted statements against the gold attributions in GOLD.

    GOLD is JSON Lines in the PolNeAR format (one article a line: "id", "text",
    "attributions" with "content", "source", "is_direct" spans).  The pipeline parses
    each text (a progress bar shows on stderr) and its statements are scored:

    \b
      content overlap  gold and predicted content match at character Jaccard >= 0.5
      content exact    the matched texts are equal after trimming
      attribution      a match whose predicted source overlaps the gold source
    Micro P/R/F1 overall; recall for direct (quoted) and indirect gold.

    A file that is not gold (no "attributions"), not JSON Lines (plain text, one JSON
    document) or has a bad line is refused (exit 1).  With --pred, predictions that
    leave gold articles out (they score as finding nothing) or name articles the gold
    does not have are scored, with a warning on stderr and exit code 3.

    \b
    Examples:
      saidwhat eval ../shared/data/polnear/dev.jsonl
      saidwhat eval dev.jsonl --errors 20 --predictions out/dev-pred.jsonl
      saidwhat eval dev.jsonl --json
    """
    from saidwhat.evaluate import match_all, read_jsonl_records, score_matches
    from saidwhat.evaluate.checks import check_gold

    gold_records = read_jsonl_records(gold)
    check_gold(gold_records, gold)
    if predictions_in is not None:
        predictions, warnings = _read_predictions(predictions_in, gold_records)
    else:
        predictions, warnings = _parse_gold(gold_records), []
    if predictions_out is not None:
        _write_jsonl(predictions_out, predictions)
    matches = match_all(gold_records, predictions)
    scores = score_matches(matches)
    worst = _worst_errors(matches, n_errors)
    if as_json:
        out = scores.to_json()
        if n_errors:
            out["errors"] = {k: [e.to_json() for e in v] for k, v in worst.items()}
        print_json(out)
        if warnings:
            raise click.exceptions.Exit(EXIT_SKIPPED)
        return
    click.echo(f"{len(gold_records)} articles, gold {gold}")
    click.echo(_table(scores))
    if n_errors:
        _show_errors("Misses: gold content no prediction matches", worst["miss"])
        _show_errors("False hits: predictions that match no gold content", worst["false_hit"])
        _show_errors("Wrong sources: matched content, not the gold source", worst["attribution"])
    if warnings:
        click.echo(f"(scored with {len(warnings)} warning(s): see stderr)", err=True)
        raise click.exceptions.Exit(EXIT_SKIPPED)


COMMANDS = [eval_command]
