# Onramp: `make demo` runs the demo, `make test` runs every test. See README.md.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
ONRAMP := $(VENV)/bin/onramp
# Any Python 3.12+: on PATH, or in pyenv's versions folder.
PYTHON ?= $(shell for p in python3.13 python3.12 python3 $$(ls -d $${PYENV_ROOT:-$$HOME/.pyenv}/versions/3.1[2-9]*/bin/python3 2>/dev/null | sort -r); do \
	command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null && { command -v $$p; break; }; done)
# The PostgreSQL used by the second test run: TEST_DATABASE_URL, else the local server.
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/onramp

.PHONY: setup demo serve test test-sqlite test-postgres lint bench load-test clean

$(VENV)/.installed: pyproject.toml
	@test -n "$(PYTHON)" || { echo "Onramp needs Python 3.12 or newer: none found on PATH or under pyenv."; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

setup: $(VENV)/.installed node_modules/.installed
	$(ONRAMP) collectstatic --no-input --verbosity 0
	$(ONRAMP) setup

demo: setup
	$(ONRAMP) demo

serve: setup
	$(ONRAMP) serve

test: $(VENV)/.installed node_modules/.installed
	$(MAKE) test-sqlite
	$(MAKE) test-postgres

# Tests run in parallel, one worker per core (TEST_WORKERS=0 runs them in one process).
TEST_WORKERS ?= auto
test-sqlite:
	env -u DATABASE_URL $(VENV)/bin/pytest -n $(TEST_WORKERS) $(PYTEST_ARGS)

# Skipped with a message when no PostgreSQL answers, unless REQUIRE_POSTGRES=1 (as in CI).
test-postgres:
	@if $(PY) -c "import psycopg, sys; psycopg.connect('$(TEST_DATABASE_URL)'.rsplit('/', 1)[0] + '/postgres', connect_timeout=3).close()" 2>/dev/null; then \
		DATABASE_URL=$(TEST_DATABASE_URL) $(VENV)/bin/pytest -n $(TEST_WORKERS) $(PYTEST_ARGS); \
	elif [ "$(REQUIRE_POSTGRES)" = "1" ]; then \
		echo "PostgreSQL is required (REQUIRE_POSTGRES=1) but none answers at $(TEST_DATABASE_URL)."; exit 1; \
	else \
		echo "No PostgreSQL answers at $(TEST_DATABASE_URL): the PostgreSQL run is skipped."; \
	fi

# Benchmarks (docs/scaling.md): synthetic programmes of each size on each engine, cached under var/bench and in
# PostgreSQL databases named onramp_bench_*; results in bench/results.json and bench/results.md.
BENCH_SIZES ?= 1000,100000,1000000
BENCH_ENGINES ?= postgresql,sqlite
BENCH_LOAD_SECONDS ?= 600
bench: $(VENV)/.installed node_modules/.installed
	$(PY) bench/run.py --sizes $(BENCH_SIZES) --engines $(BENCH_ENGINES) --load-seconds $(BENCH_LOAD_SECONDS)

# The 60-second load test (CI): 50 users on loopback against 2,000 synthetic young people; fails on any error.
load-test: $(VENV)/.installed node_modules/.installed
	$(PY) bench/run.py --load-only --sizes 2000 --engines postgresql --load-seconds 60 --out var/bench/load-test.json

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy onramp
	$(VENV)/bin/lint-imports --no-cache

clean:
	rm -rf $(VENV) node_modules staticfiles .pytest_cache .mypy_cache .ruff_cache
