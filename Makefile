# The README's commands: `make lab` to learn, `make test` to check everything.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
# Kernels come from .venv first, even if a python3 kernel is registered for this user elsewhere.
export JUPYTER_PREFER_ENV_PATH := 1

.PHONY: lab test bench lint html notebooks nav solutions clean

$(VENV)/.ready: requirements.txt pyproject.toml
	@$(PY) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 10) else "gradbook needs Python 3.10 or newer")'
	$(PY) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet -r requirements.txt
	$(BIN)/python -m pip install --quiet --no-deps --editable .
	$(BIN)/python -m ipykernel install --sys-prefix --name python3 --display-name "Python 3 (gradbook)" >/dev/null
	touch $@

lab: $(VENV)/.ready  ## open the course in JupyterLab
	$(BIN)/jupyter lab notebooks/00_index.ipynb  # serves notebooks/, opens the index

test: $(VENV)/.ready  ## module tests, then every notebook re-run and compared cell by cell
	$(BIN)/python -m pytest --nbval --nbval-current-env tests notebooks

bench: $(VENV)/.ready  ## speed, printed as ratios measured side by side
	$(BIN)/python benchmarks/bench_moons.py
	$(BIN)/python benchmarks/bench_tensors.py
	$(BIN)/python benchmarks/bench_playground.py

lint: $(VENV)/.ready
	$(BIN)/ruff check engine.py nn.py viz.py playground.py exercises.py conftest.py tests benchmarks tools notebooks

html: $(VENV)/.ready  ## a static site of the whole series in site/, opens offline
	$(BIN)/python tools/site.py notebooks site

# For authors: regenerate solutions and navigation, then re-run every notebook top to bottom
# and store its outputs (what `make test` compares against).
notebooks: $(VENV)/.ready
	$(BIN)/python tools/solutions.py notebooks
	$(BIN)/python tools/nav.py notebooks
	$(BIN)/python tools/execute.py notebooks/*.ipynb notebooks/solutions/*.ipynb

clean:
	rm -rf $(VENV) site .pytest_cache .hypothesis
