#!/usr/bin/env bash
# Builds tiny Linux guests for the real-QEMU tests (ppc64-slof-tests, LinuxBootIT) from
# Debian 12 packages only: the distribution kernel and busybox-static, fetched with
# apt-get download and unpacked with dpkg-deb -x.
#
# Result, in $GUEST_DIR (default ppc64-slof-tests/target/guests), per architecture:
#   x86_64/vmlinuz, x86_64/initrd.gz     linux-image-<ver>-amd64-unsigned, busybox-static
#   ppc64le/vmlinux, ppc64le/initrd.gz   linux-image-<ver>-powerpc64le, busybox-static:ppc64el
#                                        (only with GUEST_ARCHES="x86_64 ppc64le": it needs
#                                        dpkg --add-architecture ppc64el and apt-get update)
# initrd.gz is a cpio newc (gzip) whose /init is busybox sh: it prints TPM marker lines on the
# console (see the init script below) and powers off. An existing, complete guest is reused,
# so reruns are fast. Run as root (CI does) on Debian 12.
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)"
GUEST_DIR="${GUEST_DIR:-$root/ppc64-slof-tests/target/guests}"
GUEST_ARCHES="${GUEST_ARCHES:-x86_64}"
# Bumped whenever the initramfs changes: a cached guest of another version is rebuilt.
GUEST_VERSION=3
EXTEND_COMMAND="80020000004100000182000000170000000940000009000000000000000001000b$(printf '11%.0s' $(seq 32))"

sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
# apt-get download drops privileges to the _apt user, which must be able to write here.
chown _apt "$work" 2>/dev/null || chmod 777 "$work"

# apt-get download, with one apt-get update and retry if apt does not know a package yet.
download() {
  (cd "$work" && apt-get download -q "$@" >/dev/null 2>&1) && return 0
  $sudo apt-get update -qq || true # a foreign architecture may miss some index files
  (cd "$work" && apt-get download -q "$@" >/dev/null)
}

# The versioned kernel package a meta package points at, e.g. linux-image-6.1.0-56-amd64.
kernel_of() { # $1: meta package, e.g. linux-image-amd64 or linux-image-powerpc64le:ppc64el
  apt-cache depends "$1" 2>/dev/null | awk '/Depends: linux-image-[0-9]/ {print $2; exit}'
}

is_current() { # $1 guest dir name, $2 kernel file name
  [ -s "$GUEST_DIR/$1/$2" ] && [ -s "$GUEST_DIR/$1/initrd.gz" ] \
    && [ "$(cat "$GUEST_DIR/$1/guest-version" 2>/dev/null)" = "$GUEST_VERSION" ]
}

build_guest() { # $1 guest dir name, $2 Debian arch, $3 kernel meta package, $4 image package suffix,
                # $5 kernel file name, $6 TPM drivers as CONFIG_OPTION:module ...
local guest="$1" debarch="$2" meta="$3" suffix="$4" kfile="$5" drivers="$6"
local arch_dir="$GUEST_DIR/$guest"
if is_current "$guest" "$kfile"; then
  echo "build-guests: reusing $arch_dir"
  return 0
fi

if [ "$debarch" != amd64 ] && ! dpkg --print-foreign-architectures | grep -qx "$debarch"; then
  $sudo dpkg --add-architecture "$debarch"
  $sudo apt-get update -qq || true
fi
local kernel_pkg
kernel_pkg="$(kernel_of "$meta")"
if [ -z "$kernel_pkg" ]; then
  $sudo apt-get update -qq || true
  kernel_pkg="$(kernel_of "$meta")"
fi
[ -n "$kernel_pkg" ] || { echo "build-guests: no $meta in apt" >&2; exit 1; }
kernel_pkg="${kernel_pkg%:*}"
local image_pkg="${kernel_pkg}${suffix}"
local gw="$work/$guest"
mkdir -p "$gw"
download "$image_pkg:$debarch" "busybox-static:$debarch"
cd "$gw"
dpkg-deb -x "$(ls "$work"/${image_pkg}_*_${debarch}.deb)" kernel
dpkg-deb -x "$(ls "$work"/busybox-static_*_${debarch}.deb)" busybox
local kver="${kernel_pkg#linux-image-}"
local config="kernel/boot/config-$kver"


# --- the initramfs tree -------------------------------------------------------------------
local rootfs="$gw/rootfs"
mkdir -p "$rootfs"/{bin,dev,proc,sys,modules}
cp busybox/bin/busybox "$rootfs/bin/busybox"
for applet in sh mount cat ls echo head hexdump insmod poweroff sleep grep dmesg tr seq dd; do
  ln -s busybox "$rootfs/bin/$applet"
done

# TPM drivers: Debian's amd64 kernel has them built in (=y); if a kernel has them as modules
# (=m), copy them with their dependencies (modules.dep order: dependencies first).
modules_dir="$gw/kernel/lib/modules/$kver"
load_order="$rootfs/modules/order"
: > "$load_order"
copy_module() { # $1: module name, e.g. tpm_tis
  local rel deps dep
  rel="$(awk -F: -v m="/$1.ko" 'index($1, m) == length($1) - length(m) + 1 {print $1; exit}' "$modules_dir/modules.dep")"
  [ -n "$rel" ] || { echo "build-guests: module $1 not found" >&2; exit 1; }
  deps="$(awk -F: -v r="$rel" '$1 == r {print $2; exit}' "$modules_dir/modules.dep")"
  for dep in $deps; do
    copy_module "$(basename "$dep" .ko)"
  done
  if ! grep -qx "$(basename "$rel")" "$load_order"; then
    cp "$modules_dir/$rel" "$rootfs/modules/"
    basename "$rel" >> "$load_order"
  fi
}
for opt in $drivers; do
  if grep -q "^CONFIG_${opt%%:*}=m" "$config"; then
    # The package has no modules.dep (its postinst runs depmod): make one in the extracted tree.
    [ -f "$modules_dir/modules.dep" ] || depmod -b "$gw/kernel" "$kver"
    copy_module "${opt#*:}"
  fi
done

# Marker lines the test parses; each is "WORD args", one a line, on ttyS0.
cat > "$rootfs/init" <<'EOF'
#!/bin/sh
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
for m in $(cat /modules/order); do insmod /modules/$m; done
echo "GUEST-START"
dmesg | grep -i tpm | while read -r line; do echo "TPM-DMESG $line"; done
echo "TPM-LS $(ls /sys/class/tpm | tr '\n' ' ')"
echo "TPM-VERSION $(cat /sys/class/tpm/tpm0/tpm_version_major 2>/dev/null)"
for bank in sha1 sha256; do
  for i in $(seq 0 23); do
    f=/sys/class/tpm/tpm0/pcr-$bank/$i
    [ -e "$f" ] && echo "PCR $bank $i $(cat "$f")"
  done
done
echo "HWRNG-CURRENT $(cat /sys/class/misc/hw_random/rng_current 2>/dev/null)"
echo "HWRNG $(head -c 16 /dev/hwrng | hexdump -v -e '1/1 "%02x"')"
# The firmware's event log (TCG PC Client format), 32 bytes a line; the test replays it.
mount -t securityfs securityfs /sys/kernel/security
log=/sys/kernel/security/tpm0/binary_bios_measurements
[ -r $log ] && hexdump -v -e '"EVLOG " 32/1 "%02x" "\n"' $log
echo "EVLOG-END"
# A TPM2_PCR_Extend of PCR 23 from user space (/dev/tpm0, one write, one read), then PCR 23 again.
extend_pcr23() { # $1: marker for the response
  exec 3<>/dev/tpm0
  cat /pcr-extend.bin >&3
  echo "$1 $(dd bs=4096 count=1 <&3 2>/dev/null | hexdump -v -e '1/1 "%02x"')"
  exec 3>&-
}
extend_pcr23 EXTEND-RESPONSE
for bank in sha1 sha256; do
  echo "PCR-AFTER $bank 23 $(cat /sys/class/tpm/tpm0/pcr-$bank/23)"
done
# Live-migration tests: wait on the console while the test migrates the VM, then check PCR 23.
if grep -q swtpm.migrate /proc/cmdline; then
  echo "MIGRATE-READY"
  read -r line
  echo "PCR-MIGRATED sha256 23 $(cat /sys/class/tpm/tpm0/pcr-sha256/23)"
  extend_pcr23 EXTEND-RESPONSE-MIGRATED
  echo "PCR-MIGRATED-EXTENDED sha256 23 $(cat /sys/class/tpm/tpm0/pcr-sha256/23)"
fi
echo "GUEST-DONE"
poweroff -f
EOF
chmod 755 "$rootfs/init"
# TPM2_PCR_Extend(PCR 23, password session, one sha256 digest of 32 bytes 0x11): Part 3 §22.2.
printf "$(echo "$EXTEND_COMMAND" | sed 's/../\\x&/g')" > "$rootfs/pcr-extend.bin"

mkdir -p "$arch_dir"
(cd "$rootfs" && find . | "$packer" cpio -o -H newc 2>/dev/null) | gzip -9 > "$arch_dir/initrd.gz.tmp"
cp "kernel/boot/$kfile-$kver" "$arch_dir/$kfile.tmp"
echo "$kernel_pkg" > "$arch_dir/kernel-package"
# Renamed last, so an interrupted run is never mistaken for a complete guest.
mv "$arch_dir/initrd.gz.tmp" "$arch_dir/initrd.gz"
mv "$arch_dir/$kfile.tmp" "$arch_dir/$kfile"
echo "$GUEST_VERSION" > "$arch_dir/guest-version"
echo "build-guests: built $arch_dir from $image_pkg"
cd "$work"
}

# The host's busybox packs the cpio archives (a ppc64el busybox does not run here).
packer="$work/host-busybox/bin/busybox"
host_busybox() {
  if [ -x "$packer" ]; then return 0; fi
  download busybox-static
  dpkg-deb -x "$(ls "$work"/busybox-static_*_"$(dpkg --print-architecture)".deb)" "$work/host-busybox"
}

# (if-statements, not "a || b": inside a || list, set -e would not stop a failing build.)
for guest in $GUEST_ARCHES; do
  case "$guest" in
    x86_64)
      if ! is_current x86_64 vmlinuz; then
        host_busybox
        build_guest x86_64 amd64 linux-image-amd64 -unsigned vmlinuz \
          "TCG_TPM:tpm TCG_TIS_CORE:tpm_tis_core TCG_TIS:tpm_tis TCG_CRB:tpm_crb"
      fi ;;
    ppc64le)
      if ! is_current ppc64le vmlinux; then
        host_busybox
        build_guest ppc64le ppc64el linux-image-powerpc64le:ppc64el "" vmlinux \
          "TCG_TPM:tpm TCG_IBMVTPM:tpm_ibmvtpm"
      fi ;;
    *) echo "build-guests: unknown guest $guest (x86_64, ppc64le)" >&2; exit 1 ;;
  esac
  echo "build-guests: $GUEST_DIR/$guest ready"
done
