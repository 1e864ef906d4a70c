# Two commands for a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
HOST ?= 127.0.0.1:8000

.PHONY: demo test install messages migrate seed serve check lint bench clean

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is required")'
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

messages: install
	@command -v msgfmt >/dev/null || { echo "GNU gettext (msgfmt) is required: apt-get install gettext"; exit 1; }
	$(MANAGE) compilemessages --ignore '$(VENV)' -v 0

migrate: install
	$(MANAGE) migrate --no-input -v 0

# The index is rebuilt first: an upgrade can leave it empty for content already there (seed_demo indexes what it adds).
seed: migrate
	LOG_LEVEL=WARNING $(MANAGE) search_reindex -v 0
	LOG_LEVEL=WARNING $(MANAGE) seed_demo

serve:
	$(MANAGE) runserver $(HOST)

demo: messages seed
	$(MANAGE) runserver $(HOST)

test: messages
	$(BIN)/pytest $(PYTEST_ARGS)

check: install
	$(BIN)/lint-imports
	$(MANAGE) makemigrations --check --dry-run
	$(MANAGE) spectacular --validate --fail-on-warn --file /dev/null
	DEBUG=0 SECRET_KEY=$$($(BIN)/python -c "import secrets; print(secrets.token_urlsafe(50))") ALLOWED_HOSTS=hub.example.org \
		$(MANAGE) check --deploy --fail-level WARNING

clean:
	rm -rf $(VENV) staticfiles .pytest_cache
