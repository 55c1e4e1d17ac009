FROM python:3.12-slim AS test
COPY pyproject.toml poetry.lock ./
RUN POETRY_VIRTUALENVS_IN_PROJECT=true poetry install --no-root --no-interaction --no-ansi --with docs --extras pg --no-cache
