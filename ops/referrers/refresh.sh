#!/usr/bin/env bash
# Refreshes the referrer lists Tally ships (Matomo's searchengine-and-social-list, CC0 1.0) in
# adapters-out/enrichment/src/main/resources/io/tally/adapter/out/enrichment/referrers/, and the commit and
# retrieval date its SOURCE.md records:
#   ops/referrers/refresh.sh                              downloads the files from the repository's master branch
#   ops/referrers/refresh.sh --from DIR [--commit SHA]    copies them from DIR (a checkout or a folder holding them)
# The lists are read from the classpath, so nothing changes until the build is re-run:
#   ./mvnw -pl adapters-out/enrichment -am install   (its tests check the new lists still load and still name
#   the well-known sources as they expect; then rebuild and redeploy the server).
set -euo pipefail

REPO=matomo-org/searchengine-and-social-list
LISTS=(SearchEngines.yml Socials.yml AIAssistants.yml)
cd "$(dirname "$0")/../.."
TARGET=adapters-out/enrichment/src/main/resources/io/tally/adapter/out/enrichment/referrers

usage() {
  sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
}

from=""
commit=""
while [ $# -gt 0 ]; do
  case "$1" in
    --from) [ $# -ge 2 ] || usage; from="$2"; shift 2 ;;
    --commit) [ $# -ge 2 ] || usage; commit="$2"; shift 2 ;;
    -h|--help) usage ;;
    *) echo "unknown argument: $1" >&2; usage ;;
  esac
done
case "$commit" in
  *[!0-9A-Za-z\ \(\)._-]*) echo "--commit takes a commit id and a date, as in: 3b3a82d (2026-07-15)" >&2; exit 2 ;;
esac
[ -f "$TARGET/SOURCE.md" ] || { echo "$TARGET/SOURCE.md is missing: run this from a Tally checkout" >&2; exit 1; }

# everything is fetched into a scratch folder first, so a failed download leaves the shipped lists as they were
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

if [ -n "$from" ]; then
  [ -d "$from" ] || { echo "--from $from is not a directory" >&2; exit 1; }
  for file in "${LISTS[@]}" LICENSE; do
    if [ -f "$from/$file" ]; then
      cp "$from/$file" "$scratch/$file"
    elif [ "$file" != LICENSE ]; then
      echo "$from holds no $file" >&2
      exit 1
    fi
  done
  if [ -z "$commit" ] && git -C "$from" rev-parse --git-dir >/dev/null 2>&1; then
    commit=$(git -C "$from" log -1 --format='%h (%ad)' --date=short)
  fi
else
  for file in "${LISTS[@]}" LICENSE; do
    curl -fsSL --retry 3 -o "$scratch/$file" "https://raw.githubusercontent.com/$REPO/master/$file" \
      || { echo "could not download $file from $REPO" >&2; exit 1; }
  done
  if [ -z "$commit" ]; then
    # the commit the files came from, as GitHub's API tells it; the files do not depend on it
    latest=$(curl -fsSL "https://api.github.com/repos/$REPO/commits/master" 2>/dev/null || true)
    sha=$(printf '%s' "$latest" | grep -m1 -o '"sha": *"[0-9a-f]\{40\}"' | grep -o '[0-9a-f]\{40\}' || true)
    day=$(printf '%s' "$latest" | grep -m1 -o '"date": *"[0-9-]\{10\}' | grep -o '[0-9-]\{10\}' || true)
    [ -n "$sha" ] && commit="${sha:0:7}${day:+ ($day)}"
  fi
fi

for file in "${LISTS[@]}"; do
  [ -s "$scratch/$file" ] || { echo "$file is empty" >&2; exit 1; }
  # each list maps names to entries at the top level; an HTML error page or a truncated file does not
  grep -q '^[^ #-][^:]*:[[:space:]]*$' "$scratch/$file" || { echo "$file does not look like a referrer list" >&2; exit 1; }
done

for file in "${LISTS[@]}" LICENSE; do
  if [ -f "$scratch/$file" ]; then
    if cmp -s "$scratch/$file" "$TARGET/$file"; then
      echo "$file unchanged"
    else
      echo "$file updated"
    fi
    cp "$scratch/$file" "$TARGET/$file"
  fi
done

sed -i "s/^- Retrieved: .*/- Retrieved: $(date -u +%F)/" "$TARGET/SOURCE.md"
sed -i "s/^- Commit: .*/- Commit: ${commit:-not recorded (master as retrieved)}/" "$TARGET/SOURCE.md"
echo "wrote $TARGET; re-run the build (./mvnw -pl adapters-out/enrichment -am install) for Tally to use the new lists"
