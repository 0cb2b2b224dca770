# Myomap — two commands: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test check install demo e2e clean

$(STAMP): pyproject.toml requirements/base.txt requirements/dev.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements/dev.txt
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $(STAMP)

install: $(STAMP)

## Start Myomap on SQLite at http://127.0.0.1:8000 (demo clinic on first run).
run: $(STAMP)
	$(BIN)/myomap init
	$(BIN)/myomap demo --only-if-empty
	$(BIN)/myomap run --host 127.0.0.1 --port 8000

## The whole test suite (set DATABASE_URL to run it on PostgreSQL).
test: $(STAMP)
	$(BIN)/myomap init >/dev/null
	$(BIN)/pytest

## Lint, format check and types.
check: $(STAMP)
	$(BIN)/myomap init >/dev/null  # mypy's Django plugin loads the settings, which need the key
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy myomap

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
