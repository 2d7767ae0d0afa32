#!/usr/bin/env bash
# npm run test:asan: the addon built with AddressSanitizer, loaded into the stock Node with the
# sanitizer's runtime preloaded, under the whole test suite and a fuzz pass.
#
# Why this shape: -Zsanitizer is not stable Rust, and only the stable toolchain is installed;
# RUSTC_BOOTSTRAP=1 lets this one build use it (nothing else is built that way). Node itself is
# not instrumented, so ASan's runtime comes in with LD_PRELOAD (GCC 12's libasan.so.8, which
# speaks the same ABI as the instrumentation LLVM emits). ring's C and assembly are not
# instrumented; every Rust line, including the unsafe Node-API boundary, is.
set -euo pipefail
cd "$(dirname "$0")/.."
log() { printf 'test:asan: %s\n' "$*" >&2; }
. scripts/lib/debian.sh
ensure_debian_packages libasan8 gcc

target=x86_64-unknown-linux-gnu
log "building with -Zsanitizer=address (target-asan/, release profile with debug assertions)"
RUSTC_BOOTSTRAP=1 RUSTFLAGS="-Zsanitizer=address -Cdebug-assertions=yes" \
  cargo build --locked --release --lib --target "$target" --target-dir target-asan
# The platform name stays in the file name: specs check that the loaded binary is this platform's.
binary="$PWD/target-asan/architect-native.linux-x64-gnu.asan.node"
cp "target-asan/$target/release/libarchitect_native.so" "$binary"
nm -D "$binary" | grep __asan_report > /dev/null || { log "the binary has no ASan instrumentation"; exit 1; }

export ARCHITECT_NATIVE_BINARY="$binary"
export LD_PRELOAD="$(gcc -print-file-name=libasan.so)"
# Leaks: V8 and Node keep memory until exit by design, so LeakSanitizer would report theirs.
# SEGV: V8 handles its own (WebAssembly bounds); ASan must not take the signal from it.
export ASAN_OPTIONS="detect_leaks=0:handle_segv=0:allow_user_segv_handler=1:abort_on_error=1:halt_on_error=1:detect_odr_violation=0"

ASAN_OPTIONS="$ASAN_OPTIONS:verbosity=1" node -e 'require(".")' 2>&1 | grep -E '^==[0-9]+==' > /dev/null || { log "the ASan runtime did not start in Node"; exit 1; }
node -e 'const info = require(".").buildInfo(); if (!info.binaryPath.endsWith("asan.node")) { console.error("loaded", info.binaryPath); process.exit(1) } console.log("loaded", info.binaryPath)'
started=$SECONDS
log "the __test__ suite on the ASan build"
node scripts/run-tests.js
log "a fuzz pass on the ASan build: 3 seeds x 50,000 calls, main thread + 2 workers"
node fuzz/run.js --seeds 3 --calls 50000
log "clean: no ASan report in $((SECONDS - started)) s of tests and fuzzing"
