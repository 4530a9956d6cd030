# Quick start: `make run` (set up, then the pipeline on data/sample/) and `make test`.
# The environment is created from uv.lock (exact pins) with the machine's python3;
# uv itself is installed from PyPI into .tools/ when it is not already on PATH.

PYTHON ?= python3
UV_VERSION := 0.13.8
UV := $(or $(shell command -v uv 2>/dev/null),$(CURDIR)/.tools/bin/uv)
DATA_DIR ?= data/sample
AS_OF ?= 2026-11-01
export UV_PYTHON_DOWNLOADS := never
export UV_LINK_MODE := copy
RUN := $(UV) run --frozen --no-sync

.PHONY: setup run test notebook serve sample clean

$(CURDIR)/.tools/bin/uv:
	$(PYTHON) -m venv .tools
	.tools/bin/pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)

.venv/.synced: pyproject.toml uv.lock | $(UV)
	$(UV) sync --frozen --python $(PYTHON)
	@touch $@

setup: .venv/.synced

run: setup
	$(RUN) ambassador run --data-dir $(DATA_DIR) --as-of $(AS_OF)

test: setup
	$(RUN) pytest

# The 1,000,000-message Slack load against DuckDB reading the same files raw (a few minutes;
# not part of `make test`); writes benchmarks/results/slack_load.json.
.PHONY: bench
bench: setup
	$(RUN) python -m benchmarks.slack_load

# Influence against simulated spreading on networkx's bundled social graphs (about a minute;
# not part of `make test`); writes benchmarks/results/influence_check.json.
.PHONY: influence
influence: setup
	$(RUN) python -m benchmarks.influence_check

# The ranking against planted truth on five generated companies (400 to 2,000 people, 180 days),
# beside the TF-IDF x PageRank baseline (about 15 minutes; not part of `make test`); writes
# benchmarks/results/evaluation.json. `make tune` chooses the default weights on other seeds.
.PHONY: evaluate tune
evaluate: setup
	$(RUN) ambassador evaluate --seeds 101-105 --people 400,800,1200,1600,2000 --days 180 --check

tune: setup
	$(RUN) ambassador evaluate --tune --seeds 1-3 --people 400,800,1200 --days 180

notebook: setup
	$(RUN) jupyter lab notebooks/

serve: setup
	$(RUN) ambassador serve --data-dir $(DATA_DIR)

sample: setup
	rm -rf data/sample && $(RUN) ambassador sample --out data/sample

clean:
	rm -rf .venv .tools out
