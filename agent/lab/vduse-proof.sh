#!/usr/bin/env bash
# Live proof of vduse.load-modules: in the shared vduse-lab (Debian's 6.12 kernel under QEMU,
# which has CONFIG_VDPA_USER=m), the agent jar of this repository, run in the guest against the
# live kernel, loads and persists vdpa, vduse, virtio_vdpa and vhost_vdpa with `kfleet-agent
# apply`, and its next report says VDUSE is supported with the four modules loaded.
#
#   LAB=/var/tmp/vduse-lab OUT=/var/tmp/lab-captures agent/lab/vduse-proof.sh [VDUSE_LAB_DIR]
#
# Run as root, from anywhere. VDUSE_LAB_DIR is the lab's folder (default
# /work/shared/tools/vduse-lab); LAB and OUT are its scratch and capture folders. Needs a Java 25
# (JAVA_HOME, default /usr/lib/jvm/temurin-25-jdk-amd64), kmod on this machine (the agent runs
# this machine's /usr/sbin/modprobe in the guest, chrooted; apt-get install kmod) and an empty
# /lib/modules to mount the guest's modules on (created if missing). Builds the agent jar if
# there is none. Prints the guest's transcript (also in $OUT/00-boot-no-vdpa-modules/hook/) and
# the HVO switch and VDUSE parts of the reports before and after. Under TCG on a loaded 2-core
# machine the guest's six JVM starts take 5 to 9 minutes; the lab's 600 s limit may then end the
# rest of its scenario early, after the proof.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
TOOL=${1:-/work/shared/tools/vduse-lab}
export LAB=${LAB:-/var/tmp/vduse-lab} OUT=${OUT:-/var/tmp/lab-captures}
JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
[ "$(id -u)" = 0 ] || { echo "run as root" >&2; exit 2; }
[ -x /usr/sbin/modprobe ] || [ -x /sbin/modprobe ] || { echo "no modprobe here: apt-get install kmod" >&2; exit 2; }
JAR=$(ls "$REPO"/agent/target/kfleet-agent-*.jar 2>/dev/null | head -1 || true)
if [ -z "$JAR" ]; then
  (cd "$REPO" && JAVA_HOME=$JAVA_HOME ./mvnw -B -q -pl agent package -DskipTests)
  JAR=$(ls "$REPO"/agent/target/kfleet-agent-*.jar | head -1)
fi
mkdir -p /lib/modules "$OUT"
[ -e "$LAB/initramfs.cpio.gz" ] || "$TOOL/build.sh"
HOOK=$(mktemp /tmp/kfleet-vduse-proof-hook.XXXXXX)
trap 'rm -f "$HOOK"' EXIT
sed -e "s|@JAVA@|$JAVA_HOME/bin/java|" -e "s|@JAR@|$JAR|" -e "s|@KERNEL_BOOT@|$LAB/kernel/boot|" \
  "$HERE/hook-vduse-proof.sh" > "$HOOK"
HOSTROOT=1 HOOK="$HOOK" "$TOOL/run.sh" vduse
C="$OUT/00-boot-no-vdpa-modules/hook"
cat "$C/proof.txt"
for f in before after; do
  echo "--- the report $f: hvo and vduse"
  jq -c '{hvo: (.hvo | {switchOn, switchPersisted}), vduse: (.vduse | {supported, supportReason, loaded, modules: [.modules[] | {name, state}]})}' "$C/$f.json"
done
