# Every target works on a machine that has only python3 and pip: the venv is made and
# the project installed on first use, and again whenever pyproject.toml changes.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
DAGSTER_HOME_DIR := $(CURDIR)/.dagster_home

.PHONY: install run test bench dev chromium clean

install: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

run: install
	$(BIN)/lgo-pipeline run

# The test files are shared out to a worker per core (a file's tests stay together, so its module fixtures are
# built once): 11.5 min -> 6.5 min on 2 cores. `.venv/bin/python -m pytest FILE` runs one file in one process.
test: install chromium
	$(BIN)/python -m pytest -n auto --dist loadfile

N ?= 100000 200000
bench: install
	$(BIN)/python benchmarks/parser_throughput.py
	$(BIN)/python benchmarks/pipeline.py $(N)
	$(BIN)/python benchmarks/fetch.py

dev: install
	mkdir -p $(DAGSTER_HOME_DIR)
	cp dagster.yaml $(DAGSTER_HOME_DIR)/dagster.yaml
	DAGSTER_HOME=$(DAGSTER_HOME_DIR) $(BIN)/dagster dev -w workspace.yaml -h 127.0.0.1 -p 3000

# Debian's Chromium, for the tests that render the report headless with the network blocked. Best effort:
# where it cannot be installed (no apt, no root) those tests say so and are skipped; the rest still runs.
chromium:
	@command -v chromium >/dev/null 2>&1 || { apt-get install -y -qq chromium >/dev/null 2>&1 \
	  || { apt-get update -qq >/dev/null 2>&1 && apt-get install -y -qq chromium >/dev/null 2>&1; } \
	  || sudo -n apt-get install -y -qq chromium >/dev/null 2>&1; } \
	  || echo "make: Chromium could not be installed: the browser tests of the report will be skipped"

clean:
	rm -rf $(VENV) $(DAGSTER_HOME_DIR) data/warehouse.duckdb data/warehouse.duckdb.wal data/.work data/report data/.report.*
