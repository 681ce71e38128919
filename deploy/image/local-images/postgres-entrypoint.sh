#!/bin/bash
# Entry point of the PostgreSQL stand-in image. On an empty data folder: initdb with
# POSTGRES_USER (default postgres) and POSTGRES_PASSWORD (required; scram-sha-256 for every
# network client, as the official image configures it), then POSTGRES_DB created in
# single-user mode. Then the server, listening on every interface of the container.
set -euo pipefail
user="${POSTGRES_USER:-postgres}"
if [ ! -s "$PGDATA/PG_VERSION" ]; then
  : "${POSTGRES_PASSWORD:?POSTGRES_PASSWORD is required}"
  password_file="$(mktemp)"
  printf '%s' "$POSTGRES_PASSWORD" >"$password_file"
  initdb -D "$PGDATA" -U "$user" --pwfile="$password_file" --auth=scram-sha-256 --encoding=UTF8 --no-locale >/dev/null
  rm -f "$password_file"
  echo "host all all all scram-sha-256" >>"$PGDATA/pg_hba.conf"
  database="${POSTGRES_DB:-$user}"
  if [ "$database" != "postgres" ]; then
    echo "CREATE DATABASE \"$database\" OWNER \"$user\";" | postgres --single -D "$PGDATA" postgres >/dev/null
  fi
fi
exec "$@" -c listen_addresses='*'
