#!/usr/bin/env bash
# Builds the base image of kfleet's container images (docs/adr/0046) as a docker-save tarball,
# which Jib takes as its base (from.image tar://...) without a Docker engine or a registry:
#   layer 1  the C library from this machine's Debian packages (libc6, and libgcc-s1 which it
#            depends on), /etc/passwd and /etc/group with the kfleet user (65532), /tmp, and the
#            packages' records in /var/lib/dpkg/status.d for image scanners. No shell, no package
#            manager, no other program: the JVM is the only executable that runs.
#   layer 2  with --kmod only (the agent's image): Debian's kmod, its binary and the modprobe
#            link to it as the package lays them out, and the shared libraries it links beyond
#            the C library (liblzma5, libzstd1, libcrypto from libssl3), with their copyright
#            files and dpkg records: the one program the agent runs, for vduse.load-modules
#            (docs/adr/0034). Checked with the dynamic loader: it finds every library kmod needs
#            in the image, and every library of the layer is one kmod needs.
#   last     a Java runtime at /opt/java/openjdk (where eclipse-temurin images have theirs):
#            the given jlink runtime (--runtime DIR), or one jlinked here with the given modules
#            (--modules a,b,c) from $JAVA_HOME.
# Every entry has owner 0:0, a fixed time and a normalised mode, and entries are sorted: the same
# packages and the same runtime give byte-identical layers, so Jib gives the same image digest.
# Usage: image/base-image.sh OUT.tar (--runtime DIR | --modules LIST) [--kmod]
set -euo pipefail
[ $# -eq 3 ] || { [ $# -eq 4 ] && [ "$4" = --kmod ]; } \
  || { echo "usage: $0 OUT.tar (--runtime DIR | --modules LIST) [--kmod]" >&2; exit 2; }
out=$1
mode=$2
arg=$3
kmod=${4:-}
export LC_ALL=C
mtime="2026-12-06 00:00:00Z"
command -v dpkg-query >/dev/null || {
  echo "base-image.sh: the base is assembled from Debian packages and needs dpkg; build with -Dkfleet.image.skip elsewhere" >&2
  exit 2
}
[ "$(dpkg --print-architecture)" = amd64 ] || { echo "base-image.sh: the images are linux/amd64" >&2; exit 2; }

work="$(dirname "$out")/$(basename "$out" .tar).d"
rm -rf "$work"
mkdir -p "$work/rootfs" "$work/runtime/opt/java"

debian() { # ROOT PACKAGE REGEX: the package's files that match REGEX (links copied as links), its
            # copyright file and its dpkg record (without Status), under ROOT
  local root=$1 pkg=$2 regex=$3
  dpkg-query -L "$pkg" | grep -E "$regex" |
    while read -r file; do
      mkdir -p "$root$(dirname "$file")"
      cp -P "$file" "$root$file"
    done
  mkdir -p "$root/usr/share/doc/$pkg" "$root/var/lib/dpkg/status.d"
  cp "/usr/share/doc/$pkg/copyright" "$root/usr/share/doc/$pkg/copyright"
  dpkg-query -s "$pkg" | grep -v '^Status:' > "$root/var/lib/dpkg/status.d/$pkg"
}

# Layer 1: the C library, and what a non-root JVM process expects to find in /etc and /tmp.
root="$work/rootfs"
mkdir -p "$root/etc" "$root/tmp" "$root/var/lib/dpkg/status.d" "$root/usr/share/doc"
for pkg in libc6 libgcc-s1; do
  # The shared objects the JVM loads (java -> libjli -> libjvm, libjava, libnet, libnio...),
  # the name service modules and the dynamic loader; not gconv, not the debugging libraries.
  debian "$root" "$pkg" '^/lib(64)?/.*(ld-linux-x86-64|/lib(c|dl|m|pthread|rt|resolv|nss_files|nss_dns|gcc_s))\.so\.[0-9]+$'
done
[ -e "$root/lib/x86_64-linux-gnu/libc.so.6" ] && [ -e "$root/lib64/ld-linux-x86-64.so.2" ] \
  || { echo "base-image.sh: libc6 did not give libc.so.6 and the dynamic loader" >&2; exit 1; }
cat > "$root/etc/passwd" <<'PASSWD'
root:x:0:0:root:/root:/sbin/nologin
kfleet:x:65532:65532:kfleet:/nonexistent:/sbin/nologin
PASSWD
cat > "$root/etc/group" <<'GROUP'
root:x:0:
kfleet:x:65532:
GROUP
cat > "$root/etc/nsswitch.conf" <<'NSS'
passwd: files
group:  files
hosts:  files dns
NSS

# Layer 2, --kmod only: Debian's kmod, for vduse.load-modules (docs/adr/0034). modprobe is a link
# to the kmod binary, which links the C library and these three (xz and zstd modules, signatures);
# kmod's own library is built into the binary. Nothing else of the packages (no depmod.d, no
# /lib/modprobe.d: the chart mounts the host's configuration).
layers=(base.tar)
if [ -n "$kmod" ]; then
  for pkg in kmod liblzma5 libzstd1 libssl3; do
    [ "$(dpkg-query -W -f '${db:Status-Status}' "$pkg" 2>/dev/null)" = installed ] \
      || { echo "base-image.sh: --kmod takes $pkg from this machine's packages: apt-get install kmod" >&2; exit 2; }
  done
  k="$work/kmod"
  debian "$k" kmod '^/(usr/)?(bin/kmod|sbin/modprobe)$'
  debian "$k" liblzma5 '/liblzma\.so\.5[.0-9]*$'
  debian "$k" libzstd1 '/libzstd\.so\.1[.0-9]*$'
  debian "$k" libssl3 '/libcrypto\.so\.3$'
  binary=$(cd "$k" && find . -type f -path '*bin/kmod' | sed 's|^\.||')
  link=$(cd "$k" && find . -type l -path '*sbin/modprobe' | sed 's|^\.||')
  target=$(readlink "$k$link")
  case "$target" in /*) ;; *) target="$(dirname "$link")/$target" ;; esac
  [ -n "$binary" ] && [ "$(realpath -sm "$target")" = "$binary" ] \
    || { echo "base-image.sh: kmod did not give a binary and a modprobe link to it" >&2; exit 1; }
  # The libraries the image's dynamic loader finds for kmod in the two layers (the build
  # machine's directories come after them: a library found there is missing from the image).
  found=$("$root/lib64/ld-linux-x86-64.so.2" --inhibit-cache \
    --library-path "$k/lib/x86_64-linux-gnu:$k/usr/lib/x86_64-linux-gnu:$root/lib/x86_64-linux-gnu" \
    --list "$k$binary" | sed -n 's/.* => \(.*\) (0x[0-9a-f]*)$/\1/p')
  outside=$(grep -v -e "^$k/" -e "^$root/" <<< "$found" || true)
  [ -z "$outside" ] || { echo "base-image.sh: kmod needs $outside, not in the image" >&2; exit 1; }
  used=$({ grep "^$k/" <<< "$found" || true; } | xargs -r realpath | sort)
  copied=$(find "$k" -type f -name '*.so*' | xargs -r realpath | sort)
  unused=$(comm -13 <(echo "$used") <(echo "$copied"))
  [ -z "$unused" ] || { echo "base-image.sh: kmod does not need" $unused >&2; exit 1; }
  layers+=(kmod.tar)
fi
layers+=(java.tar)

# Last layer: the Java runtime.
rt="$work/runtime/opt/java/openjdk"
case "$mode" in
  --runtime) cp -a "$arg" "$rt" ;;
  --modules)
    "${JAVA_HOME:?}/bin/jlink" --add-modules "$arg" --strip-debug --no-man-pages --no-header-files \
      --generate-cds-archive --output "$rt" 2> >(grep -v 'resolve_indy' >&2)
    # As agent/packaging/build-runtime.sh: no symbol tables (the JVM looks up dynamic symbols
    # only), and no CDS archive for heaps above 32 GB, which the service's pods never have.
    if command -v strip >/dev/null; then
      find "$rt" -type f \( -name '*.so' -o -path '*/bin/*' -o -name jexec -o -name jspawnhelper \) \
        -exec strip --strip-unneeded --remove-section=.comment --remove-section=.note {} +
    fi
    rm -f "$rt/lib/server/classes_nocoops.jsa"
    ;;
  *) echo "base-image.sh: $mode: use --runtime DIR or --modules LIST" >&2; exit 2 ;;
esac

layer() { # DIR TAR: a reproducible tar of DIR's content, paths relative to /
  (cd "$1" && find . -mindepth 1 | sed 's|^\./||' | sort > "$2.list")
  chmod -R u+rwX,go+rX,go-w "$1"
  [ -d "$1/tmp" ] && chmod 1777 "$1/tmp"
  tar -C "$1" --format=gnu --no-recursion --owner=0 --group=0 --numeric-owner --mtime="$mtime" \
    -T "$2.list" -cf "$2"
  rm "$2.list"
}
layer "$work/rootfs" "$work/base.tar"
layer "$work/runtime" "$work/java.tar"
base_id=$(sha256sum "$work/base.tar" | cut -d' ' -f1)
java_id=$(sha256sum "$work/java.tar" | cut -d' ' -f1)
libc=$(dpkg-query -W -f '${Version}' libc6)
kmod_diff_id=''
kmod_history=''
kmod_said=''
if [ -n "$kmod" ]; then
  layer "$work/kmod" "$work/kmod.tar"
  kmod_id=$(sha256sum "$work/kmod.tar" | cut -d' ' -f1)
  kmod_diff_id=",\"sha256:$kmod_id\""
  versions=$(dpkg-query -W -f '${Package} ${Version}, ' kmod liblzma5 libzstd1 libssl3)
  kmod_history=$'\n  {"created":"1970-01-01T00:00:00Z","created_by":"image/base-image.sh: '"${versions%, }"$' from Debian: modprobe (kmod), libcrypto, liblzma, libzstd"},'
  kmod_said=", ${versions%, }; kmod layer sha256:${kmod_id:0:12}"
fi
java_version=$(sed -n 's/^JAVA_VERSION="\(.*\)"$/\1/p' "$rt/release")
java_modules=$(sed -n 's/^MODULES="\(.*\)"$/\1/p' "$rt/release" | tr ' ' ',')

cat > "$work/config.json" <<JSON
{"architecture":"amd64","os":"linux","created":"1970-01-01T00:00:00Z",
 "config":{"Env":["PATH=/opt/java/openjdk/bin:/usr/bin:/bin","JAVA_HOME=/opt/java/openjdk","JAVA_VERSION=jdk-$java_version"],
  "User":"65532:65532","WorkingDir":"/"},
 "rootfs":{"type":"layers","diff_ids":["sha256:$base_id"$kmod_diff_id,"sha256:$java_id"]},
 "history":[{"created":"1970-01-01T00:00:00Z","created_by":"image/base-image.sh: libc6 $libc and libgcc-s1 from Debian, the kfleet user 65532"},$kmod_history
  {"created":"1970-01-01T00:00:00Z","created_by":"image/base-image.sh: Java $java_version runtime ($java_modules)"}]}
JSON
cat > "$work/manifest.json" <<JSON
[{"Config":"config.json","RepoTags":["kfleet-base:local"],"Layers":[$(printf '"%s",' "${layers[@]}" | sed 's/,$//')]}]
JSON
tar -C "$work" --format=gnu --owner=0 --group=0 --numeric-owner --mtime="$mtime" \
  -cf "$out" manifest.json config.json "${layers[@]}"
rm -rf "$work"
echo "base-image.sh: $out: libc6 $libc, Java $java_version ($java_modules); layers sha256:${base_id:0:12} sha256:${java_id:0:12}$kmod_said"
