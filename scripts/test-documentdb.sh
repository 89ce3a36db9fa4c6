#!/usr/bin/env bash
# Installs, starts and stops the second MongoDB-semantics backend of the tests: DocumentDB (the PostgreSQL
# extension behind FerretDB 2 and Azure Cosmos DB for MongoDB vCore; third_party/documentdb, pinned) in a
# private PostgreSQL 15 cluster, spoken to over the MongoDB wire protocol by FerretDB v2.7.0 (Go module proxy).
# docs/testing.md says what it is for and what it costs; scripts/test-mongo.sh is the fast default server.
#   scripts/test-documentdb.sh install          build and install the extensions and FerretDB (skipped when current)
#   scripts/test-documentdb.sh start DIR PORT   start PostgreSQL in DIR and FerretDB on 127.0.0.1:PORT; prints
#                                               "GATEWAY_PID POSTMASTER_PID"
#   scripts/test-documentdb.sh stop PID...      stop them (the pids start printed)
# PostgreSQL refuses to run as root: as root (CI), the cluster runs as the user `nobody`.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
out="$root/.cache/documentdb"
ferretdb_version=v2.7.0
pg_major=15
debs=(postgresql-$pg_major postgresql-server-dev-$pg_major libbson-dev libpcre2-dev libintelrdfpmath-dev
  postgresql-$pg_major-cron postgresql-$pg_major-postgis-3 postgresql-$pg_major-rum libkrb5-dev pkg-config)
go="$(command -v go || echo /usr/local/go/bin/go)"

pgbin() { echo "/usr/lib/postgresql/$pg_major/bin"; }

# What the installed build was made from: the pinned sources (not their READMEs), the build recipe's version (raise it when
# install() changes how it builds) and the PostgreSQL version.
recipe=1
fingerprint() {
  {
    (cd "$root/third_party" && find documentdb pgvector -type f ! -name README.md -print0 | sort -z | xargs -0 sha256sum)
    echo "recipe $recipe"
    "$(pgbin)/postgres" --version
    echo "$ferretdb_version"
  } | sha256sum | cut -d' ' -f1
}

install() {
  local missing=() pkg
  for pkg in "${debs[@]}"; do dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'ok installed' || missing+=("$pkg"); done
  if [ ${#missing[@]} -gt 0 ]; then
    [ "$(id -u)" = 0 ] || { echo "test-documentdb: install the Debian packages ${missing[*]}" >&2; exit 1; }
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
  local pkglib share want
  pkglib="$(pg_config --pkglibdir)"
  share="$(pg_config --sharedir)/extension"
  want="$(fingerprint)"
  if [ -f "$out/installed" ] && [ "$(cat "$out/installed")" = "$want" ] && [ -x "$out/bin/ferretdb" ] &&
    [ -f "$pkglib/pg_documentdb.so" ] && [ -f "$pkglib/vector.so" ] && [ -f "$share/documentdb.control" ]; then
    return 0
  fi
  [ -w "$pkglib" ] || { echo "test-documentdb: installing into $pkglib needs root" >&2; exit 1; }
  local start=$SECONDS build="$out/build"
  rm -rf "$build"
  mkdir -p "$build/pkgconfig" "$out/bin"
  cp -r "$root/third_party/documentdb" "$build/documentdb"
  cp -r "$root/third_party/pgvector" "$build/pgvector"
  # DocumentDB's build looks the Intel decimal library up as `intelmathlib`; Debian ships it as libbidgcc000
  # (the variant DocumentDB builds: CALL_BY_REF=0 GLOBAL_RND=0 GLOBAL_FLAGS=0) without a pkg-config file.
  cat >"$build/pkgconfig/intelmathlib.pc" <<'EOF'
Name: intelmathlib
Description: Intel Decimal Floating-Point Math Library (Debian libintelrdfpmath-dev)
Version: 2.0
Cflags: -I/usr/include
Libs: -lbidgcc000
EOF
  export PKG_CONFIG_PATH="$build/pkgconfig"
  # INSIDE_GIT_REPO=false: the version string is not taken from this project's git state. with_llvm=no: no
  # JIT bitcode (PGXS would compile every file a second time with clang). Debian's libbson is 1.23 where
  # DocumentDB expects 1.28: the one name it lacks is the binary subtype 8 ("sensitive"), defined here.
  local mk=(nice -n 10 make -j2 INSIDE_GIT_REPO=false with_llvm=no COPT="-DBSON_SUBTYPE_SENSITIVE=8 -Wno-error=switch")
  "${mk[@]}" -C "$build/pgvector" OPTFLAGS= >"$build/pgvector.log" 2>&1 || { tail -20 "$build/pgvector.log" >&2; exit 1; }
  "${mk[@]}" -C "$build/pgvector" install >>"$build/pgvector.log" 2>&1
  for ext in pg_documentdb_core pg_documentdb; do
    "${mk[@]}" -C "$build/documentdb/$ext" >"$build/$ext.log" 2>&1 || { tail -20 "$build/$ext.log" >&2; exit 1; }
    "${mk[@]}" -C "$build/documentdb/$ext" install >>"$build/$ext.log" 2>&1
  done
  echo "test-documentdb: extensions built in $((SECONDS - start)) s" >&2
  start=$SECONDS
  GOTOOLCHAIN=local GOBIN="$out/bin" nice -n 10 "$go" install "github.com/FerretDB/FerretDB/v2/cmd/ferretdb@$ferretdb_version" >&2
  echo "test-documentdb: FerretDB $ferretdb_version built in $((SECONDS - start)) s" >&2
  rm -rf "$build"
  fingerprint >"$out/installed"
}

# Runs a command as the cluster's owner.
as_owner() {
  if [ "$(id -u)" = 0 ]; then runuser -u nobody -- "$@"; else "$@"; fi
}

start() {
  local dir="$1" port="$2"
  install
  mkdir -p "$dir"
  # sock: PostgreSQL's Unix socket (no TCP port) and its log, in a folder the cluster's owner writes
  local pgdata="$dir/pgdata" sock="$dir/sock"
  mkdir -p "$sock"
  if [ "$(id -u)" = 0 ]; then
    chmod 755 "$dir"
    chown nobody:nogroup "$sock"
    [ -d "$pgdata" ] || { mkdir -p "$pgdata" && chown nobody:nogroup "$pgdata"; }
  fi
  if ! [ -f "$pgdata/PG_VERSION" ]; then
    as_owner "$(pgbin)/initdb" -D "$pgdata" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 ||
      { cat "$dir/initdb.log" >&2; exit 1; }
    cat >>"$pgdata/postgresql.conf" <<EOF
listen_addresses = ''
unix_socket_directories = '$sock'
shared_preload_libraries = 'pg_cron,pg_documentdb_core,pg_documentdb'
cron.database_name = 'postgres'
# DocumentDB and pg_cron connect back to the server (unique-index writes, scheduled tasks): through the socket
cron.host = '$sock'
documentdb.localhost_connection_string = 'host=$sock'
fsync = on
max_connections = 200
# Debian's pg_cron (1.4) takes no schedule in seconds: the background index builds (FerretDB's createIndexes
# builds in the foreground) run every minute, as the TTL task does.
documentdb.indexBuildScheduleInSec = 60
documentdb.enableNowSystemVariable = true
documentdb.enableSortbyIdPushDownToPrimaryKey = true
documentdb.enableSchemaValidation = true
documentdb.enableBypassDocumentValidation = true
documentdb.enableUserCrud = true
documentdb.maxUserLimit = 100
EOF
    as_owner "$(pgbin)/pg_ctl" -D "$pgdata" -l "$sock/postgres.log" -w start >/dev/null
    as_owner "$(pgbin)/psql" -h "$sock" -U postgres -d postgres -qAt -c 'SET client_min_messages = warning' \
      -c 'CREATE EXTENSION documentdb CASCADE' >/dev/null
  else
    as_owner "$(pgbin)/pg_ctl" -D "$pgdata" -l "$sock/postgres.log" -w start >/dev/null
  fi
  local pgpid
  pgpid="$(head -1 "$pgdata/postmaster.pid")"
  mkdir -p "$dir/ferretdb"
  DO_NOT_TRACK=1 "$out/bin/ferretdb" --postgresql-url="postgres://postgres@/postgres?host=$sock" \
    --listen-addr="127.0.0.1:$port" --debug-addr= --state-dir="$dir/ferretdb" --no-auth --telemetry=disable \
    --log-level=warn >>"$dir/ferretdb.log" 2>&1 &
  echo "$! $pgpid"
}

# The postmaster stops with a fast shutdown (SIGINT: transactions rolled back, data flushed); the gateway with SIGTERM.
stop() {
  local pid
  for pid in "$@"; do
    kill -CONT "$pid" 2>/dev/null || continue
    pkill -CONT -P "$pid" 2>/dev/null || true
    if [ "$(ps -o comm= -p "$pid")" = postgres ]; then kill -INT "$pid" 2>/dev/null || true; else kill "$pid" 2>/dev/null || true; fi
  done
}

case "${1:-}" in
  install) install ;;
  start) start "$2" "$3" ;;
  stop) shift; stop "$@" ;;
  *) echo "usage: $0 install | start DIR PORT | stop PID..." >&2; exit 2 ;;
esac
