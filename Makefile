# Complaint Desk. `make run` starts everything on embedded defaults; `make test` runs the suite.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export PATH := $(CURDIR)/$(BIN):$(PATH)

.PHONY: run test test-clocks bench audit messages system-packages clean

# Debian packages the project needs that a fresh machine may lack: venv support, gettext
# (translations), libmagic (evidence file types), Pango and CJK fonts (the complaint statement's
# PDF, fonts embedded); for the tests, Chromium (the browser tests drive Debian's Chromium;
# Playwright never downloads a browser), npm (axe-core for the accessibility tests), poppler's
# pdftotext (reading statements back), Redis and nginx (the deployment guide's two-node trial).
system-packages:
	@missing=""; \
	$(PYTHON) -c "import ensurepip, venv" 2>/dev/null || missing="$$missing python3-venv"; \
	command -v msgfmt >/dev/null || missing="$$missing gettext"; \
	$(PYTHON) -c "import ctypes.util, sys; sys.exit(not ctypes.util.find_library('magic'))" \
		|| missing="$$missing libmagic1"; \
	$(PYTHON) -c "import ctypes.util, sys; sys.exit(not ctypes.util.find_library('pangoft2-1.0'))" \
		|| missing="$$missing libpango-1.0-0 libpangoft2-1.0-0"; \
	fc-list 2>/dev/null | grep -qi "Noto Sans CJK" || missing="$$missing fonts-noto-cjk"; \
	if [ "$(MAKECMDGOALS)" = test ]; then \
		command -v chromium >/dev/null || missing="$$missing chromium"; \
		command -v redis-server >/dev/null || missing="$$missing redis-server"; \
		command -v nginx >/dev/null || missing="$$missing nginx"; \
		command -v npm >/dev/null || missing="$$missing npm"; \
		command -v pdftotext >/dev/null || missing="$$missing poppler-utils"; \
	fi; \
	if [ -n "$$missing" ]; then \
		echo "Installing Debian packages:$$missing"; \
		SUDO=$$([ "$$(id -u)" = 0 ] || echo sudo); \
		$$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq $$missing; \
	fi

$(STAMP): requirements.txt requirements-test.txt | system-packages
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements-test.txt
	touch $(STAMP)

messages: $(STAMP)
	$(BIN)/python manage.py compilemessages --ignore=.venv --verbosity=0

run: $(STAMP) messages
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py createcachetable
	$(BIN)/python manage.py load_calendar
	$(BIN)/python manage.py seed_demo
	$(BIN)/python manage.py seed_demo_companies
	@if $(BIN)/python -c "import socket; socket.create_connection(('127.0.0.1', 6379), 1)" 2>/dev/null; \
	then broker=redis://127.0.0.1:6379/0; else broker=filesystem://; fi; \
	echo "Celery broker: $$broker"; \
	echo "Open http://127.0.0.1:8000/admin/ (Ctrl-C stops web, worker and beat)"; \
	DJANGO_SETTINGS_MODULE=config.settings.local CELERY_BROKER_URL=$$broker $(BIN)/honcho start -f Procfile

# Browser-test tools from the npm registry, as package-lock.json pins them.
node_modules/.installed: package.json package-lock.json | system-packages
	npm ci --no-audit --no-fund --silent
	touch $@

test: $(STAMP) messages node_modules/.installed
	$(BIN)/ruff check .
	DJANGO_SETTINGS_MODULE=config.settings.test $(BIN)/python -m pytest

# The suite with the whole test process's clock moved (ticking) to the small hours and the
# afternoon in Shanghai today, and to the last half hour of the year.
YEAR := $(shell date -u +%Y)
TODAY := $(shell date -u +%Y-%m-%d)
CLOCKS ?= $(TODAY)T02:00:00+08:00 $(TODAY)T14:00:00+08:00 $(YEAR)-12-31T23:30:00+08:00

test-clocks: $(STAMP) messages
	@set -o pipefail; for clock in $(CLOCKS); do \
		echo "== clock $$clock"; \
		DJANGO_SETTINGS_MODULE=config.settings.test $(BIN)/python -m pytest -q --clock=$$clock | tail -n 1 \
			|| exit 1; \
	done

# The pinned requirements against PyPI's vulnerability advisories (needs pypi.org's JSON API).
audit: $(STAMP)
	$(BIN)/pip install --quiet pip-audit==2.10.1
	$(BIN)/pip-audit --strict --no-deps --disable-pip --progress-spinner off -r requirements.txt

BENCH_DB ?= postgres://postgres@127.0.0.1:5432/bench
BENCH_COMPLAINTS ?= 1000000

bench: $(STAMP) messages
	$(BIN)/python bench/upload_memory.py --mb 500
	psql "$(BENCH_DB:/bench=/postgres)" -qc "DROP DATABASE IF EXISTS bench_seeded" \
		-c "DROP DATABASE IF EXISTS bench WITH (FORCE)" -c "CREATE DATABASE bench"
	DATABASE_URL=$(BENCH_DB) $(BIN)/python manage.py migrate --noinput -v0
	DATABASE_URL=$(BENCH_DB) $(BIN)/python manage.py load_calendar
	DATABASE_URL=$(BENCH_DB) $(BIN)/python manage.py seed_bulk --complaints $(BENCH_COMPLAINTS)
	DATABASE_URL=$(BENCH_DB) $(BIN)/python bench/statistics_page.py
	DATABASE_URL=$(BENCH_DB) $(BIN)/python bench/deadline_sweep.py
	DATABASE_URL=$(BENCH_DB) $(BIN)/python bench/admin_changelist.py
	bash bench/compare.sh

clean:
	rm -rf $(VENV) var test-artifacts
