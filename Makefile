# Two commands do everything:  make lab  (run the course)  ·  make test  (pass the tests)
# Both create .venv on first use and refresh it when pyproject.toml changes.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PORT   ?= 8888
PYTEST_ARGS ?=
ROOT_FLAG := $(if $(filter 0,$(shell id -u)),--allow-root,)

.PHONY: lab test test-fast lint system-packages clean help

help:
	@echo "make lab    - install the course into .venv and open JupyterLab on notebooks/"
	@echo "make test   - install everything the tests need and run the whole suite"
	@echo "make test-fast - unit tests only (no notebooks, packaging or browser)"
	@echo "make lint   - ruff (style, imports, complexity), as make test runs it first"
	@echo "make student - student versions of the exercises into build/student"
	@echo "make site   - the offline course website into build/site"

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "ckmkit needs Python 3.11 or newer; set PYTHON=python3.12 (for example)")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.lab: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[lab]"
	@touch $@

# Only what the site build needs (the site extra); dev includes it.
$(VENV)/.site: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[site]"
	@touch $@

$(VENV)/.dev: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	@touch $@ $(VENV)/.lab $(VENV)/.site

system-packages:
	@bash .ci/system-packages.sh

lab: $(VENV)/.lab
	$(BIN)/jupyter-lab notebooks --ip=127.0.0.1 --port=$(PORT) --no-browser $(ROOT_FLAG) \
	  --config=.ci/jupyter_offline_config.py

test: system-packages $(VENV)/.dev lint
	$(BIN)/python -m pytest -n 2 --dist loadfile --nbval-lax $(PYTEST_ARGS)

# ruff, configured in pyproject.toml; make test runs it first.
lint: $(VENV)/.dev
	$(BIN)/ruff check .

test-fast: $(VENV)/.dev
	$(BIN)/python -m pytest -m "not slow and not browser" tests ckmkit $(PYTEST_ARGS)

clean:
	rm -rf $(VENV) build dist .pytest_cache

# Student versions of the exercise sources (solutions removed), both languages.
student: $(VENV)/.lab
	$(BIN)/python -m ckmkit.cli exercises build --src exercises --out build/student

.PHONY: student

# The offline course site (both languages, executed chapters) into build/site.
site: $(VENV)/.site
	$(BIN)/python docs/site/build.py --out build/site

.PHONY: site

# Benchmarks (value, network, import time, widget latency) in their own venv: the peer libraries they
# compare with (lifetimes 0.11.3, NDlib, igraph) are never dependencies of ckmkit.
# BENCH_ARGS=--quick gives a smoke test. Value and network results go to
# benchmarks/value/ and benchmarks/network/ (RESULTS.md, results.csv); import time and widget
# latency are printed.
BENCH_VENV := benchmarks/.venv-bench
BENCH_ARGS ?=
VALUE_RUNS ?= 3

$(BENCH_VENV)/.ready: pyproject.toml
	test -x $(BENCH_VENV)/bin/python || $(PYTHON) -m venv $(BENCH_VENV)
	$(BENCH_VENV)/bin/python -m pip install --quiet --upgrade pip
	$(BENCH_VENV)/bin/python -m pip install --quiet -e ".[scale]" "lifetimes==0.11.3" \
	  ndlib six igraph
	@touch $@

bench: $(BENCH_VENV)/.ready
	PYTHONPATH=. $(BENCH_VENV)/bin/python benchmarks/value/bench_value.py --runs $(VALUE_RUNS) $(BENCH_ARGS)
	PYTHONPATH=. $(BENCH_VENV)/bin/python benchmarks/network/bench_network.py $(BENCH_ARGS)
	PYTHONPATH=. $(BENCH_VENV)/bin/python benchmarks/import_time.py
	TQDM_DISABLE=1 PYTHONPATH=. $(BENCH_VENV)/bin/python benchmarks/widget_latency.py

.PHONY: bench
