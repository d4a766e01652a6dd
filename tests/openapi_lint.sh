#!/bin/sh
# Lints the OpenAPI document of the built binary with Redocly CLI, pinned in
# web/package.json and configured by web/redocly.yaml. Offline: no telemetry,
# no update check. Usage: openapi_lint.sh <imedic binary> <web dir> <tmp dir>
set -eu
binary=$1 web=$2 tmp=$3
redocly="$web/node_modules/.bin/redocly"
if [ ! -x "$redocly" ]; then
  echo "openapi_lint: $redocly is missing: run 'npm ci' in web/ (./dev setup does it)" >&2
  exit 1
fi
mkdir -p "$tmp"
doc="$tmp/openapi.json"
"$binary" openapi --output "$doc"
export REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true NO_COLOR=1
exec "$redocly" lint --config "$web/redocly.yaml" --format stylish "$doc"
