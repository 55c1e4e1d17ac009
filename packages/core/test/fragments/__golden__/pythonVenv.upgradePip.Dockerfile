FROM python:3.12-slim AS test
RUN --mount=type=cache,target=/root/.cache/pip python3.12 -m venv /venv \
    && /venv/bin/pip install --upgrade pip
ENV VIRTUAL_ENV=/venv PATH="/venv/bin:$PATH"
