# Two commands matter: `make run` (set up, migrate, seed the demo once, serve on :7071) and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
NODE_STAMP := node_modules/.installed
# checkov's pins conflict with the project's, so it gets a virtual environment of its own inside .venv.
CHECKOV_STAMP := $(VENV)/checkov/.installed
PORT ?= 7071

.PHONY: install run test test-sqlserver lint bench mutation clean pack-preview

install: $(STAMP) $(NODE_STAMP) $(CHECKOV_STAMP)

$(STAMP): requirements.txt requirements-dev.txt tools/system-deps.sh
	bash tools/system-deps.sh
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

$(CHECKOV_STAMP): requirements-checkov.txt $(STAMP)
	test -x $(VENV)/checkov/bin/python || $(PYTHON) -m venv $(VENV)/checkov
	$(VENV)/checkov/bin/pip install --quiet --disable-pip-version-check -r requirements-checkov.txt
	touch $@

$(NODE_STAMP): package.json package-lock.json $(STAMP)
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

run: install
	$(PY) -m shared.cli migrate
	$(PY) -m devhost.demo --port $(PORT)
	$(PY) -m devhost --port $(PORT)

test: install
	$(PY) -m pytest -n 2 --dist loadfile

# The whole suite again on a SQL Server of your own (README "SQL Server locally"): the API suite runs on both
# databases and tests/sqlserver runs at all. Needs ODBC Driver 18 (tools/install-odbc18.sh).
test-sqlserver: install
	@test -n "$$TEST_SQLSERVER_CONNECTION_STRING" || { echo "Set TEST_SQLSERVER_CONNECTION_STRING (README: SQL Server locally)." >&2; exit 2; }
	$(PY) -m pytest -n 2 --dist loadfile

lint: install
	$(PY) -m ruff check .
	$(PY) -m mypy .

# The demo's certificate packs as PDFs and PNG pages in .data/pack-preview/, to look at what a customer gets.
pack-preview: install
	$(PY) -m devhost.pack_preview .data/pack-preview

bench: install
	$(PY) -m bench

# Mutation testing of the core (mutmut), one package at a time; not part of `make test`. See docs/mutation-report.md.
mutation: install
	$(PY) tools/mutation.py $(TARGETS)

clean:
	rm -rf $(VENV) node_modules .data .pytest_cache .mypy_cache .ruff_cache .mutation
