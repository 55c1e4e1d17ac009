FROM python:3.12-slim AS test
RUN --mount=type=cache,target=/root/.cache/pip pip install poetry==1.8.3
COPY pyproject.toml poetry.lock ./
RUN --mount=type=cache,target=/root/.cache/pypoetry POETRY_VIRTUALENVS_CREATE=false poetry install --no-root --no-interaction --no-ansi --only main
