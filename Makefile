# Two commands for a fresh machine: `make demo` and `make test` (see README.md).
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test install lint format migrate serve integration browser bench bench-load messages clean

$(STAMP): pyproject.toml
	bin/system-packages
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

demo: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_demo
	$(BIN)/python manage.py load_demo_applications
	$(BIN)/python manage.py load_demo_assessment
	$(BIN)/python manage.py load_demo_matching
	$(BIN)/python manage.py load_demo_outcomes
	bin/serve-demo

test: install
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/pytest -n auto

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# The integration and browser suites need PostgreSQL, Redis and Chromium: see .ci/run.
integration: install
	bash .ci/run

bench: install
	$(BIN)/python bench/optimizer.py
	$(BIN)/python bench/import_applicants.py
	$(BIN)/python bench/monitoring.py

# A headless load test against gunicorn + PostgreSQL + Redis on this machine (bench/load.py).
bench-load: install
	$(BIN)/python -m pip install --quiet -e '.[bench]'
	$(BIN)/python bench/load.py

messages: install
	$(BIN)/python manage.py makemessages -l ja -l ru -l vi -l th --no-obsolete --ignore=.venv --ignore=var
	$(BIN)/python manage.py compilemessages --ignore=.venv

clean:
	rm -rf var .pytest_cache
