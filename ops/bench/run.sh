#!/usr/bin/env bash
# Builds Tally and runs the benchmarks, then writes BENCHMARKS.md from the results:
#   ops/bench/run.sh [--events 1000000] [--runs 3] [--stores duckdb,clickhouse-embedded]
#                    [--suites ingest-queries,kafka,concurrency,queries,load] [--query-events 1000000,10000000]
#                    [--queries channels_30d,entry_pages_30d]   (only these of the large-data suite; all by default)
#                    [--senders 4] [--batch 1000] [--repeats 15]
#                    [--clients 500] [--seconds 60] [--think-ms 1000] [--set server.setting=value …]
# Writes ops/bench/results/bench-<time>.json (every run and the medians). BENCH_JFR=file.jfr records a JFR profile
# of the whole run (settings=profile). Nothing here runs in the tests.
set -euo pipefail
cd "$(dirname "$0")/../.."
JAVA_HOME="$(bin/jdk25 --jdk)"
export JAVA_HOME
./mvnw -q -B -DskipTests -pl ops/bench -am install
CHDB="$(ops/clickhouse/fetch-chdb.sh | tail -1)"
JFR=()
if [ -n "${BENCH_JFR:-}" ]; then JFR=("-XX:StartFlightRecording=filename=$BENCH_JFR,settings=profile"); fi
CP="ops/bench/target/tally-ops-bench-0.1.0-SNAPSHOT.jar:ops/bench/target/libs/*"
# signal chaining: chDB in this JVM must never take the JVM's fault handlers away (see JvmSignalHandlers)
LD_PRELOAD="$JAVA_HOME/lib/libjsig.so" "$JAVA_HOME/bin/java" -Xmx8g "${JFR[@]}" -cp "$CP" io.tally.ops.bench.Bench --chdb "$CHDB" "$@"
latest="$(ls -t ops/bench/results/bench-*.json | head -1)"
"$JAVA_HOME/bin/java" -cp "$CP" io.tally.ops.bench.BenchReport "$latest" BENCHMARKS.md   # several files: BenchReport a.json b.json BENCHMARKS.md
echo "BENCHMARKS.md written from $latest"
