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

test: install
	$(BIN)/python -m pytest

N ?= 100000
bench: install
	$(BIN)/python benchmarks/parser_throughput.py
	$(BIN)/python benchmarks/pipeline.py $(N)

dev: install
	mkdir -p $(DAGSTER_HOME_DIR)
	cp dagster.yaml $(DAGSTER_HOME_DIR)/dagster.yaml
	DAGSTER_HOME=$(DAGSTER_HOME_DIR) $(BIN)/dagster dev -w workspace.yaml -h 127.0.0.1 -p 3000

# Optional: Debian's Chromium, for the test that renders the report headless (skipped without it).
chromium:
	apt-get install -y chromium || sudo apt-get install -y chromium

clean:
	rm -rf $(VENV) $(DAGSTER_HOME_DIR) data/warehouse.duckdb data/warehouse.duckdb.wal data/.work data/report
