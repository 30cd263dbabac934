# The two commands of the README: `make site` and `make test`.
# Debian's python3.11 where the machine has it: Debian builds it with profile-guided and
# link-time optimisation, and the 10,000-article build ran about a fifth faster on it than on
# a source build without them (pyenv's 3.11.7), with the same site byte for byte (README,
# Performance). Elsewhere, or where its venv module is missing (Debian's python3.11-venv),
# the python3.11 on the PATH.
PYTHON ?= $(firstword $(wildcard /usr/bin/python3.11) python3.11)
VENV := .venv
BIN := $(VENV)/bin
# the environment is made again when the pins, the interpreter or the recipe below change
STAMP := $(VENV)/.installed-$(shell (cat requirements.txt requirements-test.txt; echo '$(PYTHON) bytecode') | cksum | cut -d' ' -f1)
export NO_MKDOCS_2_WARNING := 1

.PHONY: site test serve golden check format bench chromium axe clean shard-read shard-render assemble

$(STAMP): requirements.txt requirements-test.txt
	$(PYTHON) -m venv --clear $(VENV) || python3.11 -m venv --clear $(VENV) || python3 -m venv --clear $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-test.txt
	@# jieba is installed from its source archive, without bytecode, and where PYTHONDONTWRITEBYTECODE
	@# is set (as here) its 5 MB of tables were compiled again by every build: 2 s before reading began
	$(BIN)/python -m compileall -q $(VENV)/lib >/dev/null
	@touch $@

## make site: set up .venv if needed, read content/, build both script views into site/
## (SITE_URL=https://…/ gives the sitemap and the feeds the site's address)
site: $(STAMP)
	$(BIN)/python -m generator build --strict $(if $(SITE_URL),--site-url "$(SITE_URL)")

## make test: set up, make sure Debian's chromium and axe-core are there, run every test
test: $(STAMP) chromium axe
	$(BIN)/python -m pytest

## make shard-read PART=K/N, make shard-render PART=K/N, make assemble: the build split over
## machines, as the workflow's matrix runs it (generator/shards.py, docs/shards.md): the parts'
## summaries in summaries/, each part's pages in parts/part-K-of-N/
shard-read: $(STAMP)
	$(BIN)/python -m generator shard read --part $(PART) --summaries summaries

shard-render: $(STAMP)
	$(BIN)/python -m generator shard render --part $(PART) --summaries summaries --out parts/part-$(subst /,-of-,$(PART)) $(if $(SITE_URL),--site-url "$(SITE_URL)")

assemble: $(STAMP)
	$(BIN)/python -m generator assemble --strict --summaries summaries parts/part-* $(if $(SITE_URL),--site-url "$(SITE_URL)")

## make serve: build, then preview both views on http://127.0.0.1:8000/
serve: $(STAMP)
	$(BIN)/python -m generator serve

## make check: report problems in the pages of content/
check: $(STAMP)
	$(BIN)/python -m generator check

## make format: lay out the Python code (generator/, tests/, bench/) with the pinned formatter
format: $(STAMP)
	$(BIN)/ruff format generator tests bench

## make golden: rewrite tests/golden/ from the current reading of content/ (review the diff)
golden: $(STAMP)
	$(BIN)/python -m tests.refresh_golden

## make bench: build a synthetic 10,000-article archive, time it, measure search in Chromium,
## and compare with the naive build on 1,000 articles (prints JSON and writes docs/performance.md;
## ARTICLES=, BASELINE_ARTICLES=, SCALE_ARTICLES= (a smaller archive built first, to compare),
## SHAPE=samples|long|paper|mixed: see bench/synth.py)
ARTICLES ?= 10000
BASELINE_ARTICLES ?= 1000
SCALE_ARTICLES ?= 0
SHAPE ?= samples
bench: $(STAMP) chromium
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r bench/requirements.txt
	$(BIN)/python -m bench.run --articles $(ARTICLES) --shape $(SHAPE) --baseline-articles $(BASELINE_ARTICLES) --scale-articles $(SCALE_ARTICLES) --report docs/performance.md

## axe-core (npm, pinned in tests/browser/package-lock.json): the browser tests' accessibility check
AXE := tests/browser/node_modules/axe-core/axe.min.js
axe: $(AXE)
$(AXE): tests/browser/package.json tests/browser/package-lock.json
	npm ci --prefix tests/browser --no-audit --no-fund --ignore-scripts --silent
	@touch $@

chromium:
	@if [ -n "$$CHROMIUM" ]; then test -x "$$CHROMIUM" || { echo "CHROMIUM=$$CHROMIUM is not an executable browser" >&2; exit 1; }; exit 0; fi; \
	command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "installing Debian's chromium for the browser tests"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else \
	    echo "the browser tests need Debian's chromium: run 'sudo apt-get install chromium' and try again" >&2; exit 1; \
	  fi; }
	@[ -n "$$CHROMIUM" ] || command -v chromium >/dev/null 2>&1 || { echo "chromium did not install: run 'apt-get install chromium'" >&2; exit 1; }

clean:
	rm -rf build site site.old summaries parts
