# sspcollect: the Safer School Partnerships data collection.
#
#   make run    set everything up, load the demo and serve on http://127.0.0.1:5000
#   make test   set everything up and run every test
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

PYTHON_STAMP := $(VENV)/.installed
NODE_STAMP := node_modules/.installed

.PHONY: help run test tour lint install browser clean

help: ## List the targets
	@echo "Targets:"
	@awk 'BEGIN {FS = ":.*## "} /^[a-z-]+:.*## / {printf "  %-9s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

run: export SSPCOLLECT_ENV = development
run: install ## Set up, migrate, load the demo and serve on http://127.0.0.1:5000
	$(BIN)/sspcollect db upgrade
	$(BIN)/sspcollect demo
	$(BIN)/sspcollect run --host $(HOST) --port $(PORT)

# Two workers; each starts its own live server and Chromium if it gets browser tests.
test: install browser ## Run every test: SQLite, PostgreSQL if reachable, Chromium
	$(BIN)/pytest -n 2 $(PYTEST_ARGS)

tour: install browser ## Walk every journey in Chromium; screenshots in test-results/tour/
	$(BIN)/pytest -p no:xdist tests/browser/test_tour.py $(PYTEST_ARGS)
	@echo "Screenshots (1280 and 320 pixels wide): test-results/tour/"

lint: install ## Check the code: ruff check, ruff format --check, mypy
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

install: $(PYTHON_STAMP) $(NODE_STAMP) ## Install the package with its test tools, and the front-end assets

# Debian's python3 makes virtualenvs only with python3-venv; install it when we can.
$(BIN)/python:
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

$(PYTHON_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet --disable-pip-version-check -e ".[test]"
	@touch $@

$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund
	@touch $@

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
