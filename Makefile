# Casefile: `make run` to serve the site locally, `make test` to run every test.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
# Tests never read the local .env: they run with production-like settings.
TEST_ENV := DEBUG=False SECRET_KEY=tests-only-not-a-secret SECURE_SSL_REDIRECT=False

.PHONY: run test lint format bench bench-search migrate seed editor check-deploy backup restore

$(VENV)/.installed: requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

.env:
	@echo "Writing .env for this local site (DEBUG on, a new random SECRET_KEY)."
	@printf 'DEBUG=True\nSECRET_KEY=%s\n' "$$($(PYTHON) -c 'import secrets; print(secrets.token_urlsafe(50))')" > .env

migrate: $(VENV)/.installed .env
	$(PY) manage.py migrate --noinput

# The seed case is published as the local administrator's recorded decision (see each record's history).
seed: editor
	$(PY) manage.py load_case fixtures/seed_case.yaml --if-absent --publish-as editor

editor: migrate
	$(PY) manage.py ensure_editor --port $(PORT)

run: seed
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

# On every core (pytest-xdist); TEST_WORKERS=0 runs the tests one after another in one process.
TEST_WORKERS ?= auto
test: $(VENV)/.installed
	$(TEST_ENV) $(VENV)/bin/pytest -n $(TEST_WORKERS) $(PYTEST_ARGS)

# Figures for speed and memory with a large registry, over HTTP (gunicorn + wrk on 127.0.0.1), on a
# throw-away PostgreSQL database whose name holds "bench" (it is emptied); Redis on 127.0.0.1:6379 if running.
# Then name search alone on SQLite (a throw-away file), as the PostgreSQL run printed it.
BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/casefile_bench
BENCH_SQLITE_URL ?= sqlite:///$(CURDIR)/.bench.sqlite3
bench: $(VENV)/.installed
	@command -v wrk >/dev/null || { echo "make bench needs wrk: apt-get install wrk"; exit 2; }
	$(TEST_ENV) DATABASE_URL=$(BENCH_DATABASE_URL) $(PY) manage.py migrate --noinput -v0
	$(TEST_ENV) DATABASE_URL=$(BENCH_DATABASE_URL) $(PY) manage.py bench $(BENCH_ARGS)
	$(TEST_ENV) DATABASE_URL=$(BENCH_SQLITE_URL) $(PY) manage.py migrate --noinput -v0
	$(TEST_ENV) DATABASE_URL=$(BENCH_SQLITE_URL) $(PY) manage.py bench --search-only

# Name search alone (in process, p50/p95 per kind of query), on PostgreSQL and on SQLite.
bench-search: $(VENV)/.installed
	$(TEST_ENV) DATABASE_URL=$(BENCH_DATABASE_URL) $(PY) manage.py migrate --noinput -v0
	$(TEST_ENV) DATABASE_URL=$(BENCH_DATABASE_URL) $(PY) manage.py bench --search-only $(BENCH_ARGS)
	$(TEST_ENV) DATABASE_URL=$(BENCH_SQLITE_URL) $(PY) manage.py migrate --noinput -v0
	$(TEST_ENV) DATABASE_URL=$(BENCH_SQLITE_URL) $(PY) manage.py bench --search-only $(BENCH_ARGS)

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(TEST_ENV) $(PY) manage.py makemigrations --check --dry-run

# Production settings as a server would have them: any warning of `check --deploy` fails.
check-deploy: $(VENV)/.installed
	DEBUG=False SECRET_KEY="$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(50))')" \
	ALLOWED_HOSTS=casefile.example.org CSRF_TRUSTED_ORIGINS=https://casefile.example.org \
	SECURITY_CONTACT=mailto:security@casefile.example.org \
	$(PY) manage.py check --deploy --fail-level WARNING

# The database (history included) and the uploaded files, in backups/casefile-<UTC time>.tar.gz.
backup: $(VENV)/.installed
	$(PY) manage.py backup

# Asks before it replaces anything, and backs up the present state first.
restore: $(VENV)/.installed
	@test -n "$(FILE)" || { echo "Usage: make restore FILE=backups/casefile-<time>.tar.gz"; exit 2; }
	$(PY) manage.py restore "$(FILE)"

format: $(VENV)/.installed
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .
