# Set-up and everyday commands. `make serve` and `make test` are the README's two
# set-up commands: each creates the virtual environment and installs what it needs.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin

.PHONY: install front-deps system-deps serve test build check-build clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

install: $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
# The SPARQL page's editor (package.json, into node_modules/), reinstalled when the lock file
# changes; without npm (or if npm ci fails) the page keeps its plain text area. `make test`
# sets NODE_DEV=1: the devDependencies too (Comunica, the client of the fragments tests).
	@if [ -f node_modules/.package-lock.json ] && [ node_modules/.package-lock.json -nt package-lock.json ] \
	   && { [ -z "$(NODE_DEV)" ] || [ -x node_modules/.bin/comunica-sparql ]; }; then :; \
	elif command -v npm >/dev/null 2>&1; then npm ci $(if $(NODE_DEV),,--omit=dev) --no-audit --no-fund --loglevel=error \
	  || echo "warning: npm ci failed: the SPARQL page will use a plain text area instead of the Yasqe editor"; \
	else echo "note: npm not found: the SPARQL page will use a plain text area instead of the Yasqe editor"; fi

# The front alone (`make serve` needs no more): nginx-light, as root on a Debian-like system.
front-deps:
	@if command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ]; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	  (apt-get update -qq || true) && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx-light >/dev/null; \
	else echo "note: install nginx-light (apt-get): without it slow clients can hold gunicorn's workers (docs/deploy.md)"; fi

# Debian packages used by the service and the tests: nginx-light (the front of `ogpgraph
# serve`, which keeps slow clients off gunicorn: server/front.py), raptor2-utils (rapper,
# an independent Turtle parser), chromium (the browser test drives it with Playwright; no
# browser download), a Java runtime (`ogpgraph consistency` runs HermiT, shipped by
# owlready2) and Apache httpd (apache2-bin: the binary and modules, no service; the w3id
# redirect test serves deploy/w3id/ with it). Installed when running as root on a Debian-like
# system; otherwise listed.
# (The JRE's post-install step fails where slim images removed /usr/share/man/man1.)
system-deps: front-deps
	@missing=""; \
	command -v rapper >/dev/null 2>&1 || missing="$$missing raptor2-utils"; \
	command -v chromium >/dev/null 2>&1 || missing="$$missing chromium"; \
	command -v java >/dev/null 2>&1 || missing="$$missing default-jre-headless"; \
	[ -x /usr/sbin/apache2 ] || command -v apache2 >/dev/null 2>&1 || missing="$$missing apache2-bin"; \
	if [ -z "$$missing" ]; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	  mkdir -p /usr/share/man/man1; \
	  (apt-get update -qq || true) && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	else echo "note: install$$missing (apt-get) for the independent-parser, browser, consistency and w3id tests"; fi

# `make serve PORT=8080 HOST=0.0.0.0` for another address (default: 127.0.0.1:8000)
serve: install front-deps
	$(BIN)/ogpgraph serve $(if $(HOST),--host $(HOST)) $(if $(PORT),--port $(PORT))

# Twice: every test with embedded stores, then the server suites against a real `oxigraph serve`
# (tests/server/conftest.py starts and loads it; a few embedded-only tests are skipped, with why).
test: NODE_DEV = 1
test: install system-deps
	$(BIN)/python -m pytest
	OGPGRAPH_TEST_STORE=oxigraph $(BIN)/python -m pytest tests/server

build: install
	$(BIN)/ogpgraph build

clean:
	rm -rf $(VENV) build dist src/*.egg-info .pytest_cache
