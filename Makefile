# Two commands for a newcomer: `make run` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: run test lint typecheck install install-test model benchmark benchmark-ingest clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

install: $(BIN)/python
	$(BIN)/pip install --quiet -e .

install-test: $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test]'

# Create the database, a demo platform and an admin account if missing; serve on :8000, or
# on `make run PORT=9000` (HOST=... likewise). Only a PORT or HOST given to make counts: one
# in the environment (a PORT some other tool exported) does not move the service.
given = $(if $(filter command line,$(origin $(1))),$(if $($(1)),$(2) '$($(1))'))
run: install
	$(BIN)/lurewatch $(strip quickstart $(call given,HOST,--host) $(call given,PORT,--port))

lint: install-test
	$(BIN)/ruff check src tests benchmarks scripts
	$(BIN)/ruff format --check src tests benchmarks scripts

typecheck: install-test
	$(BIN)/mypy

test: install-test lint typecheck
	$(BIN)/pytest -q

# Retrain the shipped model on split=train (about 7 minutes on 2 cores).
model: install
	$(BIN)/lurewatch train --out src/lurewatch/models/default

# Re-measure on split=test and rewrite BENCHMARKS.md and its plots.
benchmark: install-test
	$(BIN)/lurewatch evaluate --split test --without-signals --out benchmarks/results-test-without-signals.json
	$(BIN)/lurewatch evaluate --split test --out benchmarks/results-test.json --plots docs/img --markdown BENCHMARKS.md --compare benchmarks/results-test-without-signals.json

# Re-measure HTTP ingest throughput and latency (SQLite and PostgreSQL) against the engine.
benchmark-ingest: install-test
	$(BIN)/python benchmarks/ingest.py --out benchmarks/results-ingest.json --markdown BENCHMARKS.md

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache .mypy_cache .ruff_cache
