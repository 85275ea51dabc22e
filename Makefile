# The two commands of the README: `make run` and `make test`. Everything else supports them.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: run serve test setup lint fmt screenshots clean messages translations

$(STAMP): pyproject.toml
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

# axe-core for the accessibility checks; skipped (with a reason at test time) where npm is absent.
node_modules/.installed: package.json package-lock.json
	if command -v npm >/dev/null; then npm ci --no-audit --no-fund --silent && touch $@; fi

setup: $(STAMP)

## Set everything up and serve a seeded demo directory at http://127.0.0.1:5000
run: $(STAMP)
	$(BIN)/flask --app wsgi init-db
	$(BIN)/flask --app wsgi seed-demo --if-empty
	$(BIN)/flask --app wsgi seed-demo-avatars
	$(BIN)/flask --app wsgi run --host 127.0.0.1 --port 5000

## Production-style server: gunicorn with the settings in gunicorn.conf.py (see README, Deploy)
serve: $(STAMP)
	$(BIN)/flask --app wsgi init-db
	$(BIN)/gunicorn -c gunicorn.conf.py wsgi:app

## Set up and run the whole test suite (lint, format, import layers, migration drift, tests)
# pytest writes bytecode even where PYTHONDONTWRITEBYTECODE is set: it keeps its rewritten test
# modules there (__pycache__, gitignored), so the next run does not compile them all again.
test: $(STAMP) node_modules/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/mypy
	PYTHONDONTWRITEBYTECODE= $(BIN)/pytest

## Seeker-facing text: extract marked strings and merge them into the Spanish catalog (then translate
## the new entries in app/translations/es/LC_MESSAGES/messages.po and run `make translations`)
messages: $(STAMP)
	$(BIN)/pybabel extract -F babel.cfg -k _l --no-location --sort-output -o app/translations/messages.pot .
	$(BIN)/pybabel update --no-fuzzy-matching -i app/translations/messages.pot -d app/translations

## Compile the catalogs; the .mo files are committed (tests/test_translations.py checks they match)
translations: $(STAMP)
	$(BIN)/pybabel compile -d app/translations

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/mypy

fmt: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

## Seeker pages at 1280 and 360 px on demo data, saved in screenshots/ (needs Debian's chromium)
screenshots: $(STAMP)
	$(BIN)/python scripts/screenshots.py

clean:
	rm -rf $(VENV) instance .pytest_cache .ruff_cache
