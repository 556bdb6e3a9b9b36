#!/usr/bin/env bash
# The reports benchmark of issue 16 (docs/benchmarks.md, "Reports"): one service JVM on a fresh
# database of this machine's PostgreSQL, its default 30 s check-in interval, simulated hosts
# checking in on it, in one run:
#
#   1. SMALL hosts (1,000), labelled size=small, some VDUSE devices orphaned;
#   2. LARGE − SMALL more hosts join (100,000 in all), labelled size=large.
#
# At each size, once every host has reported, the fleet job has stored the fleet's report and the
# simulator has run at the fleet's check-in rate for two minutes (steady state, not enrolment), it
# times (curl, the median of REPS requests) the unfiltered memory report, the report grouped by
# kernel, a /actuator/prometheus scrape and the report narrowed by selector size=small (the same
# SMALL hosts at both sizes, computed on request), prints the EXPLAIN (ANALYZE, BUFFERS) of the
# narrowed report's totals query, and at the end the ratio of each at LARGE to at SMALL (goal ≤ 2
# for the first three; the narrowed one is reported), each twice: with the fleet's check-ins
# running, and with the simulators paused for the timing (the request's own cost).
#
# Usage: agent/bench/reports.sh
# Environment: AGENT_JAR, SERVICE_JAR, SERVICE_COMMIT (see service-under-test.sh),
#   PGHOST/PGPORT/PGUSER, PORT (18093), SMALL (1000), LARGE (100000), REPS (21), OUT (log directory)
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
PORT=${PORT:-18093}; SMALL=${SMALL:-1000}; LARGE=${LARGE:-100000}; REPS=${REPS:-21}
OUT=${OUT:-/tmp/kfleet-reports-$(date -u +%Y%m%dT%H%M%SZ)}
db="kfleet_reports_bench_$(date -u +%Y%m%d%H%M%S)"
. "$(dirname "$0")/service-under-test.sh"

find_jars
trap 'kill -CONT ${small_pid:-} ${large_pid:-} 2>/dev/null || true; kill ${service_pid:-} ${small_pid:-} ${large_pid:-} 2>/dev/null || true; wait 2>/dev/null || true
  psql -q -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" || true' EXIT
admin="bench-admin-token-$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')"
psql -q -c "CREATE DATABASE $db"
export KFLEET_REPORTS_GROUP_LABEL_KEYS=size
launch_service "jdbc:postgresql://$PGHOST:$PGPORT/$db" "$admin"
echo "machine: $(nproc) CPUs; $(uname -r); service $SERVICE_JAR ($SERVICE_COMMIT); agent $agent_jar; logs in $OUT"
base="http://127.0.0.1:$PORT"

# Waits until 99.9 % of $1 hosts have reported, then until the fleet job stored a report
# computed after that.
wait_fleet_report() {
  wait_reported "$1"
  local since; since=$(sql "select now()")
  until [ "$(sql "select count(*) from report_fleet_report where computed_at > '$since'")" = 1 ]; do sleep 2; done
}
# The median of REPS timings (seconds) of GET $1 with the admin token.
median() {
  for _ in $(seq 1 "$REPS"); do
    curl -fsS -o /dev/null -w '%{time_total}\n' -H "Authorization: Bearer $admin" "$1"
  done | sort -n | awk '{v[NR] = $1} END {print v[int((NR + 1) / 2)]}'
}
# Times the four requests into the array named $1, with the fleet's check-ins running (keys
# memory, …) and then paused (keys memory-paused, …: the simulators stopped with SIGSTOP for the
# timing, so that the figure is the request's own cost, not the load of 100,000 hosts' check-ins
# on the two cores the service shares with the simulator and PostgreSQL).
measure() {
  local -n into=$1
  local k
  for k in memory grouped scrape narrowed; do into[$k]=$(median "$(url $k)"); done
  kill -STOP ${small_pid:-} ${large_pid:-}; sleep 10
  for k in memory grouped scrape narrowed; do into[$k-paused]=$(median "$(url $k)"); done
  kill -CONT ${small_pid:-} ${large_pid:-}
  echo "at $(sql 'select count(*) from host') hosts ($REPS requests each, median seconds; check-ins running, paused):"
  for k in memory grouped scrape narrowed; do printf '  %-9s %.4f  %.4f\n' "$k" "${into[$k]}" "${into[$k-paused]}"; done
  echo "  the narrowed report's totals query:"
  sql "EXPLAIN (ANALYZE, BUFFERS) SELECT count(*) AS hosts, count(*) FILTER (WHERE s.hvo = 'on') AS hvo_on,
         count(*) FILTER (WHERE a.last_seen_at < now() - interval '90 seconds') AS stale,
         COALESCE(sum(s.installed_memory_bytes), 0), COALESCE(sum(p.bytes), 0), COALESCE(sum(s.hvo_reclaimed_bytes), 0)
       FROM host h LEFT JOIN host_state s ON s.host_id = h.id LEFT JOIN host_agent a ON a.host_id = h.id
       LEFT JOIN LATERAL (SELECT sum(hp.total * hp.page_size_bytes) AS bytes FROM host_hugetlb_pool hp
                          WHERE hp.host_id = h.id) p ON TRUE
       WHERE h.decommissioned_at IS NULL AND h.labels @> '{\"size\":\"small\"}'" | sed 's/^/    /'
}
url() {
  case $1 in
    memory) echo "$base/api/v1/reports/memory" ;;
    grouped) echo "$base/api/v1/reports/memory?groupBy=kernel" ;;
    scrape) echo "$base/actuator/prometheus" ;;
    narrowed) echo "$base/api/v1/reports/memory?selector=size%3Dsmall" ;;
  esac
}

label_secret small small
label_secret large large
run_sim small "$SMALL" 1 30 --orphaned-device-rate 0.2; small_pid=$!
wait_fleet_report "$SMALL"
wait_steady small "$SMALL"
declare -A at_small at_large
measure at_small
run_sim large $((LARGE - SMALL)) 2 120 --orphaned-device-rate 0.2; large_pid=$!
wait_fleet_report "$LARGE"
wait_steady large $((LARGE - SMALL))
measure at_large
for k in memory grouped scrape narrowed; do
  printf '%-9s at %d hosts ÷ at %d hosts: %.2f with check-ins running, %.2f paused\n' "$k" "$LARGE" "$SMALL" \
    "$(echo "${at_large[$k]} / ${at_small[$k]}" | bc -l)" "$(echo "${at_large[$k-paused]} / ${at_small[$k-paused]}" | bc -l)"
done
