# The README's commands. Everything installs into .venv; nothing else is needed.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install test lint typecheck validate summary load serve clean

install: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check kg api tests benchmarks

typecheck: install
	$(BIN)/mypy

test: lint typecheck
	$(BIN)/pytest

validate: install
	$(BIN)/kg validate

summary: install
	$(BIN)/kg summary

load: install
	$(BIN)/kg load data/

# Loads data/ first when the embedded store is missing or empty, then serves on :8000.
serve: install
	@$(BIN)/kg stats 2>/dev/null | head -1 | grep -qv '^0 triples' || $(BIN)/kg load data/
	$(BIN)/kg serve

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
