#!/usr/bin/env bash
# Throughput of the infra-perf load engine against wrk (and Gatling and Locust FastHttpUser when available) on
# GET /health of mock-terrafix with 0 ms latency, all at the same number of connections, each for DURATION seconds,
# at two connection counts in the same run (32 and 256 by default). Before each count it waits (up to 5 min) for the
# 1-minute load average to fall below 1.0 and prints the load average beside the figures.
# Prints one line per tool and count and, last, engine_rps=... wrk_rps=... ratio=... ratio_256=... (the first count's
# figures, and the second count's ratio).
#
#   bench/load-engine.sh                      # 32 and 256 connections, 10 s each
#   COUNTS="64 512" DURATION=20 bench/load-engine.sh
#   SKIP_GATLING=1 SKIP_LOCUST=1 SKIP_JDK=1 bench/load-engine.sh
#
# Everything runs on this machine: load generator and server share its cores, so absolute figures are lower bounds
# and the ratios of one run are what to compare.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
HERE="$ROOT/bench/load-engine"
COUNTS=${COUNTS:-${CONNECTIONS:-32} 256}
DURATION=${DURATION:-10}
. "$ROOT/bench/lib/engine.sh"
bench_start 0
echo "# mock-terrafix (latency 0) on $URL, connections: $COUNTS, ${DURATION}s per tool, $(nproc) cores" >&2
# the server's JIT warm-up, before any tool is measured: otherwise whichever tool runs first measures it
if command -v wrk >/dev/null; then
    wrk -t2 -c32 -d"${SERVER_WARMUP:-15}s" "$URL/health" >/dev/null
fi

declare -A WRK ENGINE RATIO
for CONNECTIONS in $COUNTS; do
    wait_idle
    echo "## $CONNECTIONS connections, load $(cut -d' ' -f1-3 /proc/loadavg)"
    # wrk: warm-up, then the measured run
    wrk_rps=unavailable
    if command -v wrk >/dev/null; then
        wrk -t2 -c"$CONNECTIONS" -d3s "$URL/health" >/dev/null
        wrk_out=$(wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --latency "$URL/health")
        wrk_rps=$(awk '/Requests\/sec/ {printf "%.0f", $2}' <<<"$wrk_out")
        echo "wrk($CONNECTIONS): $(grep -E 'requests in|Latency  ' <<<"$wrk_out" | tr -s ' ' | paste -sd ';') load $(loadavg)"
    fi

    # the engine, with its socket client (default) and with the JDK HttpClient
    engine_out=$("$JAVA" -cp "$ENGINE_CP" "$HERE/EngineBench.java" "$URL" "$CONNECTIONS" "$DURATION" socket)
    echo "$(head -1 <<<"$engine_out") load $(loadavg)"
    engine_rps=$(sed -n 's/^engine_rps=//p' <<<"$engine_out")
    if [ -z "${SKIP_JDK:-}" ]; then
        jdk_out=$("$JAVA" -cp "$ENGINE_CP" "$HERE/EngineBench.java" "$URL" "$CONNECTIONS" "$DURATION" jdk)
        echo "$(head -1 <<<"$jdk_out") load $(loadavg)"
        echo "engine_jdk_rps($CONNECTIONS)=$(sed -n 's/^engine_rps=//p' <<<"$jdk_out")"
    fi

    # Gatling (Maven Central), same connections, each virtual user looping on its own keep-alive connection
    if [ -z "${SKIP_GATLING:-}" ]; then
        if gatling_out=$(mvn -q -B -f "$HERE/gatling/pom.xml" gatling:test -Dbench.url="$URL" \
                -Dbench.users="$CONNECTIONS" -Dbench.seconds="$DURATION" 2>&1); then
            # reports are off, so count the OK requests of the last console summary over the run time
            gatling_ok=$(grep -E '^> Global' <<<"$gatling_out" | tail -1 | awk -F'|' '{gsub(/[ ,]/, "", $3); print $3}' || true)
            if [[ "$gatling_ok" =~ ^[0-9]+$ ]]; then
                echo "gatling($CONNECTIONS): $gatling_ok OK requests in ${DURATION}s, $(grep -E '^> Global' <<<"$gatling_out" | tail -1 | tr -s ' ') load $(loadavg)"
                echo "gatling_rps($CONNECTIONS)=$((gatling_ok / DURATION))"
            else
                echo "gatling_rps($CONNECTIONS)=unparsed"
            fi
        else
            echo "gatling_rps($CONNECTIONS)=unavailable ($(tail -3 <<<"$gatling_out" | tr '\n' ' ' | cut -c1-200))"
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
            echo "locust_fasthttp_rps($CONNECTIONS)=$locust_rps (one process) load $(loadavg)"
        else
            echo "locust_fasthttp_rps($CONNECTIONS)=unavailable (no locust on PATH)"
        fi
    fi

    ratio=unavailable
    if [[ "$wrk_rps" =~ ^[0-9]+$ && "$engine_rps" =~ ^[0-9]+$ && "$wrk_rps" -gt 0 ]]; then
        ratio=$(python3 -c "print('%.2f' % ($engine_rps / $wrk_rps))")
    fi
    echo "engine_rps($CONNECTIONS)=$engine_rps wrk_rps($CONNECTIONS)=$wrk_rps ratio($CONNECTIONS)=$ratio"
    WRK[$CONNECTIONS]=$wrk_rps
    ENGINE[$CONNECTIONS]=$engine_rps
    RATIO[$CONNECTIONS]=$ratio
done

read -r FIRST SECOND _ <<<"$COUNTS"
echo "engine_rps=${ENGINE[$FIRST]} wrk_rps=${WRK[$FIRST]} ratio=${RATIO[$FIRST]} ratio_${SECOND:-none}=${RATIO[${SECOND:-$FIRST}]}"
