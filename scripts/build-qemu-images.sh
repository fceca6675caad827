#!/usr/bin/env bash
# Builds the container images with the QEMU of other Debian releases for QemuInContainerIT:
# no image registry is reachable, so each image is a debootstrap (minbase) of the release with
# its qemu-system-x86 and qemu-system-ppc (SeaBIOS, SLOF, OVMF come with them), imported with
# `docker import` as swtpm-java/qemu:<release>. An existing image is reused.
#
# Usage: scripts/build-qemu-images.sh bookworm trixie     (as root, with a running Docker engine)
# DEBIAN_MIRROR overrides the mirror (default http://deb.debian.org/debian).
set -euo pipefail
mirror="${DEBIAN_MIRROR:-http://deb.debian.org/debian}"

for release in "$@"; do
  image="swtpm-java/qemu:$release"
  if docker image inspect "$image" >/dev/null 2>&1; then
    echo "build-qemu-images: reusing $image"
    continue
  fi
  root="$(mktemp -d)"
  trap 'rm -rf "$root"' EXIT
  debootstrap --variant=minbase --include=qemu-system-x86,qemu-system-ppc "$release" "$root" "$mirror" \
    > "$root.log" 2>&1 || { tail -20 "$root.log" >&2; exit 1; }
  rm -f "$root.log"
  tar -C "$root" -c . | docker import -m "debootstrap $release + QEMU" - "$image" >/dev/null
  rm -rf "$root"
  trap - EXIT
  echo "build-qemu-images: built $image ($(docker run --rm "$image" qemu-system-x86_64 --version | head -1))"
done
