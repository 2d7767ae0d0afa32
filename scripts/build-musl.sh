#!/usr/bin/env bash
# Builds architect-native.linux-x64-musl.node (x86_64-unknown-linux-musl, dynamic musl libc:
# never a static libc inside Node's process) on this glibc machine.
#
# The rustup toolchain has no musl std and none can be downloaded, so this uses Debian's
# rustc-web/cargo-web (Rust 1.96) with its library source (rust-web-src) and -Zbuild-std. Those
# install as /usr/bin/{cargo,rustc}, behind rustup's on PATH, so they are called by full path.
# The C compiler and linker are zig's (cargo-zigbuild, scripts/zig-toolchain.sh), as for the gnu
# binary: ring's C built by zig's clang signs Ed25519 about 2x faster than Debian's musl-gcc
# (GCC 12) build, verifies as fast, and zig links its own unwinder in, so the binary needs only
# musl's libc.so. A separate target dir keeps the gnu build's cache intact.
set -euo pipefail
source "$(dirname "$0")/musl/env.sh"

ensure_debian_packages rustc-web cargo-web rust-web-src
ZIG_BIN=$(bash "$(dirname "$0")/zig-toolchain.sh")
# The musl Node, its loader and libgcc_s (for Node itself), which the tests run on.
"$(dirname "$0")/musl-node.sh" >/dev/null

log "cargo zigbuild --target $MUSL_TARGET (Debian Rust $(/usr/bin/rustc --version | cut -d' ' -f2), -Zbuild-std, zig $("$ZIG_BIN/python" -m ziglang version))"
cd "$ROOT"
env PATH="$ZIG_BIN:$PATH" RUSTC=/usr/bin/rustc RUSTC_BOOTSTRAP=1 \
  CARGO_TARGET_X86_64_UNKNOWN_LINUX_MUSL_RUSTFLAGS="-C target-feature=-crt-static" \
  /usr/bin/cargo zigbuild --release --locked -Zbuild-std=std,panic_abort \
    --target "$MUSL_TARGET" --target-dir "$ROOT/target-musl"
cp "$ROOT/target-musl/$MUSL_TARGET/release/libarchitect_native.so" "$MUSL_BINARY"
log "built $(basename "$MUSL_BINARY")"
