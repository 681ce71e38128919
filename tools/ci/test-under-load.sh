#!/usr/bin/env bash
# Runs `npm test` with `stress-ng --cpu N` beside it (default 2: every core of a 2-core machine
# busy with a neighbour), to show that the suite waits on readiness signals rather than on tight
# wall-clock bounds. stress-ng is Debian's package (`apt-get install stress-ng`); it is stopped
# when the run ends, however it ends, and in any case after STRESS_TIMEOUT (default 90m).
#   npm run test:under-load             # stress-ng --cpu 2
#   STRESS_CPUS=4 npm run test:under-load
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."

if ! command -v stress-ng >/dev/null; then
  echo "stress-ng is not installed: apt-get install stress-ng (Debian, Ubuntu)" >&2
  exit 2
fi
cpus="${STRESS_CPUS:-2}"
stress-ng --cpu "$cpus" --timeout "${STRESS_TIMEOUT:-90m}" --quiet &
stress_pid=$!
trap 'kill "$stress_pid" 2>/dev/null || true; wait "$stress_pid" 2>/dev/null || true' EXIT
echo "[under load] stress-ng --cpu $cpus (pid $stress_pid) beside npm test"
started=$(date +%s)
status=0
npm test || status=$?
echo "[under load] npm test exited $status after $(($(date +%s) - started)) s with stress-ng --cpu $cpus beside it"
exit "$status"
