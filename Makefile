# Binôme — the two commands a newcomer needs: `make demo` and `make test`.
SHELL := /bin/bash
.DEFAULT_GOAL := help

# Python 3.12 (pinned in .python-version); uv is installed in .tools/ and never downloads a Python.
PYTHON ?= $(shell command -v python3.12 2>/dev/null || pyenv which python3.12 2>/dev/null)
UV_VERSION := 0.13.9
UV := .tools/bin/uv
export UV_PYTHON_DOWNLOADS := never
export UV_PROJECT_ENVIRONMENT := .venv
MANAGE := .venv/bin/python -m binome
# The demo runs background tasks inline (no worker to start) and prints e-mails on the console.
DEMO_ENV := BINOME_DEBUG=1 BINOME_TASKS_IMMEDIATE=1
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/binome
HOST ?= 127.0.0.1:8000

.PHONY: help install demo run test test-fast lint fix lock vendor screenshots

help:
	@echo "make demo   installe, crée la base SQLite de démonstration, charge le Jura et démarre sur http://$(HOST)"
	@echo "make test   installe et lance toute la suite de tests (PostgreSQL sur 127.0.0.1:5432)"
	@echo "make lint   ruff check + ruff format --check ; make fix corrige"

$(UV):
	@test -n "$(PYTHON)" || { echo "Python 3.12 introuvable (voir .python-version)"; exit 1; }
	$(PYTHON) -m venv .tools
	.tools/bin/pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)

install: $(UV)
	$(UV) sync --frozen --python $(PYTHON)

demo: install
	@mkdir -p var
	$(DEMO_ENV) $(MANAGE) migrate --no-input
	$(DEMO_ENV) $(MANAGE) load_demo
	@echo
	@echo "Binôme démarre sur http://$(HOST)/ (Ctrl+C pour arrêter)"
	$(DEMO_ENV) $(MANAGE) runserver $(HOST)

run:
	$(DEMO_ENV) $(MANAGE) runserver $(HOST)

test: install
	DATABASE_URL=$(TEST_DATABASE_URL) .venv/bin/pytest

test-fast: install
	DATABASE_URL=$(TEST_DATABASE_URL) .venv/bin/pytest -m "not e2e"

lint: install
	.venv/bin/ruff check src tests bench
	.venv/bin/ruff format --check src tests bench
	BINOME_ALLOW_INSECURE_KEY=1 $(MANAGE) makemigrations --check --dry-run

fix: install
	.venv/bin/ruff check --fix src tests bench
	.venv/bin/ruff format src tests bench

lock: $(UV)
	$(UV) lock --python $(PYTHON)

# Re-vendor htmx from the npm registry (version 2; npm's latest is 4).
vendor:
	rm -rf .tools/npm && mkdir -p .tools/npm
	cd .tools/npm && npm pack --silent htmx.org@2 >/dev/null && tar xzf htmx.org-*.tgz
	cp .tools/npm/package/dist/htmx.min.js src/binome/static/vendor/htmx.min.js
	cp .tools/npm/package/LICENSE src/binome/static/vendor/htmx.LICENSE

screenshots: install
	$(DEMO_ENV) .venv/bin/python bench/screenshots.py
