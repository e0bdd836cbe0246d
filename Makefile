# Set-up and everyday commands. `make serve` and `make test` are the README's two
# set-up commands: each creates the virtual environment and installs what it needs.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin

.PHONY: install system-deps serve test build check-build clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

install: $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'

# Debian packages used by the tests (rapper: an independent Turtle parser).
# Installed when running as root on a Debian-like system; otherwise listed.
system-deps:
	@if command -v rapper >/dev/null 2>&1; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	  (apt-get update -qq || true) && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq raptor2-utils >/dev/null; \
	else echo "note: install raptor2-utils (rapper) to run the independent-parser test"; fi

serve: install
	$(BIN)/ogpgraph serve

test: install system-deps
	$(BIN)/python -m pytest

build: install
	$(BIN)/ogpgraph build

clean:
	rm -rf $(VENV) build dist src/*.egg-info .pytest_cache
