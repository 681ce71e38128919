#!/usr/bin/env bash
# Prints the closing "N passed, N failed, N skipped" line of a `node --test` TAP report
# (test-all.sh). node counts a test that timed out, or whose before() hook failed, as
# cancelled, not failed: a run with only cancelled tests would read "0 failed" and still
# exit 1. Here failed = fail + cancelled, so the line agrees with the exit status.
#   tap-summary.sh <tap-file>
set -euo pipefail
tap="${1:?usage: tap-summary.sh <tap-file>}"
count() { grep -E "^# $1 [0-9]+\$" "$tap" | tail -1 | awk '{print $3}'; }
passed="$(count pass)"
failed="$(count fail)"
cancelled="$(count cancelled)"
skipped="$(count skipped)"
todo="$(count todo)"
summary="tests: ${passed:-0} passed, $((${failed:-0} + ${cancelled:-0})) failed"
((${cancelled:-0} > 0)) && summary+=" (${cancelled} cancelled: timed out or their hook failed)"
summary+=", ${skipped:-0} skipped"
((${todo:-0} > 0)) && summary+=", ${todo} todo"
echo "$summary"
