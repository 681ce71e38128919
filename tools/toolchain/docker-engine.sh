#!/usr/bin/env bash
# Makes a Docker engine available for the container suite, or stops the one it started.
#
#   docker-engine.sh start   use the engine that answers (Docker Desktop, a system dockerd);
#                            otherwise, as root on Linux, install Debian's docker.io (and
#                            mmdebstrap, for base images when no registry answers), start
#                            dockerd and wait until it answers. Exit 0 with a reason printed
#                            when no engine can be had: the container suite then skips.
#   docker-engine.sh stop    stop the dockerd that `start` started (no-op otherwise).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
state="$SWITCHYARD_TOOLCHAIN/docker"
marker="$state/dockerd.pid"
say() { printf '[docker] %s\n' "$*"; }

engine_answers() { docker info --format '{{.ServerVersion}}' >/dev/null 2>&1; }

start() {
  if command -v docker >/dev/null && engine_answers; then
    say "engine $(docker info --format '{{.ServerVersion}}') answers; using it"
    return 0
  fi
  if [[ "$(uname -s)" != Linux || "$(id -u)" != 0 ]]; then
    say "no Docker engine answers, and starting one needs root on Linux: the container suite will skip"
    return 0
  fi
  local missing=()
  command -v dockerd >/dev/null || missing+=(docker.io)
  command -v docker >/dev/null || missing+=(docker.io)
  command -v mmdebstrap >/dev/null || missing+=(mmdebstrap)
  if ((${#missing[@]} > 0)); then
    if ! command -v apt-get >/dev/null; then
      say "no Docker engine, and no apt-get to install ${missing[*]}: the container suite will skip"
      return 0
    fi
    say "installing ${missing[*]} (Debian packages)"
    local started=$SECONDS
    mkdir -p "$state"
    if ! { apt-get update -qq && DEBIAN_FRONTEND=noninteractive NEEDRESTART_MODE=l \
      apt-get install -y -qq "${missing[@]}"; } >"$state/apt.log" 2>&1; then
      tail -n 20 "$state/apt.log" >&2
      say "could not install ${missing[*]}"
      return 1
    fi
    say "installed in $((SECONDS - started)) s"
  fi
  mkdir -p "$state"
  say "starting dockerd (log: ${state#"$SWITCHYARD_ROOT/"}/dockerd.log)"
  dockerd >"$state/dockerd.log" 2>&1 &
  echo $! >"$marker"
  # dockerd answers within seconds on an idle machine; 120 s leaves room for a loaded one.
  local deadline=$((SECONDS + 120))
  until engine_answers; do
    if ! kill -0 "$(cat "$marker")" 2>/dev/null; then
      rm -f "$marker"
      say "dockerd exited before answering; last lines of its log:"
      tail -n 20 "$state/dockerd.log" >&2
      return 1
    fi
    if ((SECONDS > deadline)); then
      say "dockerd did not answer within 120 s"
      return 1
    fi
    sleep 0.5
  done
  say "engine $(docker info --format '{{.ServerVersion}}') started"
}

stop() {
  [[ -f "$marker" ]] || return 0
  local pid
  pid="$(cat "$marker")"
  rm -f "$marker"
  kill -0 "$pid" 2>/dev/null || return 0
  say "stopping the dockerd this run started (pid $pid)"
  kill -TERM "$pid"
  # dockerd stops its containers (10 s each at most) before it exits.
  for _ in $(seq 1 120); do
    kill -0 "$pid" 2>/dev/null || return 0
    sleep 0.5
  done
  kill -KILL "$pid" 2>/dev/null || true
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  *) echo "usage: docker-engine.sh start|stop" >&2; exit 2 ;;
esac
