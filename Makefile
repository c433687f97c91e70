# sspcollect: the Safer School Partnerships data collection.
#
#   make run    install what serving needs, load the demo and serve on http://127.0.0.1:5000
#   make test   install the test tools too, and run every test
#
# `make help` lists all the targets. Set-up steps leave stamp files behind, so a second
# run does not reinstall anything unless pyproject.toml or package-lock.json changed.

SHELL := bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 5000
CHROMIUM ?= /usr/bin/chromium
# Extra pytest arguments, for example: make test PYTEST_ARGS="-k sign_in -x"
PYTEST_ARGS ?=

# uv installs the Python packages at the versions in uv.lock: from its cache in seconds, where
# pip takes a minute. It tries the cache alone first, and goes to PyPI only for what is not
# there. pip installs uv itself, at the version pyproject.toml pins (its `setup` group).
UV_VERSION := $(shell sed -n 's/^setup = \["uv==\([0-9.]*\)"\]/\1/p' pyproject.toml)
UV_STAMP := $(VENV)/.installed-uv-$(UV_VERSION)
UV_SYNC = UV_PROJECT_ENVIRONMENT=$(VENV) $(BIN)/uv sync --frozen --inexact
uv_sync = $(UV_SYNC) --offline $(1) 2>/dev/null || { \
	  echo "Not all of it is in uv's cache: downloading from PyPI"; $(UV_SYNC) $(1); }
# Serving needs the package and GOV.UK Frontend; the tests also need the test tools and axe-core.
SERVE_STAMP := $(VENV)/.installed-serve
TEST_STAMP := $(VENV)/.installed-test
NODE_STAMP := node_modules/.installed-serve
NODE_TEST_STAMP := node_modules/.installed-test
# Links in development emails point at the address `make run` serves on.
LINK_HOST := $(if $(filter 0.0.0.0 ::,$(HOST)),127.0.0.1,$(HOST))
DEV_DATABASE := instance/sspcollect.db
step = @printf '\n==> %s\n' $(1)

.PHONY: help run demo-reset test tour lint install install-serve browser clean catalogue translations

help: ## List the targets
	@echo "Targets:"
	@awk 'BEGIN {FS = ":.*## "} /^[a-z-]+:.*## / {printf "  %-13s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

run: export SSPCOLLECT_ENV = development
run: export BASE_URL ?= http://$(LINK_HOST):$(PORT)
run: install-serve ## Install what serving needs, migrate, load the demo, serve on http://127.0.0.1:5000
	$(call step,"Bringing the database up to date")
	$(BIN)/sspcollect db upgrade
	$(call step,"Loading the demo (only what is missing)")
	$(BIN)/sspcollect demo
	$(call step,"Serving on http://$(LINK_HOST):$(PORT) (emails link to $(BASE_URL); Ctrl+C stops)")
	$(BIN)/sspcollect run --host $(HOST) --port $(PORT)

# Only the development database (instance/): a DATABASE_URL elsewhere is never touched.
demo-reset: export SSPCOLLECT_ENV = development
demo-reset: install-serve ## Delete the development database and outbox, and load a clean demo
	@if [ -n "$${DATABASE_URL:-}" ]; then \
	  echo "DATABASE_URL is set: demo-reset only rebuilds $(DEV_DATABASE). Unset it first."; \
	  exit 1; \
	fi
	$(call step,"Deleting $(DEV_DATABASE) and instance/outbox")
	rm -f $(DEV_DATABASE) $(DEV_DATABASE)-journal $(DEV_DATABASE)-wal $(DEV_DATABASE)-shm
	rm -rf instance/outbox
	$(call step,"Creating the database")
	$(BIN)/sspcollect db upgrade
	$(call step,"Loading the demo")
	$(BIN)/sspcollect demo

# Two workers; each starts its own live server and Chromium if it gets browser tests.
test: install browser ## Run every test: SQLite, PostgreSQL if reachable, Chromium
	$(BIN)/pytest -n 2 $(PYTEST_ARGS)

tour: install browser ## Walk every journey in Chromium; screenshots in test-results/tour/
	$(BIN)/pytest -p no:xdist tests/browser/test_tour*.py $(PYTEST_ARGS)
	@echo "Screenshots (1280 and 320 pixels wide): test-results/tour/"

lint: install ## Check the code: ruff check, ruff format --check, mypy
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

# The Welsh: sspcollect/translations/cy/LC_MESSAGES/messages.po, compiled to messages.mo,
# which is kept in the repository beside it (see the README, Welsh).
TRANSLATIONS := sspcollect/translations
catalogue: install-serve ## Gather the words to translate into the catalogue, and add new ones to the Welsh
	$(BIN)/pybabel extract --mapping-file babel.cfg --keywords lazy_gettext --keywords plural_patterns:1,2 --sort-by-file \
	  --project sspcollect --copyright-holder "Crown copyright" --no-location \
	  --output-file $(TRANSLATIONS)/messages.pot .
	$(BIN)/pybabel update --input-file $(TRANSLATIONS)/messages.pot \
	  --output-dir $(TRANSLATIONS) --locale cy --ignore-obsolete --no-wrap
	@echo "Now translate the new and fuzzy entries in $(TRANSLATIONS)/cy/LC_MESSAGES/messages.po, then: make translations"

translations: install-serve ## Compile the Welsh catalogue (messages.po) to messages.mo, which the service reads
	$(BIN)/pybabel compile --directory $(TRANSLATIONS) --domain messages --statistics

install-serve: $(SERVE_STAMP) $(NODE_STAMP) ## Install what serving needs: the package and GOV.UK Frontend

install: $(TEST_STAMP) $(NODE_TEST_STAMP) ## Install the package with its test tools, and the front-end assets with axe-core

# Debian's python3 makes virtualenvs only with python3-venv; install it when we can.
$(BIN)/python:
	$(call step,"Creating the virtual environment in $(VENV)")
	@$(PYTHON) -m venv $(VENV) || { \
	  rm -rf $(VENV); \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y python3-venv \
	      && $(PYTHON) -m venv $(VENV); \
	  else \
	    echo "Cannot create $(VENV): install python3-venv (sudo apt-get install python3-venv)"; \
	    exit 1; \
	  fi; \
	}

$(UV_STAMP): | $(BIN)/python
	$(call step,"Installing uv $(UV_VERSION) to install the rest (pip install uv)")
	$(BIN)/pip install --disable-pip-version-check --progress-bar off --no-compile "uv==$(UV_VERSION)"
	@touch $@

$(SERVE_STAMP): pyproject.toml uv.lock $(UV_STAMP)
	$(call step,"Installing the service's Python packages (uv sync: the package and what it needs)")
	$(call uv_sync,)
	@touch $@

$(TEST_STAMP): pyproject.toml uv.lock $(UV_STAMP)
	$(call step,"Installing the service's Python packages and the test tools (uv sync --extra test)")
	$(call uv_sync,--extra test)
	@touch $@ $(SERVE_STAMP)

$(NODE_STAMP): package.json package-lock.json
	$(call step,"Installing GOV.UK Frontend (npm ci --omit=dev)")
	npm ci --omit=dev --no-audit --no-fund
	@touch $@

# npm ci starts node_modules afresh, so the full install stands for the serving one too.
$(NODE_TEST_STAMP): package.json package-lock.json
	$(call step,"Installing GOV.UK Frontend and axe-core (npm ci)")
	npm ci --no-audit --no-fund
	@touch $@ $(NODE_STAMP)

browser: ## Install Chromium for the browser tests if it is missing (Debian, as root)
	@if [ -x $(CHROMIUM) ]; then exit 0; fi; \
	if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium; \
	else \
	  echo "No Chromium at $(CHROMIUM): the browser tests will be skipped" \
	       "(sudo apt-get install chromium)."; \
	fi

clean: ## Remove the virtualenv, node_modules and caches (keeps instance/, the local database)
	rm -rf $(VENV) node_modules .pytest_cache .ruff_cache .mypy_cache .hypothesis test-results
	rm -rf *.egg-info
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
