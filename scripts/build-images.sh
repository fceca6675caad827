#!/usr/bin/env bash
# Builds the container images of other Debian releases that the container tests use: no image
# registry is reachable, so each image is a debootstrap (minbase) of the release with a few
# packages, imported with `docker import`. An existing image is reused.
#
#   qemu:<release>   qemu-system-x86 and qemu-system-ppc (SeaBIOS, SLOF, OVMF come with them),
#                    for QemuInContainerIT
#   swtpm:sid        the C swtpm and libtpms of Debian unstable (newer than the 0.9.2 that
#                    swtpm-java emulates) with tpm2-tools, for NewerLibtpmsStateIT
#
# Usage: scripts/build-images.sh qemu:bookworm qemu:trixie swtpm:sid
#        (as root, with a running Docker engine). Images are named swtpm-java/<target>.
# DEBIAN_MIRROR overrides the mirror (default http://deb.debian.org/debian).
set -euo pipefail
mirror="${DEBIAN_MIRROR:-http://deb.debian.org/debian}"

for target in "$@"; do
  kind="${target%%:*}"
  release="${target#*:}"
  case "$kind" in
    qemu)  packages="qemu-system-x86,qemu-system-ppc"; probe="qemu-system-x86_64 --version" ;;
    swtpm) packages="swtpm,swtpm-tools,tpm2-tools,libtss2-tcti-swtpm0t64"; probe="swtpm --version" ;;
    *) echo "build-images: unknown target $target (qemu:<release> or swtpm:<release>)" >&2; exit 2 ;;
  esac
  image="swtpm-java/$kind:$release"
  if docker image inspect "$image" >/dev/null 2>&1; then
    echo "build-images: reusing $image"
    continue
  fi
  root="$(mktemp -d)"
  trap 'rm -rf "$root"' EXIT
  debootstrap --variant=minbase --include="$packages" "$release" "$root" "$mirror" \
    > "$root.log" 2>&1 || { tail -20 "$root.log" >&2; exit 1; }
  rm -f "$root.log"
  tar -C "$root" -c . | docker import -m "debootstrap $release + $packages" - "$image" >/dev/null
  rm -rf "$root"
  trap - EXIT
  echo "build-images: built $image ($(docker run --rm "$image" $probe | head -1))"
done
