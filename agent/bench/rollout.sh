#!/usr/bin/env bash
# The rollout benchmark of issue 15 (docs/benchmarks.md, "Rollouts"): one service JVM on a fresh
# database of this machine's PostgreSQL, its default 30 s check-in interval, simulated hosts
# checking in on it, and two HVO rollouts with zero bake time in one run:
#
#   1. SMALL hosts (1,000), labelled size=small, rolled out over selector size=small;
#   2. LARGE − SMALL more hosts join (100,000 in all), labelled size=large, and a rollout over
#      selector "size" targets all 100,000 (the small ones are already on: skipped).
#
# For each it prints every wave's hosts and wall time (from the first host asked to the last
# verdict, in check-in intervals: goal ≤ 2) and the service's CPU per host transition (its
# utime + stime from /proc while the rollout ran, less the fleet's own rate, the mean of the 90 s
# before and the 90 s after the rollout, divided by the hosts that reached a verdict), the
# reconciler's own CPU per host transition (kfleet.rollouts.reconcile.cpu: its thread's CPU time,
# which the fleet's check-ins do not blur), and the ratios of the second to the first (goal ≤ 1.5).
#
# Usage: agent/bench/rollout.sh   (SMALL=0: only the large fleet's rollout, its waves; no ratio)
# Environment: AGENT_JAR, SERVICE_JAR, SERVICE_COMMIT (see service-under-test.sh),
#   PGHOST/PGPORT/PGUSER, PORT (18092), SMALL (1000), LARGE (100000),
#   WAVES (["1%","10%","100%"]), OUT (log directory)
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
PORT=${PORT:-18092}; SMALL=${SMALL:-1000}; LARGE=${LARGE:-100000}; WAVES=${WAVES:-'["1%","10%","100%"]'}
OUT=${OUT:-/tmp/kfleet-rollout-$(date -u +%Y%m%dT%H%M%SZ)}
db="kfleet_rollout_$(date -u +%Y%m%d%H%M%S)"
. "$(dirname "$0")/service-under-test.sh"

find_jars
trap 'kill ${service_pid:-} ${small_pid:-} ${large_pid:-} 2>/dev/null || true; wait 2>/dev/null || true
  psql -q -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" || true' EXIT
admin="bench-admin-token-$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')"
psql -q -c "CREATE DATABASE $db"
launch_service "jdbc:postgresql://$PGHOST:$PGPORT/$db" "$admin"
echo "machine: $(nproc) CPUs; $(uname -r); service $SERVICE_JAR ($SERVICE_COMMIT); agent $agent_jar; logs in $OUT"
interval=30
ticks=$(getconf CLK_TCK)

cpu() { awk '{print $14 + $15}' "/proc/$service_pid/stat"; }
reconcile_seconds() {   # the reconciler's runs so far: count, wall seconds and CPU seconds in all
  curl -fsS "http://127.0.0.1:$PORT/actuator/prometheus" \
    | awk '/^kfleet_rollouts_reconcile_seconds_count/ {c = $2} /^kfleet_rollouts_reconcile_seconds_sum/ {s = $2}
           /^kfleet_rollouts_reconcile_cpu_seconds_total/ {u = $2} END {print c, s, u + 0}'
}
# Rolls HVO out over selector $1; prints the waves and CPU per transition, sets per_transition.
measure() {
  local selector="$1" name="$2" c0 c1 c2 t0 t1 id state
  c0=$(cpu); sleep 90; c1=$(cpu)
  local r0; r0=$(reconcile_seconds)
  t0=$(date +%s.%N)
  id=$(api -X POST -d "{\"name\":\"$name\",\"feature\":\"hvo\",\"target\":{\"enabled\":true},
    \"hosts\":{\"selector\":\"$selector\"},\"waves\":$WAVES,\"failureBudget\":{\"perWave\":\"100%\",\"overall\":\"100%\"},
    \"hostDeadline\":\"PT5M\"}" "http://127.0.0.1:$PORT/api/v1/rollouts" | sed 's/^{"id":"\([^"]*\)".*/\1/')
  state=pending
  while [ "$state" != completed ] && [ "$state" != paused ] && [ "$state" != failed ]; do
    sleep 1
    state=$(api "http://127.0.0.1:$PORT/api/v1/rollouts/$id" | sed 's/.*"status":{"state":"\([a-z-]*\)".*/\1/')
  done
  t1=$(date +%s.%N); c2=$(cpu)
  local r1; r1=$(reconcile_seconds)
  sleep 90; local c3; c3=$(cpu)
  # The fleet's own rate: the mean of the 90 s before and the 90 s after the rollout.
  local baseline_rate; baseline_rate=$(echo "(($c1 - $c0) + ($c3 - $c2)) / 180" | bc -l)
  local transitions; transitions=$(sql "select count(*) from rollout_host where rollout_id = '$id' and state in ('succeeded','failed')")
  local used; used=$(echo "($c2 - $c1) - $baseline_rate * ($t1 - $t0)" | bc -l)
  per_transition=$(echo "$used / $ticks * 1000 / $transitions" | bc -l)
  echo "rollout $name over '$selector': $state in $(printf '%.0f' "$(echo "$t1 - $t0" | bc -l)") s, $transitions transitions, $(sql "select count(*) from rollout_host where rollout_id = '$id' and wave = 0") skipped"
  sql "select wave, count(*), round(extract(epoch from max(finished_at) - min(asked_at))::numeric, 1),
       round((extract(epoch from max(finished_at) - min(asked_at)) / $interval)::numeric, 2)
       from rollout_host where rollout_id = '$id' and wave > 0 group by wave order by wave" \
    | awk '{printf "  wave %s: %6d hosts, %6.1f s = %.2f check-in intervals\n", $1, $2, $3, $4}'
  printf '  service CPU: %.1f s during the rollout, %.1f s of it over the fleet'"'"'s baseline; %.3f ms per host transition\n' \
    "$(echo "($c2 - $c1) / $ticks" | bc -l)" "$(echo "$used / $ticks" | bc -l)" "$per_transition"
  echo "$r0 $r1 $transitions" | awk '{n = $4 - $1; printf "  reconciler: %d runs, %.0f ms each on average; %.1f s of CPU, %.3f ms per host transition\n",
    n, (n > 0) ? ($5 - $2) / n * 1000 : 0, $6 - $3, ($6 - $3) / $7 * 1000}'
  engine_per_transition=$(echo "$r0 $r1 $transitions" | awk '{printf "%.6f", ($6 - $3) / $7 * 1000}')
}

label_secret small small
label_secret large large
if [ "$SMALL" -gt 0 ]; then
  run_sim small "$SMALL" 1 30; small_pid=$!
  wait_reported "$SMALL"
  wait_steady small "$SMALL"
  measure "size=small" "hvo-on-small"; small_cost=$per_transition; small_engine=$engine_per_transition
fi
run_sim large $((LARGE - SMALL)) 2 120; large_pid=$!
wait_reported "$LARGE"
wait_steady large $((LARGE - SMALL))
measure "size" "hvo-on-all"; large_cost=$per_transition; large_engine=$engine_per_transition
# SMALL=0 measures the large fleet's waves alone (no ratio).
[ "$SMALL" -gt 0 ] || exit 0
printf 'reconciler CPU per host transition at %d hosts ÷ at %d hosts: %.2f\n' "$LARGE" "$SMALL" "$(echo "$large_engine / $small_engine" | bc -l)"
printf 'service CPU per host transition over the baseline at %d hosts ÷ at %d hosts: %.2f\n' "$LARGE" "$SMALL" "$(echo "$large_cost / $small_cost" | bc -l)"
