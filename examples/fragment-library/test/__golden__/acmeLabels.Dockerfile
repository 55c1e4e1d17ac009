FROM debian:bookworm-slim AS test
LABEL org.opencontainers.image.title=nightly-report org.opencontainers.image.version=2024.06.1 org.opencontainers.image.vendor="ACME Corp" com.acme.team=data
