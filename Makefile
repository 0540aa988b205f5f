PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: install run test lint format ui bench corpus clean

$(PY):
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "python3.11 not found; set PYTHON=/path/to/python3.11"; exit 1; }
	$(PYTHON) -m venv $(VENV)

$(STAMP): $(PY) pyproject.toml
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	@touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(VENV)/bin/jixiao extract data/raw --out data/curated
	$(VENV)/bin/jixiao publish --curated data/curated --out data/published

# The lint first (CI runs make test only); the suite starts a real PostgreSQL and a headless
# Chromium: install them when missing.
test: lint
	@bash scripts/ensure-test-services.sh
	$(PY) -m pytest

# mypy and import-linter read their settings (packages, layer contracts) from pyproject.toml.
lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy
	$(VENV)/bin/lint-imports

format: $(STAMP)
	$(VENV)/bin/ruff format . && $(VENV)/bin/ruff check --fix .

ui: $(STAMP)
	$(VENV)/bin/jixiao ui

# make bench QUICK=1: the two-minute version; results in bench/results.json and results.md
bench: $(STAMP)
	$(PY) -m bench.run $(if $(QUICK),--quick,)

# Scores the project on the real corpus in ../shared/corpus (not part of make test; says so when absent).
corpus: $(STAMP)
	$(PY) scripts/corpus.py $(if $(KEEP),--keep $(KEEP),)

clean:
	rm -rf data/curated/*/ data/published data/.published.builds .dagster_home
