# Builds the debian:bookworm-slim fixture from a debootstrapped minbase rootfs.
# Sourced by scripts/engine.sh.
# shellcheck shell=bash

DEBIAN_MIRROR=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
DEBIAN_ROOTFS_TAR=$DSL_E2E_CACHE/debian-bookworm-minbase.tar

# Builds are made through a TLS-intercepting proxy whose CA only the host trusts; without it in the
# image, npm/pip/curl inside builds fail with SELF_SIGNED_CERT_IN_CHAIN.
host_ca_files() { compgen -G '/usr/local/share/ca-certificates/*.crt' || true; }

# debootstrap takes 30-100 s and is the slowest part of a cold start, so the finished rootfs is
# kept as a tarball; the cache key covers what shapes it (mirror, host CAs, the recipe's code).
debian_rootfs_key() {
  {
    echo "$DEBIAN_MIRROR"
    local f
    for f in $(host_ca_files); do sha256sum "$f"; done
    declare -f make_debian_rootfs
  } | sha_of
}

make_debian_rootfs() {
  local key=$1 dir
  if [[ -f $DEBIAN_ROOTFS_TAR && "$(cat "$DEBIAN_ROOTFS_TAR.key" 2>/dev/null)" == "$key" ]]; then
    log "debian: cached rootfs $DEBIAN_ROOTFS_TAR"
    return
  fi
  dir=$(mktemp -d "$DSL_E2E_CACHE/rootfs.XXXXXX")
  log "debian: debootstrap minbase bookworm into $dir"
  debootstrap --variant=minbase --include=ca-certificates bookworm "$dir" "$DEBIAN_MIRROR" \
    >"$DSL_E2E_LOG_DIR/debootstrap.log" 2>&1 || {
    tail -n 30 "$DSL_E2E_LOG_DIR/debootstrap.log" >&2
    die "debootstrap failed (log: $DSL_E2E_LOG_DIR/debootstrap.log)"
  }
  local f
  for f in $(host_ca_files); do cp "$f" "$dir/usr/local/share/ca-certificates/"; done
  # (its "rehash: skipping ca-certificates.crt" warning is normal noise)
  chroot "$dir" update-ca-certificates >/dev/null 2>&1
  # Match the official image: updates + security suites, docker-clean apt hooks, no services.
  rm -f "$dir/etc/apt/sources.list"
  cat >"$dir/etc/apt/sources.list.d/debian.sources" <<SOURCES
Types: deb
URIs: ${DEBIAN_MIRROR}
Suites: bookworm bookworm-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb
URIs: ${DEBIAN_MIRROR}-security
Suites: bookworm-security
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SOURCES
  cat >"$dir/etc/apt/apt.conf.d/docker-clean" <<'CLEAN'
DPkg::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };
APT::Update::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };
Dir::Cache::pkgcache "";
Dir::Cache::srcpkgcache "";
CLEAN
  echo 'Acquire::Languages "none";' >"$dir/etc/apt/apt.conf.d/docker-no-languages"
  printf '#!/bin/sh\nexit 101\n' >"$dir/usr/sbin/policy-rc.d"
  chmod 755 "$dir/usr/sbin/policy-rc.d"
  rm -rf "$dir"/var/lib/apt/lists/* "$dir"/var/cache/apt/*.bin "$dir"/var/cache/apt/archives/*.deb "$dir"/var/log/*.log
  tar --numeric-owner -C "$dir" -cf "$DEBIAN_ROOTFS_TAR.tmp" .
  mv "$DEBIAN_ROOTFS_TAR.tmp" "$DEBIAN_ROOTFS_TAR"
  echo "$key" >"$DEBIAN_ROOTFS_TAR.key"
  rm -rf "$dir"
  log "debian: rootfs cached ($(du -h "$DEBIAN_ROOTFS_TAR" | cut -f1))"
}

ensure_debian_image() {
  local ref=debian:bookworm-slim rootfs_key key
  rootfs_key=$(debian_rootfs_key)
  key=$({
    echo "$rootfs_key"
    declare -f ensure_debian_image
  } | sha_of)
  if image_is_current "$ref" "$key"; then
    log "debian: $ref up to date, skipped"
    return
  fi
  make_debian_rootfs "$rootfs_key"
  local old
  old=$(image_id "$ref")
  "$DOCKER" import \
    --change "LABEL $RECIPE_LABEL=$key" \
    --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change 'ENV SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt' \
    --change 'CMD ["bash"]' \
    "$DEBIAN_ROOTFS_TAR" "$ref" >/dev/null
  drop_replaced "$old" "$ref"
  log "debian: imported $ref"
}
