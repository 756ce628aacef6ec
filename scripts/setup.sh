#!/usr/bin/env bash
# Create .venv and install saidwhat with its pinned dependencies (and the dev tools).
set -euo pipefail
PY=${PY:-python3}
[ -x .venv/bin/python ] || "$PY" -m venv .venv
.venv/bin/pip install --quiet --upgrade pip
.venv/bin/pip install --quiet -e ".[dev]"
