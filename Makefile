# Two commands matter: `make run` and `make test`. Everything else is a helper of theirs.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test bench lint install clean-var

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || { echo "Нужен Python 3.11 или новее (нашёлся: $(PYTHON))"; exit 1; }
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[embedded,dev]"
	@touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	@$(PY) -m cur.devstack run

test: $(STAMP)
	@$(PY) -m cur.devstack test $(ARGS)

bench: $(STAMP)
	@$(PY) -m cur.devstack bench $(ARGS)

lint: $(STAMP)
	$(VENV)/bin/ruff check .

clean-var:
	rm -rf var
