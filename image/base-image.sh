#!/usr/bin/env bash
# Builds the base image of kfleet's container images (docs/adr/0046) as a docker-save tarball,
# which Jib takes as its base (from.image tar://...) without a Docker engine or a registry:
#   layer 1  the C library from this machine's Debian packages (libc6, and libgcc-s1 which it
#            depends on), /etc/passwd and /etc/group with the kfleet user (65532), /tmp, and the
#            packages' records in /var/lib/dpkg/status.d for image scanners. No shell, no package
#            manager, no other program: the JVM is the only executable that runs.
#   layer 2  a Java runtime at /opt/java/openjdk (where eclipse-temurin images have theirs):
#            the given jlink runtime (--runtime DIR), or one jlinked here with the given modules
#            (--modules a,b,c) from $JAVA_HOME.
# Every entry has owner 0:0, a fixed time and a normalised mode, and entries are sorted: the same
# packages and the same runtime give byte-identical layers, so Jib gives the same image digest.
# Usage: image/base-image.sh OUT.tar (--runtime DIR | --modules LIST)
set -euo pipefail
[ $# -eq 3 ] || { echo "usage: $0 OUT.tar (--runtime DIR | --modules LIST)" >&2; exit 2; }
out=$1
mode=$2
arg=$3
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

# Layer 1: the C library, and what a non-root JVM process expects to find in /etc and /tmp.
root="$work/rootfs"
mkdir -p "$root/etc" "$root/tmp" "$root/var/lib/dpkg/status.d" "$root/usr/share/doc"
for pkg in libc6 libgcc-s1; do
  # The shared objects the JVM loads (java -> libjli -> libjvm, libjava, libnet, libnio...),
  # the name service modules and the dynamic loader; not gconv, not the debugging libraries.
  dpkg-query -L "$pkg" | grep -E '^/lib(64)?/.*(ld-linux-x86-64|/lib(c|dl|m|pthread|rt|resolv|nss_files|nss_dns|gcc_s))\.so\.[0-9]+$' |
    while read -r file; do
      mkdir -p "$root$(dirname "$file")"
      cp -P "$file" "$root$file"
    done
  mkdir -p "$root/usr/share/doc/$pkg"
  cp "/usr/share/doc/$pkg/copyright" "$root/usr/share/doc/$pkg/copyright"
  dpkg-query -s "$pkg" | grep -v '^Status:' > "$root/var/lib/dpkg/status.d/$pkg"
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

# Layer 2: the Java runtime.
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
java_version=$(sed -n 's/^JAVA_VERSION="\(.*\)"$/\1/p' "$rt/release")
java_modules=$(sed -n 's/^MODULES="\(.*\)"$/\1/p' "$rt/release" | tr ' ' ',')

cat > "$work/config.json" <<JSON
{"architecture":"amd64","os":"linux","created":"1970-01-01T00:00:00Z",
 "config":{"Env":["PATH=/opt/java/openjdk/bin:/usr/bin:/bin","JAVA_HOME=/opt/java/openjdk","JAVA_VERSION=jdk-$java_version"],
  "User":"65532:65532","WorkingDir":"/"},
 "rootfs":{"type":"layers","diff_ids":["sha256:$base_id","sha256:$java_id"]},
 "history":[{"created":"1970-01-01T00:00:00Z","created_by":"image/base-image.sh: libc6 $libc and libgcc-s1 from Debian, the kfleet user 65532"},
  {"created":"1970-01-01T00:00:00Z","created_by":"image/base-image.sh: Java $java_version runtime ($java_modules)"}]}
JSON
cat > "$work/manifest.json" <<JSON
[{"Config":"config.json","RepoTags":["kfleet-base:local"],"Layers":["base.tar","java.tar"]}]
JSON
tar -C "$work" --format=gnu --owner=0 --group=0 --numeric-owner --mtime="$mtime" \
  -cf "$out" manifest.json config.json base.tar java.tar
rm -rf "$work"
echo "base-image.sh: $out: libc6 $libc, Java $java_version ($java_modules); layers sha256:${base_id:0:12} sha256:${java_id:0:12}"
