#!/usr/bin/env bash
# The pinned `datasets` (requirements.txt) in a virtualenv, from PyPI. Idempotent: a second run only checks
# the installed version (under a second). Prints the venv's python.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
venv="${PARITY_VENV:-$here/../../.parity-venv}"
# the venv is current when it was made from this very requirements file
stamp="$venv/.requirements.sha256"
want="$(sha256sum "$here/requirements.txt" | cut -d' ' -f1)"
if [ -x "$venv/bin/python" ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
  echo "$venv/bin/python"
  exit 0
fi
echo "setup-venv: creating $venv and installing $(grep -v '^#' "$here/requirements.txt" | tr '\n' ' ')from PyPI (a few minutes)…" >&2
python3 -m venv "$venv" >&2
# pip's lines (one per package collected) are the progress of this step
"$venv/bin/pip" install --progress-bar off --disable-pip-version-check -r "$here/requirements.txt" >&2
echo "setup-venv: ready" >&2
echo "$want" > "$stamp"
echo "$venv/bin/python"
