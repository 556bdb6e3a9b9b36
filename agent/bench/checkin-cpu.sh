#!/usr/bin/env bash
# Where the CPU of one kind of check-in goes (docs/benchmarks.md, "Check-in loop"): one service JVM
# and this machine's PostgreSQL in a fresh database, the simulator in a closed loop of one mode
# (ping, unchanged or changed: see checkin-throughput.sh), and, after WAIT seconds, the CPU each
# process used over 10 s (from /proc/<pid>/stat, with the service's and the simulator's split
# per thread), divided by the requests served in those 10 s. With perf installed it also counts
# context switches per request; with PGSS=1 (the server must preload pg_stat_statements) it lists
# the statements by time per request.
#
# Usage: agent/bench/checkin-cpu.sh [ping|unchanged|changed]        (default changed)
# Environment: AGENT_JAR, SERVICE_JAR (default: built as checkin-throughput.sh builds them; see
#   service-under-test.sh),
#   PGHOST/PGPORT/PGUSER (127.0.0.1/5432/postgres), PORT (18091), CONCURRENCY (32), WARMUP (40),
#   WAIT (50: seconds from the simulator's start to the 10 s window), PGSS, OUT (log directory)
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
mode="${1:-changed}"
PORT=${PORT:-18091}; CONCURRENCY=${CONCURRENCY:-32}; WARMUP=${WARMUP:-40}; WAIT=${WAIT:-50}
OUT=${OUT:-/tmp/kfleet-cpu-$(date -u +%Y%m%dT%H%M%SZ)}
db="kfleet_cpu_$(date -u +%Y%m%d%H%M%S)"
. "$(dirname "$0")/service-under-test.sh"

find_jars
trap 'kill ${service_pid:-} ${sim:-} ${sim_shell:-} 2>/dev/null || true; wait 2>/dev/null || true; psql -q -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" || true' EXIT
start_service "$db"
service=$service_pid
[ -n "${PGSS:-}" ] && psql -q -d "$db" -c "CREATE EXTENSION IF NOT EXISTS pg_stat_statements"
simulate --benchmark "$mode" --concurrency "$CONCURRENCY" --hosts $((CONCURRENCY * 4)) --seed 11 \
  --seconds $((WAIT + 20 - WARMUP > 20 ? WAIT + 20 - WARMUP : 20)) --warmup-seconds "$WARMUP" --rounds 1 \
  --state-file "$OUT/hosts.tsv" > "$OUT/simulator.txt" 2>&1 &
sim_shell=$!
sim=""
while [ -z "$sim" ]; do sleep 0.2; sim=$(pgrep -P "$sim_shell" | head -1 || true); done   # the simulator's JVM
sleep "$WAIT"

# Requests served: check-ins by outcome, or pings.
served() {
  curl -fsS "http://127.0.0.1:$PORT/actuator/prometheus" \
    | awk '/^kfleet_hosts_check_ins_total/ || (/^http_server_requests_seconds_count/ && /ping/) {s += $2} END {printf "%d\n", s}'
}
# CPU ticks per thread name (digits folded), one line each: name|ticks
threads() {
  for f in /proc/"$1"/task/*/stat; do
    sed -E 's/^[0-9]+ \((.*)\) . (.*)/\1|\2/' "$f" 2>/dev/null
  done | awk -F'|' '{split($2, a, " "); name = $1; gsub(/[0-9]+/, "#", name); t[name] += a[11] + a[12]} END {for (n in t) print n "|" t[n]}'
}
postgres_ticks() {
  for p in $(pgrep -f "postgres.*$db" || true); do awk '{print $14 + $15}' /proc/"$p"/stat 2>/dev/null; done \
    | awk '{s += $1} END {print s + 0}'
}
ticks() { awk '{print $14 + $15}' /proc/"$1"/stat; }

[ -n "${PGSS:-}" ] && psql -q -d "$db" -tAc "SELECT pg_stat_statements_reset()" > /dev/null
if command -v perf > /dev/null; then
  timeout -s INT 10 perf stat -e context-switches -p "$service" 2> "$OUT/cs.service" &
  timeout -s INT 10 perf stat -e context-switches -p "$sim" 2> "$OUT/cs.simulator" &
fi
n0=$(served); s0=$(ticks $service); a0=$(ticks $sim); p0=$(postgres_ticks)
threads $service > "$OUT/threads.service.0"; threads $sim > "$OUT/threads.simulator.0"
sleep 10
n1=$(served); s1=$(ticks $service); a1=$(ticks $sim); p1=$(postgres_ticks)
threads $service > "$OUT/threads.service.1"; threads $sim > "$OUT/threads.simulator.1"
sleep 1
hz=$(getconf CLK_TCK)
n=$((n1 - n0))
echo "mode $mode: $((n / 10)) requests/s; CPU ms per request (ticks of 1/$hz s over 10 s):"
per() { awk -v t="$1" -v n="$n" -v hz="$hz" 'BEGIN {printf "%.4f", t * 1000 / hz / n}'; }
echo "  service    $(per $((s1 - s0)))"
echo "  simulator  $(per $((a1 - a0)))"
echo "  postgres   $(per $((p1 - p0)))"
for who in service simulator; do
  echo "$who threads, CPU ms per request:"
  awk -F'|' -v n="$n" -v hz="$hz" 'NR == FNR {t0[$1] = $2; next} {d = $2 - t0[$1]; if (d > 0) printf "%.4f|%s\n", d * 1000 / hz / n, $1}' \
    "$OUT/threads.$who.0" "$OUT/threads.$who.1" | sort -t'|' -k1 -rn | head -6 | awk -F'|' '{printf "  %-24s %s\n", $2, $1}'
  if [ -s "$OUT/cs.$who" ]; then
    awk -v n="$n" '/context-switches/ {gsub(",", "", $1); printf "  context switches per request: %.2f\n", $1 / n}' "$OUT/cs.$who"
  fi
done
if [ -n "${PGSS:-}" ]; then
  psql -d "$db" -c "SELECT calls, round(((total_exec_time + total_plan_time) * 1000 / $n)::numeric, 1) AS us_per_request,
      rows, left(regexp_replace(query, '\s+', ' ', 'g'), 80) AS statement
    FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
    ORDER BY total_exec_time + total_plan_time DESC LIMIT 12"
fi
wait $sim_shell || true
