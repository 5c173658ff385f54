# Casefile: `make run` to serve the site locally, `make test` to run every test.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
# Tests never read the local .env: they run with production-like settings.
TEST_ENV := DEBUG=False SECRET_KEY=tests-only-not-a-secret

.PHONY: run test lint format bench migrate seed editor

$(VENV)/.installed: requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

.env:
	@echo "Writing .env for this local site (DEBUG on, a new random SECRET_KEY)."
	@printf 'DEBUG=True\nSECRET_KEY=%s\n' "$$($(PYTHON) -c 'import secrets; print(secrets.token_urlsafe(50))')" > .env

migrate: $(VENV)/.installed .env
	$(PY) manage.py migrate --noinput

seed: migrate
	$(PY) manage.py load_case fixtures/seed_case.yaml --if-absent

editor: migrate
	$(PY) manage.py ensure_editor

run: seed editor
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

test: $(VENV)/.installed
	$(TEST_ENV) $(VENV)/bin/pytest $(PYTEST_ARGS)

# Figures for speed and memory with a large registry, on a throw-away database.
BENCH_DATABASE_URL ?= sqlite:///$(CURDIR)/.bench.sqlite3
bench: $(VENV)/.installed
	$(TEST_ENV) DATABASE_URL=$(BENCH_DATABASE_URL) $(PY) manage.py migrate --noinput -v0
	$(TEST_ENV) DATABASE_URL=$(BENCH_DATABASE_URL) $(PY) manage.py bench $(BENCH_ARGS)

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(TEST_ENV) $(PY) manage.py makemigrations --check --dry-run


format: $(VENV)/.installed
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .
