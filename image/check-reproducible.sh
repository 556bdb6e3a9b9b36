#!/usr/bin/env bash
# Checks that the same commit gives the same images (docs/adr/0046): clones the current commit
# into a temporary directory, builds both images there without tests, and compares their digests
# with the ones this checkout's last build left in */target/image/*.digest (build them first:
# ./mvnw -B package -DskipTests). Exit 0 when every digest matches.
# Usage: image/check-reproducible.sh
set -euo pipefail
cd "$(dirname "$0")/.."
export JAVA_HOME="${JAVA_HOME:-$(ls -d /usr/lib/jvm/temurin-25* 2>/dev/null | head -1)}"
[ -z "$(git status --porcelain --untracked-files=no)" ] \
  || { echo "check-reproducible.sh: commit your changes first: the clone builds HEAD" >&2; exit 2; }
clone=$(mktemp -d)
trap 'rm -rf "$clone"' EXIT
git clone -q --no-hardlinks . "$clone/kfleet"
(cd "$clone/kfleet" && ./mvnw -B -q -o package -DskipTests >/dev/null)
status=0
for module in agent service; do
  here=$(cat "$module/target/image/kfleet-$module-image.digest")
  there=$(cat "$clone/kfleet/$module/target/image/kfleet-$module-image.digest")
  if [ "$here" = "$there" ]; then
    echo "kfleet-$module: $here in both builds"
  else
    echo "kfleet-$module: $here here, $there in a fresh clone of $(git rev-parse --short HEAD)" >&2
    status=1
  fi
done
exit $status
