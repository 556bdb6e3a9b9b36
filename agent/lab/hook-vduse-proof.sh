#!/bin/sh
# Guest side of vduse-proof.sh: a HOOK for the shared vduse-lab's run.sh (HOSTROOT=1), which
# runs it after every capture with the capture's folder as $1. After the first capture of the
# vduse scenario (00-boot-no-vdpa-modules: no vDPA module loaded yet, lab.sh loads them right
# after) it runs the agent jar from the host's root, chrooted, against the guest's live 6.12
# kernel: collect, then insmod of vduse.ko alone (what one finit_module does, ADR 0034), then
# apply vduse.load-modules, then collect again. Its output lands in <capture>/hook/ on the host.
# vduse-proof.sh fills in @JAVA@, @JAR@ and @KERNEL_BOOT@.
OUT=$1; H=/host
case "$(basename "$OUT")" in 00-boot-no-vdpa-modules) ;; *) exit 0 ;; esac
mkdir -p "$OUT"
mount -t proc proc $H/proc; mount -t sysfs sysfs $H/sys; mount --bind /dev $H/dev
mount -t tmpfs tmpfs $H/tmp; mount -t tmpfs tmpfs $H/run
mount --bind /lib/modules $H/lib/modules        # the guest kernel's modules, for modprobe
mount -t tmpfs tmpfs $H/etc/modules-load.d      # the host's / is read-only here: the agent's file goes here
mount --bind "$H@KERNEL_BOOT@" $H/boot          # the guest kernel's configuration, where a distro keeps it
AGENT="@JAVA@ -XX:+UseSerialGC -Xmx16m -XX:TieredStopAtLevel=1 -jar @JAR@"
MODULES='^(vdpa|vduse|virtio_vdpa|vhost_vdpa|vhost|vhost_iotlb|irqbypass) '
# /bin/sh by its path: the guest's busybox chroot would otherwise run its own sh and applets.
step() { echo "\$ $1"; chroot $H /bin/sh -c "$1" 2>&1; echo "[exit $?]"; }
{
  step "uname -r; ls -l /usr/sbin/modprobe; modprobe --version; grep -E '$MODULES' /proc/modules || echo 'none of them in /proc/modules'"
  step "insmod /lib/modules/\$(uname -r)/kernel/drivers/vdpa/vdpa_user/vduse.ko; dmesg | grep -m 3 'vduse: Unknown symbol'"
  step "$AGENT collect > /tmp/before.json; $AGENT explain"
  step "date -u +%T.%N; $AGENT apply --actions '{\"actions\":[{\"type\":\"vduse.load-modules\",\"parameters\":{\"persist\":true}}]}' --pretty; echo \"apply exit \$?\"; date -u +%T.%N"
  step "ls -l /etc/modules-load.d/; cat /etc/modules-load.d/kfleet-vduse.conf"
  step "grep -E '$MODULES' /proc/modules; ls /sys/class/vduse"
  step "$AGENT collect > /tmp/after.json; $AGENT explain"
} > "$OUT/proof.txt" 2>&1
cp $H/tmp/before.json $H/tmp/after.json "$OUT/" 2>/dev/null
