# Stabiel — two commands on a fresh clone: `make run` and `make test`.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
ABS_MANAGE := $(CURDIR)/$(PY) $(CURDIR)/manage.py
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run worker test lint format install migrate demo browser-deps doc-deps clean messages

# Stamp files make a second `make run` skip installs when nothing changed.
$(VENV)/.installed: requirements.txt requirements-dev.txt
	@command -v $(PYTHON) >/dev/null || { echo "Python 3.11 is needed ($(PYTHON) not found)"; exit 1; }
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

install: $(VENV)/.installed node_modules/.installed

migrate: install
	mkdir -p var
	$(MANAGE) migrate --noinput -v 0

demo: migrate
	$(MANAGE) catalogue_load
	$(MANAGE) practices_load
	$(MANAGE) demo_load

# The background worker (imports, rule runs) runs beside the web server and stops with it.
# Debug is off (conf/dev.py): WhiteNoise serves the static files collected here.
run: demo doc-deps
	$(MANAGE) collectstatic --noinput -v 0
	@echo "Stabiel draait op http://$(HOST):$(PORT)/  (stoppen: Ctrl+C)"
	$(MANAGE) db_worker --no-reload --interval 0.5 & WORKER=$$!; \
	trap 'kill $$WORKER 2>/dev/null' EXIT INT TERM; \
	$(MANAGE) runserver $(HOST):$(PORT)

worker: migrate
	$(MANAGE) db_worker --no-reload

# Headless Chromium and its driver for the accessibility sweep (Debian packages).
browser-deps:
	@if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then \
		if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq chromium chromium-driver >/dev/null; \
		else echo "Install chromium and chromium-driver (Debian) for the accessibility sweep"; exit 1; fi; \
	fi

# WeasyPrint (PDF documents) needs Pango and a font from the system.
doc-deps:
	@if ! ldconfig -p | grep -q libpangoft2-1.0.so.0 || ! fc-list 2>/dev/null | grep -qi dejavu; then \
		if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq libpango-1.0-0 libpangoft2-1.0-0 fontconfig fonts-dejavu-core >/dev/null; \
		else echo "Install libpango-1.0-0, libpangoft2-1.0-0 and fonts-dejavu-core (Debian) for PDF documents"; exit 1; fi; \
	fi

test: install browser-deps doc-deps
	$(PY) -m pytest -n 2 --dist loadfile --durations=25

# import-linter checks the layering of docs/architecture.md (contracts in pyproject.toml); mypy
# with django-stubs checks types, strictly where pyproject.toml says.
lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	PYTHONPATH=src $(VENV)/bin/lint-imports --no-cache
	$(VENV)/bin/mypy
	@# NLGov REST API Design Rules on the committed OpenAPI document (errors fail the build).
	node_modules/.bin/spectral lint --quiet --fail-severity=error \
		-r docs/api/nlgov-adr.spectral.yaml docs/openapi.yaml
	@# The production image's Containerfile (ignored rules with their reasons: .hadolint.yaml).
	$(VENV)/bin/hadolint Containerfile

format: install
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

# Apps added after the foundation keep their own catalogue in <app>/locale.
LOCALE_APPS = cases safety meetings supporters correspondence earlywarning plans practices privacy assessment inventory plainlanguage residents home insights knowresidents

messages: install
	cd src/stabiel && $(ABS_MANAGE) makemessages -l en --no-obsolete -i "tests/*" -i "*/tests/*" \
		$(foreach app,$(LOCALE_APPS),-i "$(app)/*")
	for app in $(LOCALE_APPS); do \
		mkdir -p src/stabiel/$$app/locale && \
		(cd src/stabiel/$$app && $(ABS_MANAGE) makemessages -l en --no-obsolete -i "tests/*") || exit 1; \
	done
	cd src/stabiel && $(ABS_MANAGE) compilemessages

clean:
	rm -rf $(VENV) node_modules var/static
