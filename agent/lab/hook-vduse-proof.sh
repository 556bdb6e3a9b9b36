#!/bin/sh
# Guest side of vduse-proof.sh: a HOOK for the shared vduse-lab's run.sh (HOSTROOT=1), which
# runs it after every capture with the capture's folder as $1. After the first capture of the
# vduse scenario (00-boot-no-vdpa-modules: no vDPA module loaded yet, lab.sh loads them right
# after) it runs the agent against the guest's live 6.12 kernel: collect, apply
# vduse.load-modules, collect again. Its output lands in <capture>/hook/ on the host.
#   jar    the agent jar with the host's Java, chrooted into the host's root; first an insmod
#          of vduse.ko alone (what one finit_module does, ADR 0034)
#   image  the agent's image, unpacked on the host, chrooted into as the chart's DaemonSet runs
#          it with agent.applyActions: the node's (this guest's) paths where the chart mounts
#          them, the image's Entrypoint and Env, the DaemonSet's arguments
# vduse-proof.sh fills in @MODE@, @JAVA@, @JAR@, @KERNEL_BOOT@, @MODULES_DIR@, @ROOTFS@,
# @ENTRYPOINT@ and @ENV@.
OUT=$1; H=/host
case "$(basename "$OUT")" in 00-boot-no-vdpa-modules) ;; *) exit 0 ;; esac
mkdir -p "$OUT"
MODULES='^(vdpa|vduse|virtio_vdpa|vhost_vdpa|vhost|vhost_iotlb|irqbypass) '
ACTIONS='{"actions":[{"type":"vduse.load-modules","parameters":{"persist":true}}]}'

jar() {
  mount -t proc proc $H/proc; mount -t sysfs sysfs $H/sys; mount --bind /dev $H/dev
  mount -t tmpfs tmpfs $H/tmp; mount -t tmpfs tmpfs $H/run
  mount --bind @MODULES_DIR@ $H/lib/modules       # the guest kernel's modules, for modprobe
  mount -t tmpfs tmpfs $H/etc/modules-load.d      # the host's / is read-only here: the agent's file goes here
  mount --bind "$H@KERNEL_BOOT@" $H/boot          # the guest kernel's configuration, where a distro keeps it
  AGENT="@JAVA@ -XX:+UseSerialGC -Xmx16m -XX:TieredStopAtLevel=1 -jar @JAR@"
  # /bin/sh by its path: the guest's busybox chroot would otherwise run its own sh and applets.
  step() { echo "\$ $1"; chroot $H /bin/sh -c "$1" 2>&1; echo "[exit $?]"; }
  step "uname -r; ls -l /usr/sbin/modprobe; modprobe --version; grep -E '$MODULES' /proc/modules || echo 'none of them in /proc/modules'"
  step "insmod /lib/modules/\$(uname -r)/kernel/drivers/vdpa/vdpa_user/vduse.ko*; dmesg | grep -m 3 'vduse: Unknown symbol'"
  step "$AGENT collect > /tmp/before.json; $AGENT explain"
  step "date -u +%T.%N; $AGENT apply --actions '$ACTIONS' --pretty; echo \"apply exit \$?\"; date -u +%T.%N"
  step "ls -l /etc/modules-load.d/; cat /etc/modules-load.d/kfleet-vduse.conf"
  step "grep -E '$MODULES' /proc/modules; ls /sys/class/vduse"
  step "$AGENT collect > /tmp/after.json; $AGENT explain"
  cp $H/tmp/before.json $H/tmp/after.json "$OUT/"
}

image() {
  R=$H@ROOTFS@
  # The container's own: proc, sysfs and /dev (privileged: the node's devices), /tmp the chart's
  # emptyDir.
  mount -t proc proc $R/proc; mount -t sysfs sysfs $R/sys; mount --bind /dev $R/dev
  mount -t tmpfs -o size=16m tmpfs $R/tmp
  # The node's, where agent-daemonset.yaml mounts them with applyActions and loadKernelModules
  # (the image's root stays read-only: the share is).
  mkdir -p /etc/modules-load.d /etc/sysctl.d /etc/modprobe.d
  mount -o rbind /proc $R/host/proc; mount -o rbind /sys $R/host/sys
  mount --bind "$H@KERNEL_BOOT@" $R/host/boot     # the kernel's configuration, where a distro keeps it
  mount --bind @MODULES_DIR@ $R/host/lib/modules; mount -o remount,bind,ro $R/host/lib/modules
  mount --bind /etc/modules-load.d $R/host/etc/modules-load.d
  mount --bind /etc/sysctl.d $R/host/etc/sysctl.d
  mount --bind /etc/modprobe.d $R/etc/modprobe.d; mount -o remount,bind,ro $R/etc/modprobe.d
  # The image has no shell: the guest's (busybox) runs each step, and chroot runs the image's
  # programs with the image's environment alone.
  CHROOT=$(command -v chroot)
  AGENT="env -i @ENV@ $CHROOT $R @ENTRYPOINT@"
  FILES="--sysctl-dropin /host/etc/sysctl.d/90-kfleet-hvo.conf --modules-load-file /host/etc/modules-load.d/kfleet-vduse.conf"
  step() { echo "\$ $1"; sh -c "$1" 2>&1; echo "[exit $?]"; }
  step "uname -r; ls -l $R/sbin/modprobe $R/bin/kmod; $CHROOT $R /sbin/modprobe --version; ls $R/host/lib/modules/\$(uname -r)/kernel/drivers/vdpa/vdpa_user; grep -E '$MODULES' /proc/modules || echo 'none of them in /proc/modules'"
  step "$AGENT collect --root /host > /tmp/before.json; $AGENT explain --root /host"
  step "date -u +%T; $AGENT apply --root /host $FILES --actions '$ACTIONS' --pretty; echo \"apply exit \$?\"; date -u +%T"
  step "ls -l /etc/modules-load.d/; cat /etc/modules-load.d/kfleet-vduse.conf"
  step "grep -E '$MODULES' /proc/modules; ls /sys/class/vduse"
  step "$AGENT collect --root /host > /tmp/after.json; $AGENT explain --root /host"
  cp /tmp/before.json /tmp/after.json "$OUT/"
}

@MODE@ > "$OUT/proof.txt" 2>&1
