#!/usr/bin/env bash
# `npm run test:node-lts`: the whole __test__ suite on each supported Node LTS besides the one
# running npm (Node 22 and 24, glibc x86_64, from scripts/node-lts.sh), with the gnu binary
# through the package's normal loader. Every version runs even if one fails; the exit code says
# whether all passed.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"

node scripts/ensure-built.js
nodes=$(bash scripts/node-lts.sh)
failed=()
while read -r major node_bin; do
  printf '\n[node-lts] the whole suite on Node %s (%s)\n' "$("$node_bin" --version)" "$node_bin"
  "$node_bin" -e '
    const info = require(".").buildInfo()
    if (info.libc !== "glibc") { console.error("expected the glibc binary, loaded", info); process.exit(1) }
    console.log(`[node-lts] ${process.version} loaded ${require("node:path").basename(info.binaryPath)} (Node-API ${process.versions.napi})`)'
  if ! NODE_BINARY="$node_bin" node scripts/run-tests.js; then failed+=("$major"); fi
done <<< "$nodes"

if [ "${#failed[@]}" -gt 0 ]; then
  echo "[node-lts] FAILED on Node ${failed[*]}" >&2
  exit 1
fi
echo "[node-lts] the suite passed on Node $(echo "$nodes" | cut -d' ' -f1 | paste -sd' ')"
