# Thin shortcuts over ./mvnw; each target is one command you can also type yourself.
JAVA_HOME ?= $(firstword $(wildcard /usr/lib/jvm/temurin-25*))
export JAVA_HOME
AGENT_JAR = agent/target/kfleet-agent-0.1.0-SNAPSHOT.jar

.PHONY: build test fmt run agent sim chart-lint bench release ci

build:      ## compile, test and package everything
	./mvnw -B verify

test:       ## the README's test command
	./mvnw -B verify

fmt:        ## apply Spring's Java format
	./mvnw -B -q spring-javaformat:apply

run:        ## the README's run command (embedded PostgreSQL unless SPRING_DATASOURCE_URL is set)
	./mvnw -pl service -am spring-boot:test-run

agent:      ## the agent's jar, Debian package (agent/target/*.deb), image (agent/target/image) and small runtime (agent/dist)
	./mvnw -B -q -pl agent package -DskipTests && agent/packaging/build-runtime.sh

sim:        ## 1,000 simulated hosts against a local service (secret in /tmp/kfleet-enroll-secret)
	java -jar $(AGENT_JAR) simulate --server http://localhost:8080 \
	  --enroll-secret-file /tmp/kfleet-enroll-secret --hosts 1000 --seed 1 --start-period 10

chart-lint: ## helm lint and template for every ci/*.yaml (real Helm, in-process)
	./mvnw -B -pl service -am verify -Dtest=HelmChartTests -Dsurefire.failIfNoSpecifiedTests=false

bench:      ## the service's pagination benchmark (see docs/benchmarks.md for the others)
	./mvnw -B -pl service -am verify -Pbenchmarks -Dtest=HostPaginationBenchmark -Dsurefire.failIfNoSpecifiedTests=false

release:    ## jars, both images, the agent's .deb and the packaged chart in release/out/<version>/ with SHA256SUMS
	release/build.sh

ci:         ## what CI runs
	.ci/run
