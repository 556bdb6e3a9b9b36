#!/usr/bin/env bash
# Builds the packaged agent in agent/dist/kfleet-agent (or in the directory given as the argument;
# the Maven build of the agent module builds it in target/deb/usr/lib/kfleet-agent for the Debian
# package, docs/adr/0045):
#   runtime/   a jlink runtime with java.base and java.net.http (the agent needs nothing else) and its CDS archive
#   lib/       the thin agent jar, jvm-options, and an AOT cache (JDK 25, JEP 483/515) trained by
#              running the agent's own collection loop on this machine
#   bin/       the kfleet-agent launcher
# Usage: agent/packaging/build-runtime.sh [DIR]   (after ./mvnw -pl agent package, which also runs it)
set -euo pipefail
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
agent="$(cd "$(dirname "$0")/.." && pwd)"
jar="$(ls "$agent"/target/kfleet-agent-*.jar | grep -v -- '-sources\|-javadoc\|-tests' | head -1)"
dist="${1:-$agent/dist/kfleet-agent}"
[ -f "$jar" ] || { echo "no agent jar in $agent/target: run ./mvnw -pl agent package first" >&2; exit 2; }

rm -rf "$dist"
mkdir -p "$dist/bin" "$dist/lib"
"$JAVA_HOME/bin/jlink" --add-modules java.base,java.net.http --strip-debug --no-man-pages --no-header-files \
  --generate-cds-archive --output "$dist/runtime" 2> >(grep -v 'resolve_indy' >&2)
# Strip the JDK's native programs and libraries as Debian's dh_strip does (the symbol tables too,
# which jlink's --strip-native-debug-symbols keeps), as lintian asks of a package.
# The JVM looks up only dynamic symbols; the CDS archive and the AOT cache do not depend on these.
if command -v strip > /dev/null; then
  find "$dist/runtime" -type f \( -name '*.so' -o -path '*/bin/*' -o -name jexec -o -name jspawnhelper \) \
    -exec strip --strip-unneeded --remove-section=.comment --remove-section=.note {} +
else
  echo "build-runtime.sh: no strip (binutils): the runtime keeps its symbol tables" >&2
fi
# jlink also makes a CDS archive for heaps without compressed oops (above 32 GB): the agent's
# heap is 16 MB (jvm-options), so that 14 MB archive is never used.
rm -f "$dist/runtime/lib/server/classes_nocoops.jsa"
cp "$jar" "$dist/lib/kfleet-agent.jar"
cp "$agent/packaging/jvm-options" "$dist/lib/jvm-options"
cp "$agent/packaging/kfleet-agent" "$dist/bin/kfleet-agent"

# Train the AOT cache on the real collection loop (reads this machine's /proc and /sys).
(cd "$dist" && runtime/bin/java $(grep -v '^#' lib/jvm-options) -XX:AOTCacheOutput=lib/kfleet-agent.aot \
  -cp lib/kfleet-agent.jar dev.kfleet.agent.AgentMain bench --warmup 50 --count 300 > /dev/null)
"$dist/bin/kfleet-agent" --version
du -sh "$dist"
