# surat_menyurat: developer entry points. The logic lives in tools/*.sh.
# Every variable below can be overridden: `make test ODOO_SRC=~/src/odoo`.
# PostgreSQL is reached through the standard libpq variables (PGHOST, PGPORT,
# PGUSER, PGPASSWORD); by default the local Unix socket, as the current user.

ODOO_SRC ?= /opt/odoo
VENV ?= $(CURDIR)/.venv
# Folder holding the addon folder surat_menyurat/ (the repository root).
SURAT_ADDONS_DIR ?= $(CURDIR)
DEMO_DB ?= surat_demo
TEST_DB ?= surat_test
INSTALL_DB ?= surat_test_nodemo
MAIL_DB ?= surat_test_mail
HTTP_PORT ?= 8069
# `make run WORKERS=4`: multi-process with the production settings (deploy/odoo.conf)
WORKERS ?=

export ODOO_SRC VENV SURAT_ADDONS_DIR DEMO_DB TEST_DB INSTALL_DB MAIL_DB HTTP_PORT WORKERS

.DEFAULT_GOAL := help
.PHONY: help venv run test test-fast lint clean distclean

help:
	@echo "make run        start Odoo on http://localhost:$(HTTP_PORT) (database $(DEMO_DB), demo data, created on first run)"
	@echo "                WORKERS=4: multi-process with the production settings (docs/deploy.md)"
	@echo "make test       fresh test databases, install checks, addon tests (pytest-odoo) and black-box tests"
	@echo "make test-fast  the edit loop: update $(TEST_DB) and run the addon tests without the browser tours"
	@echo "make lint       ruff, ruff format, pylint-odoo (OCA mandatory checks), XML well-formedness"
	@echo "make venv       create or update the virtualenv $(VENV)"
	@echo "make clean      remove logs and caches, drop the test databases"
	@echo "make distclean  clean + remove the venv, .odoo-data and the demo database"

venv:
	@bash tools/bootstrap.sh

run:
	@bash tools/run.sh

test:
	@bash tools/test.sh

# the edit loop: the addon tests without the browser tours and crawl (make test runs them)
test-fast:
	@STAGES="update addon" PYTEST_ARGS="--ignore-glob=*/test_tour_*.py --ignore-glob=*/test_crawl.py $(PYTEST_ARGS)" bash tools/test.sh

lint:
	@bash tools/lint.sh

clean:
	rm -rf logs .pytest_cache .ruff_cache
	find . -path ./.venv -prune -o -name __pycache__ -type d -prune -exec rm -rf {} +
	-dropdb --if-exists --force $(TEST_DB)
	-dropdb --if-exists --force $(TEST_DB)_b
	-dropdb --if-exists --force $(TEST_DB)_crash
	-dropdb --if-exists --force $(INSTALL_DB)
	-dropdb --if-exists --force $(MAIL_DB)
	rm -rf .odoo-data/filestore/$(TEST_DB) .odoo-data/filestore/$(TEST_DB)_b \
		.odoo-data/filestore/$(TEST_DB)_crash \
		.odoo-data/filestore/$(INSTALL_DB) \
		.odoo-data/filestore/$(MAIL_DB)

distclean: clean
	-dropdb --if-exists --force $(DEMO_DB)
	rm -rf .venv .odoo-data
