#!/usr/bin/env bash
# Protobuf gates: buf lint, generated code in sync with proto/, and no
# breaking change against the base revision.
# Base: $PROTO_BASE_REF if set (CI on a pull request sets the target branch),
# else the previous commit, so a change that lands on main is compared with
# what main held before it.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."

echo "[protos] buf lint"
(cd proto && buf lint)

echo "[protos] generated code matches proto/"
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
(cd proto && buf generate --template "$(sed "s#\.\./libs/proto/src/gen#$scratch/gen#" buf.gen.yaml)")
if ! diff -r "$scratch/gen" libs/proto/src/gen >"$scratch/diff.txt"; then
  cat "$scratch/diff.txt"
  echo "[protos] error: libs/proto/src/gen is stale; run: npm run proto:generate" >&2
  exit 1
fi

base_ref="${PROTO_BASE_REF:-HEAD~1}"
if ! git rev-parse --verify --quiet "${base_ref}^{commit}" >/dev/null; then
  echo "[protos] buf breaking: SKIPPED, no base revision '${base_ref}' in this clone (first commit or shallow clone)"
elif ! git cat-file -e "${base_ref}:proto/buf.yaml" 2>/dev/null; then
  echo "[protos] buf breaking: SKIPPED, proto/ does not exist at '${base_ref}'"
else
  echo "[protos] buf breaking against ${base_ref}"
  (cd proto && buf breaking --against "$(git rev-parse --show-toplevel)/.git#ref=${base_ref},subdir=proto")
fi
