FROM debian:bookworm-slim AS test
RUN --mount=type=cache,target=/var/cache/apt,sharing=locked --mount=type=cache,target=/var/lib/apt,sharing=locked if [ -f /etc/apt/apt.conf.d/docker-clean ]; then mv /etc/apt/apt.conf.d/docker-clean /etc/apt/docker-clean.dsl-aside; fi \
    && apt-get update \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends ca-certificates curl \
    && if [ -f /etc/apt/docker-clean.dsl-aside ]; then mv /etc/apt/docker-clean.dsl-aside /etc/apt/apt.conf.d/docker-clean; fi
