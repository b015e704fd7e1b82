# Pressroom: `make run` starts the dashboard on the sample corpus; `make test` runs every test; `make lint` checks
# the code's style.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8501

.PHONY: setup store run lint test browser screenshots bench clean

setup: $(VENV)/.installed

$(VENV)/.installed: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

# Incremental: processes only new or changed sample files, so it costs seconds when nothing changed.
store: setup
	$(PY) -m lib process

run: store
	$(VENV)/bin/streamlit run app.py --server.port $(PORT)

# Debian's chromium for the browser tests; installed here when running as root, else see the README.
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -q && apt-get install -y -q chromium; \
	  else echo "Browser tests need Debian's chromium: sudo apt-get install chromium"; fi; }

# ruff's checks and its formatting, as configured in pyproject.toml; changes nothing (`ruff format .` fixes the
# formatting, `ruff check --fix .` what it can of the rest).
lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

# Tests build their own temporary stores from data/sample.
test: setup browser
	$(PY) -m pytest

# Every page in a real browser at 1280 px wide, on the sample corpus, the first build's progress and a job's
# banner, into docs/screenshots/.
screenshots: setup browser
	rm -rf tests/artifacts
	$(PY) -m pytest -q tests/test_browser.py -k "renders or reader or job"
	mkdir -p docs/screenshots
	cp tests/artifacts/*.png docs/screenshots/

# Speed, measured (never asserted in tests): rewrites BENCHMARKS.md. Needs ../shared; the first run builds a store
# of the White House corpus in data/bench (about 45 minutes on two cores).
bench: setup browser
	$(PY) -m bench

clean:
	rm -rf data/processed .pytest_cache tests/artifacts
