# JIPPNas: the two set-up commands are `make run` and `make test` (see README.md).
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-from-lock
DEMO_COUNT ?= 600
DEMO_SEED ?= 2024

.PHONY: run test lint setup-demo clean-venv

$(STAMP): requirements.lock
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements.lock
	@touch $(STAMP)

# Runs the portal on the embedded default (SQLite file, Celery eager) with real reference data and
# demo entries; every step is idempotent, so running it again duplicates nothing.
run: $(STAMP)
	export DEBUG=$${DEBUG:-1}; \
	$(BIN)/python manage.py migrate --noinput && \
	$(BIN)/python manage.py load_reference_data && \
	$(BIN)/python manage.py seed_demo --count $(DEMO_COUNT) --seed $(DEMO_SEED) && \
	$(BIN)/python manage.py ensure_admin && \
	$(BIN)/python manage.py runserver 127.0.0.1:8000

setup-demo: $(STAMP)
	export DEBUG=$${DEBUG:-1}; \
	$(BIN)/python manage.py migrate --noinput && \
	$(BIN)/python manage.py load_reference_data && \
	$(BIN)/python manage.py seed_demo --count $(DEMO_COUNT) --seed $(DEMO_SEED) && \
	$(BIN)/python manage.py ensure_admin

# The whole suite. DATABASE_URL / REDIS_URL pass through: CI runs it on Postgres and Redis, then
# again on SQLite without Redis (the quick-start path).
test: $(STAMP)
	SECRET_KEY=$${SECRET_KEY:-test-only-secret-key} SECURE_SSL_REDIRECT=false \
	$(BIN)/pytest $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

clean-venv:
	rm -rf $(VENV)
