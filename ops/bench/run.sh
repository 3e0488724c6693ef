#!/usr/bin/env bash
# Builds Tally and runs the benchmarks: ops/bench/run.sh [--events 1000000] [--runs 3] [--senders 4] [--repeats 15]
# Writes ops/bench/results/bench-<time>.json (every run and the medians). Nothing here runs in the tests.
set -euo pipefail
cd "$(dirname "$0")/../.."
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
./mvnw -q -B -DskipTests -pl ops/bench -am install
exec "$JAVA_HOME/bin/java" -Xmx8g -cp "ops/bench/target/tally-ops-bench-0.1.0-SNAPSHOT.jar:ops/bench/target/libs/*" \
  io.tally.ops.bench.Bench "$@"
