#!/usr/bin/env bash
# Entry point of `npm start` and `npm test`: installs what that command needs
# (ensure.sh platform|test), then runs it with the toolchain first on PATH.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
case "${1:-}" in
  platform | test) bash "$here/ensure.sh" "$1" ;;
  *) echo "usage: run.sh platform|test" >&2; exit 2 ;;
esac
source "$here/env.sh"
cd "$SWITCHYARD_ROOT"
case "$1" in
  platform) shift; exec node --import tsx tools/platform/src/main.ts "$@" ;;
  test) shift; exec bash tools/ci/test-all.sh "$@" ;;
esac
