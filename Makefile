# The archive's two commands, `make run` and `make test`, need only Python 3.11+.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
WORKERS ?= 2

.PHONY: run test install install-dev lock messages bench bench-quality bench-reading clean

# A lock is installed as a lock, as pip-sync installs one: every package it pins, with its
# hashes, and nothing pip resolves itself (--no-deps), so no release after the lock can enter,
# whatever pip the venv carries; `pip check` then fails the install if the lock misses a
# dependency. Unlike pip-sync nothing is uninstalled: a package dropped from a lock stays in
# an existing venv until `make clean`.
# archive/tests/test_install.py runs these same rules into fresh venvs.
INSTALL_LOCK = $(BIN)/pip install --quiet --disable-pip-version-check --no-deps --require-hashes -r
CHECK_LOCK = $(BIN)/pip check --disable-pip-version-check

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: requirements.txt | $(BIN)/python
	$(INSTALL_LOCK) requirements.txt
	$(CHECK_LOCK)
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt | $(BIN)/python
	$(INSTALL_LOCK) requirements-dev.txt
	$(CHECK_LOCK)
	touch $(VENV)/.installed $@

## For maintainers: compile requirements*.in, with every transitive dependency and its hashes, into the locks.
lock: | $(BIN)/python
	$(BIN)/pip install --quiet pip-tools==7.5.3
	$(BIN)/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras --no-emit-index-url --no-emit-find-links --output-file requirements.txt requirements.in
	$(BIN)/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras --no-emit-index-url --no-emit-find-links --output-file requirements-dev.txt requirements-dev.in

## For maintainers: gather the messages into locale/ar/LC_MESSAGES/django.po (translate the new ones there), then compile it (needs GNU gettext).
messages: install
	$(BIN)/python manage.py makemessages -l ar --no-location --no-wrap --ignore=.venv --ignore=var --ignore=benchmarks --ignore=node_modules --ignore='archive/tests/*'
	$(BIN)/python manage.py compilemessages -l ar --ignore=.venv

install: $(VENV)/.installed

install-dev: $(VENV)/.installed-dev

## Create the virtualenv, install, migrate, load fixtures, build the index, serve with gunicorn.
run: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py collectstatic --noinput --verbosity 0
	$(BIN)/python manage.py bootstrap_archive
	@echo "Serving the archive on http://127.0.0.1:$(PORT)/ (admin: $(BIN)/python manage.py createsuperuser)"
	@# The indexer follows the index queue beside gunicorn and stops with it.
	$(BIN)/python manage.py run_indexer & indexer=$$!; \
	trap 'kill $$indexer 2>/dev/null' EXIT INT TERM; \
	$(BIN)/gunicorn -c config/gunicorn.conf.py --bind 127.0.0.1:$(PORT) --workers $(WORKERS) --access-logfile -

## Install and run the whole test suite: on SQLite, then the database tests on PostgreSQL.
test: install-dev
	scripts/ensure-test-tools.sh
	$(BIN)/python -m pytest
	scripts/with-postgres.sh $(BIN)/python -m pytest -m "not browser" -q -p no:cacheprovider

## Retrieval quality against the peers (haystack's default Whoosh, SQLite FTS5), into BENCHMARKS.md.
bench-quality: install-dev
	$(BIN)/python -m benchmarks.retrieval --sample 4000 --write BENCHMARKS.md

## Titles, dates, sources, boilerplate and body recall on real pages, beside plain trafilatura, into BENCHMARKS.md.
bench-reading: install-dev
	$(BIN)/python -m benchmarks.reading --write BENCHMARKS.md

## Import, index, latency and growth at 10k, corpus and 4x, with peers, quality, reading, faults under load, the pages' times, the exports' throughput and the republished stories, into BENCHMARKS.md.
bench: install-dev
	$(BIN)/python -m benchmarks.scale --write BENCHMARKS.md
	$(BIN)/python -m benchmarks.reading --write BENCHMARKS.md
	$(BIN)/python -m benchmarks.faults --write BENCHMARKS.md
	$(BIN)/python -m benchmarks.pages --write BENCHMARKS.md
	$(BIN)/python -m benchmarks.exports --write BENCHMARKS.md
	$(BIN)/python -m benchmarks.stories --write BENCHMARKS.md

clean:
	rm -rf $(VENV) .pytest_cache node_modules screenshots
