#!/usr/bin/env bash
# Installs the C toolchain the released Linux binaries are built with: zig (its clang, and its
# glibc/musl stubs that pin the glibc baseline) and cargo-zigbuild, both from PyPI, pinned, in a
# virtualenv under .cache/zig (git-ignored). Prints the virtualenv's bin directory, which goes on
# PATH for the build (cargo finds `cargo-zigbuild` there, and it finds zig through that python).
# Fails loudly: a build that wanted zig never falls back to another compiler.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
VENV="$ROOT/.cache/zig/venv"
# zig 0.17.1 is clang 22.1.8. Moving either pin moves the shipped binary's code: re-run the crypto
# bench (README "Benchmarking") when you do.
ZIGLANG=0.17.1
CARGO_ZIGBUILD=0.24.1

log() { printf '[zig] %s\n' "$*" >&2; }

installed() {
  [ -x "$VENV/bin/cargo-zigbuild" ] &&
    [ "$("$VENV/bin/python" -m ziglang version 2>/dev/null)" = "$ZIGLANG" ] &&
    [ "$("$VENV/bin/cargo-zigbuild" --version 2>/dev/null)" = "cargo-zigbuild $CARGO_ZIGBUILD" ]
}

if ! installed; then
  log "installing ziglang==$ZIGLANG and cargo-zigbuild==$CARGO_ZIGBUILD from PyPI into .cache/zig"
  if ! python3 -m venv --help >/dev/null 2>&1; then
    log "installing python3-venv (Debian)"
    apt-get update -q >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends python3-venv python3-pip >&2
  fi
  rm -rf "$VENV"
  python3 -m venv "$VENV" >&2
  "$VENV/bin/python" -m pip install -q --disable-pip-version-check \
    "ziglang==$ZIGLANG" "cargo-zigbuild==$CARGO_ZIGBUILD" >&2
  installed || { log "the zig toolchain did not install as pinned (ziglang $ZIGLANG, cargo-zigbuild $CARGO_ZIGBUILD)"; exit 1; }
fi
echo "$VENV/bin"
