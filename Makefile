# careerdev: `make run` serves the app, `make test` runs the whole suite.
SHELL := /bin/sh
UV_VERSION := 0.13.9
VENV := .venv
TOOLS := .tools
# The W3C Nu HTML checker, run on the machine's Java by the page validation test.
VNU_VERSION := 26.9.27
VNU_STAMP := $(TOOLS)/vnu-$(VNU_VERSION).installed
export UV_PROJECT_ENVIRONMENT := $(VENV)

# Use uv from PATH when present, otherwise bootstrap a pinned copy with pip.
UV := $(shell uv --version >/dev/null 2>&1 && command -v uv || echo $(TOOLS)/bin/uv)

.PHONY: run test lint format install validator browser-check bench-reminders bench-programme bench clean

$(TOOLS)/bin/uv:
	@PY=$$(scripts/find-python) || exit 1; \
	echo "Bootstrapping uv $(UV_VERSION) with $$PY"; \
	$$PY -m venv $(TOOLS) && $(TOOLS)/bin/pip install --quiet "uv==$(UV_VERSION)"

$(VENV)/.synced: uv.lock pyproject.toml | $(UV)
	@PY=$$(scripts/find-python) || exit 1; \
	$(UV) sync --frozen --python "$$PY"
	@touch $@

install: $(VENV)/.synced

# npm's copy of vnu.jar; its install script (which would fetch a Java) is not run.
$(VNU_STAMP):
	@command -v java >/dev/null || { echo "The HTML validator needs Java (apt-get install default-jre-headless)."; exit 1; }
	npm install --prefix $(TOOLS) --no-audit --no-fund --ignore-scripts "vnu-jar@$(VNU_VERSION)"
	@touch $@

validator: $(VNU_STAMP)

var:
	@mkdir -p var/mail

run: install var
	$(VENV)/bin/python manage.py migrate --no-input
	$(VENV)/bin/python manage.py seed_demo
	$(VENV)/bin/python manage.py seed_mentoring
	$(VENV)/bin/honcho -f Procfile.dev start

test: install validator
	$(VENV)/bin/pytest -n auto --dist loadgroup

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

clean:
	rm -rf $(VENV) $(TOOLS) var

# Times one beat tick over 100,000 due reminders (sweep, then sending with one and two
# workers) in a database and queue of its own. Meaningful on PostgreSQL and Redis.
bench-reminders: install
	$(VENV)/bin/python manage.py bench_reminders

# Times a programme admin's overview page over 10,000 members seeded into the configured
# database (removed afterwards). Meaningful on PostgreSQL.
bench-programme: install
	$(VENV)/bin/python manage.py migrate --no-input
	$(VENV)/bin/python manage.py bench_programme

# The main pages under load (gunicorn, production settings) against a minimal view served
# the same way: needs PostgreSQL, Redis and wrk. Seeds BENCH_MEMBERS members into
# DATABASE_URL once; writes bench/results/<time>.json and .md.
BENCH_MEMBERS ?= 10000
bench: install
	DEBUG=false BENCH_REFERENCE_VIEW=true SECRET_KEY="$${BENCH_SECRET_KEY:-bench-$$(od -An -N32 -tx1 /dev/urandom | tr -d ' \n')}" \
	$(VENV)/bin/python manage.py bench_pages --members $(BENCH_MEMBERS) $(BENCH_ARGS)
