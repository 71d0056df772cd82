#!/usr/bin/env bash
# JMH benchmark of the load engine's per-request recording path (goal: < 200 ns per request).
# Compiles bench/load-engine/RecordingBenchmark.java against perf-junit-extension and runs it.
#
#   bench/load-engine-jmh.sh            # all benchmarks
#   bench/load-engine-jmh.sh recordOpen # one of them (JMH regexp)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
JAVA_HOME_BENCH=${JAVA_HOME_BENCH:-$(ls -d /usr/lib/jvm/temurin-25* /usr/lib/jvm/*-25-* /usr/lib/jvm/*-21-* 2>/dev/null | head -1 || true)}
cd "$ROOT"
mvn -q -B -pl perf-junit-extension -am -Dmaven.test.skip=true package \
    dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt >&2
mvn -q -B -f bench/load-engine/jmh-pom.xml dependency:build-classpath -Dmdep.outputFile="$ROOT/target/jmh-classpath.txt" >&2
CP="$ROOT/perf-junit-extension/target/classes:$(cat "$ROOT/perf-junit-extension/target/bench-classpath.txt"):$(cat "$ROOT/target/jmh-classpath.txt")"
OUT="$ROOT/target/jmh-classes"
rm -rf "$OUT" && mkdir -p "$OUT"
"$JAVA_HOME_BENCH/bin/javac" --release 21 -proc:full -cp "$CP" -d "$OUT" "$ROOT/bench/load-engine/RecordingBenchmark.java"
"$JAVA_HOME_BENCH/bin/java" -cp "$OUT:$CP" org.openjdk.jmh.Main "${1:-RecordingBenchmark}" -rf text -rff "$ROOT/target/jmh-load-engine.txt"
