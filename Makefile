.PHONY: run test lint format bench messages

run:  ## Set up and start web, worker and beat (SQLite + filesystem broker by default)
	bin/run

test:  ## Set up and run the whole test suite
	bin/test

lint:
	.venv/bin/ruff check . && .venv/bin/ruff format --check . && .venv/bin/mypy

format:
	.venv/bin/ruff check --fix . && .venv/bin/ruff format .

bench:  ## Every benchmark on PostgreSQL (DATABASE_URL=postgres://...), written to docs/benchmarks.md
	.venv/bin/python bench/run_all.py

messages:  ## Extract translatable strings into locale/it (then translate and commit)
	DJANGO_SETTINGS_MODULE=config.settings.local .venv/bin/python manage.py makemessages -l it --no-obsolete --ignore=.venv --ignore=var
	.venv/bin/python bin/compile_messages.py
