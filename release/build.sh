#!/usr/bin/env bash
# The release command: builds and tests everything with the README's test command, then puts
# what a release ships in one folder (release/out/<version>/, or the folder given), with
# SHA256SUMS:
#   kfleet-service-<version>.jar            the service (java -jar)
#   kfleet-agent-<version>.jar              the agent's thin jar (java -jar, java.base only)
#   kfleet-agent_<version>_amd64.deb        the agent's Debian package (docs/adr/0045)
#   kfleet-service-<version>.oci.tar        the service's image, an OCI image layout tarball
#   kfleet-agent-<version>.oci.tar          the agent's image (docs/adr/0046)
#   IMAGES                                  each image's name and digest
#   kfleet-<chart version>.tgz              the Helm chart, packaged
# Usage: release/build.sh [--skip-tests] [DIR]
# --skip-tests builds without running the tests (the image tests included); a release that is
# shipped runs them. Needs what ./mvnw verify needs (.ci/run installs it on Debian).
set -euo pipefail
cd "$(dirname "$0")/.."
maven_args=(verify)
if [ "${1:-}" = --skip-tests ]; then
  maven_args=(package -DskipTests)
  shift
fi
export JAVA_HOME="${JAVA_HOME:-$(ls -d /usr/lib/jvm/temurin-25* 2>/dev/null | head -1)}"
version=$(./mvnw -B -q help:evaluate -Dexpression=project.version -DforceStdout)
chart_version=$(sed -n 's/^version: *//p' helm/kfleet/Chart.yaml)
out=${1:-release/out/$version}

./mvnw -B "${maven_args[@]}"

rm -rf "$out"
mkdir -p "$out"
cp "service/target/kfleet-service-$version.jar" "agent/target/kfleet-agent-$version.jar" "$out/"
cp agent/target/kfleet-agent_*_amd64.deb "$out/"
for module in service agent; do
  cp "$module/target/image/kfleet-$module-image.tar" "$out/kfleet-$module-$version.oci.tar"
  echo "kfleet-$module:$version $(cat "$module/target/image/kfleet-$module-image.digest")" >> "$out/IMAGES"
done

# The chart, packaged by Helm in-process (helm-java, a test dependency of the service).
./mvnw -B -q -pl service dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile=target/release-classpath.txt
"$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -cp "$(cat service/target/release-classpath.txt)" release/PackageChart.java \
  helm/kfleet "$out"
[ -f "$out/kfleet-$chart_version.tgz" ] || { echo "release/build.sh: no kfleet-$chart_version.tgz" >&2; exit 1; }

(cd "$out" && sha256sum -- * > SHA256SUMS)
echo "release/build.sh: $out"
cat "$out/SHA256SUMS"
