#!/usr/bin/env bash
# Validates ops/compose.yaml against the Compose schema (Debian's docker-compose 1.29: `config` parses, checks the
# schema and interpolates the .env values), and shows the check can fail: a copy with a misspelled key is refused.
set -euo pipefail
cd "$(dirname "$0")"
command -v docker-compose >/dev/null || { echo "docker-compose is missing: apt-get install docker-compose" >&2; exit 1; }
docker-compose -f compose.yaml --env-file .env.example config -q
broken=$(mktemp --suffix=.yaml -p .)
trap 'rm -f "$broken"' EXIT
sed 's/^    healthcheck:/    healthchek:/' compose.yaml > "$broken"
if docker-compose -f "$broken" --env-file .env.example config -q 2>/dev/null; then
  echo "the compose validation accepted a broken file" >&2
  exit 1
fi
echo "ops/compose.yaml is valid"
