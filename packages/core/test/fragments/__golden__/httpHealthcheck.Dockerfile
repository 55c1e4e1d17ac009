FROM debian:bookworm-slim AS test
HEALTHCHECK --interval=30s --timeout=5s --retries=3 CMD ["curl", "--fail", "--silent", "--show-error", "--output", "/dev/null", "--max-time", "5", "http://127.0.0.1:8080/healthz"]
