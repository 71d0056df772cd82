#!/usr/bin/env bash
# The same open-model phase (GET /health of mock-terrafix) from one JVM and from 2 local worker JVMs
# (perf.load.workers=2), through LoadEngine. On a 2-core machine the point is that the totals agree,
# not a speed-up. Usage: bench/distributed.sh [rate/s, default 200] [seconds, default 10]
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/.." && pwd)"
. "$ROOT/bench/lib/java.sh"
JAVA=$(find_java21)
RATE="${1:-200}"
SECONDS_="${2:-10}"
MOCK_JAR="$ROOT/mock-terrafix/target/mock-terrafix.jar"
[ -f "$MOCK_JAR" ] || mvn -q -B -f "$ROOT/pom.xml" -pl mock-terrafix -am -Dmaven.test.skip=true package >&2

MOD="$ROOT/perf-junit-extension/distributed"
mvn -q -B -f "$ROOT/pom.xml" -pl perf-junit-extension/distributed -am -DskipTests -Dspotless.check.skip=true \
    install >&2
mvn -q -B -f "$MOD/pom.xml" dependency:build-classpath -Dmdep.includeScope=test \
    -Dmdep.outputFile="$MOD/target/bench-classpath.txt" >&2
CP="$MOD/target/test-classes:$MOD/target/classes:$(cat "$MOD/target/bench-classpath.txt")"

PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
URL="http://127.0.0.1:$PORT"
mkdir -p "$ROOT/target"
"$JAVA" -jar "$MOCK_JAR" --port "$PORT" --latency-ms 0 >"$ROOT/target/bench-distributed-mock.log" 2>&1 &
MOCK=$!
trap 'kill $MOCK 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do curl -fs "$URL/health" >/dev/null 2>&1 && break; sleep 0.1; done

run() { "$JAVA" "$@" -cp "$CP" dev.infraperf.distributed.DistributedBench "$URL" "$RATE" "$SECONDS_" | tail -1; }
single=$(run)
echo "1 JVM:       $single"
workers=$(run -Dperf.load.workers=2 -Dperf.load.cluster=local)
echo "2 workers:   $workers"
field() { echo "$1" | tr ' ' '\n' | awk -F= -v k="$2" '$1 == k {print $2}'; }
echo "single_rps=$(field "$single" rps) workers_rps=$(field "$workers" rps)" \
    "p99_single_ms=$(field "$single" p99_ms) p99_workers_ms=$(field "$workers" p99_ms)"
