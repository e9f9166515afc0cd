# Two commands set everything up on a fresh machine:
#   make demo   - run the pipeline on the bundled example articles
#   make test   - run the test suite
# Both create or reuse ./.venv and install exactly the pinned versions in requirements.lock.
# torch is installed first, pinned: argostranslate -> stanza -> torch, and an unpinned torch
# downloads a several-GB build (the runtime never imports it).

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
PIP    := $(PY) -m pip
STAMP  := $(VENV)/.installed

.PHONY: demo test bench lint fuzz lock clean

# pip's own chatter goes to .venv/install.log; it is printed only if the install fails.
$(STAMP): pyproject.toml requirements.lock
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	@echo "Installing pinned dependencies into $(VENV) (log: $(VENV)/install.log)..."
	@( $(PIP) install -c requirements.lock torch==2.13.0 && \
	   $(PIP) install -c requirements.lock -e '.[all,dev]' ) > $(VENV)/install.log 2>&1 \
	   || { cat $(VENV)/install.log; echo "Error: installing into $(VENV) failed (see above)"; exit 1; }
	@touch $(STAMP)

demo: $(STAMP)
	@for f in examples/*.txt; do \
	  echo "=== polyglot-news run --unit paragraph $$f"; \
	  $(VENV)/bin/polyglot-news run --unit paragraph "$$f" || exit $$?; \
	  echo; \
	done
	@echo "=== what the pipeline did (from its JSON Lines output)"
	@$(VENV)/bin/polyglot-news run --unit paragraph --format jsonl examples/*.txt \
	  | $(PY) scripts/show_changes.py

test: $(STAMP)
	$(VENV)/bin/polyglot-news glossary lint
	$(VENV)/bin/polyglot-news glossary test
	$(PY) -m pytest -q

bench: $(STAMP)
	$(PY) -m pytest benchmarks -q -s --benchmark-columns=min,mean,ops --benchmark-sort=name

fuzz: $(STAMP)
	$(PY) tests/fuzz/fuzz_segment.py -atheris_runs=100000
	$(PY) tests/fuzz/fuzz_normalize.py -atheris_runs=100000

lint: $(STAMP)
	$(VENV)/bin/ruff check polyglot_news tests benchmarks scripts
	$(VENV)/bin/mypy

lock: $(STAMP)
	head -2 requirements.lock > requirements.lock.new
	$(PIP) freeze --exclude-editable | grep -v -E '^(pip|setuptools|wheel)==' | sed 's/+cpu//' >> requirements.lock.new
	mv requirements.lock.new requirements.lock

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .hypothesis .benchmarks
