FROM python:3.12-slim AS test
RUN --mount=type=secret,id=pip_conf,required=true pip install -r requirements.txt
