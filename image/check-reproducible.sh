#!/usr/bin/env bash
# Checks that the same commit gives the same images (docs/adr/0046): clones the current commit
# twice, into two temporary directories of different names, builds both images in each (without
# tests), and compares the digests Jib wrote (*/target/image/*.digest). Exit 0 when they match.
# Takes two builds' time. Usage: image/check-reproducible.sh
set -euo pipefail
cd "$(dirname "$0")/.."
export JAVA_HOME="${JAVA_HOME:-$(ls -d /usr/lib/jvm/temurin-25* 2>/dev/null | head -1)}"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
commit=$(git rev-parse HEAD)
for clone in first second-build; do
  git clone -q --no-hardlinks . "$work/$clone"
  git -C "$work/$clone" checkout -q "$commit"
  (cd "$work/$clone" && ./mvnw -B -q -o package -DskipTests > "$work/$clone.log" 2>&1) \
    || { tail -50 "$work/$clone.log" >&2; exit 1; }
done
status=0
for module in agent service; do
  first=$(cat "$work/first/$module/target/image/kfleet-$module-image.digest")
  second=$(cat "$work/second-build/$module/target/image/kfleet-$module-image.digest")
  if [ "$first" = "$second" ]; then
    echo "kfleet-$module: $first in both builds of $commit"
  else
    echo "kfleet-$module: $first, then $second: two builds of $commit differ" >&2
    status=1
  fi
done
exit $status
