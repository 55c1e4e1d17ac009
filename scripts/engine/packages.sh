# Installs the host packages the e2e suite needs. Sourced by scripts/engine.sh.
# shellcheck shell=bash

# command -> Debian package that provides it
declare -A ENGINE_PACKAGES=(
  [/usr/bin/docker]=docker.io
  [/usr/sbin/dockerd]=docker.io
  [/usr/bin/buildah]=buildah
  [/usr/sbin/debootstrap]=debootstrap
  [/bin/busybox]=busybox-static
  [/usr/bin/python3]=python3
  [/usr/bin/curl]=curl
)

install_packages() {
  local missing=() path pkg
  for path in "${!ENGINE_PACKAGES[@]}"; do
    pkg=${ENGINE_PACKAGES[$path]}
    # busybox (dynamic) also provides /bin/busybox; only the static build works in a scratch rootfs.
    if [[ $pkg == busybox-static ]]; then
      dpkg-query -W -f='${Status}' busybox-static 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
    elif [[ ! -x $path ]]; then
      missing+=("$pkg")
    fi
  done
  if ((${#missing[@]} == 0)); then
    log "packages: all present (docker.io buildah debootstrap busybox-static python3 curl)"
    return
  fi
  mapfile -t missing < <(printf '%s\n' "${missing[@]}" | sort -u)
  log "packages: installing ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}
