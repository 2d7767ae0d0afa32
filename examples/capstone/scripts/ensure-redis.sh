#!/usr/bin/env bash
# Installs Debian's redis-server when it is missing. The capstone starts and stops its own
# instances on loopback ports; the packaged system service is not used.
set -euo pipefail
command -v redis-server >/dev/null && exit 0
echo "capstone: installing redis-server from Debian" >&2
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
$sudo apt-get update -q >&2
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends redis-server >&2
command -v redis-server >/dev/null
