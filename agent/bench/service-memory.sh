#!/usr/bin/env bash
# The service's memory under load, per set of JVM options, in one run (docs/benchmarks.md,
# "Service memory"; docs/adr/0049). For each VARIANT, one after the other, on a fresh database
# of this machine's PostgreSQL:
#
#   1. the service JVM with the variant's options (and -Xlog:gc, NMT summary: the same in all);
#   2. HOSTS simulated hosts checking in every INTERVAL seconds (started over START seconds),
#      while a loop asks for the memory report, the report grouped by kernel, a page of hosts
#      and a /actuator/prometheus scrape every second, for LOAD seconds after the start;
#   3. at the end of the load: RSS (sampled every second: the largest, and VmHWM), heap used and
#      committed, metaspace, code cache, threads, direct buffers, NMT's committed total; then a
#      full GC (jcmd GC.run) and the heap left live after it;
#   4. the fleet stopped, a closed loop of changed check-ins (CONCURRENCY, WARMUP s, then
#      BENCH_SECONDS s, one round): check-ins per second, for the ratio between variants.
#
# A variant is NAME=OPTIONS; OPTIONS may use -XX:MaxRAM=<container limit> to size the JVM as a
# container with that memory limit would (the JVM reads the cgroup limit as its MaxRAM). Without
# arguments: the JVM's defaults on this machine, the image's flags (MaxRAMPercentage=75) in the
# chart's 768 MiB limit, and the chart's options (ADR 0049) in the same limit.
#
# Usage: agent/bench/service-memory.sh ['NAME=OPTIONS' ...]
# Environment: AGENT_JAR, SERVICE_JAR, SERVICE_COMMIT (see service-under-test.sh), PGHOST/PGPORT/PGUSER,
#   PORT (18094), HOSTS (20000), INTERVAL (10), START (30), LOAD (240), CONCURRENCY (32),
#   WARMUP (20), BENCH_SECONDS (30), OUT (log directory)
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
PORT=${PORT:-18094}; HOSTS=${HOSTS:-20000}; INTERVAL=${INTERVAL:-10}; START=${START:-30}; LOAD=${LOAD:-240}
CONCURRENCY=${CONCURRENCY:-32}; WARMUP=${WARMUP:-20}; BENCH_SECONDS=${BENCH_SECONDS:-30}
OUT=${OUT:-/tmp/kfleet-service-memory-$(date -u +%Y%m%dT%H%M%SZ)}
. "$(dirname "$0")/service-under-test.sh"
if [ $# -eq 0 ]; then
  set -- "default=" \
    "image-768Mi=-XX:MaxRAM=768m -XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError" \
    "chart-768Mi=-XX:MaxRAM=768m -XX:MaxRAMPercentage=50 -XX:+UseSerialGC -XX:MetaspaceSize=96m -XX:MaxMetaspaceSize=128m -XX:MaxDirectMemorySize=64m -XX:+ExitOnOutOfMemoryError"
fi
export KFLEET_HOSTS_CHECK_IN_INTERVAL="${INTERVAL}s"

find_jars
echo "machine: $(nproc) CPUs, $(free -g | awk '/Mem:/{print $2}') GiB; $(uname -r); $("$java" -version 2>&1 | sed -n 2p)"
echo "service: $SERVICE_JAR ($SERVICE_COMMIT); agent $agent_jar; logs in $OUT"
echo "load: $HOSTS hosts every $INTERVAL s (started over $START s) for $LOAD s, reports and a scrape every second; then changed check-ins in a closed loop ($CONCURRENCY, ${WARMUP} s + ${BENCH_SECONDS} s)"
db=""
trap 'kill ${service_pid:-} ${fleet_pid:-} ${reports_pid:-} ${sampler_pid:-} 2>/dev/null || true; wait 2>/dev/null || true
  [ -n "$db" ] && psql -q -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" || true' EXIT

kb() { awk -v f="$2:" '$1 == f { print $2 }' "/proc/$1/status"; }
mib() { awk -v b="$1" 'BEGIN { printf "%.0f", b / 1048576 }'; }
# The value of a Prometheus series (sum over the lines that match the pattern $1) in $2.
series() { awk -v p="$1" '$0 !~ /^#/ && $0 ~ p { s += $NF } END { printf "%.0f", s }' "$2"; }

results=()
for variant in "$@"; do
  name="${variant%%=*}"; opts="${variant#*=}"
  dir="$OUT/$name"; mkdir -p "$dir"
  db="kfleet_memory_$(date -u +%Y%m%d%H%M%S)"
  admin="bench-admin-token-$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')"
  psql -q -c "CREATE DATABASE $db"
  # launch_service runs "$java" -jar: the options go in through JDK_JAVA_OPTIONS, as the chart passes them.
  JDK_JAVA_OPTIONS="$opts -XX:NativeMemoryTracking=summary -Xlog:gc:file=$dir/gc.log" \
    OUT="$dir" launch_service "jdbc:postgresql://$PGHOST:$PGPORT/$db" "$admin"
  OUT="$dir" create_secret "$admin"
  pid=$service_pid
  base="http://127.0.0.1:$PORT"
  ( while sleep 1; do echo "$(date +%s) $(kb "$pid" VmRSS)"; done ) > "$dir/rss.txt" 2>/dev/null &
  sampler_pid=$!
  OUT="$dir" simulate --hosts "$HOSTS" --seed 1 --concurrency 256 --report-every 30 --start-period "$START" \
    --duration $((START + LOAD + 30)) --state-file "$dir/fleet-hosts.tsv" > "$dir/fleet.txt" 2>&1 &
  fleet_pid=$!
  ( while sleep 1; do
      for path in /api/v1/reports/memory "/api/v1/reports/memory?groupBy=kernel" "/api/v1/hosts?limit=500" /actuator/prometheus; do
        curl -fsS -o /dev/null -H "Authorization: Bearer $admin" "$base$path" || echo "failed: $path" >&2
      done
    done ) 2> "$dir/reports-errors.txt" &
  reports_pid=$!
  before=$(curl -fsS "$base/actuator/prometheus" | awk '/^kfleet_hosts_check_ins_total/ { s += $2 } END { printf "%d", s }')
  sleep $((START + LOAD))
  after=$(curl -fsS "$base/actuator/prometheus" | awk '/^kfleet_hosts_check_ins_total/ { s += $2 } END { printf "%d", s }')
  curl -fsS "$base/actuator/prometheus" > "$dir/scrape.txt"
  "$JAVA_HOME/bin/jcmd" "$pid" VM.native_memory summary > "$dir/nmt.txt"
  "$JAVA_HOME/bin/jcmd" "$pid" GC.heap_info > "$dir/heap-before-gc.txt"
  "$JAVA_HOME/bin/jcmd" "$pid" VM.flags > "$dir/flags.txt"
  threads=$(ls "/proc/$pid/task" | wc -l)
  rss_load=$(kb "$pid" VmRSS)
  "$JAVA_HOME/bin/jcmd" "$pid" GC.run > /dev/null
  sleep 1
  kill "$reports_pid" "$fleet_pid" 2>/dev/null || true; wait "$reports_pid" "$fleet_pid" 2>/dev/null || true
  OUT="$dir" simulate --benchmark changed --concurrency "$CONCURRENCY" --hosts $((CONCURRENCY * 4)) --seed 11 \
    --seconds "$BENCH_SECONDS" --warmup-seconds "$WARMUP" --rounds 1 --state-file "$dir/bench-hosts.tsv" > "$dir/bench.txt" 2>&1 || true
  rate=$(sed -n 's/^median changed = \([0-9.]*\)\/s.*/\1/p' "$dir/bench.txt")
  rate=${rate:-"failed: $(tail -1 "$dir/bench.txt")"}
  hwm=$(kb "$pid" VmHWM); rss_end=$(kb "$pid" VmRSS)
  kill "$sampler_pid" 2>/dev/null || true; wait "$sampler_pid" 2>/dev/null || true
  rss_max=$(awk '$2 > m { m = $2 } END { print m }' "$dir/rss.txt")
  heap_max=$(tr ' ' '\n' < "$dir/flags.txt" | sed -n 's/^-XX:MaxHeapSize=//p')
  gc=$(tr ' ' '\n' < "$dir/flags.txt" | sed -n 's/^-XX:+Use\(.*GC\)$/\1/p' | head -1)
  heap_used=$(series 'jvm_memory_used_bytes.*area="heap"' "$dir/scrape.txt")
  heap_committed=$(series 'jvm_memory_committed_bytes.*area="heap"' "$dir/scrape.txt")
  # The heap left after the full GC jcmd GC.run asked for: "Pause Full (Diagnostic Command) 180M->61M(…)".
  live=$(sed -n 's/.*Pause Full (Diagnostic Command) [0-9]*M->\([0-9]*\)M.*/\1/p' "$dir/gc.log" | tail -1)
  metaspace=$(series 'jvm_memory_used_bytes.*id="Metaspace"' "$dir/scrape.txt")
  code=$(series 'jvm_memory_used_bytes.*id="(CodeHeap|CodeCache)' "$dir/scrape.txt")
  direct=$(series 'jvm_buffer_memory_used_bytes.*id="direct"' "$dir/scrape.txt")
  nmt=$(sed -n 's/^Total: reserved=[0-9]*KB, committed=\([0-9]*\)KB.*/\1/p' "$dir/nmt.txt")
  cps=$(( (after - before) / (START + LOAD) ))
  results+=("| $name | \`${opts:-(none)}\` | $gc, max $(mib "$heap_max") | $(mib "$heap_used") / $(mib "$heap_committed") | $live | $(mib "$metaspace") | $(mib "$code") | $threads | $((direct / 1024)) | $((nmt / 1024)) | $((rss_load / 1024)) | $((rss_max / 1024)) / $((hwm / 1024)) | $((rss_end / 1024)) | $cps | $rate |")
  echo "${results[-1]}"
  kill "$service_pid"; wait "$service_pid" 2>/dev/null || true
  psql -q -c "DROP DATABASE IF EXISTS $db WITH (FORCE)"; db=""
done

echo
echo "| variant | JVM options | GC, heap max (MiB) | heap used / committed at the end of the load (MiB) | heap live after a full GC (MiB) | metaspace (MiB) | code cache (MiB) | threads | direct buffers (KiB) | NMT committed (MiB) | RSS at the end of the load (MiB) | RSS largest sample / VmHWM (MiB) | RSS after the closed loop (MiB) | check-ins/s under load | changed check-ins/s, closed loop |"
echo "|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
printf '%s\n' "${results[@]}"
