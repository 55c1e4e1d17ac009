# Builds the fixture images that derive from debian:bookworm-slim. Sourced by scripts/engine.sh.
# shellcheck shell=bash

ENGINE_IMAGES_DIR=$(dirname "${BASH_SOURCE[0]}")/images

# build_derived REF RECIPE_DIR CONTEXT EXTRA_KEY [--build-arg ...]
# The recipe hash covers the Dockerfile, the parent image id (a new debian image rebuilds every
# child) and whatever else the caller says shapes the image. CONTEXT is a directory, or the name of
# a function that stages one in a temporary directory (printed on stdout; removed after the build),
# so that expensive staging only happens when the image is actually rebuilt.
build_derived() {
  local ref=$1 recipe=$2 context=$3 extra=$4 key log staged= old
  shift 4
  key=$({
    cat "$recipe/Dockerfile"
    image_id debian:bookworm-slim
    echo "$extra" "$@"
  } | sha_of)
  if image_is_current "$ref" "$key"; then
    log "$ref: up to date, skipped"
    return
  fi
  log "$ref: building"
  old=$(image_id "$ref")
  if declare -F "$context" >/dev/null; then
    staged=$("$context")
    context=$staged
  fi
  log=$DSL_E2E_LOG_DIR/build-${ref//[:\/]/_}.log
  "$DOCKER" build --network host --progress=plain --label "$RECIPE_LABEL=$key" "$@" \
    -f "$recipe/Dockerfile" -t "$ref" "$context" >"$log" 2>&1 || {
    tail -n 30 "$log" >&2
    die "building $ref failed (log: $log)"
  }
  if [[ -n $staged ]]; then rm -rf "$staged"; fi
  drop_replaced "$old" "$ref"
  log "$ref: built"
}

ensure_python_image() {
  local url="http://127.0.0.1:$DSL_E2E_PYPI_PORT/simple/"
  build_derived python:3.12 "$ENGINE_IMAGES_DIR/python" "$ENGINE_IMAGES_DIR/python" "" --build-arg "PYPI_URL=$url"
}

# The host's Node 20 (Debian's nodejs is 18). Resolved once so the key and the staging agree.
NODE_BIN=
NODE_PREFIX=
resolve_host_node() {
  NODE_BIN=$(command -v node) || die "node is not on PATH: the node:20 fixture copies the host's Node"
  NODE_BIN=$(readlink -f "$NODE_BIN")
  NODE_PREFIX=$(dirname "$(dirname "$NODE_BIN")")
  [[ -d $NODE_PREFIX/lib/node_modules/npm ]] || die "no npm next to $NODE_BIN ($NODE_PREFIX/lib/node_modules/npm)"
}

# Only the binary plus npm and corepack, not whatever else the host installed globally.
stage_node_context() {
  local context
  context=$(mktemp -d)
  cp "$NODE_BIN" "$context/node"
  mkdir -p "$context/node_modules"
  cp -a "$NODE_PREFIX/lib/node_modules/npm" "$context/node_modules/"
  if [[ -d $NODE_PREFIX/lib/node_modules/corepack ]]; then
    cp -a "$NODE_PREFIX/lib/node_modules/corepack" "$context/node_modules/"
  fi
  echo "$context"
}

ensure_node_image() {
  resolve_host_node
  local versions
  versions="node $("$NODE_BIN" --version) npm $("$NODE_BIN" "$NODE_PREFIX/lib/node_modules/npm/bin/npm-cli.js" --version)"
  build_derived node:20 "$ENGINE_IMAGES_DIR/node" stage_node_context "$versions"
}

ensure_golang_image() {
  build_derived golang:1.22-bookworm "$ENGINE_IMAGES_DIR/golang" "$ENGINE_IMAGES_DIR/golang" ""
}

ensure_rust_image() {
  if [[ ${DSL_E2E_RUST:-0} != 1 ]]; then
    log "rust:1-bookworm: skipped (opt in with DSL_E2E_RUST=1; Debian's cargo adds minutes to a cold start)"
    return
  fi
  build_derived rust:1-bookworm "$ENGINE_IMAGES_DIR/rust" "$ENGINE_IMAGES_DIR/rust" ""
}

# Official images publish the same content under several tags; examples use e.g. python:3.12 to
# build and python:3.12-slim to run. Here a variant is the same image under a second name.
FIXTURE_ALIASES=(python:3.12-slim=python:3.12 node:20-slim=node:20)

ensure_aliases() {
  local pair alias source
  for pair in "${FIXTURE_ALIASES[@]}"; do
    alias=${pair%%=*}
    source=${pair#*=}
    if [[ "$(image_id "$alias")" == "$(image_id "$source")" ]]; then
      log "$alias: same image as $source, skipped"
      continue
    fi
    local old
    old=$(image_id "$alias")
    "$DOCKER" tag "$source" "$alias"
    drop_replaced "$old" "$alias"
    log "$alias: tagged as $source"
  done
}
