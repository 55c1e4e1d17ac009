#!/usr/bin/env bash
# Brings up a real BuildKit (Docker Engine 20.10) and Buildah with local fixture base images, and a
# loopback Python index, so `pnpm test:e2e` can build and run the examples with no registry.
# Idempotent: a rerun only does what is missing or out of date. Run as root.
#   bash scripts/engine.sh            # everything
#   DSL_E2E_RUST=1 bash scripts/engine.sh   # also build the rust:1-bookworm fixture
# Details: docs/e2e.md.
set -euo pipefail

REPO_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
ENGINE_DIR=$REPO_ROOT/scripts/engine
# shellcheck source=engine/lib.sh
source "$ENGINE_DIR/lib.sh"
# shellcheck source=engine/packages.sh
source "$ENGINE_DIR/packages.sh"
# shellcheck source=engine/dockerd.sh
source "$ENGINE_DIR/dockerd.sh"
# shellcheck source=engine/pypi.sh
source "$ENGINE_DIR/pypi.sh"
# shellcheck source=engine/busybox.sh
source "$ENGINE_DIR/busybox.sh"
# shellcheck source=engine/debian.sh
source "$ENGINE_DIR/debian.sh"
# shellcheck source=engine/derived.sh
source "$ENGINE_DIR/derived.sh"
# shellcheck source=engine/buildah.sh
source "$ENGINE_DIR/buildah.sh"

[[ $(id -u) == 0 ]] || die "run as root (installs packages, starts dockerd, debootstraps)"
mkdir -p "$DSL_E2E_CACHE" "$DSL_E2E_LOG_DIR"

# Several engineers (and CI steps) may run this at once on one machine: one at a time.
exec 9>"$DSL_E2E_CACHE/engine.lock"
flock 9

FIXTURES=(busybox:1.36 debian:bookworm-slim python:3.12 node:20 golang:1.22-bookworm)
[[ ${DSL_E2E_RUST:-0} == 1 ]] && FIXTURES+=(rust:1-bookworm)
for alias in "${FIXTURE_ALIASES[@]}"; do FIXTURES+=("${alias%%=*}"); done

phase packages install_packages
phase dockerd start_dockerd
phase pypi-index build_pypi_index
phase pypi-server start_pypi_server
phase busybox ensure_busybox_image
phase debian ensure_debian_image
phase python ensure_python_image
phase python-smoke smoke_test_python
phase node ensure_node_image
phase golang ensure_golang_image
phase rust ensure_rust_image
phase aliases ensure_aliases
phase buildah copy_to_buildah "${FIXTURES[@]}"

print_phase_times
log "ready: DOCKER_BUILDKIT=1 /usr/bin/docker build --network host ...; images: ${FIXTURES[*]}"
