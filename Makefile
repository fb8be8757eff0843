# The two quick-start commands (`make demo`, `make test`) need only python3 and make.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin

.PHONY: demo test lint bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.demo-installed: $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.test-installed: $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@ $(VENV)/.demo-installed

demo: $(VENV)/.demo-installed  ## review the bundled example PR (no API key, no network)
	$(BIN)/reviewer run --diff examples/pr.diff --repo examples/shop --llm off --fail-on none

test: $(VENV)/.test-installed  ## the whole suite, the import-layer contracts and the type check
	$(BIN)/python -m pytest -q
	$(BIN)/lint-imports
	$(BIN)/python -m mypy

bench: $(VENV)/.test-installed  ## quality corpus score and speed table (minutes, not seconds)
	$(BIN)/python -m benchmarks.quality
	$(BIN)/python -m benchmarks.speed --llm dry-run

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .mypy_cache
