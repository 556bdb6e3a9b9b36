#!/usr/bin/env bash
# Stages what the Debian package holds beyond the repository's files (docs/adr/0045), in DIR:
#   DIR/usr/lib/kfleet-agent   the packaged agent (build-runtime.sh: jlink runtime, jar, AOT cache)
#   DIR/changelog.gz           the Debian changelog, for /usr/share/doc/kfleet-agent
#   DIR/kfleet-agent.1.gz      the manual page
# Usage: agent/packaging/deb/stage.sh DIR MAVEN_VERSION   (the agent module's package phase runs it)
set -euo pipefail
[ $# -eq 2 ] || { echo "usage: $0 DIR MAVEN_VERSION" >&2; exit 2; }
here="$(cd "$(dirname "$0")" && pwd)"
dir=$1
# Debian orders ~ before everything: 0.1.0~SNAPSHOT comes before 0.1.0 (jdeb makes the same version).
version=${2/-SNAPSHOT/~SNAPSHOT}
# Fixed dates keep the compressed files the same from build to build (gzip -n leaves out name and time).
date="Sun, 06 Dec 2026 00:00:00 +0000"

rm -rf "$dir"
mkdir -p "$dir"
"$here/../build-runtime.sh" "$dir/usr/lib/kfleet-agent"

cat > "$dir/changelog" <<CHANGELOG
kfleet-agent ($version) unstable; urgency=medium

  * Built from the kfleet repository; its history is the project's git log.

 -- kfleet maintainers <kfleet@kfleet.dev>  $date
CHANGELOG
gzip -9n "$dir/changelog"
gzip -9n < "$here/kfleet-agent.1" > "$dir/kfleet-agent.1.gz"
