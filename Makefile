# lindung: `make run` serves the app with demo data; `make test` runs the whole suite.
SHELL := /bin/bash
.DEFAULT_GOAL := help
PY ?= python3
UV := $(or $(shell command -v uv 2>/dev/null),$(CURDIR)/.tools/bin/uv)
BIN := .venv/bin
HOST ?= 127.0.0.1
PORT ?= 8000
CHROMIUM ?= /usr/bin/chromium

.PHONY: help setup run test lint browser bench bench-quick clean

help:
	@echo "make run    - pasang, siapkan basis data + data demo, jalankan di http://$(HOST):$(PORT)"
	@echo "make test   - pasang semua yang dibutuhkan uji lalu jalankan seluruh uji"
	@echo "make bench  - jalankan benchmark dan cetak angkanya (sekitar 1 jam)"
	@echo "make bench-quick - benchmark ukuran kecil (uji cepat)"

# uv installs the locked dependencies; bootstrap it from PyPI when the machine lacks it.
$(CURDIR)/.tools/bin/uv:
	$(PY) -m venv .tools
	.tools/bin/pip install --quiet uv

$(BIN)/lindung: pyproject.toml uv.lock | $(UV)
	$(UV) sync --frozen
	@touch $@

setup: $(BIN)/lindung

run: setup
	$(BIN)/lindung migrate --no-input
	$(BIN)/lindung setup_demo
	@echo "lindung berjalan di http://$(HOST):$(PORT)  (hentikan dengan Ctrl+C)"
	$(BIN)/waitress-serve --host=$(HOST) --port=$(PORT) --threads=8 --max-request-body-size=42991616 lindung.wsgi:application

# Browser tests drive Debian's Chromium; Playwright's own download does not work offline.
browser:
	@test -x $(CHROMIUM) || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

lint: setup
	$(BIN)/ruff check .
	$(BIN)/lindung makemigrations --check --dry-run

test: setup browser lint
	$(BIN)/pytest -q -n 2

# The full run builds million-row databases and takes about an hour on two cores.
bench: setup
	$(BIN)/python -m benchmarks

bench-quick: setup
	$(BIN)/python -m benchmarks --quick

clean:
	rm -rf .venv .tools var
