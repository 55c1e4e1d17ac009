# Starts dockerd in the background when it is not answering. Sourced by scripts/engine.sh.
# shellcheck shell=bash

DOCKERD_LOG=$DSL_E2E_LOG_DIR/dockerd.log
DOCKERD_TIMEOUT=${DOCKERD_TIMEOUT:-60}

start_dockerd() {
  if "$DOCKER" info >/dev/null 2>&1; then
    log "dockerd: already running ($("$DOCKER" version -f '{{ .Server.Version }}'))"
    return
  fi
  mkdir -p "$DSL_E2E_LOG_DIR"
  # 9>&-: the daemon must not inherit engine.sh's lock, or the next run waits forever.
  # No bridge and no iptables: this VM has neither, so containers and builds use --network host.
  log "dockerd: starting, log at $DOCKERD_LOG"
  setsid nohup dockerd --iptables=false --ip-masq=false --bridge=none >>"$DOCKERD_LOG" 2>&1 </dev/null 9>&- &
  local waited=0
  until [[ -S /var/run/docker.sock ]] && "$DOCKER" info >/dev/null 2>&1; do
    if ((waited >= DOCKERD_TIMEOUT)); then
      tail -n 40 "$DOCKERD_LOG" >&2 || true
      die "dockerd did not answer on /var/run/docker.sock within ${DOCKERD_TIMEOUT}s (log above: $DOCKERD_LOG)"
    fi
    sleep 1
    waited=$((waited + 1))
  done
  log "dockerd: up after ${waited}s ($("$DOCKER" version -f '{{ .Server.Version }}'), storage $("$DOCKER" info -f '{{ .Driver }}'))"
}
