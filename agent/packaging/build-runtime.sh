#!/usr/bin/env bash
# Builds the packaged agent in agent/dist/kfleet-agent:
#   runtime/   a jlink runtime with java.base and java.net.http (the agent needs nothing else) and its CDS archive
#   lib/       the thin agent jar, jvm-options, and an AOT cache (JDK 25, JEP 483/515) trained by
#              running the agent's own collection loop on this machine
#   bin/       the kfleet-agent launcher
# Usage: agent/packaging/build-runtime.sh   (after ./mvnw -pl agent package)
set -euo pipefail
export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
agent="$(cd "$(dirname "$0")/.." && pwd)"
jar="$(ls "$agent"/target/kfleet-agent-*.jar | grep -v -- '-sources\|-javadoc' | head -1)"
dist="$agent/dist/kfleet-agent"
[ -f "$jar" ] || { echo "no agent jar in $agent/target: run ./mvnw -pl agent package first" >&2; exit 2; }

rm -rf "$dist"
mkdir -p "$dist/bin" "$dist/lib"
"$JAVA_HOME/bin/jlink" --add-modules java.base,java.net.http --strip-debug --no-man-pages --no-header-files \
  --generate-cds-archive --output "$dist/runtime" 2> >(grep -v 'resolve_indy' >&2)
cp "$jar" "$dist/lib/kfleet-agent.jar"
cp "$agent/packaging/jvm-options" "$dist/lib/jvm-options"
cp "$agent/packaging/kfleet-agent" "$dist/bin/kfleet-agent"

# Train the AOT cache on the real collection loop (reads this machine's /proc and /sys).
(cd "$dist" && runtime/bin/java $(grep -v '^#' lib/jvm-options) -XX:AOTCacheOutput=lib/kfleet-agent.aot \
  -cp lib/kfleet-agent.jar dev.kfleet.agent.AgentMain bench --warmup 50 --count 300 > /dev/null)
"$dist/bin/kfleet-agent" --version
du -sh "$dist"
