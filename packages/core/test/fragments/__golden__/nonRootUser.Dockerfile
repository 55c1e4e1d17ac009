FROM debian:bookworm-slim AS test
RUN groupadd --system --gid 10001 app \
    && useradd --system --uid 10001 --gid app --no-log-init --create-home --home-dir /home/app --shell /usr/sbin/nologin app
USER 10001:10001
