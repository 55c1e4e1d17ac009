# Shared helpers for scripts/engine.sh. Sourced, never run directly.
# shellcheck shell=bash

# Everything the engine script creates outside the repo lives here, so a rerun can reuse it
# and a human can delete it to force a cold start.
DSL_E2E_CACHE=${DSL_E2E_CACHE:-/var/cache/dsl-e2e}
DSL_E2E_LOG_DIR=${DSL_E2E_LOG_DIR:-/var/log/dsl-e2e}
# The loopback Python index. Baked into the python:3.12 fixture image as PIP_INDEX_URL, so
# changing it means the image is rebuilt (the port is part of that image's recipe hash).
DSL_E2E_PYPI_PORT=${DSL_E2E_PYPI_PORT:-3141}
# The Debian-matching client: a newer /usr/local/bin/docker refuses BuildKit without buildx.
DOCKER=/usr/bin/docker
export DOCKER_BUILDKIT=1

ENGINE_START=$(date +%s.%N)

log() { printf '[engine %6.1fs] %s\n' "$(elapsed_since "$ENGINE_START")" "$*"; }
die() {
  printf '[engine] ERROR: %s\n' "$*" >&2
  exit 1
}
elapsed_since() { awk -v s="$1" -v e="$(date +%s.%N)" 'BEGIN { printf "%.1f", e - s }'; }

# Runs one named phase and records its duration for the summary printed at the end.
PHASE_TIMES=()
phase() {
  local name=$1
  shift
  local start
  start=$(date +%s.%N)
  log "== $name"
  "$@"
  PHASE_TIMES+=("$(printf '%-22s %6ss' "$name" "$(elapsed_since "$start")")")
}

print_phase_times() {
  log "phase timings:"
  local line
  for line in "${PHASE_TIMES[@]}"; do printf '    %s\n' "$line"; done
}

sha_of() { sha256sum | cut -c1-16; }

# Label every fixture image with a hash of what produced it: an unchanged recipe skips the build,
# a changed one (script edit, new parent image) rebuilds instead of silently keeping a stale image.
RECIPE_LABEL=dsl.e2e.recipe
image_recipe() { "$DOCKER" image inspect -f "{{ index .Config.Labels \"$RECIPE_LABEL\" }}" "$1" 2>/dev/null || true; }
image_id() { "$DOCKER" image inspect -f '{{ .Id }}' "$1" 2>/dev/null || true; }
image_is_current() { [[ "$(image_recipe "$1")" == "$2" ]]; }

# A rebuilt fixture leaves its predecessor untagged (hundreds of MB each). Remove that one image,
# not every dangling image: other engineers' test builds on this daemon may be untagged too.
drop_replaced() {
  local old=$1 ref=$2
  [[ -n $old && $old != "$(image_id "$ref")" ]] || return 0
  "$DOCKER" rmi "$old" >/dev/null 2>&1 || log "note: kept old $ref image $old (still in use)"
}
