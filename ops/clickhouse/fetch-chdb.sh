#!/usr/bin/env bash
# Fetches libchdb.so (the ClickHouse engine as a library) from the npm package @chdb/lib-linux-x64-gnu,
# checks it, and caches it outside the repository. Prints the library's path on its last line.
# Nothing binary is ever committed.
set -euo pipefail
VERSION="${CHDB_VERSION:-26.5.3}"
CACHE="${TALLY_CACHE:-$HOME/.cache/tally}/chdb/$VERSION"
LIB="$CACHE/libchdb.so"

if [ ! -s "$LIB" ]; then
  command -v npm >/dev/null || { echo "npm is needed to fetch chDB: apt-get install -y npm" >&2; exit 1; }
  work="$(mktemp -d)"
  trap 'rm -rf "$work"' EXIT
  echo "fetching @chdb/lib-linux-x64-gnu@$VERSION from npm" >&2
  (cd "$work" && npm pack --silent "@chdb/lib-linux-x64-gnu@$VERSION" >/dev/null)
  tar -xzf "$work"/chdb-lib-linux-x64-gnu-*.tgz -C "$work" package/libchdb.so
  mkdir -p "$CACHE"
  mv "$work/package/libchdb.so" "$LIB.partial"
  mv "$LIB.partial" "$LIB"
fi

# check: an x86-64 ELF shared object exporting the C API Tally calls
head -c 4 "$LIB" | grep -q 'ELF' || { echo "$LIB is not an ELF file" >&2; exit 1; }
for symbol in chdb_connect chdb_query chdb_result_buffer chdb_result_length chdb_result_error \
              chdb_destroy_query_result chdb_close_conn; do
  if command -v nm >/dev/null; then
    nm -D --defined-only "$LIB" | grep -q " T $symbol\$" || { echo "$LIB lacks $symbol" >&2; exit 1; }
  fi
done
echo "$LIB"
