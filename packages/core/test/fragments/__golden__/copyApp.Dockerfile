FROM debian:bookworm-slim AS test
COPY . .
