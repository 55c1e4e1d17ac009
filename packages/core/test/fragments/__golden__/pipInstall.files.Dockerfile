FROM python:3.12-slim AS test
COPY requirements/base.txt requirements/prod.txt requirements/
COPY constraints.txt ./
RUN --mount=type=cache,target=/root/.cache/pip pip install -c constraints.txt -r requirements/base.txt -r requirements/prod.txt 'uvicorn[standard]>=0.30,<1'
