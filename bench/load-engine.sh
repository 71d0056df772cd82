#!/usr/bin/env bash
# Throughput of the infra-perf load engine against wrk (and Gatling and Locust FastHttpUser when available) on
# GET /health of mock-terrafix with 0 ms latency, all at the same number of connections, each for DURATION seconds,
# at two connection counts in the same run (32 and 256 by default). Before each count it waits (up to 5 min) for the
# 1-minute load average to fall below 1.0 and prints the load average beside the figures.
# wrk and the engine run ROUNDS times (default 5) in turn at each count, wrk first in odd rounds and the engine first in
# even ones (the machine's speed drifts); each round gives a ratio and the median is reported, with each generator's
# own CPU time per request (what the ratio comes from: both share the cores with the server). Prints one line per tool,
# round and count and, last, engine_rps=... wrk_rps=... ratio=... ratio_256=... (the first count's medians, and the
# second count's median ratio). Each run's line also shows the share of the machine's CPU time the hypervisor took
# during it (steal, from /proc/stat): the drift often follows it, so a round in which either run lost more than
# STEAL_MAX % (default 1) is run again, at most STEAL_RETRIES times (default 2), and the last attempt counts.
# The JVM tools are measured warm: the engine after two warm-up phases of 3 s and 2 s in its JVM (EngineBench: its line
# shows the CPU its JIT compilers took during the measured phase), Gatling after a warm-up scenario as long.
#
#   bench/load-engine.sh                      # 32 and 256 connections, 10 s each
#   COUNTS="64 512" DURATION=20 ROUNDS=7 bench/load-engine.sh
#   SKIP_GATLING=1 SKIP_LOCUST=1 SKIP_JDK=1 bench/load-engine.sh
#   ENGINE_OPTS=-Xmn32m bench/load-engine.sh  # extra JVM options of the engine's runs (both clients)
#
# Everything runs on this machine: load generator and server share its cores, so absolute figures are lower bounds
# and the ratios of one run are what to compare.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
HERE="$ROOT/bench/load-engine"
COUNTS=${COUNTS:-${CONNECTIONS:-32} 256}
DURATION=${DURATION:-10}
ROUNDS=${ROUNDS:-5}
STEAL_MAX=${STEAL_MAX:-1}
STEAL_RETRIES=${STEAL_RETRIES:-2}
ENGINE_OPTS=${ENGINE_OPTS:-}
GATLING_WARMUP=5 # seconds, as long as EngineBench's two warm-up phases
. "$ROOT/bench/lib/engine.sh"

# with_cpu COMMAND...: runs it, prints its output and then cpu_seconds=<its user + system time>
with_cpu() {
    python3 -c 'import resource, subprocess, sys
out = subprocess.run(sys.argv[1:], stdout=subprocess.PIPE, text=True, check=True).stdout
u = resource.getrusage(resource.RUSAGE_CHILDREN)
print(out, end="")
print("cpu_seconds=%.4f" % (u.ru_utime + u.ru_stime))' "$@"
}
bench_start 0
echo "# mock-terrafix (latency 0) on $URL, connections: $COUNTS, ${DURATION}s per tool, $(nproc) cores${ENGINE_OPTS:+, engine JVM options: $ENGINE_OPTS}" >&2
# the server's JIT warm-up, before any tool is measured: otherwise whichever tool runs first measures it
if command -v wrk >/dev/null; then
    wrk -t2 -c32 -d"${SERVER_WARMUP:-15}s" "$URL/health" >/dev/null
fi

# run_wrk / run_engine: one measured run of each at $CONNECTIONS, setting w, w_cpu, w_server, w_steal and e, e_cpu,
# e_server, e_steal; a round runs both, wrk first in odd rounds and the engine first in even ones, so a drift of
# the machine within a round (a run of the same tool reads up to 1.4x the one before, with no steal) favours
# neither
run_wrk() {
    w_steal=0
    if command -v wrk >/dev/null; then
        wrk -t2 -c"$CONNECTIONS" -d3s "$URL/health" >/dev/null
        server_before=$(server_ticks) stat_before=$(cpu_stat)
        wrk_out=$(with_cpu wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --latency "$URL/health")
        server_after=$(server_ticks) w_steal=$(steal_pct "$stat_before" "$(cpu_stat)")
        w=$(awk '/Requests\/sec/ {printf "%.0f", $2}' <<<"$wrk_out")
        w_requests=$(awk '/requests in/ {print $1}' <<<"$wrk_out")
        w_cpu=$(python3 -c "print('%.2f' % ($(kv "$(tail -1 <<<"$wrk_out")" cpu_seconds) * 1e6 / max(1, $w_requests)))")
        w_server=$(python3 -c "print('%.2f' % (($server_after - $server_before) * 1e4 / max(1, $w_requests)))")
        echo "wrk($CONNECTIONS) round $round: $(grep -E 'requests in|Latency  ' <<<"$wrk_out" | tr -s ' ' | paste -sd ';') cpu_us_per_request $w_cpu, server's $w_server, steal $w_steal % load $(loadavg)"
    fi
}

# engine_bench CLIENT [JVM OPTIONS...]: one EngineBench run at $CONNECTIONS with that client (socket or jdk)
engine_bench() {
    # shellcheck disable=SC2086 # the options split into words
    "$JAVA" $ENGINE_OPTS "${@:2}" -cp "$ENGINE_CP" "$HERE/EngineBench.java" "$URL" "$CONNECTIONS" "$DURATION" "$1"
}

run_engine() {
    stat_before=$(cpu_stat)
    engine_out=$(engine_bench socket -Dbench.server.pid="$MOCK_PID")
    e_steal=$(steal_pct "$stat_before" "$(cpu_stat)")
    e=$(kv "$(tail -1 <<<"$engine_out")" engine_rps)
    e_cpu=$(kv "$(tail -1 <<<"$engine_out")" engine_cpu_us)
    e_server=$(kv "$(tail -1 <<<"$engine_out")" server_cpu_us)
    echo "$(head -1 <<<"$engine_out") round $round, cpu_us_per_request $e_cpu, server's $e_server, steal $e_steal % load $(loadavg)"
}

declare -A WRK ENGINE RATIO
for CONNECTIONS in $COUNTS; do
    wait_idle
    echo "## $CONNECTIONS connections, load $(cut -d' ' -f1-3 /proc/loadavg)"
    # wrk and the engine's socket client, ROUNDS times in turn: this machine's speed drifts by up to 1.6x within
    # minutes (the same engine build measured 31,000 and 52,000 req/s three minutes apart), so one run of each says
    # little; the ratio of each round is taken (both ran within 30 s of each other) and the median of those reported
    wrk_rps=unavailable engine_rps=unavailable round_ratios=() engines=() wrks=() engine_cpus=() wrk_cpus=()
    engine_servers=() wrk_servers=() steals=()
    for round in $(seq 1 "$ROUNDS"); do
        for attempt in $(seq 0 "$STEAL_RETRIES"); do
            if [ $((round % 2)) -eq 1 ]; then run_wrk; run_engine; else run_engine; run_wrk; fi
            # a round the hypervisor took more than STEAL_MAX % from (either run) is run again, at most STEAL_RETRIES times
            steal_over "$w_steal" "$e_steal" || break
            [ "$attempt" -lt "$STEAL_RETRIES" ] && echo "round $round: steal over $STEAL_MAX %, run again"
        done
        if command -v wrk >/dev/null; then
            wrks+=("$w") wrk_cpus+=("$w_cpu") wrk_servers+=("$w_server")
        fi
        engines+=("$e") engine_cpus+=("$e_cpu") engine_servers+=("$e_server") steals+=("$w_steal/$e_steal")
        if [ "${#wrks[@]}" -eq "$round" ] && [ "${w:-0}" -gt 0 ]; then
            round_ratios+=("$(python3 -c "print('%.3f' % ($e / $w))")")
        fi
    done
    engine_rps=$(printf "%.0f" "$(median "${engines[@]}")")
    engine_cpu=$(median "${engine_cpus[@]}")
    if [ "${#wrks[@]}" -gt 0 ]; then
        wrk_rps=$(printf "%.0f" "$(median "${wrks[@]}")")
        wrk_cpu=$(median "${wrk_cpus[@]}")
        echo "cpu_us_per_request($CONNECTIONS): engine $engine_cpu, wrk $wrk_cpu; the server's, driven by each: $(median "${engine_servers[@]}"), $(median "${wrk_servers[@]}") (medians; user + system time over the requests)"
    fi
    if [ -z "${SKIP_JDK:-}" ]; then
        jdk_out=$(engine_bench jdk)
        echo "$(head -1 <<<"$jdk_out") load $(loadavg)"
        echo "engine_jdk_rps($CONNECTIONS)=$(kv "$(tail -1 <<<"$jdk_out")" engine_rps) cpu_us_per_request $(kv "$(tail -1 <<<"$jdk_out")" engine_cpu_us)"
    fi

    # Gatling (Maven Central), same connections, each virtual user looping on its own keep-alive connection, after a
    # warm-up as long as the engine's (its requests are named apart and not counted)
    if [ -z "${SKIP_GATLING:-}" ]; then
        if gatling_out=$(mvn -q -B -f "$HERE/gatling/pom.xml" gatling:test -Dbench.url="$URL" \
                -Dbench.users="$CONNECTIONS" -Dbench.seconds="$DURATION" -Dbench.warmup="$GATLING_WARMUP" 2>&1); then
            # reports are off, so count the OK requests of the measured scenario in the last console summary
            gatling_ok=$(grep -E '^> health ' <<<"$gatling_out" | tail -1 | awk -F'|' '{gsub(/[ ,]/, "", $3); print $3}' || true)
            if [[ "$gatling_ok" =~ ^[0-9]+$ ]]; then
                echo "gatling($CONNECTIONS): $gatling_ok OK requests in ${DURATION}s after a ${GATLING_WARMUP} s warm-up, $(grep -E '^> health ' <<<"$gatling_out" | tail -1 | tr -s ' ') load $(loadavg)"
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
    if [ "${#round_ratios[@]}" -gt 0 ]; then
        ratio=$(python3 -c "print('%.2f' % $(median "${round_ratios[@]}"))")
    fi
    echo "engine_rps($CONNECTIONS)=$engine_rps wrk_rps($CONNECTIONS)=$wrk_rps ratio($CONNECTIONS)=$ratio (medians of $ROUNDS rounds; round ratios: ${round_ratios[*]:-none}; steal % wrk/engine: ${steals[*]})"
    WRK[$CONNECTIONS]=$wrk_rps
    ENGINE[$CONNECTIONS]=$engine_rps
    RATIO[$CONNECTIONS]=$ratio
done

read -r FIRST SECOND _ <<<"$COUNTS"
# the second count's ratio only when there is a second count
echo "engine_rps=${ENGINE[$FIRST]} wrk_rps=${WRK[$FIRST]} ratio=${RATIO[$FIRST]}${SECOND:+ ratio_$SECOND=${RATIO[$SECOND]:-}}"
