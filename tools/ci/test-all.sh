#!/usr/bin/env bash
# Runs every check and every test of the workspace; `npm test` lands here.
# Ends with the test runner's summary and a plain "N passed, N failed" line.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."

bash tools/ci/check-protos.sh

echo "[workflows] actionlint"
actionlint

echo "[format] prettier --check"
prettier --check . --log-level warn

echo "[nx] lint and typecheck every project"
nx run-many -t lint typecheck --outputStyle=static --parallel=2

echo "[tests] node --test"
mapfile -t test_files < <(git ls-files --cached --others --exclude-standard -- '*.test.ts' | sort)
tap="$(mktemp)"
trap 'rm -f "$tap"' EXIT
status=0
node --import tsx --test --test-concurrency=3 \
  --test-reporter=spec --test-reporter-destination=stdout \
  --test-reporter=tap --test-reporter-destination="$tap" \
  "${test_files[@]}" || status=$?
passed="$(grep -E '^# pass [0-9]+' "$tap" | tail -1 | awk '{print $3}')"
failed="$(grep -E '^# fail [0-9]+' "$tap" | tail -1 | awk '{print $3}')"
echo "tests: ${passed:-0} passed, ${failed:-0} failed"
exit "$status"
