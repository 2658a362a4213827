# Binôme — the two commands a newcomer needs: `make demo` and `make test`.
SHELL := /bin/bash
.DEFAULT_GOAL := help

# Python 3.12 (pinned in .python-version); uv is installed in .tools/ and never downloads a Python.
# The interpreter's own path, not pyenv's shim: given the shim, uv rebuilds .venv on every `make`.
PYTHON ?= $(shell for p in "$$(command -v python3.12)" "$$(pyenv which python3.12 2>/dev/null)"; do \
	[ -n "$$p" ] && "$$p" -c 'import sys; print(sys.executable)' 2>/dev/null && break; done)
UV_VERSION := 0.13.9
UV := .tools/bin/uv
export UV_PYTHON_DOWNLOADS := never
export UV_PROJECT_ENVIRONMENT := .venv
MANAGE := .venv/bin/python -m binome
# The demo runs background tasks inline (no worker to start) and prints e-mails on the console.
DEMO_ENV := BINOME_DEBUG=1 BINOME_TASKS_IMMEDIATE=1
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/binome
HOST ?= 127.0.0.1:8000
# The demo's e-mails link to the address it is served on, and Django accepts that host (HOST=192.168.1.20:8000).
DEMO_ENV += BINOME_SITE_URL=$${BINOME_SITE_URL:-http://$(HOST)}
DEMO_ENV += BINOME_ALLOWED_HOSTS=$${BINOME_ALLOWED_HOSTS:-127.0.0.1,localhost,$(firstword $(subst :, ,$(HOST)))}

# Debian packages the Python dependencies cannot bring. Run time (make demo): HarfBuzz's subsetter for
# WeasyPrint's PDF letters and the DejaVu font they are set in. Tests add Debian's Chromium for the
# browser tests (never `playwright install`) and poppler to read the PDFs back.
RUNTIME_DEBS := libharfbuzz-subset0 fonts-dejavu-core
TEST_DEBS := chromium poppler-utils

.PHONY: help install system-deps system-deps-runtime postgres demo run test test-fast lint fix lock vendor screenshots backup-check

help:
	@echo "make demo   installe, crée la base SQLite de démonstration, charge le Jura et démarre sur http://$(HOST)"
	@echo "make test   installe, démarre PostgreSQL (127.0.0.1:5432) s'il est arrêté et lance toute la suite de tests"
	@echo "make lint   ruff check + ruff format --check, contrats d'import, migrations ; make fix corrige"
	@echo "make system-deps   installe les paquets Debian manquants ($(RUNTIME_DEBS) $(TEST_DEBS))"
	@echo "make backup-check  sauvegarde la démo chargée sur PostgreSQL, la restaure dans une base neuve et compare"

$(UV):
	@test -n "$(PYTHON)" || { echo "Python 3.12 introuvable (voir .python-version)" >&2; exit 1; }
	$(PYTHON) -m venv .tools
	.tools/bin/pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)

install: $(UV)
	@test -n "$(PYTHON)" || { echo "Python 3.12 introuvable (voir .python-version)" >&2; exit 1; }
	$(UV) sync --frozen --python $(PYTHON)

# Checks each Debian package with dpkg; installs the missing ones when it can (root, or sudo without a
# password), otherwise stops and prints the one command to run.
define install_debs
	@command -v dpkg >/dev/null || { \
	  echo "dpkg introuvable : ce système n'est pas une Debian ; installez l'équivalent de : $(1)" >&2; exit 0; }; \
	missing=""; \
	for pkg in $(1); do dpkg -s "$$pkg" >/dev/null 2>&1 || missing="$$missing $$pkg"; done; \
	missing="$${missing# }"; \
	[ -n "$$missing" ] || exit 0; \
	if [ "$$(id -u)" -eq 0 ]; then sudo=""; \
	elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then sudo="sudo -n"; \
	else \
	  echo "Paquets Debian manquants : $$missing" >&2; \
	  echo "Installez-les avec les droits d'administrateur, puis relancez make :" >&2; \
	  echo "  sudo apt-get install -y --no-install-recommends $$missing" >&2; \
	  exit 1; \
	fi; \
	echo "Installation des paquets Debian manquants : $$missing"; \
	$$sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
	$$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing
endef

system-deps-runtime:
	$(call install_debs,$(RUNTIME_DEBS))

system-deps:
	$(call install_debs,$(RUNTIME_DEBS) $(TEST_DEBS))

# PostgreSQL for the tests: when TEST_DATABASE_URL is on this machine and nothing answers, start
# Debian's cluster on that port (as root or with sudo without a password). Without PostgreSQL's client
# tools (another system, a container) it checks nothing and leaves it to pytest.
postgres:
	@url="$(TEST_DATABASE_URL)"; hostport="$${url#*://}"; hostport="$${hostport#*@}"; hostport="$${hostport%%/*}"; \
	host="$${hostport%%:*}"; port=5432; [ "$$hostport" = "$$host" ] || port="$${hostport#*:}"; \
	case "$$host" in 127.0.0.1|localhost|"") ;; *) exit 0;; esac; \
	command -v pg_isready >/dev/null || exit 0; \
	pg_isready -h 127.0.0.1 -p "$$port" -q 2>/dev/null && exit 0; \
	cluster="$$(pg_lsclusters -h 2>/dev/null | awk -v port="$$port" '$$3 == port {print $$1, $$2; exit}')"; \
	if [ -z "$$cluster" ]; then \
	  echo "PostgreSQL ne répond pas sur 127.0.0.1:$$port et aucun cluster Debian n'utilise ce port." >&2; \
	  echo "Installez-le (sudo apt-get install postgresql) ou indiquez une autre base : TEST_DATABASE_URL=postgres://… make test" >&2; \
	  exit 1; \
	fi; \
	if [ "$$(id -u)" -eq 0 ]; then sudo=""; \
	elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then sudo="sudo -n"; \
	else \
	  echo "PostgreSQL ne répond pas sur 127.0.0.1:$$port. Démarrez-le, puis relancez make :" >&2; \
	  echo "  sudo pg_ctlcluster $$cluster start" >&2; \
	  exit 1; \
	fi; \
	echo "Démarrage de PostgreSQL ($$cluster)"; \
	$$sudo pg_ctlcluster --skip-systemctl-redirect $$cluster start; \
	for _ in $$(seq 1 30); do pg_isready -h 127.0.0.1 -p "$$port" -q && exit 0; sleep 1; done; \
	echo "PostgreSQL ne répond toujours pas sur 127.0.0.1:$$port après 30 s." >&2; exit 1

demo: install system-deps-runtime
	@mkdir -p var
	$(DEMO_ENV) $(MANAGE) migrate --no-input
	$(DEMO_ENV) $(MANAGE) load_demo
	@echo
	@echo "Binôme démarre sur http://$(HOST)/ (Ctrl+C pour arrêter)"
	$(DEMO_ENV) $(MANAGE) runserver $(HOST)

run:
	$(DEMO_ENV) $(MANAGE) runserver $(HOST)

test: install system-deps postgres
	DATABASE_URL=$(TEST_DATABASE_URL) .venv/bin/pytest

test-fast: install system-deps postgres
	DATABASE_URL=$(TEST_DATABASE_URL) .venv/bin/pytest -m "not e2e"

lint: install
	.venv/bin/ruff check src tests bench
	.venv/bin/ruff format --check src tests bench
	.venv/bin/lint-imports
	BINOME_ALLOW_INSECURE_KEY=1 $(MANAGE) makemigrations --check --dry-run

fix: install
	.venv/bin/ruff check --fix src tests bench
	.venv/bin/ruff format src tests bench

lock: $(UV)
	$(UV) lock --python $(PYTHON)

# Re-vendor htmx from the npm registry (version 2; npm's latest is 4), and the font of the PDF documents
# (Atkinson Hyperlegible, drawn for readers with low vision; Latin subset, regular, bold and italic). The npm
# package ships WOFF; it is unpacked to TTF here, once, keeping the font's own dates, because WeasyPrint would
# otherwise unpack it at each render with today's date inside and no PDF could be reproduced byte for byte.
FONT_PACKAGE := @fontsource/atkinson-hyperlegible@5.3.0
FONT_FILES := latin-400-normal latin-700-normal latin-400-italic
# Leaflet draws the tour map (commune outlines from the reference data, no tile server); its source map
# reference is dropped (the map file is not vendored).
LEAFLET_PACKAGE := leaflet@1.9.4
# axe-core checks accessibility in the browser tests only (tests/e2e/vendor/, never served by the site).
AXE_PACKAGE := axe-core@4.14.1
vendor:
	rm -rf .tools/npm && mkdir -p .tools/npm
	cd .tools/npm && npm pack --silent htmx.org@2 >/dev/null && tar xzf htmx.org-*.tgz
	cp .tools/npm/package/dist/htmx.min.js src/binome/static/vendor/htmx.min.js
	cp .tools/npm/package/LICENSE src/binome/static/vendor/htmx.LICENSE
	rm -rf .tools/npm && mkdir -p .tools/npm src/binome/static/vendor/fonts
	cd .tools/npm && npm pack --silent $(FONT_PACKAGE) >/dev/null && tar xzf fontsource-*.tgz
	for f in $(FONT_FILES); do .venv/bin/python -c "import sys; from fontTools.ttLib import TTFont; \
	  font = TTFont(sys.argv[1], recalcTimestamp=False); font.flavor = None; font.save(sys.argv[2])" \
	  .tools/npm/package/files/atkinson-hyperlegible-$$f.woff src/binome/static/vendor/fonts/atkinson-hyperlegible-$$f.ttf; done
	cp .tools/npm/package/LICENSE src/binome/static/vendor/fonts/atkinson-hyperlegible.LICENSE
	rm -rf .tools/npm src/binome/static/vendor/leaflet && mkdir -p .tools/npm src/binome/static/vendor/leaflet/images
	cd .tools/npm && npm pack --silent $(LEAFLET_PACKAGE) >/dev/null && tar xzf leaflet-*.tgz
	sed '/sourceMappingURL/d' .tools/npm/package/dist/leaflet.js > src/binome/static/vendor/leaflet/leaflet.js
	cp .tools/npm/package/dist/leaflet.css .tools/npm/package/LICENSE src/binome/static/vendor/leaflet/
	cp .tools/npm/package/dist/images/*.png src/binome/static/vendor/leaflet/images/
	rm -rf .tools/npm && mkdir -p .tools/npm tests/e2e/vendor
	cd .tools/npm && npm pack --silent $(AXE_PACKAGE) >/dev/null && tar xzf axe-core-*.tgz
	cp .tools/npm/package/axe.min.js tests/e2e/vendor/axe.min.js
	cp .tools/npm/package/LICENSE tests/e2e/vendor/axe.LICENSE
	rm -rf .tools/npm

# Backup and restore, end to end (operations): the demo loaded on a fresh PostgreSQL database, `backup`, `restore`
# into another fresh database and folder, then row counts of every table and the documents' SHA-256 compared.
backup-check: install system-deps-runtime postgres
	TEST_DATABASE_URL=$(TEST_DATABASE_URL) .venv/bin/python bench/backup_check.py

screenshots: install system-deps
	$(DEMO_ENV) .venv/bin/python bench/screenshots.py
	$(DEMO_ENV) .venv/bin/python bench/document_pages.py
