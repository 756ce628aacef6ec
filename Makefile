# The two commands of the README's quick start:
#   make demo   set up, ingest the bundled example articles, answer the seed question
#   make test   set up, run the test suite
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
DB := out/demo.db

.PHONY: setup demo test lint bench eval

setup: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml scripts/setup.sh
	PY=$(PY) bash scripts/setup.sh
	touch $@

demo: setup
	mkdir -p out
	$(BIN)/saidwhat ingest examples/ --db $(DB)
	$(BIN)/saidwhat ask "What has the US and Europe said about the Russian military de-escalation?" --db $(DB)

test: setup
	bash scripts/services.sh
	$(BIN)/ruff check
	bash scripts/wheel_check.sh
	$(BIN)/pytest -q

lint: setup
	$(BIN)/ruff check

eval: setup
	$(BIN)/saidwhat eval ../shared/data/polnear/dev.jsonl

bench: setup
	$(BIN)/python bench/ingest_speed.py
