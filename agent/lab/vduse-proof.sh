#!/usr/bin/env bash
# Live proof of vduse.load-modules: in the shared vduse-lab (Debian's 6.12 kernel under QEMU,
# which has CONFIG_VDPA_USER=m), the agent of this repository, run in the guest against the
# live kernel, loads and persists vdpa, vduse, virtio_vdpa and vhost_vdpa with `kfleet-agent
# apply`, and its next report says VDUSE is supported with the four modules loaded.
#
#   LAB=/var/tmp/vduse-lab OUT=/var/tmp/lab-captures agent/lab/vduse-proof.sh [VDUSE_LAB_DIR]
#   LAB=/var/tmp/vduse-lab OUT=/var/tmp/lab-captures-image agent/lab/vduse-proof.sh --image [VDUSE_LAB_DIR]
#
# Without --image: the agent jar, run with the host's Java in the guest, chrooted into the
# host's / (which the lab shares read-only); it runs this machine's /usr/sbin/modprobe.
# With --image: the agent's container image (agent/target/image/kfleet-agent-image.tar, built if
# missing), unpacked with umoci into /var/tmp/kfleet-vduse-proof-image, and run in the guest as
# the chart's DaemonSet runs it with agent.applyActions and agent.loadKernelModules: its own
# Entrypoint and Env from the image's configuration, as root (the chart's user in that mode),
# chrooted into the image's root file system with the container's own proc, sysfs, /dev and a
# tmpfs at /tmp, and the node's (the guest's) paths where the chart mounts them: /proc and /sys
# at /host/proc and /host/sys, /boot at /host/boot, /lib/modules read-only at /host/lib/modules,
# /etc/modules-load.d and /etc/sysctl.d writable at /host/etc/..., /etc/modprobe.d read-only at
# /etc/modprobe.d; the DaemonSet's arguments --root /host, --modules-load-file and
# --sysctl-dropin. So the image's own modprobe runs, as `modprobe -d /host <module>`.
#
# Run as root, from anywhere. VDUSE_LAB_DIR is the lab's folder (default
# /work/shared/tools/vduse-lab); LAB and OUT are its scratch and capture folders.
# MODULES=guest (default) gives the agent the guest's /lib/modules, which the lab's initramfs
# holds decompressed (.ko); MODULES=package gives it the kernel package's own tree instead
# ($LAB/kernel/lib/modules, .ko.xz as on a Debian host), so that modprobe decompresses them.
# Needs a Java 25 (JAVA_HOME, default /usr/lib/jvm/temurin-25-jdk-amd64); without --image kmod
# on this machine (apt-get install kmod) and an empty /lib/modules to mount the guest's modules
# on (created if missing); with --image umoci and jq. Prints the guest's transcript (also in
# $OUT/00-boot-no-vdpa-modules/hook/) and the HVO switch and VDUSE parts of the reports before
# and after. Under TCG on a loaded 2-core machine the guest's JVM starts take 5 to 9 minutes; the
# lab's 600 s limit may then end the rest of its scenario early, after the proof.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
MODE=jar
[ "${1:-}" = --image ] && { MODE=image; shift; }
TOOL=${1:-/work/shared/tools/vduse-lab}
export LAB=${LAB:-/var/tmp/vduse-lab} OUT=${OUT:-/var/tmp/lab-captures}
JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
MODULES=${MODULES:-guest}
[ "$(id -u)" = 0 ] || { echo "run as root" >&2; exit 2; }
mkdir -p "$OUT"
[ -e "$LAB/initramfs.cpio.gz" ] || "$TOOL/build.sh"
case "$MODULES" in
  guest) MODULES_DIR=/lib/modules ;;
  package) MODULES_DIR=/host$LAB/kernel/lib/modules ;;
  *) echo "MODULES=guest or MODULES=package" >&2; exit 2 ;;
esac
esc() { printf '%s' "$1" | sed 's/[&|\\]/\\&/g'; } # for a sed replacement
if [ "$MODE" = jar ]; then
  [ -x /usr/sbin/modprobe ] || [ -x /sbin/modprobe ] || { echo "no modprobe here: apt-get install kmod" >&2; exit 2; }
  jar() { ls "$REPO"/agent/target/kfleet-agent-*.jar 2>/dev/null | grep -v -- '-tests\.jar$' | head -1 || true; }
  JAR=$(jar)
  if [ -z "$JAR" ]; then
    (cd "$REPO" && JAVA_HOME=$JAVA_HOME ./mvnw -B -q -pl agent package -DskipTests)
    JAR=$(jar)
  fi
  mkdir -p /lib/modules
  ROOTFS='' ENTRYPOINT='' ENV=''
else
  command -v umoci >/dev/null && command -v jq >/dev/null || { echo "--image needs umoci and jq" >&2; exit 2; }
  TAR=$REPO/agent/target/image/kfleet-agent-image.tar
  [ -e "$TAR" ] || (cd "$REPO" && JAVA_HOME=$JAVA_HOME ./mvnw -B -q -pl agent package -DskipTests)
  IMG=/var/tmp/kfleet-vduse-proof-image
  rm -rf "$IMG" && mkdir -p "$IMG/layout"
  tar -xf "$TAR" -C "$IMG/layout"
  ref=$(jq -r '.manifests[0].annotations["org.opencontainers.image.ref.name"]' "$IMG/layout/index.json")
  umoci unpack --image "$IMG/layout:$ref" "$IMG/bundle" > /dev/null
  manifest=$(jq -r '.manifests[0].digest | sub("sha256:"; "")' "$IMG/layout/index.json")
  config=$(jq -r '.config.digest | sub("sha256:"; "")' "$IMG/layout/blobs/sha256/$manifest")
  ENTRYPOINT=$(jq -r '.config.Entrypoint | map(@sh) | join(" ")' "$IMG/layout/blobs/sha256/$config")
  ENV=$(jq -r '.config.Env | map(@sh) | join(" ")' "$IMG/layout/blobs/sha256/$config")
  ROOTFS=$IMG/bundle/rootfs
  # The mount points a container runtime creates (the guest sees this tree read-only).
  mkdir -p "$ROOTFS"/{proc,sys,dev,tmp,etc/modprobe.d} \
    "$ROOTFS"/host/{proc,sys,boot,lib/modules,etc/modules-load.d,etc/sysctl.d}
  echo "image: $(cat "$REPO/agent/target/image/kfleet-agent-image.digest"), entrypoint: $ENTRYPOINT"
  JAR=''
fi
HOOK=$(mktemp /tmp/kfleet-vduse-proof-hook.XXXXXX)
trap 'rm -f "$HOOK"' EXIT
sed -e "s|@MODE@|$MODE|" -e "s|@JAVA@|$JAVA_HOME/bin/java|" -e "s|@JAR@|$JAR|" \
  -e "s|@KERNEL_BOOT@|$LAB/kernel/boot|" -e "s|@MODULES_DIR@|$MODULES_DIR|" -e "s|@ROOTFS@|$ROOTFS|" \
  -e "s|@ENTRYPOINT@|$(esc "$ENTRYPOINT")|" -e "s|@ENV@|$(esc "$ENV")|" \
  "$HERE/hook-vduse-proof.sh" > "$HOOK"
HOSTROOT=1 HOOK="$HOOK" "$TOOL/run.sh" vduse
C="$OUT/00-boot-no-vdpa-modules/hook"
cat "$C/proof.txt"
for f in before after; do
  echo "--- the report $f: hvo and vduse"
  jq -c '{hvo: (.hvo | {switchOn, switchPersisted}), vduse: (.vduse | {supported, supportReason, loaded, modules: [.modules[] | {name, state}]})}' "$C/$f.json"
done
