# Two commands on a fresh machine: `make demo` and `make test` (plus `make check` for CI).
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# `make demo PORT=8010 SIM_PORT=8011` when 8000/8001 are taken.
PORT ?= 8000
SIM_PORT ?= 8001

.PHONY: install demo test check fmt schema bench clean

$(BIN)/python:
	$(PY) -m venv $(VENV)

$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/flatchr-demo --port $(PORT) --sim-port $(SIM_PORT)

test: $(STAMP)
	$(BIN)/python -m pytest

check: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports

fmt: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

schema: $(STAMP)
	$(BIN)/flatchr-gateway export-schema > schema/schema.graphql

bench: $(STAMP)
	$(BIN)/python -m bench.upstream_calls
	$(BIN)/python -m bench.latency
	$(BIN)/python -m bench.throughput
	$(BIN)/python -m bench.attack_timings
	$(BIN)/python -m bench.simulator_scale
	$(BIN)/python -m bench.writes

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
