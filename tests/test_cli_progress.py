"""The ingest progress bar's total: counted cheaply where it is knowable."""

from __future__ import annotations

import json
from pathlib import Path

from saidwhat.cli.ingest import count_items


def test_count_items_counts_files_and_json_lines(tmp_path: Path) -> None:
    news = tmp_path / "news"
    (news / "deeper").mkdir(parents=True)
    (news / "a.txt").write_text("A\nThe mayor said it.")
    (news / "deeper" / "b.html").write_text("<p>x</p>")
    lines = [json.dumps({"text": f"The mayor said {n}."}) for n in range(5)]
    (news / "c.jsonl").write_text("\n".join(lines) + "\n\n")  # a blank line is no item
    (news / "notes.csv").write_text("not read")
    (news / ".hidden.txt").write_text("not read")
    assert count_items((str(news),)) == 1 + 1 + 5
    assert count_items((str(news / "a.txt"), str(tmp_path / "missing.txt"))) == 2
    empty = tmp_path / "empty"
    empty.mkdir()
    assert count_items((str(empty),)) == 1  # "no article files in the folder"


def test_count_items_does_not_guess_warc_records(tmp_path: Path) -> None:
    (tmp_path / "crawl.warc.gz").write_bytes(b"")
    (tmp_path / "a.txt").write_text("A")
    assert count_items((str(tmp_path),)) is None


def test_progress_bar_shows_total_eta_and_words_per_second() -> None:
    import io

    from tqdm import tqdm

    from saidwhat.cli.ingest import _Progress
    from saidwhat.model import Article, Skipped

    out = io.StringIO()
    bar = tqdm(total=3, file=out, disable=False, mininterval=0, desc="articles")
    progress = _Progress(bar)
    progress(Article.from_text("The mayor said that the budget would grow."))
    progress(Skipped("x.txt", "empty file"))
    progress(Article.from_text("The minister said no."))
    bar.close()
    shown = out.getvalue()
    assert "3/3" in shown and "<" in shown and "words/s" in shown
    assert progress.words == 8 + 4
