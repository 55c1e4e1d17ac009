# Copies the fixture images into Buildah's storage. Sourced by scripts/engine.sh.
# shellcheck shell=bash

buildah_image_id() { buildah images --noheading --no-trunc --format '{{.ID}}' "$1" 2>/dev/null | head -n1 || true; }

# Buildah has its own image store and cannot pull from a registry here either, so it gets a copy
# of each fixture. The copy keeps docker's image id, so equal ids mean nothing to do.
copy_to_buildah() {
  local ref id old
  for ref in "$@"; do
    id=$(image_id "$ref")
    [[ -n $id ]] || continue
    old=$(buildah_image_id "$ref")
    if [[ "sha256:$old" == "$id" || $old == "$id" ]]; then
      log "buildah: $ref up to date, skipped"
      continue
    fi
    buildah pull --quiet "docker-daemon:$ref" >/dev/null
    if [[ -n $old ]]; then buildah rmi "$old" >/dev/null 2>&1 || true; fi
    log "buildah: copied $ref"
  done
}
