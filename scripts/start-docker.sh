#!/usr/bin/env bash
# Starts a Docker engine (Debian's docker.io) when none answers, for the container tests.
# Where none can run, it says so and exits 0: those tests then skip with that reason.
set -uo pipefail
docker info >/dev/null 2>&1 && exit 0
if ! command -v dockerd >/dev/null; then
  echo "start-docker: dockerd is not installed (apt-get install docker.io)"
  exit 0
fi
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
log="${TMPDIR:-/tmp}/swtpm-java-dockerd.log"
$sudo sh -c "nohup dockerd > '$log' 2>&1 &"
for _ in $(seq 60); do
  docker info >/dev/null 2>&1 && { echo "start-docker: dockerd started"; exit 0; }
  sleep 0.5
done
echo "start-docker: dockerd did not come up (see $log); the container tests will skip"
exit 0
