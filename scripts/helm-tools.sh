#!/usr/bin/env bash
# Builds what test/deploy/helm.helm-test.ts drives, into .cache/bin (once; a second run finds them):
# - helm, from the Go module proxy (helm.sh/helm/v3, HELM_VERSION);
# - splits-validate, deploy/validate/: decodes each rendered object strictly into the Go types of k8s.io/api,
#   KEDA's v1alpha1 and the Prometheus Operator's monitoring/v1 (the schemas, offline; see docs/deployment.md).
# promtool comes from Debian (prometheus), as for test/prometheus/. Needs Go (GO, default /usr/local/go/bin/go).
set -euo pipefail
cd "$(dirname "$0")/.."
HELM_VERSION=v3.16.4
GO=${GO:-$(command -v go || echo /usr/local/go/bin/go)}
bin="$PWD/.cache/bin"
mkdir -p "$bin"
# (a helm built by `go install` reports only its minor version: a stamp file records which was built)
if [ ! -x "$bin/helm" ] || [ "$(cat "$bin/helm.version" 2>/dev/null)" != "$HELM_VERSION" ]; then
  GOBIN="$bin" GOFLAGS=-mod=mod nice -n 10 "$GO" install "helm.sh/helm/v3/cmd/helm@$HELM_VERSION"
  echo "$HELM_VERSION" >"$bin/helm.version"
fi
# rebuilt when its sources are newer than the binary
if [ ! -x "$bin/splits-validate" ] || [ -n "$(find deploy/validate -newer "$bin/splits-validate" -type f)" ]; then
  (cd deploy/validate && nice -n 10 "$GO" build -o "$bin/splits-validate" .)
fi
command -v promtool >/dev/null || { apt-get update -qq && apt-get install -y -qq prometheus >/dev/null; }
