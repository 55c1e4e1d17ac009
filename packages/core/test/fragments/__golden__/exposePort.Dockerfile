FROM debian:bookworm-slim AS test
EXPOSE 8080
