# Shenzhen cross-border trade facilitation dashboard — everyday commands. `make help` lists them.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PORT ?= 8501
N ?= 1000000
ENGINES ?= duckdb,postgresql
SESSIONS ?= 20
TRAINING_SESSIONS ?= 20000
RUNTIME_STAMP := $(VENV)/.runtime-installed
DEV_STAMP := $(VENV)/.dev-installed
NODE_STAMP := node_modules/.package-lock.json

.DEFAULT_GOAL := help
.PHONY: help setup demo run run-lan test lint bench clean-demo

help: ## list the commands
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-11s %s\n", $$1, $$2}'

$(RUNTIME_STAMP): requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --disable-pip-version-check -r requirements.txt
	touch $@

$(DEV_STAMP): $(RUNTIME_STAMP) requirements-dev.txt
	$(PY) -m pip install -q --disable-pip-version-check -r requirements-dev.txt
	touch $@

# Test-only JavaScript tools (axe-core for the accessibility tests), exactly as package-lock.json pins them.
$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

setup: $(DEV_STAMP) ## create .venv with every dependency

demo: $(RUNTIME_STAMP) ## build the demo store (var/dashboard.duckdb) if it is missing
	$(PY) -m loaders demo --if-missing

run: demo ## serve the dashboard on demo data at http://localhost:$(PORT)
	$(PY) -m streamlit run streamlit_app.py --server.port $(PORT)

run-lan: demo ## serve on every network interface at port $(PORT), for an audience on the same network (docs/deploying.md)
	$(PY) -m streamlit run streamlit_app.py --server.address 0.0.0.0 --server.port $(PORT)

test: $(DEV_STAMP) $(NODE_STAMP) ## run every test (DuckDB, PostgreSQL at 127.0.0.1:5432, headless Chromium)
	$(PY) -m pytest

lint: $(DEV_STAMP) ## ruff lint and format check, mypy type check (loaders/, dashboard/)
	$(PY) -m ruff check . && $(PY) -m ruff format --check . && $(PY) -m mypy

bench: $(DEV_STAMP) ## benchmark N declarations on DuckDB and PostgreSQL (default N=1000000; make bench N=10000000 SESSIONS=0)
	$(PY) -m tools.bench --rows $(N) --engines $(ENGINES) --sessions $(SESSIONS) --training-sessions $(TRAINING_SESSIONS)

clean-demo: ## delete the demo store so the next `make run` rebuilds it
	rm -f var/dashboard.duckdb
