# Kinerja: `make run` to try it, `make test` to check it. `make help` lists the rest.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PG_URL ?= postgres://postgres@127.0.0.1:5432/kinerja
PYTEST_ARGS ?=
XDIST ?= -n 2

.PHONY: help run test test-sqlite test-postgres e2e bench lint fmt messages lock demo clean

help:
	@echo "make run           set up, migrate, load the demo when empty, serve on http://127.0.0.1:8000"
	@echo "make test          set up, then the whole suite on SQLite and on PostgreSQL"
	@echo "make test-sqlite   the suite on SQLite only"
	@echo "make test-postgres the suite on PostgreSQL only ($(PG_URL))"
	@echo "make e2e           browser tests only (system Chromium)"
	@echo "make bench         benchmarks; prints figures"
	@echo "make lint / fmt    ruff check / ruff format"
	@echo "make messages      makemessages + compilemessages"
	@echo "make lock          re-compile both lock files with uv"

$(STAMP): requirements-dev.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check --require-hashes -r requirements-dev.lock
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $(STAMP)

venv: $(STAMP)

messages-compiled: $(STAMP)
	@$(BIN)/python manage.py compilemessages --ignore=.venv -v 0

run: $(STAMP) messages-compiled
	KINERJA_HTTPS=false $(BIN)/kinerja serve 127.0.0.1:8000

demo: $(STAMP)
	KINERJA_HTTPS=false $(BIN)/kinerja demo

test: test-sqlite test-postgres

test-sqlite: $(STAMP) messages-compiled
	$(BIN)/pytest $(XDIST) $(PYTEST_ARGS)

test-postgres: $(STAMP) messages-compiled
	@if $(BIN)/python -c "import psycopg,sys; psycopg.connect('$(PG_URL)'.rsplit('/',1)[0]+'/postgres', connect_timeout=3).close()" 2>/dev/null; then \
		DATABASE_URL=$(PG_URL) $(BIN)/pytest $(XDIST) $(PYTEST_ARGS); \
	elif [ "$$CI" = "true" ]; then \
		echo "PostgreSQL is not reachable at $(PG_URL): required under CI=true"; exit 1; \
	else \
		echo "SKIPPED: PostgreSQL is not reachable at $(PG_URL); the PostgreSQL run is skipped (set PG_URL)."; \
	fi

e2e: $(STAMP) messages-compiled
	$(BIN)/pytest tests/e2e $(PYTEST_ARGS)

bench: $(STAMP)
	$(BIN)/python bench/run.py

lint: $(STAMP)
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench

fmt: $(STAMP)
	$(BIN)/ruff format src tests bench
	$(BIN)/ruff check --fix src tests bench

messages: $(STAMP)
	cd src/kinerja && ../../$(BIN)/django-admin makemessages -l id -l en --ignore=tests --settings=kinerja.config.settings.test --pythonpath=..
	$(BIN)/python manage.py compilemessages --ignore=.venv

lock:
	uv pip compile pyproject.toml --generate-hashes --python-version 3.11 --no-header -o requirements.lock
	uv pip compile pyproject.toml --extra dev --generate-hashes --python-version 3.11 --no-header -o requirements-dev.lock

clean:
	rm -rf $(VENV) var
