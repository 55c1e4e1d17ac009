FROM python:3.12-slim AS test
RUN pip install --no-cache-dir gunicorn==22.0.0 flask
