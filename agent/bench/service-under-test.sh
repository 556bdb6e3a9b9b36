# Sourced by the service benchmarks (checkin-throughput.sh, checkin-cpu.sh, rollout.sh, reports.sh): finds or builds the
# jars, starts one service JVM on a fresh database of this machine's PostgreSQL, creates an
# enrollment secret, and runs the simulator against it.
#
# Needs: repo, OUT, PORT set by the caller. Environment: JAVA_HOME, AGENT_JAR, SERVICE_JAR,
# SERVICE_COMMIT, PGHOST/PGPORT/PGUSER (127.0.0.1/5432/postgres, trust auth), SERVICE_JAVA_OPTS
# (more options for the service's JVM, say a flight recording).
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
export PGHOST=${PGHOST:-127.0.0.1} PGPORT=${PGPORT:-5432} PGUSER=${PGUSER:-postgres}
java="$JAVA_HOME/bin/java"
mkdir -p "$OUT"

# Sets agent_jar, SERVICE_JAR and SERVICE_COMMIT. Without SERVICE_JAR both jars are built from
# one clone of the repository's HEAD, so that the simulator runs the agent code of the same commit
# (agent/target may hold an older build).
find_jars() {
  if [ -z "${SERVICE_JAR:-}" ]; then
    # Never build the service in the working tree: a separate clone keeps its target/ apart.
    rm -rf /tmp/kfleet-bench-svc && git clone -q "$repo" /tmp/kfleet-bench-svc
    (cd /tmp/kfleet-bench-svc && ./mvnw -B -q -pl service -am package -DskipTests)
    SERVICE_JAR="$(ls /tmp/kfleet-bench-svc/service/target/kfleet-service-*.jar | grep -v -- '-sources\|-javadoc\|plain' | head -1)"
    SERVICE_COMMIT="$(git -C /tmp/kfleet-bench-svc log -1 --format='%h %s' | cut -c1-70)"
    AGENT_JAR="${AGENT_JAR:-$(ls /tmp/kfleet-bench-svc/agent/target/kfleet-agent-*.jar | grep -v -- '-sources\|-javadoc' | head -1)}"
  fi
  agent_jar="${AGENT_JAR:-$(ls "$repo"/agent/target/kfleet-agent-*.jar 2>/dev/null | grep -v -- '-sources\|-javadoc' | head -1 || true)}"
  if [ -z "$agent_jar" ]; then
    (cd "$repo" && ./mvnw -B -q -pl agent package -DskipTests)
    agent_jar="$(ls "$repo"/agent/target/kfleet-agent-*.jar | grep -v -- '-sources\|-javadoc' | head -1)"
  fi
  SERVICE_COMMIT=${SERVICE_COMMIT:-"given as SERVICE_JAR; built $(unzip -p "$SERVICE_JAR" META-INF/build-info.properties 2>/dev/null | sed -n 's/^build.time=//p')"}
}

# Creates database $1, starts the service on it (pid in service_pid, log in $OUT/service.log),
# waits until it is healthy and writes a new enrollment secret to $OUT/secret. The rate limits
# (ADR 0027) are raised out of reach: the closed loop checks each host in far more often than an
# agent does, and 100,000 hosts enroll with one secret in 30 s; the limiter still runs on every
# request, so its cost stays in what is measured.
start_service() {
  local db="$1" admin
  admin="bench-admin-token-$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')"
  psql -q -c "CREATE DATABASE $db"
  launch_service "jdbc:postgresql://$PGHOST:$PGPORT/$db" "$admin"
  create_secret "$admin"
}

# Starts the service JVM on the JDBC URL $1 with the bootstrap admin token $2 (pid in
# service_pid, log appended to $OUT/service.log) and waits up to 120 s until it is healthy
# (checking every 0.25 s).
launch_service() {
  SPRING_DATASOURCE_URL="$1" SPRING_DATASOURCE_USERNAME="$PGUSER" \
    KFLEET_TOKENS_BOOTSTRAP_ADMIN_TOKEN="$2" SERVER_PORT="$PORT" \
    KFLEET_RATE_LIMITS_AGENT_REQUESTS_PER_SECOND=1000000000 KFLEET_RATE_LIMITS_AGENT_BURST=1000000000 \
    KFLEET_RATE_LIMITS_ENROLL_REQUESTS_PER_SECOND=1000000000 KFLEET_RATE_LIMITS_ENROLL_BURST=1000000000 \
    "$java" ${SERVICE_JAVA_OPTS:-} -jar "$SERVICE_JAR" >> "$OUT/service.log" 2>&1 &
  service_pid=$!
  for _ in $(seq 1 480); do
    curl -fsS -m 1 "http://127.0.0.1:$PORT/actuator/health" > /dev/null 2>&1 && break
    sleep 0.25
  done
}

# Writes a new enrollment secret, created with the admin token $1, to $OUT/secret.
create_secret() {
  curl -fsS -X POST -H "Authorization: Bearer $1" -H 'Content-Type: application/json' \
    -d '{"name":"benchmark"}' "http://127.0.0.1:$PORT/api/v1/enrollment-secrets" \
    | sed 's/.*"value":"\([^"]*\)".*/\1/' > "$OUT/secret"
  chmod 600 "$OUT/secret"
}

simulate() { "$java" -Xmx4g -XX:+UseParallelGC -jar "$agent_jar" simulate \
  --server "http://127.0.0.1:$PORT" --enroll-secret-file "$OUT/secret" "$@"; }

# The labelled fleets of the rollout and reports benchmarks: they need db, admin (the bootstrap
# admin token), PORT and OUT set by the caller.
api() { curl -fsS -H "Authorization: Bearer $admin" -H 'Content-Type: application/json' "$@"; }
sql() { psql -d "$db" -tA -F ' ' -c "$1"; }
# Writes a new enrollment secret named $1, whose hosts get the label size=$2, to $OUT/secret-$1.
label_secret() {
  api -X POST -d "{\"name\":\"$1\",\"labels\":{\"size\":\"$2\"}}" "http://127.0.0.1:$PORT/api/v1/enrollment-secrets" \
    | sed 's/.*"value":"\([^"]*\)".*/\1/' > "$OUT/secret-$1"
  chmod 600 "$OUT/secret-$1"
}
# Starts simulated hosts in the background (their output in $OUT/simulator-$1.txt, a period
# report every 60 s): $1 secret name, $2 hosts, $3 seed, $4 start period, then more simulator
# options.
run_sim() {
  local name="$1" hosts="$2" seed="$3" start="$4"; shift 4
  "$java" -Xmx4g -XX:+UseParallelGC -jar "$agent_jar" simulate --server "http://127.0.0.1:$PORT" \
    --enroll-secret-file "$OUT/secret-$name" --hosts "$hosts" --seed "$seed" --concurrency 256 --report-every 60 \
    --start-period "$start" --duration 7200 "$@" > "$OUT/simulator-$name.txt" 2>&1 &
}
# Waits until 99.9 % of $1 hosts have reported (one whose enrollment keeps failing does not
# hold the run up).
wait_reported() { until [ "$(sql 'select count(*) from host_state')" -ge $(($1 * 999 / 1000)) ]; do sleep 5; done; }
# Waits until the simulator $1 said twice in a row that its period ran at the fleet's rate
# ($2 hosts / 30 s, the default check-in interval, within 5 %) with errors under 0.1 % of its
# check-ins: past the enrollments and their retries.
wait_steady() {
  local want; want=$(echo "$2 / 30 * 0.95" | bc -l)
  until tail -2 "$OUT/simulator-$1.txt" | awk -v want="$want" '
      /^t=/ { split($2, r, "="); split($3, e, "="); if (e[2] < r[2] * 60 / 1000 && r[2] >= want) ok++ }
      END { exit (ok == 2) ? 0 : 1 }'; do
    sleep 10
  done
}
