#!/usr/bin/env bash
# Throughput of the infra-perf load engine against wrk (and Gatling and Locust FastHttpUser when available) on
# GET /health of mock-terrafix with 0 ms latency, all at the same number of connections, each for DURATION seconds.
# Prints one line per tool and, last, engine_rps=... wrk_rps=... ratio=...
#
#   bench/load-engine.sh                      # 32 connections, 10 s each
#   CONNECTIONS=64 DURATION=20 bench/load-engine.sh
#   SKIP_GATLING=1 SKIP_LOCUST=1 bench/load-engine.sh
#
# Everything runs on this machine: load generator and server share its cores, so absolute figures are lower bounds
# and the ratios of one run are what to compare.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
HERE="$ROOT/bench/load-engine"
CONNECTIONS=${CONNECTIONS:-32}
DURATION=${DURATION:-10}
. "$ROOT/bench/lib/java.sh"
JAVA=$(find_java21)
cd "$ROOT"

echo "# building mock-terrafix and perf-junit-extension (tests not compiled)" >&2
mvn -q -B -pl perf-junit-extension -am -Dmaven.test.skip=true package \
    dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt >&2
CP="$ROOT/perf-junit-extension/target/classes:$(cat "$ROOT/perf-junit-extension/target/bench-classpath.txt")"
MOCK_JAR="$ROOT/mock-terrafix/target/mock-terrafix.jar"

PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
URL="http://127.0.0.1:$PORT"
"$JAVA" -jar "$MOCK_JAR" --port "$PORT" --latency-ms 0 >"$ROOT/target/bench-mock.log" 2>&1 &
MOCK_PID=$!
cleanup() { kill "$MOCK_PID" 2>/dev/null || true; wait "$MOCK_PID" 2>/dev/null || true; }
trap cleanup EXIT
for _ in $(seq 1 60); do curl -sf "$URL/health" >/dev/null && break; sleep 0.5; done
curl -sf "$URL/health" >/dev/null || { echo "mock-terrafix did not start, see target/bench-mock.log" >&2; exit 1; }
echo "# mock-terrafix (latency 0) on $URL, $CONNECTIONS connections, ${DURATION}s per tool, $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)" >&2

# wrk: warm-up, then the measured run
wrk_rps=unavailable
if command -v wrk >/dev/null; then
    wrk -t2 -c"$CONNECTIONS" -d3s "$URL/health" >/dev/null
    wrk_out=$(wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" "$URL/health")
    wrk_rps=$(awk '/Requests\/sec/ {printf "%.0f", $2}' <<<"$wrk_out")
    echo "wrk: $(grep -E 'requests in|Latency' <<<"$wrk_out" | tr -s ' ' | paste -sd ';')"
fi

# the engine, with its socket client (default) and with the JDK HttpClient
engine_out=$("$JAVA" -cp "$CP" "$HERE/EngineBench.java" "$URL" "$CONNECTIONS" "$DURATION" socket)
echo "$engine_out" | head -1
engine_rps=$(sed -n 's/^engine_rps=//p' <<<"$engine_out")
jdk_out=$("$JAVA" -cp "$CP" "$HERE/EngineBench.java" "$URL" "$CONNECTIONS" "$DURATION" jdk)
echo "$jdk_out" | head -1
echo "engine_jdk_rps=$(sed -n 's/^engine_rps=//p' <<<"$jdk_out")"

# Gatling (Maven Central), same connections, each virtual user looping on its own keep-alive connection
if [ -z "${SKIP_GATLING:-}" ]; then
    if gatling_out=$(mvn -q -B -f "$HERE/gatling/pom.xml" gatling:test -Dbench.url="$URL" \
            -Dbench.users="$CONNECTIONS" -Dbench.seconds="$DURATION" 2>&1); then
        # reports are off, so count the OK requests of the last console summary over the run time
        gatling_ok=$(grep -E '^> Global' <<<"$gatling_out" | tail -1 | awk -F'|' '{gsub(/[ ,]/, "", $3); print $3}' || true)
        if [[ "$gatling_ok" =~ ^[0-9]+$ ]]; then
            echo "gatling: $gatling_ok OK requests in ${DURATION}s, $(grep -E '^> Global' <<<"$gatling_out" | tail -1 | tr -s ' ')"
            echo "gatling_rps=$((gatling_ok / DURATION))"
        else
            echo "gatling_rps=unparsed"
        fi
    else
        echo "gatling_rps=unavailable ($(tail -3 <<<"$gatling_out" | tr '\n' ' ' | cut -c1-200))"
    fi
fi

# Locust FastHttpUser (PyPI), one process
if [ -z "${SKIP_LOCUST:-}" ]; then
    if command -v locust >/dev/null; then
        LOCUST_CSV=$(mktemp -d)/locust
        locust -f "$HERE/locustfile.py" --headless -u "$CONNECTIONS" -r "$CONNECTIONS" -t "${DURATION}s" \
            --host "$URL" --csv "$LOCUST_CSV" --only-summary >/dev/null 2>&1 || true
        locust_rps=$(python3 - "$LOCUST_CSV" <<'PY'
import csv, sys
try:
    rows = list(csv.DictReader(open(sys.argv[1] + "_stats.csv")))
    print("%.0f" % float([r for r in rows if r["Name"] == "Aggregated"][0]["Requests/s"]))
except Exception as e:
    print("unavailable")
PY
)
        echo "locust_fasthttp_rps=$locust_rps (one process)"
    else
        echo "locust_fasthttp_rps=unavailable (no locust on PATH)"
    fi
fi

ratio=unavailable
if [[ "$wrk_rps" =~ ^[0-9]+$ && "$engine_rps" =~ ^[0-9]+$ && "$wrk_rps" -gt 0 ]]; then
    ratio=$(python3 -c "print('%.2f' % ($engine_rps / $wrk_rps))")
fi
echo "engine_rps=$engine_rps wrk_rps=$wrk_rps ratio=$ratio"
