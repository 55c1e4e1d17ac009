# Builds and serves the loopback Python index (PyPI is unreachable from builds here).
# Sourced by scripts/engine.sh.
# shellcheck shell=bash

PYPI_MANIFEST=$REPO_ROOT/e2e/fixtures/pypi/debian-packages.txt
PYPI_DIR=$DSL_E2E_CACHE/pypi
PYPI_DEBS=$DSL_E2E_CACHE/pypi-debs
PYPI_LOG=$DSL_E2E_LOG_DIR/pypi.log
PYPI_PROBE="http://127.0.0.1:$DSL_E2E_PYPI_PORT/simple/requests/"

build_pypi_index() {
  local key debwheel packages
  debwheel=$(dirname "${BASH_SOURCE[0]}")/debwheel.py
  key=$(cat "$PYPI_MANIFEST" "$debwheel" | sha_of)
  if [[ -f $PYPI_DIR/simple/index.html && "$(cat "$PYPI_DIR.key" 2>/dev/null)" == "$key" ]]; then
    log "pypi: index up to date ($(find "$PYPI_DIR/files" -name '*.whl' | wc -l) wheels)"
    return
  fi
  mapfile -t packages < <(sed 's/#.*//' "$PYPI_MANIFEST" | awk 'NF { print $1 }')
  rm -rf "$PYPI_DEBS" "$PYPI_DIR.new"
  mkdir -p "$PYPI_DEBS"
  # apt-get download writes into the current directory; _apt cannot write to root's cache dir,
  # which only costs a warning, so silence it.
  (cd "$PYPI_DEBS" && apt-get download -qq "${packages[@]}" 2>/dev/null) || {
    apt-get update -qq
    (cd "$PYPI_DEBS" && apt-get download -qq "${packages[@]}")
  } || die "apt-get download ${packages[*]} failed"
  log "pypi: repacking ${#packages[@]} Debian packages as wheels"
  /usr/bin/python3 "$debwheel" "$PYPI_MANIFEST" "$PYPI_DEBS" "$PYPI_DIR.new"
  rm -rf "$PYPI_DIR"
  mv "$PYPI_DIR.new" "$PYPI_DIR"
  echo "$key" >"$PYPI_DIR.key"
  # The python image's smoke test must rerun against the new wheels.
  rm -f "$DSL_E2E_CACHE/python-smoke.key"
}

start_pypi_server() {
  if curl -fsS -o /dev/null "$PYPI_PROBE" 2>/dev/null; then
    log "pypi: already serving on 127.0.0.1:$DSL_E2E_PYPI_PORT"
    return
  fi
  mkdir -p "$DSL_E2E_LOG_DIR"
  setsid nohup /usr/bin/python3 -m http.server "$DSL_E2E_PYPI_PORT" --bind 127.0.0.1 --directory "$PYPI_DIR" \
    >>"$PYPI_LOG" 2>&1 </dev/null 9>&- &
  echo $! >"$DSL_E2E_CACHE/pypi.pid"
  local waited=0
  until curl -fsS -o /dev/null "$PYPI_PROBE" 2>/dev/null; do
    if ((waited >= 20)); then
      tail -n 20 "$PYPI_LOG" >&2 || true
      die "the loopback index did not answer at $PYPI_PROBE (is port $DSL_E2E_PYPI_PORT taken? log: $PYPI_LOG)"
    fi
    sleep 0.5
    waited=$((waited + 1))
  done
  log "pypi: serving $PYPI_DIR on 127.0.0.1:$DSL_E2E_PYPI_PORT (pid $(cat "$DSL_E2E_CACHE/pypi.pid"))"
}

# Proves the python:3.12 fixture and the index work together, once per (image, index) pair:
# a real `pip install requests pytest`, an import, and pytest's own version banner.
smoke_test_python() {
  local key
  key=$({
    image_id python:3.12
    cat "$PYPI_DIR.key"
  } | sha_of)
  if [[ "$(cat "$DSL_E2E_CACHE/python-smoke.key" 2>/dev/null)" == "$key" ]]; then
    log "python smoke test: passed before, skipped"
    return
  fi
  "$DOCKER" run --rm --network host python:3.12 sh -c \
    'pip install -q requests pytest && python -c "import requests; print(\"requests\", requests.__version__)" && pytest --version' \
    >"$DSL_E2E_LOG_DIR/python-smoke.log" 2>&1 || {
    cat "$DSL_E2E_LOG_DIR/python-smoke.log" >&2
    die "python:3.12 could not pip install requests and pytest from the loopback index"
  }
  echo "$key" >"$DSL_E2E_CACHE/python-smoke.key"
  log "python smoke test: $(tr '\n' ' ' <"$DSL_E2E_LOG_DIR/python-smoke.log")"
}
