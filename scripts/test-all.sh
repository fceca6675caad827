#!/usr/bin/env bash
# Runs every test of swtpm-java on a fresh Debian 12 machine: installs the system
# packages the tests use (the C swtpm as differential oracle, its tools, tpm2-tools),
# then the whole Maven build with its tests.
set -euo pipefail
cd "$(dirname "$(readlink -f "$0")")/.."

packages=(openjdk-17-jdk-headless maven swtpm swtpm-tools libtpms0 tpm2-tools libtss2-tcti-swtpm0 python3 qemu-system-ppc qemu-system-x86 ovmf docker.io debootstrap)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# QEMU of other Debian releases runs in containers (QemuInContainerIT): a local Docker engine.
scripts/start-docker.sh

mvn -B verify "$@"
