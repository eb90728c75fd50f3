# The README's commands. `make demo` sets everything up and serves the demo club;
# `make test` runs the tests. Both work on a fresh machine with Python 3.11+.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
PYTEST_ARGS ?=

.PHONY: demo test test-browser test-postgres lint format bench messages clean

$(STAMP): requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/bashgah demo

test: $(STAMP)
	$(BIN)/python -c "from bashgah.core.i18n import compile_messages; compile_messages()"
	$(BIN)/pytest -n 2 -m "not browser" $(PYTEST_ARGS)

# Pages in a real browser: Playwright driving Debian's Chromium (apt-get install chromium);
# skipped without it. Screenshots land in artifacts/screenshots/.
test-browser: $(STAMP)
	$(BIN)/python -c "from bashgah.core.i18n import compile_messages; compile_messages()"
	$(BIN)/pytest -n 2 -m browser $(PYTEST_ARGS)

test-postgres: $(STAMP)
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/bashgah} $(MAKE) test

lint: $(STAMP)
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/mypy
	$(BIN)/lint-imports
	DATABASE_URL=sqlite://:memory: DJANGO_SETTINGS_MODULE=bashgah.settings $(BIN)/python -m django makemigrations --check --dry-run

format: $(STAMP)
	$(BIN)/ruff format src tests bench
	$(BIN)/ruff check --fix src tests bench

# Regenerate the .po catalogs from the source (needs GNU gettext); .mo files are compiled
# from them at run time by Babel, so running Bashgah never needs gettext.
messages: $(STAMP)
	cd src/bashgah && DJANGO_SETTINGS_MODULE=bashgah.settings ../../$(BIN)/python -m django \
		makemessages -l fa -l he -l en --no-location --no-obsolete

bench: $(STAMP)
	$(BIN)/python -m bench.run

clean:
	rm -rf $(VENV) var build dist src/*.egg-info
