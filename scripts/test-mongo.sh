#!/usr/bin/env bash
# Installs, starts and stops the MongoDB-protocol server the tests use: mongo-java-server 1.46 with its
# H2 backend (data in a file, so a stopped server restarts with its data).
# FerretDB 1.24 (SQLite) was tried first and dropped: concurrent findOneAndUpdate calls returned the same
# document to several clients (195 of 200 documents locked twice), so it cannot hold a queue lock.
# Strict mode (the default): the classes under scripts/mongo-java-server/strict/ are patched copies of
# mongo-java-server's, compiled ahead of its jar on the classpath, where it forgives what MongoDB refuses
# (docs/mongodb-rules.md lists the rules and which patch makes each hold). TEST_MONGO_LENIENT=1 starts the
# unpatched server (to show what the patches change).
#   scripts/test-mongo.sh install          build the launcher and the patches into .cache/mongo-java-server
#                                          (skipped when built from the same sources)
#   scripts/test-mongo.sh start DIR PORT   start a server with its data in DIR, print its pid
#   scripts/test-mongo.sh stop PID
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
src="$root/scripts/mongo-java-server"
out="$root/.cache/mongo-java-server"

install() {
  # one build at a time (test files start servers in parallel)
  mkdir -p "$root/.cache"
  exec 9>"$root/.cache/mongo-java-server.lock"
  flock 9
  build
  # released here, not at exit: a server started next would inherit the descriptor and hold the lock for its
  # whole life, and every other start (the demo beside a test run) would wait for that server to stop
  exec 9>&-
}

build() {
  local stamp
  stamp="$(cd "$src" && find . -type f \( -name '*.java' -o -name pom.xml \) | LC_ALL=C sort | xargs sha256sum | sha256sum | cut -d' ' -f1)"
  if [ -f "$out/classpath.txt" ] && [ "$(cat "$out/sources.sha256" 2>/dev/null)" = "$stamp" ]; then
    return 0
  fi
  command -v mvn >/dev/null || { echo "test-mongo: Maven is needed (Debian package maven)" >&2; exit 1; }
  rm -rf "$out"
  mkdir -p "$out/strict"
  (cd "$src" && mvn -q -B -Dstyle.color=never dependency:build-classpath -Dmdep.outputFile="$out/classpath.txt" >&2)
  javac -nowarn -cp "$(cat "$out/classpath.txt")" -d "$out" "$src/TestMongoServer.java"
  # the patched classes, compiled against the jar they replace classes of
  find "$src/strict" -name '*.java' -print0 | xargs -0 javac -nowarn -encoding UTF-8 -cp "$(cat "$out/classpath.txt")" -d "$out/strict"
  echo "$stamp" >"$out/sources.sha256"
}

start() {
  local dir="$1" port="$2"
  install
  mkdir -p "$dir"
  # strict: the patched classes come first on the classpath, so they replace the jar's
  local strict="$out/strict:"
  [ "${TEST_MONGO_LENIENT:-}" = 1 ] && strict=""
  java -Xss4m -cp "$out:$strict$(cat "$out/classpath.txt")" TestMongoServer "$port" "$dir/data.mv" >"$dir/server.log" 2>&1 &
  echo $!
}

case "${1:-}" in
  install) install ;;
  start) start "$2" "$3" ;;
  stop) kill "$2" 2>/dev/null || true ;;
  *) echo "usage: $0 install | start DIR PORT | stop PID" >&2; exit 2 ;;
esac
