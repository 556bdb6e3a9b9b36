#!/usr/bin/env bash
# The agent daemon as installed, beside node_exporter, in one run (docs/benchmarks.md, "The daemon
# as installed"; issue 17, docs/adr/0049):
#
#   - a kfleet service on a fresh database of this machine's PostgreSQL, giving a check-in
#     interval of INTERVAL seconds (KFLEET_HOSTS_CHECK_IN_INTERVAL), and an enrollment secret;
#   - the packaged agent (DIST: the tree the Debian package installs in /usr/lib/kfleet-agent)
#     started as its systemd unit starts it: the unit's Environment= lines, KFLEET_AGENT_SERVER
#     as agent.env sets it, the unit's ExecStart arguments (the secret file replaced by this run's),
#     its Nice=, through the same launcher (bin/kfleet-agent: jvm-options and the AOT cache), on
#     this machine's real /proc and /sys, as root; only the state directory is the run's own;
#   - Debian's prometheus-node-exporter (the binary, not its service) on a loopback port, scraped
#     by a loop every INTERVAL seconds, the agent's rate;
#   - after WARMUP seconds, MEASURE seconds in which both processes' VmRSS is sampled every second,
#     and their CPU (utime + stime of /proc/<pid>/stat, all threads) is divided by the check-ins
#     (the agent's event=check-in log lines) and by the scrapes done in that time;
#   - `java -version` of the package's runtime and of the JDK (median of 5, /usr/bin/time).
#
# Prints a Markdown table and the goals: agent RSS <= 3 x node_exporter's, <= java -version's
# (the package's runtime) + 12 MiB.
#
# The unit's MemoryMax= and CPUQuota= are not applied (no systemd manager here); neither changes
# what the JVM uses below them.
#
# Usage: agent/bench/agent-footprint.sh
#   (needs: apt-get install -y prometheus-node-exporter curl time; PostgreSQL; run as root as the
#   unit does; builds the agent's package tree with ./mvnw -pl agent package if DIST is missing)
# Environment: DIST (agent/target/deb/usr/lib/kfleet-agent), SERVICE_JAR, AGENT_JAR, SERVICE_COMMIT
#   (see service-under-test.sh), PGHOST/PGPORT/PGUSER, PORT (18095), INTERVAL (2), WARMUP (60),
#   MEASURE (300), OUT (log directory)
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
PORT=${PORT:-18095}; INTERVAL=${INTERVAL:-2}; WARMUP=${WARMUP:-60}; MEASURE=${MEASURE:-300}
OUT=${OUT:-/tmp/kfleet-agent-footprint-$(date -u +%Y%m%dT%H%M%SZ)}
dist="${DIST:-$repo/agent/target/deb/usr/lib/kfleet-agent}"
unit="$repo/agent/packaging/kfleet-agent.service"
db="kfleet_footprint_${PORT}_$(date -u +%Y%m%d%H%M%S)"
. "$(dirname "$0")/service-under-test.sh"

command -v prometheus-node-exporter > /dev/null || { echo "apt-get install -y prometheus-node-exporter" >&2; exit 2; }
if [ ! -x "$dist/bin/kfleet-agent" ]; then
  (cd "$repo" && ./mvnw -B -q -pl agent package -DskipTests)
fi
dist="$(cd "$dist" && pwd)"
find_jars
ticks_per_s=$(getconf CLK_TCK)
status_kb() { awk -v f="$2:" '$1 == f { print $2 }' "/proc/$1/status"; }
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
mib() { awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'; }

trap 'kill ${agent_pid:-} ${ne_pid:-} ${scraper_pid:-} ${sampler_pid:-} ${service_pid:-} 2>/dev/null || true; wait 2>/dev/null || true
  psql -q -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" || true' EXIT
export KFLEET_HOSTS_CHECK_IN_INTERVAL="${INTERVAL}s"
start_service "$db"

# The agent, as the unit runs it.
mkdir -p "$OUT/state"
unit_env=(); while read -r line; do unit_env+=("$line"); done < <(sed -n 's/^Environment=//p' "$unit")
read -r -a unit_args < <(sed -n 's|^ExecStart=/usr/bin/kfleet-agent ||p' "$unit" | sed "s|/etc/kfleet-agent/enroll-secret|$OUT/secret|")
nice_level=$(sed -n 's/^Nice=//p' "$unit")
(cd / && exec env "${unit_env[@]}" KFLEET_AGENT_SERVER="http://127.0.0.1:$PORT" KFLEET_AGENT_STATE_DIR="$OUT/state" \
  nice -n "${nice_level:-0}" "$dist/bin/kfleet-agent" "${unit_args[@]}") > "$OUT/agent.log" 2>&1 &
agent_pid=$!
echo "agent: $dist/bin/kfleet-agent ${unit_args[*]} (${unit_env[*]}, nice $nice_level), pid $agent_pid; JVM flags: $(grep -v '^#' "$dist/lib/jvm-options" | tr '\n' ' ')"

# node_exporter, scraped at the agent's rate.
ne_port=$((PORT + 1))
prometheus-node-exporter --web.listen-address="127.0.0.1:$ne_port" > "$OUT/node_exporter.log" 2>&1 &
ne_pid=$!
( while true; do curl -fsS -o /dev/null "http://127.0.0.1:$ne_port/metrics" && echo scraped; sleep "$INTERVAL"; done ) > "$OUT/scrapes.txt" 2>&1 &
scraper_pid=$!

sleep "$WARMUP"
checkins() { grep -c 'event=check-in ' "$OUT/agent.log" || true; }
scrapes() { grep -c '^scraped' "$OUT/scrapes.txt" || true; }
( while sleep 1; do echo "$(status_kb $agent_pid VmRSS) $(status_kb $ne_pid VmRSS)"; done ) > "$OUT/rss.txt" 2> /dev/null &
sampler_pid=$!
c0=$(checkins); s0=$(scrapes); a0=$(cpu_ticks $agent_pid); n0=$(cpu_ticks $ne_pid)
sleep "$MEASURE"
c1=$(checkins); s1=$(scrapes); a1=$(cpu_ticks $agent_pid); n1=$(cpu_ticks $ne_pid)
kill $sampler_pid; wait $sampler_pid 2> /dev/null || true
agent_hwm=$(status_kb $agent_pid VmHWM); ne_hwm=$(status_kb $ne_pid VmHWM); threads=$(ls /proc/$agent_pid/task | wc -l)
failed=$(grep -c 'event=cycle-failed' "$OUT/agent.log" || true)
kill $agent_pid $scraper_pid $ne_pid; wait $agent_pid $scraper_pid $ne_pid 2> /dev/null || true

# Column $1 of rss.txt: the median and the largest sample.
median() { awk -v c="$1" '{ print $c }' "$OUT/rss.txt" | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
largest() { awk -v c="$1" '$c > m { m = $c } END { print m }' "$OUT/rss.txt"; }
agent_rss=$(median 1); agent_max=$(largest 1); ne_rss=$(median 2); ne_max=$(largest 2)
cycles=$((c1 - c0)); scraped=$((s1 - s0))
per() { awk -v t="$1" -v n="$2" -v hz="$ticks_per_s" 'BEGIN { if (n > 0) printf "%.1f ms", t * 1000 / hz / n; else print "–" }'; }
version_rss() { for _ in 1 2 3 4 5; do /usr/bin/time -f '%M' "$1" -version 2>&1 > /dev/null | tail -1; done | sort -n | sed -n 3p; }
jv_rss=$(version_rss "$dist/runtime/bin/java"); jdk_rss=$(version_rss "$JAVA_HOME/bin/java")

echo
echo "Measured $(date -u +%Y-%m-%dT%H:%MZ) on $(uname -r), $(nproc) CPUs; $(prometheus-node-exporter --version 2>&1 | head -1)"
echo "$("$dist/runtime/bin/java" -version 2>&1 | sed -n 2p); service $SERVICE_COMMIT; check-in interval ${INTERVAL} s;"
echo "${WARMUP} s of warm-up, then ${MEASURE} s measured: $cycles check-ins ($failed failed cycles in the whole run), $scraped scrapes; agent threads at the end: $threads"
echo
echo "| process | RSS, median of ${MEASURE} samples (MiB) | largest sample (MiB) | VmHWM (MiB) | CPU per check-in cycle / scrape |"
echo "|---|---:|---:|---:|---:|"
echo "| node_exporter, scraped every ${INTERVAL} s | $(mib $ne_rss) | $(mib $ne_max) | $(mib $ne_hwm) | $(per $((n1 - n0)) $scraped) |"
echo "| \`java -version\`, the package's runtime (median of 5) | $(mib $jv_rss) | | | – |"
echo "| \`java -version\`, the JDK (median of 5) | $(mib $jdk_rss) | | | – |"
echo "| agent daemon, as the unit runs it | $(mib $agent_rss) | $(mib $agent_max) | $(mib $agent_hwm) | $(per $((a1 - a0)) $cycles) |"
echo
verdict() { if [ "$1" -le "$2" ]; then echo met; else echo "**missed**"; fi; }
echo "| goal | agent daemon |"
echo "|---|---|"
echo "| RSS ≤ 3 × node_exporter's ($(mib $((3 * ne_rss))) MiB) | $(awk -v a=$agent_rss -v b=$ne_rss 'BEGIN { printf "%.2f", a / b }') × node_exporter's: $(verdict $agent_rss $((3 * ne_rss))) |"
echo "| RSS ≤ \`java -version\`'s + 12 MiB ($(mib $((jv_rss + 12 * 1024))) MiB) | +$(mib $((agent_rss - jv_rss))) MiB: $(verdict $agent_rss $((jv_rss + 12 * 1024))) |"
echo "| CPU per check-in cycle, reported | $(per $((a1 - a0)) $cycles) (node_exporter: $(per $((n1 - n0)) $scraped) per scrape) |"
