#!/usr/bin/env bash
# `npm test`'s first step (its `pretest`): checks, in seconds, that every tool the suite drives is here, and
# gets what is missing before any test runs.
#   - Debian packages (Java and Maven for the test MongoDB server, prometheus and promtool, chromium, faketime,
#     the archive tools, Python 3 with venv): installed with one `apt-get update` and one `apt-get install -y`
#     when running as root with apt-get; otherwise it stops at once, naming them, with the line that installs them.
#   - What is built from them: the test MongoDB server (scripts/test-mongo.sh install) and the parity venv
#     (scripts/parity/setup-venv.sh); both are skipped when current, so a second run takes about a second.
# TEST_SETUP=check only checks (exit 1 when something is missing, nothing installed or built).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

say() { echo "test-setup: $*" >&2; }

# "what is missing" → the Debian package that brings it
missing=()
packages=()
need() {
  missing+=("$1")
  case " ${packages[*]-} " in *" $2 "*) ;; *) packages+=("$2") ;; esac
}
has() { command -v "$1" >/dev/null 2>&1; }

has java || need java default-jdk-headless
has javac || need javac default-jdk-headless
has mvn || need mvn maven
has prometheus || need prometheus prometheus
has promtool || need promtool prometheus
[ -x /usr/bin/chromium ] || need /usr/bin/chromium chromium
has faketime || need faketime faketime
has zip || need zip zip
has bzip2 || need bzip2 bzip2
has xz || need xz xz-utils
has zstd || need zstd zstd
has tar || need tar tar
if ! has python3; then
  need python3 python3
  need 'python3 venv' python3-venv
elif ! python3 -c 'import ensurepip, venv' >/dev/null 2>&1; then
  need 'python3 venv' python3-venv
fi

if [ ${#missing[@]} -gt 0 ]; then
  install_line="apt-get update && apt-get install -y ${packages[*]}"
  if [ "${TEST_SETUP:-}" != check ] && [ "$(id -u)" = 0 ] && has apt-get; then
    say "missing: ${missing[*]}; installing the Debian packages ${packages[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null
    say "installed: ${packages[*]}"
  else
    say "missing: ${missing[*]}"
    [ "$(id -u)" = 0 ] || install_line="sudo sh -c '$install_line'"
    say "no test was run; install them all with:"
    echo "    $install_line" >&2
    exit 1
  fi
fi

# What is built: each step is skipped when its result is current (the same tests as the scripts make).
mongo="$root/.cache/mongo-java-server"
mongo_built=false
[ -f "$mongo/TestMongoServer.class" ] && [ -f "$mongo/classpath.txt" ] && [ "$mongo/TestMongoServer.class" -nt scripts/mongo-java-server/TestMongoServer.java ] && mongo_built=true
venv="${PARITY_VENV:-$root/.parity-venv}"
venv_built=false
[ -x "$venv/bin/python" ] && [ -f "$venv/.requirements.sha256" ] &&
  [ "$(cat "$venv/.requirements.sha256")" = "$(sha256sum scripts/parity/requirements.txt | cut -d' ' -f1)" ] && venv_built=true

if [ "${TEST_SETUP:-}" = check ]; then
  $mongo_built || { say "the test MongoDB server is not built: scripts/test-mongo.sh install"; exit 1; }
  $venv_built || { say "the parity venv is not built: scripts/parity/setup-venv.sh"; exit 1; }
  exit 0
fi
if ! $mongo_built; then
  say "building the test MongoDB server (Maven fetches mongo-java-server once, about a minute)…"
  scripts/test-mongo.sh install
  say "test MongoDB server built in .cache/mongo-java-server"
fi
if ! $venv_built; then
  say "building the parity venv in $venv (the pinned datasets from PyPI, a few minutes)…"
  scripts/parity/setup-venv.sh >/dev/null
  say "parity venv ready"
fi
