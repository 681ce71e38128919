# Sourced by the toolchain scripts: puts the project-local toolchain first on PATH.
# shellcheck shell=bash
SWITCHYARD_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
SWITCHYARD_TOOLCHAIN="$SWITCHYARD_ROOT/.toolchain"
export SWITCHYARD_ROOT SWITCHYARD_TOOLCHAIN
export PATH="$SWITCHYARD_TOOLCHAIN/node/node_modules/node/bin:$SWITCHYARD_TOOLCHAIN/bin:$SWITCHYARD_TOOLCHAIN/venv/bin:$SWITCHYARD_ROOT/node_modules/.bin:$PATH"
export NX_DAEMON="${NX_DAEMON:-false}"
export NX_NO_CLOUD=true
