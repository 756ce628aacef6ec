#!/usr/bin/env bash
# Byte-comparable outputs of the whole pipeline, for changes that must not change
# behaviour (a refactor): run it before and after, and compare the md5 sums.
#   scripts/behaviour_snapshot.sh OUTDIR [SRC]
# SRC is the source tree to run (default: this checkout's src/).  Writes, from
# ../shared (evaluation data, never copied into the project):
#   na_statements.jsonl     newsattr dev ingested, `saidwhat statements --json`
#   answers.txt             the twelve newsattr questions, `saidwhat ask --json`
#   polnear_dev_pred.jsonl  `saidwhat extract` on PolNeAR dev
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=$1
SRC=${2:-$PWD/src}
SHARED=../shared/data
mkdir -p "$OUT"
rm -f "$OUT"/na.db*
run() { PYTHONPATH="$SRC" .venv/bin/python -m saidwhat "$@"; }
run ingest "$SHARED/newsattr/dev.jsonl" --db "$OUT/na.db" --quiet >/dev/null 2>&1 || true
run statements --db "$OUT/na.db" --json > "$OUT/na_statements.jsonl" 2>/dev/null
.venv/bin/python -c 'import json, sys; [print(q["question"]) for q in json.load(open(sys.argv[1]))["questions"]]' \
  "$SHARED/newsattr/questions.json" | while IFS= read -r question; do
  run ask "$question" --db "$OUT/na.db" --json 2>/dev/null || true
done > "$OUT/answers.txt"
run extract "$SHARED/polnear/dev.jsonl" --predictions "$OUT/polnear_dev_pred.jsonl" --quiet \
  >/dev/null 2>&1 || true
(cd "$OUT" && md5sum na_statements.jsonl answers.txt polnear_dev_pred.jsonl)
