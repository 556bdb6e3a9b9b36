#!/usr/bin/env bash
# The check-in loop benchmarks of issue 4 (results in docs/benchmarks.md, "## Check-in loop"),
# all against ONE service JVM and this machine's PostgreSQL, in a fresh database:
#
#   throughput  closed loop, same generator, same concurrency, one run (a warm-up of each mode, then
#               ROUNDS rounds of all modes, medians): GET /agent/v1/ping (no-op),
#               check-ins with an unchanged report (hash only), check-ins with a changed report (full
#               report each time); prints each rate and its ratio to ping
#   fleet       100,000 simulated hosts checking in on the service's interval (30 s ± 10 %) for
#               FLEET_MINUTES, one summary line per 30 s (check-ins/s, p50, p99), and, over the
#               GROWTH_MINUTES of steady state that start GROWTH_AFTER_MINUTES in, the database growth:
#               pg_database_size, pg_total_relation_size per table and the count of history rows
#               before and after
#
# Usage: agent/bench/checkin-throughput.sh [throughput|fleet|all]      (default all)
# Environment: AGENT_JAR and SERVICE_JAR, SERVICE_COMMIT (default: both built from HEAD in a separate clone, /tmp/kfleet-bench-svc),
#   PGHOST/PGPORT/PGUSER (127.0.0.1/5432/postgres, trust auth), PORT (18090), CONCURRENCY (32),
#   BENCH_SECONDS (20), WARMUP (30), ROUNDS (5), FLEET_HOSTS (100000), FLEET_MINUTES (45), GROWTH_AFTER_MINUTES (10),
#   GROWTH_MINUTES (30), OUT (target directory for logs, default /tmp/kfleet-bench-<time>), KEEP_DB (set: keep the
#   run's database instead of dropping it at the end)
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
what="${1:-all}"
PORT=${PORT:-18090}; CONCURRENCY=${CONCURRENCY:-32}; BENCH_SECONDS=${BENCH_SECONDS:-20}; WARMUP=${WARMUP:-30}; ROUNDS=${ROUNDS:-5}
FLEET_HOSTS=${FLEET_HOSTS:-100000}; FLEET_MINUTES=${FLEET_MINUTES:-45}
GROWTH_AFTER_MINUTES=${GROWTH_AFTER_MINUTES:-10}; GROWTH_MINUTES=${GROWTH_MINUTES:-30}
OUT=${OUT:-/tmp/kfleet-bench-$(date -u +%Y%m%dT%H%M%SZ)}
db="kfleet_bench_$(date -u +%Y%m%d%H%M%S)"
. "$(dirname "$0")/service-under-test.sh"

find_jars
echo "database $db, logs in $OUT"
# The database goes with the run (a fleet run leaves about 1 GB); KEEP_DB=1 keeps it to look into.
trap 'kill ${service_pid:-} 2>/dev/null || true; wait ${service_pid:-} 2>/dev/null || true
  if [ -z "${KEEP_DB:-}" ]; then psql -q -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" || true; else echo "kept database $db"; fi' EXIT
start_service "$db"

echo "machine: $(nproc) CPUs, $(free -g | awk '/Mem:/{print $2}') GiB; $(uname -r); $("$java" -version 2>&1 | sed -n 2p)"
echo "service: $SERVICE_JAR ($SERVICE_COMMIT); $(psql -tAc 'select version()' | cut -d, -f1)"
echo "agent: $agent_jar ($(git -C "$repo" log -1 --format='%h' -- agent))"

if [ "$what" = throughput ] || [ "$what" = all ]; then
  simulate --benchmark ping,unchanged,changed --concurrency "$CONCURRENCY" --hosts $((CONCURRENCY * 4)) \
    --seed 11 --seconds "$BENCH_SECONDS" --warmup-seconds "$WARMUP" --rounds "$ROUNDS" --state-file "$OUT/throughput-hosts.tsv" \
    | tee "$OUT/throughput.txt"
fi

sizes() {
  psql -d "$db" -tA -F ' ' -c "select 'database', pg_database_size(current_database())
    union all select 'history_rows', (select count(*) from host_change)
    union all (select c.relname, pg_total_relation_size(c.oid) from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = 'public' and c.relkind = 'r' order by 2 desc)"
}

if [ "$what" = fleet ] || [ "$what" = all ]; then
  simulate --hosts "$FLEET_HOSTS" --seed 1 --concurrency 256 --report-every 30 --start-period 30 \
    --duration $((FLEET_MINUTES * 60)) --state-file "$OUT/fleet-hosts.tsv" > "$OUT/fleet.txt" 2>&1 &
  sim_pid=$!
  sleep $((GROWTH_AFTER_MINUTES * 60))
  sizes > "$OUT/growth-before.txt"; date -u +%FT%TZ >> "$OUT/growth-before.txt"
  sleep $((GROWTH_MINUTES * 60))
  sizes > "$OUT/growth-after.txt"; date -u +%FT%TZ >> "$OUT/growth-after.txt"
  wait $sim_pid
  cat "$OUT/fleet.txt"
  echo "--- before (t=${GROWTH_AFTER_MINUTES} min)"; cat "$OUT/growth-before.txt"
  echo "--- after (t=$((GROWTH_AFTER_MINUTES + GROWTH_MINUTES)) min)"; cat "$OUT/growth-after.txt"
fi
