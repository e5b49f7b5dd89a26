# Helhet: `make run` serves the demo municipality, `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
export DJANGO_SETTINGS_MODULE ?= helhet.config.settings

.PHONY: install messages run demo test test-browser fuzz lint bench bench-load bench-scale bench-pages clean

install: $(VENV)/.installed messages

# The translations (nynorsk for the citizen's door): only the .po is committed, the .mo is compiled here
# (GNU gettext's msgfmt), so every target that serves or tests pages has it.
MO := $(patsubst %.po,%.mo,$(wildcard src/helhet/locale/*/LC_MESSAGES/django.po))
messages: $(MO)

%.mo: %.po
	msgfmt --check -o $@ $<

$(VENV)/.installed: requirements.lock pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $@

run: install
	$(BIN)/helhet migrate --no-input
	$(BIN)/helhet demo
	$(BIN)/helhet runserver $(HOST):$(PORT)

demo: install
	$(BIN)/helhet migrate --no-input
	$(BIN)/helhet demo

# The whole suite; browser journeys run when Debian's chromium is installed (skipped, and said so, if not).
# TEST_ARGS narrows it, e.g. make test TEST_ARGS='-m "not browser"'.
# XDIST spreads tests over the cores (pytest-xdist; worksteal, so a long test at the end does not leave a core idle); XDIST= runs them in one process.
XDIST ?= -n auto --dist worksteal

test: install
	$(BIN)/python -m pytest $(XDIST) $(TEST_ARGS)

# Measured on two cores: three workers were no faster than two (Chromium and the live server share the CPU).
BROWSER_XDIST ?= $(XDIST)

test-browser: install
	HELHET_REQUIRE_BROWSER=1 $(BIN)/python -m pytest $(BROWSER_XDIST) -m browser

# Schemathesis against /api/v1's OpenAPI on SQLite with the demo municipality (about two minutes, fixed cases):
# no server errors, no undocumented status codes.
fuzz: install
	$(BIN)/python -m pytest -m fuzz tests/fuzz

lint: install
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/lint-imports
	$(BIN)/mypy

bench: install
	$(BIN)/python bench/demo_load.py $(BENCH_ARGS)

# Load test (locust from its own venv) against gunicorn on PostgreSQL; BENCH_DATABASE_URL picks the database.
bench-load: install
	PY=$(abspath $(BIN))/python bash bench/load.sh

# Scale generator (bench/scale.py): Oslo's size with ten years of history on PostgreSQL, by COPY; SCALE=0.01 is quick.
# BENCH_DATABASE_URL names a bench database of its own (migrated and given the demo first if it has none).
SCALE ?= 1
SEED ?= 14
bench-scale: install
	DATABASE_URL=$(BENCH_DATABASE_URL) $(BIN)/python bench/scale.py --scale $(SCALE) --seed $(SEED)

# Every staff page and API list on a scale database (bench/pages_at_scale.py): p50/p95 beside the SQL time, as a
# Markdown table, the EXPLAIN of each page's slowest query in bench/explain/, then the exports' peak memory.
# The pages' writes are rolled back, so a shared scale database stays as generated. PAGES_ARGS='--only saker'.
REPEAT ?= 20
bench-pages: install
	DATABASE_URL=$(BENCH_DATABASE_URL) $(BIN)/python bench/pages_at_scale.py --repeat $(REPEAT) --markdown --explain bench/explain $(PAGES_ARGS)
	DATABASE_URL=$(BENCH_DATABASE_URL) $(BIN)/python bench/pages_at_scale.py --memory --markdown $(PAGES_ARGS)

clean:
	rm -rf $(VENV) data/*.sqlite3
