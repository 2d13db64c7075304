# The README's commands. Everything installs into .venv; nothing else is needed.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install test soak lint typecheck validate summary load publish serve report-samples clean \
	bench bench-quick

install: $(STAMP)

# The npm SPARQL client and GraphQL-over-HTTP audit the endpoint tests run, the GraphiQL that
# /graphql serves and the YASGUI that /explore/sparql serves are installed from their lock files
# when npm is there (the tests fail, and the pages say, what to install when it is not).
$(STAMP): pyproject.toml tests/clients/package-lock.json api/static/graphiql/package-lock.json \
		api/static/yasgui/package-lock.json
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	if command -v npm >/dev/null 2>&1; then cd tests/clients && npm ci --no-audit --no-fund --silent; fi
	if command -v npm >/dev/null 2>&1; then cd api/static/graphiql && npm ci --no-audit --no-fund --silent; fi
	if command -v npm >/dev/null 2>&1; then cd api/static/yasgui && npm ci --no-audit --no-fund --silent; fi
	touch $(STAMP)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check kg api tests benchmarks

typecheck: install
	$(BIN)/mypy

test: lint typecheck
	$(BIN)/pytest

# The reliability suite's long form (tests/reliability/budget.py): longer attacks, 64 clients,
# more fuzzing examples and kill -9 runs; under 15 minutes. (The bad-input corpus has no long
# form: make test runs it whole.) Its figures go to test-output/reliability/, which
# docs/reliability.md quotes.
soak: install
	KG_SOAK=1 $(BIN)/pytest tests/reliability -p no:cacheprovider

validate: install
	$(BIN)/kg validate

summary: install
	$(BIN)/kg summary

load: install
	$(BIN)/kg load data/

# The benchmark suite (benchmarks/suite, docs/benchmarks.md): data/, 100k and 1M triples, with
# wrk, Oxigraph's server, rdflib-endpoint and Virtuoso; results in bench/results/. Options go
# through ARGS (`make bench ARGS="--sizes 100000,1000000,10000000 --repeats 50"`). GNU make takes
# `make bench --quick` as an option of its own and refuses it ("unrecognized option"): the quick
# run is `make bench-quick` or `make bench ARGS=--quick`.
BENCH_STAMP := $(VENV)/.installed-bench

$(BENCH_STAMP): $(STAMP) pyproject.toml
	$(BIN)/pip install --quiet -e '.[dev,bench]'
	touch $(BENCH_STAMP)

bench: $(BENCH_STAMP)
	$(BIN)/kg bench $(ARGS)

bench-quick: $(BENCH_STAMP)
	$(BIN)/kg bench --quick $(ARGS)

# Writes the dumps, the catalogue, VoID and the vocabulary docs into KG_PUBLISH_DIR (.kg/publish).
publish: install
	$(BIN)/kg publish

# Loads data/ first when the embedded store is missing or empty, publishes, then serves on :8000.
serve: install
	@$(BIN)/kg stats 2>/dev/null | head -1 | grep -qv '^0 triples' || $(BIN)/kg load data/
	$(BIN)/kg publish
	$(BIN)/kg serve

# The sample reports in docs/report/ (HTML and PDF, both regions' consultations), drafted from
# a store holding exactly data/; tests/report/test_samples.py fails when they are out of date.
REPORT_STORE := .kg/report-samples-store
report-samples: install
	rm -rf $(REPORT_STORE)
	$(BIN)/kg load data/ --store $(REPORT_STORE) >/dev/null
	for c in region-uppsala-rs2026-00072 region-stockholm-rs-2025-0671; do \
		for f in html pdf; do \
			$(BIN)/kg report --store $(REPORT_STORE) --consultation consultation:$$c --format $$f \
				--out docs/report/remissammanstallning-$$c.$$f || exit 1; \
		done; \
	done
	rm -rf $(REPORT_STORE)

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
