#!/usr/bin/env bash
# Prints the sizes of kfleet's images (from their OCI tarballs, after ./mvnw package) and of the
# anchors docs/benchmarks.md compares them with, as Markdown table rows:
#   compressed    what a registry stores and a node pulls: the gzip layers and the config
#   uncompressed  what the node unpacks: the layers' tar streams
# The anchors' images cannot be pulled here; their proxies are measured the same way:
#   node_exporter       its binary (Debian's prometheus-node-exporter), gzip -6: the official
#                       image is that binary on a busybox base, so this is a lower bound
#   eclipse-temurin JRE a jlink runtime of the local Temurin 25 JDK's modules without the
#                       development tools (what Temurin's JRE holds), gzip -6: the JRE layer
#                       alone, without the image's Ubuntu base, so again a lower bound
# Usage: image/sizes.sh
set -euo pipefail
cd "$(dirname "$0")/.."
export JAVA_HOME="${JAVA_HOME:-$(ls -d /usr/lib/jvm/temurin-25* 2>/dev/null | head -1)}"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mib() { awk -v b="$1" 'BEGIN { printf "%.1f", b / 1048576 }'; }

for module in service agent; do
  tarball="$module/target/image/kfleet-$module-image.tar"
  rm -rf "$work/layout" && mkdir -p "$work/layout" && tar -xf "$tarball" -C "$work/layout"
  manifest=$(sed -n 's/.*"digest":"sha256:\([0-9a-f]*\)".*/\1/p' "$work/layout/index.json")
  blobs=$(grep -o '"digest":"sha256:[0-9a-f]*","size":[0-9]*' "$work/layout/blobs/sha256/$manifest")
  compressed=$(echo "$blobs" | sed 's/.*"size"://' | awk '{ s += $1 } END { print s }')
  uncompressed=0
  layers=0
  for layer in $(echo "$blobs" | sed -n 's/.*sha256:\([0-9a-f]*\)".*/\1/p'); do
    if gzip -t "$work/layout/blobs/sha256/$layer" 2>/dev/null; then
      uncompressed=$((uncompressed + $(gzip -dc "$work/layout/blobs/sha256/$layer" | wc -c)))
      layers=$((layers + 1))
    fi
  done
  echo "| kfleet-$module ($layers layers) | $(mib "$compressed") | $(mib "$uncompressed") | \`$tarball\` |"
done

if command -v prometheus-node-exporter >/dev/null; then
  binary=$(command -v prometheus-node-exporter)
  echo "| node_exporter $(prometheus-node-exporter --version 2>&1 | sed -n 's/.*version \([^ ]*\).*/\1/p;q'), its binary (proxy, lower bound) | $(mib "$(gzip -6c "$binary" | wc -c)") | $(mib "$(stat -c %s "$binary")") | Debian's \`$binary\` |"
fi

tools='jdk.compiler,jdk.editpad,jdk.hotspot.agent,jdk.internal.ed,jdk.internal.jvmstat,jdk.internal.le,jdk.internal.opt,jdk.jartool,jdk.javadoc,jdk.jcmd,jdk.jconsole,jdk.jdeps,jdk.jdi,jdk.jlink,jdk.jpackage,jdk.jshell,jdk.jstatd'
modules=$("$JAVA_HOME/bin/java" --list-modules | sed 's/@.*//' | grep -vxF -f <(tr ',' '\n' <<< "$tools") | paste -sd,)
"$JAVA_HOME/bin/jlink" --add-modules "$modules" --strip-debug --no-man-pages --no-header-files \
  --generate-cds-archive --output "$work/jre" > /dev/null 2>&1
jre_tar="$work/jre.tar"
tar -C "$work" -cf "$jre_tar" jre
echo "| a Temurin 25 JRE's runtime, $(wc -w <<< "${modules//,/ }") modules (proxy, lower bound) | $(mib "$(gzip -6c "$jre_tar" | wc -c)") | $(mib "$(stat -c %s "$jre_tar")") | jlink of \`$JAVA_HOME\` without the development tools |"
