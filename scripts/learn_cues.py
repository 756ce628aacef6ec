#!/usr/bin/env python3
"""Learn the cue lexicon from PolNeAR train: ``src/saidwhat/extract/data/cues.json``.

For every lemma (verbs, nouns and adjectives alike) the script counts how often a token
with that lemma and part of speech occurs in the train articles and how often it lies
inside an annotated cue span.  Lemmas that are cues often enough (count and rate
thresholds below) go into the lexicon with their rate, which the extractor uses as a
prior for its confidence.  Reproduce with::

    .venv/bin/python scripts/learn_cues.py ../shared/data/polnear/train.jsonl

Data: PolNeAR v1.0.0 train split (Newell, Margolin and Ruths, LREC 2018), read from
``../shared``; no text of it is stored, only lemma counts.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path

from saidwhat.extract.nlp import load_nlp

OUT = Path(__file__).resolve().parents[1] / "src/saidwhat/extract/data/cues.json"
MIN_CUE_COUNT = 4
MIN_RATE = 0.18


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("train", type=Path)
    ap.add_argument("--limit", type=int, default=0, help="read only the first N articles")
    args = ap.parse_args()
    nlp = load_nlp()
    rows = [json.loads(line) for line in args.train.open(encoding="utf-8")]
    if args.limit:
        rows = rows[: args.limit]
    total: Counter[tuple[str, str]] = Counter()
    as_cue: Counter[tuple[str, str]] = Counter()
    texts = (r["text"] for r in rows)
    for row, doc in zip(rows, nlp.pipe(texts, batch_size=32, disable=["ner"]), strict=True):
        cue_chars: set[int] = set()
        for a in row["attributions"]:
            for s, e in a["cue"] or []:
                cue_chars.update(range(s, e))
        for tok in doc:
            if tok.pos_ not in ("VERB", "NOUN", "ADJ", "AUX"):
                continue
            key = (tok.lemma_.lower(), "VERB" if tok.pos_ == "AUX" else tok.pos_)
            total[key] += 1
            if tok.idx in cue_chars:
                as_cue[key] += 1
    lexicon = {}
    for key, n in as_cue.items():
        rate = n / total[key]
        if n >= MIN_CUE_COUNT and rate >= MIN_RATE:
            lexicon[f"{key[0]}/{key[1]}"] = {"rate": round(rate, 3), "count": n}
    data = {
        "source": f"PolNeAR v1.0.0 train ({len(rows)} articles), scripts/learn_cues.py",
        "thresholds": {"min_count": MIN_CUE_COUNT, "min_rate": MIN_RATE},
        "cues": dict(sorted(lexicon.items(), key=lambda kv: -kv[1]["count"])),
    }
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
    print(f"{OUT}: {len(lexicon)} cue lemmas")


if __name__ == "__main__":
    main()
