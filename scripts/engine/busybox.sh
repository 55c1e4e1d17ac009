# Builds the busybox:1.36 fixture from Debian's static busybox. Sourced by scripts/engine.sh.
# shellcheck shell=bash

# The tag is what examples write in FROM; the binary is bookworm's busybox-static (1.35), which is
# close enough for a runtime stage that only needs sh and a few applets.
ensure_busybox_image() {
  local ref=busybox:1.36 key dir applet
  key=$({
    sha256sum /bin/busybox
    declare -f ensure_busybox_image
  } | sha_of)
  if image_is_current "$ref" "$key"; then
    log "busybox: $ref up to date, skipped"
    return
  fi
  local old
  old=$(image_id "$ref")
  dir=$(mktemp -d)
  mkdir -p "$dir"/{bin,etc,root,tmp,var,home} "$dir/usr/bin"
  chmod 1777 "$dir/tmp"
  cp /bin/busybox "$dir/bin/busybox"
  for applet in $(/bin/busybox --list); do
    [[ -e "$dir/bin/$applet" ]] || ln -s busybox "$dir/bin/$applet"
  done
  printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/home:/bin/false\n' >"$dir/etc/passwd"
  printf 'root:x:0:\nnogroup:x:65534:\n' >"$dir/etc/group"
  tar --numeric-owner -C "$dir" -c . | "$DOCKER" import \
    --change "LABEL $RECIPE_LABEL=$key" \
    --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change 'CMD ["sh"]' - "$ref" >/dev/null
  rm -rf "$dir"
  drop_replaced "$old" "$ref"
  log "busybox: imported $ref"
}
