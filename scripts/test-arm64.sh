#!/usr/bin/env bash
# `npm run test:arm64`: the arm64 binaries on real arm64 Nodes under qemu-user, through the
# package's normal loader: ELF checks, then the whole __test__ suite on the gnu binary (Node 20)
# and on the musl binary (Node 22, the oldest arm64 musl Node on PyPI). Both run even if the first
# fails; the exit code says whether both passed. `test:arm64 gnu` or `test:arm64 musl` runs one.
set -euo pipefail
source "$(dirname "$0")/arm64/env.sh"
cd "$ROOT"

which_ones="${*:-gnu musl}"
for which in $which_ones; do
  binary="$ARM_GNU_BINARY"; [ "$which" = musl ] && binary="$ARM_MUSL_BINARY"
  [ -f "$binary" ] || { log "$(basename "$binary") is missing: npm run build:arm64 first"; exit 1; }
done
wrappers=$(bash "$(dirname "$0")/arm64/runtime.sh")

log "ELF checks"
fail=0
for which in $which_ones; do
  binary="$ARM_GNU_BINARY"; [ "$which" = musl ] && binary="$ARM_MUSL_BINARY"
  name=$(basename "$binary")
  readelf -h "$binary" | grep -q 'Machine:.*AArch64' || { echo "FAIL: $name is not an AArch64 ELF"; fail=1; }
  if readelf -p .comment "$binary" | grep -Eq 'GCC: \([^)]*\) [1-4]\.'; then echo "FAIL: $name has C objects built by GCC 4.x or older"; fail=1; fi
  if [ "$which" = gnu ]; then
    newest=$(objdump -T "$binary" | grep -o 'GLIBC_[0-9.]*' | sort -uV | tail -1)
    [ "$(printf '%s\n' "$newest" GLIBC_2.17 | sort -V | tail -1)" = GLIBC_2.17 ] || { echo "FAIL: $name needs $newest, above glibc 2.17"; fail=1; }
    if readelf -d "$binary" | grep -q musl; then echo "FAIL: $name references musl"; fail=1; fi
    echo "$name: AArch64, newest glibc symbol $newest, $(readelf -p .comment "$binary" | grep -o 'clang version [0-9.]*' | head -1)"
  else
    if readelf --dyn-syms -V "$binary" | grep -q 'GLIBC_'; then echo "FAIL: $name has GLIBC_ versioned symbols"; fail=1; fi
    if readelf -d "$binary" | grep -q 'libc.so.6'; then echo "FAIL: $name needs glibc's libc.so.6"; fail=1; fi
    readelf -d "$binary" | grep -q '\[libc.so\]' || { echo "FAIL: $name does not link musl's libc.so dynamically"; fail=1; }
    echo "$name: AArch64, no GLIBC_ symbols, NEEDED $(readelf -d "$binary" | grep NEEDED | grep -o '\[.*\]' | tr '\n' ' ')"
  fi
done
[ "$fail" -eq 0 ]

failed=()
while read -r libc wrapper; do
  case " $which_ones " in *" $libc "*) ;; *) continue ;; esac
  abi=$libc
  log "the loader picks linux-arm64-$abi under $("$wrapper" --version) ($libc, qemu-aarch64)"
  "$wrapper" -e '
    const info = require(".").buildInfo()
    const path = require("node:path")
    const want = { target: "aarch64-unknown-linux-'"$abi"'", libc: "'"$( [ "$libc" = gnu ] && echo glibc || echo musl )"'", file: "architect-native.linux-arm64-'"$abi"'.node" }
    if (process.arch !== "arm64" || info.target !== want.target || info.libc !== want.libc || path.basename(info.binaryPath) !== want.file) {
      console.error("wrong binary or runtime:", process.arch, info); process.exit(1)
    }
    if (!info.cpuFeatures.neon) { console.error("NEON not reported:", info.cpuFeatures); process.exit(1) }
    console.log(`${process.version} ${process.arch} loaded ${want.file}: C compiler ${info.cCompiler}, cpu ${JSON.stringify(info.cpuFeatures)}`)'
  log "the whole __test__ suite on arm64 $libc (Node $("$wrapper" --version), under qemu)"
  start=$SECONDS
  if NODE_BINARY="$wrapper" node scripts/run-tests.js; then
    log "arm64 $libc: passed in $((SECONDS - start)) s"
  else
    failed+=("$libc")
  fi
done <<< "$wrappers"

if [ "${#failed[@]}" -gt 0 ]; then
  log "FAILED on arm64: ${failed[*]}"
  exit 1
fi
