#!/usr/bin/env bash
# Installs, starts and stops the MongoDB-protocol server the tests use: FerretDB 1.24 on SQLite.
#   scripts/test-mongo.sh install         build the binary into .cache/bin (skipped when present)
#   scripts/test-mongo.sh start DIR PORT  start a server with its data in DIR, print its pid
#   scripts/test-mongo.sh stop PID
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
bin="$root/.cache/bin/ferretdb"
version="v1.24.2"

install() {
  if [ -x "$bin" ] && "$bin" --version 2>/dev/null | grep -q "$version"; then return 0; fi
  command -v go >/dev/null || { echo "test-mongo: Go is needed to build FerretDB" >&2; exit 1; }
  # `go install` leaves build/version/version.txt empty and the binary panics at start,
  # so build from a copy of the module with the version file written.
  go mod download "github.com/FerretDB/FerretDB@$version"
  local src tmp
  src="$(go env GOMODCACHE)/github.com/!ferret!d!b/!ferret!d!b@$version"
  tmp="$(mktemp -d)"
  cp -r "$src/." "$tmp/"
  chmod -R u+w "$tmp"
  echo "$version" > "$tmp/build/version/version.txt"
  mkdir -p "$(dirname "$bin")"
  (cd "$tmp" && CGO_ENABLED=0 go build -o "$bin" ./cmd/ferretdb)
  rm -rf "$tmp"
}

start() {
  local dir="$1" port="$2"
  install
  mkdir -p "$dir/data" "$dir/state"
  "$bin" --handler=sqlite --sqlite-url="file:$dir/data/" --state-dir="$dir/state" \
    --listen-addr="127.0.0.1:$port" --telemetry=disable --debug-addr=- --log-level=error \
    >"$dir/ferretdb.log" 2>&1 &
  echo $!
}

case "${1:-}" in
  install) install ;;
  start) start "$2" "$3" ;;
  stop) kill "$2" 2>/dev/null || true ;;
  *) echo "usage: $0 install | start DIR PORT | stop PID" >&2; exit 2 ;;
esac
