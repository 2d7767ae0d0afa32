#!/usr/bin/env bash
# `npm run test:musl`: the whole __test__ suite on a musl-linked Node 20 with the musl binary,
# loaded through the package's normal loader, plus ELF checks on both Linux binaries.
set -euo pipefail
source "$(dirname "$0")/musl/env.sh"
cd "$ROOT"

MUSL_NODE_BIN=$("$(dirname "$0")/musl-node.sh")
"$(dirname "$0")/build-musl.sh"
node scripts/ensure-built.js   # the gnu binary, for the ELF checks below

log "ELF checks"
gnu_binary="$ROOT/architect-native.linux-x64-gnu.node"
fail=0
if readelf --dyn-syms -V "$MUSL_BINARY" | grep -q 'GLIBC_'; then echo "FAIL: the musl binary has GLIBC_ versioned symbols"; fail=1; fi
if readelf -d "$MUSL_BINARY" | grep -q 'libc.so.6'; then echo "FAIL: the musl binary needs glibc's libc.so.6"; fail=1; fi
if readelf -d "$MUSL_BINARY" | grep -q 'libc.musl\|ld-musl' || readelf -d "$MUSL_BINARY" | grep -q '\[libc.so\]'; then :; else echo "FAIL: the musl binary does not link musl's libc dynamically"; fail=1; fi
if readelf -d "$gnu_binary" | grep -q 'musl'; then echo "FAIL: the gnu binary references musl"; fail=1; fi
newest_glibc=$(objdump -T "$gnu_binary" | grep -o 'GLIBC_[0-9.]*' | sort -uV | tail -1)
echo "musl binary: no GLIBC_ symbols, no libc.so.6, musl libc.so dynamic ($(readelf -d "$MUSL_BINARY" | grep NEEDED | grep -o '\[.*\]' | tr '\n' ' '))"
echo "gnu binary: no musl references; newest glibc symbol version needed: $newest_glibc"
if [ "${ARCHITECT_NATIVE_REQUIRE_GLIBC_BASELINE:-0}" = 1 ] && [ "$(printf '%s\n' "$newest_glibc" GLIBC_2.17 | sort -V | tail -1)" != GLIBC_2.17 ]; then
  echo "FAIL: the gnu binary needs $newest_glibc, above the glibc 2.17 baseline"; fail=1
fi
# ring's Ed25519 is C: a GCC 4.x build (napi-rs's old cross toolchain) signs 4x slower. The
# linker keeps each compiler's identification in .comment; buildInfo() names the compiler too.
for binary in "$gnu_binary" "$MUSL_BINARY"; do
  compilers=$(readelf -p .comment "$binary" | sed -n 's/^ *\[ *[0-9a-f]*\] *//p' | grep -v '^rustc' | paste -sd';' -)
  echo "$(basename "$binary"): .comment: $compilers"
  if readelf -p .comment "$binary" | grep -Eq 'GCC: \([^)]*\) [1-4]\.'; then echo "FAIL: $(basename "$binary") has C objects built by GCC 4.x or older"; fail=1; fi
done
[ "$fail" -eq 0 ]

log "the loader picks linux-x64-musl under the musl Node"
"$MUSL_NODE_BIN" -e '
  const info = require(".").buildInfo()
  const path = require("node:path")
  if (info.target !== "x86_64-unknown-linux-musl" || info.libc !== "musl" || path.basename(info.binaryPath) !== "architect-native.linux-x64-musl.node") {
    console.error("loader picked the wrong binary:", info); process.exit(1)
  }
  if (/\bgcc\b.*\) [1-4]\.\d/i.test(info.cCompiler)) { console.error("the musl binary was built by an old C compiler:", info.cCompiler); process.exit(1) }
  console.log(`musl Node ${process.version} loaded ${path.basename(info.binaryPath)} (${info.target}, C compiler: ${info.cCompiler})`)'
node -e '
  const info = require(".").buildInfo()
  if (/\bgcc\b.*\) [1-4]\.\d/i.test(info.cCompiler)) { console.error("the gnu binary was built by an old C compiler:", info.cCompiler); process.exit(1) }
  console.log(`glibc Node ${process.version} loaded ${require("node:path").basename(info.binaryPath)} (${info.target}, C compiler: ${info.cCompiler})`)'

log "the whole __test__ suite on the musl Node"
NODE_BINARY="$MUSL_NODE_BIN" node scripts/run-tests.js

log "the short fuzz pass on the musl Node (npm run fuzz -- --ci)"
NODE_BINARY="$MUSL_NODE_BIN" node fuzz/run.js --ci
