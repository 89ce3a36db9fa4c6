#!/usr/bin/env bash
# Installs, starts and stops the MongoDB-protocol server the tests use: mongo-java-server 1.46 with its
# H2 backend (data in a file, so a stopped server restarts with its data).
# FerretDB 1.24 (SQLite) was tried first and dropped: concurrent findOneAndUpdate calls returned the same
# document to several clients (195 of 200 documents locked twice), so it cannot hold a queue lock.
#   scripts/test-mongo.sh install          build the launcher into .cache/mongo-java-server (skipped when present)
#   scripts/test-mongo.sh start DIR PORT   start a server with its data in DIR, print its pid
#   scripts/test-mongo.sh stop PID
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
src="$root/scripts/mongo-java-server"
out="$root/.cache/mongo-java-server"

install() {
  if [ -f "$out/TestMongoServer.class" ] && [ -f "$out/classpath.txt" ] && [ "$out/TestMongoServer.class" -nt "$src/TestMongoServer.java" ]; then
    return 0
  fi
  command -v mvn >/dev/null || { echo "test-mongo: Maven is needed (Debian package maven)" >&2; exit 1; }
  mkdir -p "$out"
  (cd "$src" && mvn -q -B -Dstyle.color=never dependency:build-classpath -Dmdep.outputFile="$out/classpath.txt" >&2)
  javac -cp "$(cat "$out/classpath.txt")" -d "$out" "$src/TestMongoServer.java"
}

start() {
  local dir="$1" port="$2"
  install
  mkdir -p "$dir"
  java -Xss4m -cp "$out:$(cat "$out/classpath.txt")" TestMongoServer "$port" "$dir/data.mv" >"$dir/server.log" 2>&1 &
  echo $!
}

case "${1:-}" in
  install) install ;;
  start) start "$2" "$3" ;;
  stop) kill "$2" 2>/dev/null || true ;;
  *) echo "usage: $0 install | start DIR PORT | stop PID" >&2; exit 2 ;;
esac
