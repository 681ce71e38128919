#!/usr/bin/env bash
# Entry point of `npm start` and `npm test`: makes sure the toolchain is in
# place, then runs the command with it first on PATH.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
bash "$here/ensure.sh"
source "$here/env.sh"
cd "$SWITCHYARD_ROOT"
case "${1:-}" in
  platform) shift; exec node --import tsx tools/platform/src/main.ts "$@" ;;
  test) shift; exec bash tools/ci/test-all.sh "$@" ;;
  *) echo "usage: run.sh platform|test" >&2; exit 2 ;;
esac
