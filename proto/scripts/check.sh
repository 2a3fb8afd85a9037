#!/usr/bin/env bash
# Checks the protobuf package: buf lint, buf format, and that the committed generated code in
# gen/ is exactly what `buf generate` makes from the current .proto files (compared with
# diff -r against a fresh generation in a temporary dir; no git needed).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$PATH"

fail=0

echo "proto: buf lint"
if ! buf lint; then
  echo "proto: buf lint failed (see above)." >&2
  fail=1
fi

echo "proto: buf format"
if ! buf format --diff --exit-code; then
  echo "proto: .proto files are not buf-formatted; run: pnpm --filter @hall/proto run format" >&2
  fail=1
fi

echo "proto: generated code up to date"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
buf generate --output "$tmp"
if [ ! -d gen ]; then
  echo "proto: gen/ is missing; run: pnpm proto:generate (pnpm --filter @hall/proto run generate)" >&2
  fail=1
elif ! diff -r -u "$tmp/gen" gen >"$tmp/stale.diff"; then
  head -n 200 "$tmp/stale.diff" | sed -e "s|$tmp/|fresh:|g" >&2
  echo >&2
  echo "proto: STALE generated code: proto/gen does not match the .proto files (diff above: fresh generation vs committed gen/)." >&2
  echo "proto: run 'pnpm proto:generate' (pnpm --filter @hall/proto run generate) and commit proto/gen." >&2
  fail=1
fi

if [ "$fail" -ne 0 ]; then
  exit 1
fi
echo "proto: OK"
