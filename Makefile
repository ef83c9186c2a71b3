# Two commands set up and run everything on a fresh Debian machine:
#   make check   set up, build the course and run the gate
#   make test    set up, then run the whole test suite
# Set-up is idempotent: a second run reuses what is installed.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY_STAMP := $(VENV)/.caire-installed
NPM_STAMP := node_modules/.caire-installed
PYODIDE_STAMP := .vendor/pyodide-packages/.caire-installed
PYTEST_ARGS ?= -n auto

.PHONY: setup system-deps check build preview test test-fast lint bench clean

setup: system-deps $(PY_STAMP) $(NPM_STAMP) $(PYODIDE_STAMP)

# Debian's chromium and chromium-driver drive the accessibility checks; Tesseract (with
# its French and English data) reads images of text.
SYSTEM_PACKAGES := chromium chromium-driver tesseract-ocr tesseract-ocr-fra tesseract-ocr-eng
system-deps:
	@if command -v chromium >/dev/null 2>&1 && command -v chromedriver >/dev/null 2>&1 && \
	    command -v tesseract >/dev/null 2>&1 && tesseract --list-langs 2>&1 | grep -qx fra; then \
	  :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	  echo "make: installing Debian's $(SYSTEM_PACKAGES)" >&2; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(SYSTEM_PACKAGES) >/dev/null; \
	else \
	  echo "make: missing chromium, chromedriver or tesseract; install them with: sudo apt-get install $(SYSTEM_PACKAGES)" >&2; \
	  exit 2; \
	fi

$(PY_STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $@

$(NPM_STAMP): package.json package-lock.json
	PUPPETEER_SKIP_DOWNLOAD=1 CHROMEDRIVER_SKIP_DOWNLOAD=true npm ci --no-audit --no-fund --loglevel=error
	touch $@

# Pyodide's package wheels for the packages the notebooks import, each file verified
# against the sha256 of Pyodide's own lock file (from npm); a mismatch stops here.
$(PYODIDE_STAMP): $(PY_STAMP) $(NPM_STAMP) $(wildcard notebooks/*.ipynb)
	$(BIN)/python -m checks.book.browser_python fetch
	touch $@

check: setup
	$(BIN)/caire check

build: setup
	$(BIN)/caire build

preview: setup
	$(BIN)/caire preview

lint: setup
	$(BIN)/ruff check .

test: setup
	$(BIN)/ruff check .
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# While you work: no browser, no book build, no batch of kernels (under a minute).
test-fast: $(PY_STAMP) $(NPM_STAMP) $(PYODIDE_STAMP)
	$(BIN)/ruff check .
	$(BIN)/python -m pytest $(PYTEST_ARGS) -m "not browser and not slow"

bench: setup
	$(BIN)/python bench/build.py
	$(BIN)/python bench/exercises.py
	$(BIN)/python bench/a11y.py
	$(BIN)/python bench/kernel_death.py
	$(BIN)/python bench/browser_python.py
	$(BIN)/python bench/preview.py

clean:
	rm -rf _build
