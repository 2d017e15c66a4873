# The two commands of the README: `make run` and `make test`. Both build .venv first.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

export PREFECT_SERVER_ANALYTICS_ENABLED := false
export DO_NOT_TRACK := 1
export PREFECT_HOME := $(CURDIR)/.prefect

.PHONY: run test lint format install clean lock model docs

$(STAMP): pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -c requirements.lock -e ".[dev]"
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(BIN)/sitrep run

# Two workers (the machines have two cores); a module's tests stay on one worker, so its
# module-scoped fixtures (a Prefect server, ten killed runs) are built once.
test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/python -m pytest -q -n 2 --dist loadfile

# README.md's example outputs, counts and command reference, printed by the code from a run on
# the seeds (flows/readme.py); tests/test_readme_examples.py fails when the README differs.
docs: $(STAMP)
	$(BIN)/python -m flows.readme

# The event detector: trained from training/corpus/ with a fixed seed into models/event-detector/,
# scored on held-out authors first (training/README.md). `make model COMPARE=1` scores every kind.
model: $(STAMP)
	$(BIN)/python -m training.train $(if $(COMPARE),--compare,)

lint: $(STAMP)
	$(BIN)/ruff check . && $(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff format . && $(BIN)/ruff check --fix .

clean:
	rm -rf $(VENV) warehouse/sitrep.duckdb warehouse/sitrep.duckdb.wal warehouse/sitrep.sitrep warehouse/lake warehouse/reports .prefect

# Re-resolve requirements.lock from pyproject.toml's ranges in a throw-away venv, then test
# the new pins where they break: Prefect's scheduler, server and CLI on a real server.
LOCK_VENV := .lock-venv
lock:
	rm -rf $(LOCK_VENV)
	$(PYTHON) -m venv $(LOCK_VENV)
	$(LOCK_VENV)/bin/pip install --quiet --upgrade pip
	$(LOCK_VENV)/bin/pip install --quiet -e ".[dev]"
	{ sed -n '/^#/p' requirements.lock; $(LOCK_VENV)/bin/pip freeze --exclude-editable; } > requirements.lock.new
	mv requirements.lock.new requirements.lock
	rm -rf $(LOCK_VENV)
	$(MAKE) install
	$(BIN)/python -m pytest -q tests/integration/test_schedule.py tests/integration/test_serve.py
