#!/usr/bin/env bash
# JMH benchmark of the load engine's per-request recording path (goal: < 200 ns per request).
# Compiles bench/load-engine/RecordingBenchmark.java against perf-junit-extension/load and runs it.
#
#   bench/load-engine-jmh.sh            # all benchmarks
#   bench/load-engine-jmh.sh recordOpen # one of them (JMH regexp)
#   JMH_ARGS="-jvmArgsAppend -Dx=y" bench/load-engine-jmh.sh   # more JMH options
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
. "$ROOT/bench/lib/java.sh"
JAVA_BIN=$(find_java21)
cd "$ROOT"
mvn -q -B -pl perf-junit-extension/load -am -Dmaven.test.skip=true -Dspotless.check.skip=true package \
    dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt >&2
mvn -q -B -f bench/load-engine/jmh-pom.xml dependency:build-classpath -Dmdep.outputFile="$ROOT/target/jmh-classpath.txt" >&2
CP="$ROOT/perf-junit-extension/load/target/classes:$(cat "$ROOT/perf-junit-extension/load/target/bench-classpath.txt"):$(cat "$ROOT/target/jmh-classpath.txt")"
OUT="$ROOT/target/jmh-classes"
rm -rf "$OUT" && mkdir -p "$OUT"
"$(dirname "$JAVA_BIN")/javac" --release 21 -proc:full -cp "$CP" -d "$OUT" "$ROOT/bench/load-engine/RecordingBenchmark.java"
"$JAVA_BIN" -cp "$OUT:$CP" org.openjdk.jmh.Main "${1:-RecordingBenchmark}" ${JMH_ARGS:-} -rf text -rff "$ROOT/target/jmh-load-engine.txt"
