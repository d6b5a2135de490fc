# JIPPNas: the two set-up commands are `make run` and `make test` (see README.md).
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-from-lock
DEMO_COUNT ?= 600
DEMO_SEED ?= 2024
# Translations: the .mo files are committed; they are rebuilt only when a .po is newer.
MO_FILES := $(patsubst %.po,%.mo,$(wildcard locale/*/LC_MESSAGES/*.po))

.PHONY: run test lint setup-demo clean-venv

# The stamp is older than the lock whenever the lock changes, so the environment follows it.
$(STAMP): requirements.lock
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements.lock
	@touch $(STAMP)

%.mo: %.po
	@if command -v msgfmt >/dev/null 2>&1; then \
	  msgfmt --check-format -o $@ $<; \
	else \
	  echo "msgfmt not found (apt-get install gettext): keeping the committed $@"; \
	fi

# Everything `make run` does before serving; every step is idempotent, so running it again
# duplicates nothing. CI runs it twice on a scratch database and compares the row counts.
setup-demo: $(STAMP) $(MO_FILES)
	export DEBUG=$${DEBUG:-1}; \
	$(BIN)/python manage.py migrate --noinput && \
	$(BIN)/python manage.py load_reference_data && \
	$(BIN)/python manage.py seed_demo --count $(DEMO_COUNT) --seed $(DEMO_SEED) && \
	$(BIN)/python manage.py seed_hubs --seed $(DEMO_SEED) && \
	$(BIN)/python manage.py seed_competitions && \
	$(BIN)/python manage.py ensure_admin

# The portal on the embedded default (SQLite file, Celery eager, in-memory cache) unless
# DATABASE_URL / REDIS_URL are set, with real reference data and demo entries.
run: setup-demo
	DEBUG=$${DEBUG:-1} $(BIN)/python manage.py runserver 127.0.0.1:8000

# The whole suite. DATABASE_URL / REDIS_URL pass through: CI runs it on Postgres and Redis, then
# again on SQLite without Redis (the quick-start path). Extra pytest options: PYTEST_ARGS="...".
test: $(STAMP)
	SECRET_KEY=$${SECRET_KEY:-test-only-secret-key} \
	SECURE_SSL_REDIRECT=$${SECURE_SSL_REDIRECT:-false} \
	$(BIN)/pytest $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

clean-venv:
	rm -rf $(VENV)
