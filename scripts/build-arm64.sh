#!/usr/bin/env bash
# `npm run build:arm64`: architect-native.linux-arm64-gnu.node (glibc >= 2.17) and
# architect-native.linux-arm64-musl.node (dynamic musl libc) on an x86_64 Linux host.
#
# rustup cannot add targets here, so the Rust side is Debian's rustc-web/cargo-web with its library
# source (rust-web-src) and -Zbuild-std, as for the x86_64 musl binary; the C compiler and linker
# are zig's (cargo-zigbuild, scripts/zig-toolchain.sh): `aarch64-unknown-linux-gnu.2.17` pins the
# glibc baseline, and zig links its own unwinder into the musl binary so it needs only libc.so.
# One target dir for both targets: their host build scripts and proc-macros are built once.
# `build:arm64 gnu` or `build:arm64 musl` builds one.
set -euo pipefail
source "$(dirname "$0")/arm64/env.sh"

which_ones=("${@:-gnu musl}")
ensure_debian_packages rustc-web cargo-web rust-web-src
ZIG_BIN=$(bash "$(dirname "$0")/zig-toolchain.sh")
cd "$ROOT"

build() {
  local target=$1 zig_target=$2 out=$3
  log "cargo zigbuild --target $zig_target (Debian Rust $(/usr/bin/rustc --version | cut -d' ' -f2), -Zbuild-std, zig $("$ZIG_BIN/python" -m ziglang version))"
  env PATH="$ZIG_BIN:$PATH" RUSTC=/usr/bin/rustc RUSTC_BOOTSTRAP=1 \
    CARGO_TARGET_AARCH64_UNKNOWN_LINUX_MUSL_RUSTFLAGS="-C target-feature=-crt-static" \
    /usr/bin/cargo zigbuild --release --locked -Zbuild-std=std,panic_abort \
      --target "$zig_target" --target-dir "$ARM_TARGET_DIR"
  cp "$ARM_TARGET_DIR/$target/release/libarchitect_native.so" "$out"
  log "built $(basename "$out")"
}

for which in ${which_ones[*]}; do
  case "$which" in
    gnu) build "$ARM_GNU_TARGET" "$ARM_GNU_TARGET.2.17" "$ARM_GNU_BINARY" ;;
    musl) build "$ARM_MUSL_TARGET" "$ARM_MUSL_TARGET" "$ARM_MUSL_BINARY" ;;
    *) log "unknown target '$which' (gnu or musl)"; exit 2 ;;
  esac
done
