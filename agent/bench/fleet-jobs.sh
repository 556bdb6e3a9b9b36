#!/usr/bin/env bash
# The fleet jobs' cost at 100,000 hosts (docs/benchmarks.md, "Fleet jobs"): a database of this
# machine's PostgreSQL filled by SQL with HOSTS hosts as the observations module stores them
# (four kernels, labels size and rack with 40 values, HVO on/off/unsupported, a 2 MiB pool each
# and a 1 GiB pool on a third), then each service jar given runs alone on it for SECONDS with no
# agent checking in, and its fleet jobs' runs are read from kfleet_jobs_duration_seconds: the
# mean seconds a run of each job took. Two jars (e.g. before and after a change) run one after the
# other on the same data, so their figures compare.
#
# Usage: agent/bench/fleet-jobs.sh SERVICE_JAR [OTHER_SERVICE_JAR]
# Environment: PGHOST/PGPORT/PGUSER, PORT (18096), HOSTS (100000), SECONDS_EACH (130)
set -euo pipefail
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
export PGHOST=${PGHOST:-127.0.0.1} PGPORT=${PGPORT:-5432} PGUSER=${PGUSER:-postgres}
PORT=${PORT:-18096}; HOSTS=${HOSTS:-100000}; SECONDS_EACH=${SECONDS_EACH:-130}
db="kfleet_fleet_jobs_$(date -u +%Y%m%d%H%M%S)"
log=$(mktemp)
trap 'kill ${pid:-} 2>/dev/null || true; wait 2>/dev/null || true; psql -q -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" || true; rm -f "$log"' EXIT
start() {   # $1 jar: starts it on the database, waits until healthy (it migrates the schema)
  SPRING_DATASOURCE_URL="jdbc:postgresql://$PGHOST:$PGPORT/$db" SPRING_DATASOURCE_USERNAME="$PGUSER" SERVER_PORT="$PORT" \
    KFLEET_TOKENS_BOOTSTRAP_ADMIN_TOKEN="bench-admin-token-$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')" \
    KFLEET_REPORTS_GROUP_LABEL_KEYS=size,rack KFLEET_REPORTS_METRICS_GROUP_LABEL=rack \
    "$JAVA_HOME/bin/java" -jar "$1" >> "$log" 2>&1 &
  pid=$!
  for _ in $(seq 1 480); do curl -fsS -m 1 "http://127.0.0.1:$PORT/actuator/health" > /dev/null 2>&1 && return; sleep 0.25; done
  echo "the service did not start; its log:" >&2; tail -50 "$log" >&2; exit 1
}
stop() { kill "$pid"; wait "$pid" 2>/dev/null || true; }

psql -q -c "CREATE DATABASE $db"
start "$1"; stop
psql -q -d "$db" <<SQL
INSERT INTO host (id, machine_id, hostname, kernel_release, labels, created_at, updated_at)
SELECT gen_random_uuid(), 'm' || i, 'h' || i, (ARRAY['6.18.44', '6.12.9', '6.1.0', '5.15.0'])[1 + i % 4],
       jsonb_build_object('size', CASE WHEN i <= 1000 THEN 'small' ELSE 'large' END, 'rack', 'r' || (i % 40)), now(), now()
FROM generate_series(1, $HOSTS) i;
INSERT INTO host_agent (host_id, enrolled_at, agent_version, last_sequence, report_hash, last_seen_at)
SELECT id, now(), '0.1.0', 5, 'x', now() FROM host;
INSERT INTO host_state (host_id, reported_at, hvo, hvo_supported, hvo_switch_on, hvo_reclaimed_bytes, hvo_reclaimable_bytes,
       hvo_additional_bytes, vduse_supported, vduse_device_count, hvo_switch_persisted, vduse_modules_loaded,
       installed_memory_bytes, numa_nodes, hvo_blocking_reasons, vduse_support_reason, vduse_module_states)
SELECT id, now(), (ARRAY['on', 'off', 'unsupported', 'off'])[1 + abs(hashtext(id::text)) % 4], true, false, 1000, 2000, 1000,
       true, 0, false, false, 1::bigint << 36, 1 + abs(hashtext(id::text)) % 2, ARRAY[]::text[], null, ARRAY['vduse:loaded']
FROM host;
INSERT INTO host_hugetlb_pool SELECT id, 2097152, 1024, 512 FROM host;
INSERT INTO host_hugetlb_pool SELECT id, 1073741824, 4, 4 FROM host WHERE abs(hashtext(id::text)) % 3 = 0;
VACUUM ANALYZE;
SQL
echo "machine: $(nproc) CPUs; $(uname -r); $HOSTS hosts; each jar alone for $SECONDS_EACH s"
for jar in "$@"; do
  start "$jar"; sleep "$SECONDS_EACH"
  echo "$jar:"
  curl -fsS "http://127.0.0.1:$PORT/actuator/prometheus" | awk '
    /^kfleet_jobs_duration_seconds_count/ { match($0, /fleet_job="[^"]*"/); n[substr($0, RSTART + 11, RLENGTH - 12)] = $2 }
    /^kfleet_jobs_duration_seconds_sum/ { match($0, /fleet_job="[^"]*"/); s[substr($0, RSTART + 11, RLENGTH - 12)] = $2 }
    END { for (j in n) if (n[j] > 0) printf "  %-20s %3d runs, %.3f s a run\n", j, n[j], s[j] / n[j] }' | sort
  stop
done
