FROM debian:bookworm-slim AS test
LABEL org.opencontainers.image.title=api org.opencontainers.image.version=1.4.2 org.opencontainers.image.licenses=MIT org.opencontainers.image.source=https://github.com/acme/api com.example.cost-center=42 com.example.team=core
