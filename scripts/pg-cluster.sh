#!/usr/bin/env bash
# Throwaway PostgreSQL cluster for tests and benchmarks.
#
#   scripts/pg-cluster.sh start DIR   # prints postgres://postgres@127.0.0.1:PORT/postgres
#   scripts/pg-cluster.sh url DIR     # prints the URL of the cluster in DIR
#   scripts/pg-cluster.sh stop DIR    # stops it and removes DIR
#
# Uses the highest /usr/lib/postgresql/*/bin (or PG_BIN). As root, the server
# runs as the `postgres` OS user (runuser) and DIR is chown'd to it; otherwise
# it runs as the current user. Trust auth, 127.0.0.1 on a free port, the unix
# socket inside DIR, durability off (fsync, synchronous_commit,
# full_page_writes), max_connections 200, plus PG_CLUSTER_CONF (extra
# postgresql.conf lines) when set. Nothing here is meant to survive.
#
# Speed: initdb output is cached once per machine as a template
# (${PG_CLUSTER_CACHE:-${TMPDIR:-/tmp}/fx-pg-template-UID}) and copied, so a
# start is ~0.1-0.3 s after the first (~0.8 s).
set -euo pipefail

die() { echo "pg-cluster: $*" >&2; exit 1; }

usage() { die "usage: $0 start|stop|url DIR"; }

[ $# -eq 2 ] || usage
cmd=$1
dir=$2
[ -n "$dir" ] && [ "$dir" != "/" ] || die "refusing DIR '$dir'"

is_root=0
[ "$(id -u)" = 0 ] && is_root=1

find_bin() {
  if [ -n "${PG_BIN:-}" ]; then
    [ -x "$PG_BIN/initdb" ] || die "PG_BIN=$PG_BIN has no initdb"
    echo "$PG_BIN"
    return
  fi
  local best="" v
  for d in /usr/lib/postgresql/*/bin; do
    [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ] || continue
    v=$(basename "$(dirname "$d")")
    if [ -z "$best" ] || [ "$(printf '%s\n%s\n' "$v" "$(basename "$(dirname "$best")")" | sort -V | tail -n1)" = "$v" ]; then
      best=$d
    fi
  done
  echo "$best"
}

# Run a command as the cluster's OS user.
as_pg() {
  if [ "$is_root" = 1 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

free_port() {
  if command -v node >/dev/null 2>&1; then
    node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'
  else
    python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1]);s.close()'
  fi
}

abs_dir() { mkdir -p "$1" && (cd "$1" && pwd -P); }

print_url() { echo "postgres://postgres@127.0.0.1:$(cat "$1/port")/postgres"; }

initdb_into() {
  # $1: bin dir, $2: data directory to create, $3: log file
  as_pg "$1/initdb" -D "$2" -A trust -U postgres -E UTF8 --locale=C.UTF-8 \
    --no-sync --no-instructions >"$3" 2>&1 && return 0
  as_pg rm -rf "$2"
  as_pg "$1/initdb" -D "$2" -A trust -U postgres -E UTF8 --locale=C \
    --no-sync --no-instructions >>"$3" 2>&1
}

ensure_template() {
  # $1: bin dir. Prints the cached template data directory, creating it if
  # needed; prints nothing when no cache can be written.
  local bin=$1 ver cache tpl tmp
  ver=$("$bin/postgres" --version | awk '{print $3}' | tr -c 'A-Za-z0-9.\n' '_')
  cache=${PG_CLUSTER_CACHE:-${TMPDIR:-/tmp}/fx-pg-template-u$(id -u)}
  tpl="$cache/v${ver}"
  if [ ! -f "$tpl/data/PG_VERSION" ]; then
    mkdir -p "$cache" 2>/dev/null && chmod 755 "$cache" 2>/dev/null || return 0
    tmp=$(mktemp -d "$cache/.build.XXXXXX" 2>/dev/null) || return 0
    chmod 755 "$tmp"
    if [ "$is_root" = 1 ]; then chown postgres: "$tmp"; fi
    if ! initdb_into "$bin" "$tmp/data" "$tmp/initdb.log"; then
      cat "$tmp/initdb.log" >&2
      rm -rf "$tmp"
      die "initdb failed"
    fi
    # Atomic publish; a concurrent builder that lost the race just cleans up.
    if ! mv -T "$tmp" "$tpl" 2>/dev/null; then rm -rf "$tmp"; fi
    [ -f "$tpl/data/PG_VERSION" ] || die "template $tpl is broken; remove it"
  fi
  echo "$tpl/data"
}

start() {
  local bin d port sock tpl attempt
  bin=$(find_bin)
  if [ -z "$bin" ]; then
    if [ "$is_root" = 1 ] && command -v apt-get >/dev/null 2>&1; then
      echo "pg-cluster: no PostgreSQL server binaries; installing Debian's postgresql" >&2
      (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql) >&2 \
        || die "apt-get install postgresql failed"
      bin=$(find_bin)
    fi
    [ -n "$bin" ] || die "no PostgreSQL server found under /usr/lib/postgresql/*/bin (apt-get install postgresql)"
  fi
  [ "$is_root" = 0 ] || getent passwd postgres >/dev/null || die "running as root but there is no 'postgres' OS user"

  d=$(abs_dir "$dir")
  if [ -f "$d/port" ] && as_pg "$bin/pg_ctl" -D "$d/data" status >/dev/null 2>&1; then
    print_url "$d" # already running
    return
  fi
  [ -z "$(ls -A "$d")" ] || die "$d is not empty (stop it first, or use a new directory)"

  # The postgres user must be able to reach DIR.
  if [ "$is_root" = 1 ]; then
    chown postgres: "$d"
    chmod 700 "$d"
    runuser -u postgres -- test -w "$d" \
      || die "user postgres cannot reach $d (a parent directory is not traversable); use a DIR under /tmp"
  fi

  tpl=$(ensure_template "$bin")
  if [ -n "$tpl" ]; then
    as_pg cp -a "$tpl" "$d/data"
  else
    initdb_into "$bin" "$d/data" "$d/initdb.log" || { cat "$d/initdb.log" >&2; die "initdb failed"; }
  fi

  # Unix socket paths are limited to ~107 bytes.
  sock="$d/sock"
  if [ ${#sock} -gt 80 ]; then
    sock=$(mktemp -d "${TMPDIR:-/tmp}/pgsock.XXXXXX")
    [ "$is_root" = 1 ] && chown postgres: "$sock"
    echo "$sock" >"$d/sockdir-external"
  else
    as_pg mkdir -p "$sock"
  fi

  for attempt in 1 2 3 4 5; do
    port=$(free_port)
    {
      echo "# pg-cluster.sh: throwaway cluster"
      echo "listen_addresses = '127.0.0.1'"
      echo "port = $port"
      echo "unix_socket_directories = '$sock'"
      echo "max_connections = 200"
      echo "fsync = off"
      echo "synchronous_commit = off"
      echo "full_page_writes = off"
      # Extra settings, one per line (the benchmarks size shared_buffers).
      [ -z "${PG_CLUSTER_CONF:-}" ] || printf '%s\n' "$PG_CLUSTER_CONF"
    } | as_pg tee "$d/data/postgresql.auto.conf" >/dev/null
    if as_pg "$bin/pg_ctl" -D "$d/data" -l "$d/postgres.log" -w -t 30 \
      -o "-c fsync=off -c synchronous_commit=off -c full_page_writes=off" start >/dev/null 2>&1; then
      echo "$port" >"$d/port"
      echo "$bin" >"$d/bin"
      print_url "$d"
      return
    fi
    # Port taken between probe and bind? Try another; otherwise report the log.
    if ! grep -q "could not bind\|Address already in use" "$d/postgres.log" 2>/dev/null; then
      cat "$d/postgres.log" >&2 || true
      die "PostgreSQL did not start (log above)"
    fi
    echo "pg-cluster: port $port taken, retrying" >&2
  done
  die "could not find a free port"
}

stop() {
  local d bin
  [ -d "$dir" ] || return 0
  d=$(cd "$dir" && pwd -P)
  [ -f "$d/data/PG_VERSION" ] || [ -f "$d/port" ] || [ -z "$(ls -A "$d")" ] \
    || die "$d does not look like a pg-cluster.sh directory; not removing it"
  bin=$(cat "$d/bin" 2>/dev/null || find_bin)
  if [ -n "$bin" ] && [ -f "$d/data/postmaster.pid" ]; then
    as_pg "$bin/pg_ctl" -D "$d/data" -m immediate -w -t 30 stop >/dev/null 2>&1 || true
  fi
  [ -f "$d/sockdir-external" ] && rm -rf "$(cat "$d/sockdir-external")"
  rm -rf "$d"
}

case "$cmd" in
  start) start ;;
  stop) stop ;;
  url)
    [ -f "$dir/port" ] || die "no cluster in $dir"
    print_url "$dir"
    ;;
  *) usage ;;
esac
