# kinerja: the two commands of the quick start are `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-$(shell cksum pyproject.toml | cut -d' ' -f1)

.PHONY: run test lint types pytest emulator demo bench bench-smoke clean

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
		{ echo "kinerja needs Python 3.11 or newer (set PYTHON=python3.12 …)"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	rm -f $(VENV)/.installed-* && touch $@

## Set up, write a random secret key into .env once (never replacing one), migrate the embedded
## SQLite database, load the example catalogue if empty, run the bot.
run: $(STAMP)
	$(BIN)/kinerja init-env
	$(BIN)/kinerja db upgrade
	$(BIN)/kinerja catalog load --if-empty examples/pauh.yaml
	$(BIN)/kinerja run

## Set up and run every check: formatting, lint, types, and all tests (PostgreSQL ones when
## KINERJA_TEST_POSTGRES_URL is set, e.g. postgresql+asyncpg://postgres@127.0.0.1:5432/test).
test: $(STAMP) lint types pytest

lint: $(STAMP)
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .

types: $(STAMP)
	$(BIN)/mypy

pytest: $(STAMP)
	$(BIN)/pytest

## Eight weeks in Pauh on the built-in emulator, in under a minute (results in demo-output/);
## the same seed plays the same weeks (kinerja demo --seed N --weeks N).
demo: $(STAMP)
	$(BIN)/kinerja demo

## Benchmarks; results in docs/benchmarks.md (bench-smoke: reduced sizes, written elsewhere).
bench: $(STAMP)
	$(BIN)/python -m bench

bench-smoke: $(STAMP)
	$(BIN)/python -m bench --smoke --out $(VENV)/benchmarks-smoke.md

## A local Bot API server on port 8081 (token 123:abc), to try the bot without Telegram.
emulator: $(STAMP)
	$(BIN)/python -m bot.emulator --port 8081 --token 123:abc

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
