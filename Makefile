# The two commands of the README: `make run` and `make test`. `make bench` prints the benchmark table;
# `make fuzz` feeds the loaders 2,100 generated malformed cost files and 2,100 scenario documents
# (CI runs it after `make test`).
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test fuzz bench load lint system clean table

# Debian packages: chromium for the browser tests and the board pack's chart pictures;
# postgresql for the scenario library's tests on PostgreSQL (the tests start their own server);
# fonts-dejavu-core, the TrueType font the PDF pack embeds; poppler-utils (pdftoppm,
# pdftotext) for the tests that read the PDF pack back and draw its pages.
DEB_PACKAGES := chromium postgresql fonts-dejavu-core poppler-utils

system:
	@DEB_PACKAGES="$(DEB_PACKAGES)" bash scripts/system-deps.sh

$(STAMP): requirements.txt requirements-dev.txt constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt -c constraints.txt
	touch $(STAMP)

# The dashboard on the built-in example at http://localhost:8501 (Ctrl+C stops it).
run: system $(STAMP)
	$(BIN)/python -m streamlit run app.py --server.port 8501 --server.address localhost

# The comparison in the terminal (the command line on the built-in example).
table: $(STAMP)
	$(BIN)/python -m appraisal

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

test: system $(STAMP) lint
	$(BIN)/python -m pytest -n 2

# The loaders' fuzz tests with the fuzz profile (tests/fuzz/profiles.py): 2,100 cost files
# (CSV, XLSX, the editor's table) and 2,100 scenario documents, new ones each run, and the
# slowest files within the limits timed; stopped after 10 minutes whatever happens.
fuzz: $(STAMP)
	timeout --kill-after=30 600 $(BIN)/python -m pytest -n 2 tests/fuzz \
		--hypothesis-profile=fuzz --hypothesis-show-statistics

bench: system $(STAMP)
	$(BIN)/python -m bench

# 20 sessions (2 Chromium pages, 18 light websocket clients) moving a slider every 5 s for
# 60 s on 127.0.0.1; prints errors, update times and server memory. Stops by itself.
load: system $(STAMP)
	$(BIN)/python -m bench.load

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .hypothesis
