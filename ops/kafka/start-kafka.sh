#!/usr/bin/env bash
# Starts a single-node Kafka (KRaft) from the Kafka jars on Maven Central, without Docker:
# formats ./data/kafka once, serves on 127.0.0.1:9092 and creates Tally's topics. Ctrl-C stops it.
#   ops/kafka/start-kafka.sh [DATA_DIR] [PORT]
set -euo pipefail
cd "$(dirname "$0")/../.."
dir="${1:-./data/kafka}"
port="${2:-9092}"
./mvnw -q -pl ops/kafka install -DskipTests
classpath="$(cat ops/kafka/target/classes/io/tally/ops/kafka/broker-classpath.txt):ops/kafka/target/classes"
exec "$(bin/jdk25)/bin/java" -cp "$classpath" io.tally.ops.kafka.LocalKafka "$dir" "$port" analytics_events analytics_events.dlq
