#!/usr/bin/env bash
# Measures, in one run on this machine, the resident memory and CPU of:
#   - Debian's prometheus-node-exporter serving /metrics scrapes,
#   - `java -version` (the JDK's java: the floor of any JVM process),
#   - the kfleet agent collecting repeatedly (`kfleet-agent bench`): the packaged agent (jlink
#     runtime + AOT cache, agent/packaging/build-runtime.sh) and the thin jar on the JDK with
#     the same JVM flags,
# and prints a Markdown table with the goals of issue 3:
#   agent RSS <= 3 x node_exporter RSS, agent RSS <= java -version RSS + 12 MB,
#   one collection <= 2 ms of CPU in steady state.
# Usage: agent/bench/measure.sh    (needs: apt-get install -y prometheus-node-exporter curl time)
set -euo pipefail
export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
agent="$(cd "$(dirname "$0")/.." && pwd)"
repo="$(cd "$agent/.." && pwd)"
dist="$agent/dist/kfleet-agent"
scrapes=50
warmup=300
count=600
interval_ms=10

command -v prometheus-node-exporter >/dev/null || { echo "apt-get install -y prometheus-node-exporter" >&2; exit 2; }
if [ ! -x "$dist/bin/kfleet-agent" ]; then
  (cd "$repo" && ./mvnw -B -q -pl agent package -DskipTests)
  "$agent/packaging/build-runtime.sh" >/dev/null
fi
jar="$dist/lib/kfleet-agent.jar"
ticks=$(getconf CLK_TCK)

status_kb() { awk -v f="$2:" '$1 == f { print $2 }' "/proc/$1/status"; }
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }

# --- node_exporter serving scrapes ---------------------------------------------------------
port=$((20000 + RANDOM % 10000))
prometheus-node-exporter --web.listen-address="127.0.0.1:$port" >/dev/null 2>&1 &
ne=$!
trap 'kill $ne 2>/dev/null || true' EXIT
for _ in $(seq 50); do curl -sf "http://127.0.0.1:$port/metrics" >/dev/null && break; sleep 0.1; done
for _ in 1 2 3 4 5; do curl -sf "http://127.0.0.1:$port/metrics" >/dev/null; done
ne_cpu0=$(cpu_ticks $ne)
for _ in $(seq $scrapes); do curl -sf "http://127.0.0.1:$port/metrics" >/dev/null; done
ne_cpu1=$(cpu_ticks $ne)
ne_rss=$(status_kb $ne VmRSS)
ne_hwm=$(status_kb $ne VmHWM)
ne_cpu_us=$(( (ne_cpu1 - ne_cpu0) * 1000000 / ticks / scrapes ))
kill $ne; wait $ne 2>/dev/null || true
trap - EXIT

# --- java -version -------------------------------------------------------------------------
jv=()
for _ in 1 2 3 4 5; do jv+=("$(/usr/bin/time -f '%M' "$JAVA_HOME/bin/java" -version 2>&1 >/dev/null | tail -1)"); done
jv_rss=$(printf '%s\n' "${jv[@]}" | sort -n | sed -n 3p)

# --- the agent collecting repeatedly ----------------------------------------------------------
# Prints "steady_rss_kb hwm_kb cpu_us_per_collection": RSS sampled after the warm-up, the peak,
# and the process CPU (all threads) per collection in the measured phase.
run_agent() {
  local out; out=$(mktemp)
  "$@" bench --warmup $warmup --count $count --interval-ms $interval_ms > "$out" &
  local pid=$! max=0 rss
  sleep 3
  while kill -0 $pid 2>/dev/null; do
    rss=$(status_kb $pid VmRSS 2>/dev/null || echo 0)
    [ -n "$rss" ] && [ "$rss" -gt "$max" ] && max=$rss
    sleep 0.2
  done
  wait $pid
  echo "$max $(awk -F= '$1 == "vm_hwm_kb" { print $2 }' "$out") $(awk -F= '$1 == "cpu_us_per_collection" { print $2 }' "$out")"
  rm -f "$out"
}
read -r pk_rss pk_hwm pk_cpu < <(run_agent "$dist/bin/kfleet-agent")
read -r jar_rss jar_hwm jar_cpu < <(run_agent "$JAVA_HOME/bin/java" $(grep -v '^#' "$agent/packaging/jvm-options") -jar "$jar")

mb() { awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
verdict() { if [ "$1" = 1 ]; then echo "met"; else echo "**missed**"; fi; }
goal_ne() { [ "$1" -le $((3 * ne_rss)) ] && echo 1 || echo 0; }
goal_jv() { [ "$1" -le $((jv_rss + 12 * 1024)) ] && echo 1 || echo 0; }
goal_cpu() { [ "$1" -le 2000 ] && echo 1 || echo 0; }

echo "Measured $(date -u +%Y-%m-%dT%H:%MZ) on $(uname -r), $(nproc) CPUs; $(prometheus-node-exporter --version 2>&1 | head -1);"
echo "$("$JAVA_HOME/bin/java" -version 2>&1 | sed -n 2p); agent: $count collections every ${interval_ms} ms after $warmup of warm-up."
echo
echo "| process | RSS (MiB) | peak RSS (MiB) | CPU per scrape / collection |"
echo "|---|---:|---:|---:|"
echo "| node_exporter serving /metrics ($scrapes scrapes) | $(mb $ne_rss) | $(mb $ne_hwm) | ${ne_cpu_us} µs |"
echo "| \`java -version\` (median of 5) | $(mb $jv_rss) | $(mb $jv_rss) | – |"
echo "| agent, packaged (jlink java.base + AOT cache) | $(mb $pk_rss) | $(mb $pk_hwm) | ${pk_cpu} µs |"
echo "| agent, thin jar on the JDK, same flags | $(mb $jar_rss) | $(mb $jar_hwm) | ${jar_cpu} µs |"
echo
echo "| goal | packaged agent | thin jar |"
echo "|---|---|---|"
echo "| RSS ≤ 3 × node_exporter ($(mb $((3 * ne_rss))) MiB) | $(ratio $pk_rss $ne_rss) × node_exporter: $(verdict $(goal_ne $pk_rss)) | $(ratio $jar_rss $ne_rss) ×: $(verdict $(goal_ne $jar_rss)) |"
echo "| RSS ≤ java -version + 12 MiB ($(mb $((jv_rss + 12 * 1024))) MiB) | +$(mb $((pk_rss - jv_rss))) MiB: $(verdict $(goal_jv $pk_rss)) | +$(mb $((jar_rss - jv_rss))) MiB: $(verdict $(goal_jv $jar_rss)) |"
echo "| CPU ≤ 2 ms per collection | ${pk_cpu} µs: $(verdict $(goal_cpu $pk_cpu)) | ${jar_cpu} µs: $(verdict $(goal_cpu $jar_cpu)) |"
