FROM debian:bookworm-slim AS test
COPY --chown=app:app --chmod=0644 src pyproject.toml /app/
