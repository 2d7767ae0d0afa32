#!/usr/bin/env bash
# Builds architect-native.linux-x64-musl.node (x86_64-unknown-linux-musl, dynamic musl libc:
# never a static libc inside Node's process) on this glibc machine.
#
# The rustup toolchain has no musl std and none can be downloaded, so this uses Debian's
# rustc-web/cargo-web (Rust 1.96) with its library source (rust-web-src) and -Zbuild-std. Those
# install as /usr/bin/{cargo,rustc}, behind rustup's on PATH, so they are called by full path.
# All musl settings are target-scoped: host build scripts and proc-macros build as usual. A
# separate target dir keeps the gnu build's cache intact.
set -euo pipefail
source "$(dirname "$0")/musl/env.sh"

ensure_debian_packages rustc-web cargo-web rust-web-src musl-tools
# libgcc_s.so.1 for musl (unwinding) comes with the musl Node wheel.
"$(dirname "$0")/musl-node.sh" >/dev/null

log "cargo build --target $MUSL_TARGET (Debian Rust $(/usr/bin/rustc --version | cut -d' ' -f2), -Zbuild-std)"
cd "$ROOT"
env RUSTC=/usr/bin/rustc RUSTC_BOOTSTRAP=1 \
  CARGO_TARGET_X86_64_UNKNOWN_LINUX_MUSL_LINKER=musl-gcc \
  CARGO_TARGET_X86_64_UNKNOWN_LINUX_MUSL_RUSTFLAGS="-C target-feature=-crt-static -L native=$MUSL_LIB_DIR" \
  CC_x86_64_unknown_linux_musl=musl-gcc AR_x86_64_unknown_linux_musl=ar \
  /usr/bin/cargo build --release --locked -Zbuild-std=std,panic_abort \
    --target "$MUSL_TARGET" --target-dir "$ROOT/target-musl"
cp "$ROOT/target-musl/$MUSL_TARGET/release/libarchitect_native.so" "$MUSL_BINARY"
log "built $(basename "$MUSL_BINARY")"
