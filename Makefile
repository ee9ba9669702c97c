# Wendbaar task runner. `make run` and `make test` are all a newcomer needs.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
WB := $(VENV)/bin/wendbaar
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?=

.PHONY: install serve run demo test test-fast e2e lint fmt messages makemessages openapi bench clean check-postgres .system-tools .browser

## Python packages (locked in requirements.lock) in .venv, npm packages (package-lock.json).
$(VENV)/.installed: pyproject.toml requirements.lock
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check uv
	$(VENV)/bin/uv pip sync --quiet --python $(PY) requirements.lock
	$(VENV)/bin/uv pip install --quiet --python $(PY) --no-deps -e .
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

## System tools: gettext (msgfmt), the libraries and font WeasyPrint draws a report's PDF
## with, and Debian's chromium for the browser tests.
PDF_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-liberation
.system-tools:
	@if ! command -v msgfmt >/dev/null; then \
	  echo "Installing gettext (msgfmt) from Debian's packages"; \
	  apt-get update -qq && apt-get install -y -qq gettext >/dev/null; fi
	@missing=$$(for p in $(PDF_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'ok installed' || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  echo "Installing the PDF libraries and font from Debian's packages:" $$missing; \
	  apt-get update -qq && apt-get install -y -qq $$missing >/dev/null; fi

.browser:
	@if [ ! -x /usr/bin/chromium ]; then \
	  echo "Installing Debian's chromium for the browser tests"; \
	  apt-get update -qq && apt-get install -y -qq chromium >/dev/null; fi

## Bytecode for our code and the packages is compiled here, once (later runs only compare
## dates): a process that compiles every module it imports (PYTHONDONTWRITEBYTECODE set, a
## read-only install) spends seconds on it; a web worker starts in about half the time.
install: $(VENV)/.installed node_modules/.installed .system-tools
	cd src/wendbaar && ../../$(WB) compilemessages --verbosity 0
	$(WB) collectstatic --no-input --verbosity 0
	$(PY) -m compileall -q -j 0 src $(VENV)/lib

## Production: gunicorn with the settings of .env (docs/operations.md).
serve: install
	$(WB) migrate --no-input --verbosity 0
	$(WB) serve

## Serve the demo on the embedded SQLite database; safe to run again. DEBUG is off, as in
## production (the real error pages); the demo users may sign in (WENDBAAR_DEMO_LOGINS, on
## in wendbaar.conf.dev). `DEBUG=true make run` shows Django's detailed error pages.
run: install
	mkdir -p var
	$(WB) migrate --no-input --verbosity 0
	$(WB) load_demo
	@echo "Wendbaar: http://$(HOST):$(PORT)/  (demo users: see README)"
	DEBUG=$${DEBUG:-false} $(WB) runserver $(HOST):$(PORT)

demo: install
	mkdir -p var
	$(WB) migrate --no-input --verbosity 0
	$(WB) load_demo

## The whole suite, browser tests included.
test: install .browser
	$(VENV)/bin/pytest -m "" -n 2 --dist loadgroup $(PYTEST_ARGS)

test-fast: install
	$(VENV)/bin/pytest $(PYTEST_ARGS)

e2e: install .browser
	$(VENV)/bin/pytest -m e2e $(PYTEST_ARGS)

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check src tests scripts
	$(VENV)/bin/ruff format --check src tests scripts
	$(VENV)/bin/lint-imports

fmt: $(VENV)/.installed
	$(VENV)/bin/ruff check --fix src tests scripts
	$(VENV)/bin/ruff format src tests scripts

makemessages: install
	cd src/wendbaar && ../../$(WB) makemessages -l nl --no-obsolete --no-location --ignore "tests/*"

## The committed API description (tests/test_openapi.py fails when it drifts).
openapi: $(VENV)/.installed
	DATABASE_URL=sqlite:///:memory: DJANGO_SETTINGS_MODULE=wendbaar.conf.test $(WB) spectacular --lang en --validate --fail-on-warn --file openapi.yaml

## The bench (docs/performance.md): everything on the embedded SQLite, then files → results
## and compute again on PostgreSQL when one answers at BENCH_POSTGRES_URL.
BENCH_POSTGRES_URL ?= postgres://root@127.0.0.1:5432/wendbaar
bench: install
	$(WB) bench
	$(PY) -m wendbaar.initiatives.bench
	$(PY) -m wendbaar.proposals.bench
	$(PY) -m wendbaar.reports.bench
	$(PY) -m wendbaar.workshops.bench
	@if $(PY) -c "import psycopg, sys; psycopg.connect(sys.argv[1].rsplit('/', 1)[0] + '/postgres', connect_timeout=3).close()" "$(BENCH_POSTGRES_URL)" 2>/dev/null; then \
	  echo; echo "PostgreSQL ($(BENCH_POSTGRES_URL)):"; \
	  DATABASE_URL="$(BENCH_POSTGRES_URL)" $(WB) bench --part pipeline; \
	else echo; echo "PostgreSQL: none answers at $(BENCH_POSTGRES_URL); files → results on PostgreSQL skipped"; fi

clean:
	rm -rf $(VENV) node_modules staticfiles var/static var/*.sqlite3*
