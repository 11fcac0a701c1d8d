# The README's commands: `make lab` to learn, `make test` to check everything.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
# Kernels come from .venv first, even if a python3 kernel is registered for this user elsewhere.
export JUPYTER_PREFER_ENV_PATH := 1

.PHONY: lab workspace test bench lint html notebooks nav solutions clean

$(VENV)/.ready: requirements.txt pyproject.toml
	@$(PY) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 10) else "gradbook needs Python 3.10 or newer")'
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
lab: workspace $(SERVER_CONFIG)  ## open the course in JupyterLab
	$(BIN)/jupyter lab --ServerApp.root_dir=. workspace/00_index.ipynb

workspace: $(VENV)/.ready  ## copy what is new in notebooks/ to workspace/, never overwriting
	$(BIN)/python tools/workspace.py notebooks workspace

test: $(VENV)/.ready  ## module tests, then every notebook re-run and compared cell by cell
	$(BIN)/python -m pytest --nbval --nbval-current-env tests notebooks

# The course as a learner sees it, in a real browser: JupyterLab (Run All in each lesson) and the
# static site, in Debian's chromium (apt-get install -y chromium). Screenshots: build/browser-screens/
.PHONY: test-browser
CHROMIUM ?= /usr/bin/chromium
test-browser: $(VENV)/.browser
	@test -x $(CHROMIUM) || { echo "make test-browser needs chromium at $(CHROMIUM):" \
	  "sudo apt-get install -y chromium" >&2; exit 1; }
	GRADBOOK_CHROMIUM=$(CHROMIUM) $(BIN)/python -m pytest tests/browser

$(VENV)/.browser: requirements-browser.txt $(VENV)/.ready
	$(BIN)/python -m pip install --quiet -r requirements-browser.txt
	touch $@

bench: $(VENV)/.ready  ## speed, printed as ratios measured side by side
	$(BIN)/python benchmarks/bench_moons.py
	$(BIN)/python benchmarks/bench_tensors.py
	$(BIN)/python benchmarks/bench_playground.py
	$(BIN)/python benchmarks/bench_scale.py

lint: $(VENV)/.ready
	$(BIN)/ruff check *.py tests benchmarks tools notebooks

html: $(VENV)/.ready  ## a static site of the whole series in site/, opens offline
	$(BIN)/python tools/site.py notebooks site

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
	npm ci --prefix classroom --no-audit --no-fund --loglevel=error
	touch $@

# Three learners in chromium against a real hub on 127.0.0.1; makes and removes its own users.
test-classroom: $(VENV)/.classroom $(VENV)/.browser
	GRADBOOK_CHROMIUM=$(CHROMIUM) $(BIN)/python -m pytest tests/classroom
