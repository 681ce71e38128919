#!/usr/bin/env bash
# Runs every check and every test of the workspace; `npm test` lands here.
# Ends with the test runner's summary and a plain "N passed, N failed, N skipped" line, where
# failed counts cancelled tests too (a timed-out test, the tests of a failed before()).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."

bash tools/ci/check-protos.sh

echo "[workflows] actionlint"
actionlint

echo "[format] prettier --check"
prettier --check . --log-level warn

echo "[nx] lint and typecheck every project"
nx run-many -t lint typecheck --outputStyle=static --parallel=2

# One bound per test (each it(), and each before()/after() hook), so a test that never
# settles fails with its name printed instead of holding the run. 300 s because the slowest
# legitimate tests start whole topologies with PostgreSQL in a hook or install Envoy with pip
# (30-60 s on a quiet 2-core machine), and a machine loaded several times over must not trip it;
# SWITCHYARD_TIMEOUT_SCALE multiplies it as it does the launcher's start-up bounds.
scale="${SWITCHYARD_TIMEOUT_SCALE:-1}"
test_timeout_ms="$(awk -v scale="$scale" 'BEGIN { if (scale + 0 <= 0) exit 1; printf "%d", 300000 * scale }')" ||
  { echo "SWITCHYARD_TIMEOUT_SCALE must be a positive number, got \"$scale\"" >&2; exit 2; }
echo "[tests] node --test (each test at most $((test_timeout_ms / 1000)) s)"
mapfile -t test_files < <(git ls-files --cached --others --exclude-standard -- '*.test.ts' | sort)
tap="$(mktemp)"
trap 'rm -f "$tap"' EXIT
status=0
# --test-force-exit: a file whose tests are done but that left a handle open (a timer, a
# socket) ends instead of holding the run forever; processes it started are killed on exit.
node --import tsx --test --test-concurrency=3 --test-timeout="$test_timeout_ms" --test-force-exit \
  --test-reporter=spec --test-reporter-destination=stdout \
  --test-reporter=tap --test-reporter-destination="$tap" \
  "${test_files[@]}" || status=$?
bash tools/ci/tap-summary.sh "$tap"
exit "$status"
