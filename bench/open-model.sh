#!/usr/bin/env bash
# The open model's limit on this machine: the largest constant arrival rate the engine sustains for DURATION seconds
# (default 10) against mock-terrafix (latency 0) on loopback with 0 dropped (maxInFlight and late arrivals) and a
# schedule error (actual start - intended start, its own HdrHistogram) whose p99 stays under 1 ms. Rates double from
# START_RATE (default 1000) until one fails, then BISECT (default 3) bisection steps.
# Self-overhead: wrk has no fixed rate (wrk2 is not packaged), so the latency comparison is at the one shape both
# tools share: one connection, closed loop, no wait (wrk -t1 -c1; the engine's closed model with 1 user). The ratios
# are engine p50 / wrk p50 and engine p99 / wrk p99 of that run (raw latencies: from the actual send).
# At a fixed rate and pool, against vegeta (the Go open-model load tool: a constant rate, its latencies from each
# request's send): vegeta -rate COMPARE_RATE (default 1000) -max-connections COMPARE_CONNECTIONS (default 32) beside the
# engine's open model at the same rate with a pool of the same size; engine raw p50 / vegeta p50, raw p99 / vegeta p99.
# vegeta comes from PATH or is built once with `go install` into target/bench-tools; without Go the ratios read
# "unavailable".
# Last line: open_max_rps=... schedule_error_p99_us=... latency_p50_ratio_vs_wrk=... latency_p99_ratio_vs_wrk=...
#     latency_p50_ratio_vs_vegeta=... latency_p99_ratio_vs_vegeta=...
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
DURATION=${DURATION:-10}
START_RATE=${START_RATE:-1000}
BISECT=${BISECT:-3}
COMPARE_RATE=${COMPARE_RATE:-1000}
COMPARE_CONNECTIONS=${COMPARE_CONNECTIONS:-32}
VEGETA_VERSION=v12.13.0
. "$ROOT/bench/lib/engine.sh"
bench_start 0
echo "# mock-terrafix on $URL, open model ${DURATION}s per rate, $(nproc) cores" >&2

# run_rate R: sets LINE and OK (yes: 0 dropped, 0 late, schedule error p99 < 1000 us)
run_rate() {
    wait_idle
    local out
    out=$("$JAVA" -cp "$ENGINE_CP" "$ROOT/bench/load-engine/OpenBench.java" open "$URL" "$1" "$DURATION")
    LINE=$(grep '^open_result' <<<"$out")
    OK=no
    if [ "$(kv "$LINE" dropped)" = 0 ] && [ "$(kv "$LINE" late)" = 0 ] \
        && awk -v e="$(kv "$LINE" schedule_error_p99_us)" 'BEGIN { exit !(e < 1000) }'; then
        OK=yes
    fi
    echo "$LINE ok=$OK load $(loadavg)"
}

best_rate=0 best_line=""
rate=$START_RATE
while true; do
    run_rate "$rate"
    if [ "$OK" = yes ]; then best_rate=$rate; best_line=$LINE; rate=$((rate * 2)); else break; fi
    [ "$rate" -gt 200000 ] && break
done
lo=$best_rate hi=$rate
for _ in $(seq 1 "$BISECT"); do
    mid=$(( (lo + hi) / 2 ))
    [ "$mid" -le "$lo" ] && break
    run_rate "$mid"
    if [ "$OK" = yes ]; then lo=$mid; best_rate=$mid; best_line=$LINE; else hi=$mid; fi
done

# self-overhead at one connection, closed loop
wait_idle
wrk_out=$(wrk -t1 -c1 -d"${DURATION}s" --latency "$URL/health")
wrk_p50=$(awk '$1=="50%" {print $2}' <<<"$wrk_out")
wrk_p99=$(awk '$1=="99%" {print $2}' <<<"$wrk_out")
eng=$("$JAVA" -cp "$ENGINE_CP" "$ROOT/bench/load-engine/OpenBench.java" closed1 "$URL" "$DURATION" | grep '^closed1_result')
echo "wrk -c1: p50 $wrk_p50 p99 $wrk_p99 $(awk '/Requests\/sec/ {print $2}' <<<"$wrk_out") req/s; engine $eng; load $(loadavg)"
ratios=$(python3 - "$wrk_p50" "$wrk_p99" "$eng" <<'PY'
import re, sys
def ms(s):
    v, unit = re.match(r"([\d.]+)(us|ms|s)", s).groups()
    return float(v) * {"us": 1e-3, "ms": 1, "s": 1e3}[unit]
kv = dict(p.split("=", 1) for p in sys.argv[3].split()[1:])
print("%.2f %.2f" % (float(kv["p50_ms"]) / ms(sys.argv[1]), float(kv["p99_ms"]) / ms(sys.argv[2])))
PY
)
read -r r50 r99 <<<"$ratios"

# self-overhead at one rate and pool size, beside vegeta
VEGETA=$(command -v vegeta || true)
if [ -z "$VEGETA" ] && command -v go >/dev/null; then
    mkdir -p "$ROOT/target/bench-tools"
    VEGETA="$ROOT/target/bench-tools/vegeta"
    [ -x "$VEGETA" ] || GOBIN="$ROOT/target/bench-tools" go install "github.com/tsenart/vegeta/v12@$VEGETA_VERSION" >&2 \
        || VEGETA=
fi
v50=unavailable v99=unavailable
if [ -n "$VEGETA" ]; then
    wait_idle
    veg=$(echo "GET $URL/health" | "$VEGETA" attack -rate="$COMPARE_RATE" -duration="${DURATION}s" \
        -max-connections="$COMPARE_CONNECTIONS" | "$VEGETA" report -type=json)
    wait_idle
    eng=$("$JAVA" -cp "$ENGINE_CP" "$ROOT/bench/load-engine/OpenBench.java" open "$URL" "$COMPARE_RATE" "$DURATION" \
        "$COMPARE_CONNECTIONS" | grep '^open_result')
    read -r v50 v99 vsummary < <(python3 - "$veg" "$eng" <<'PY'
import json, sys
v = json.loads(sys.argv[1])
kv = dict(p.split("=", 1) for p in sys.argv[2].split()[1:])
lat = v["latencies"]
vp50, vp99 = lat["50th"] / 1e6, lat["99th"] / 1e6
print("%.2f %.2f vegeta: %d requests, success %.4f, p50 %.3f ms p99 %.3f ms; engine raw p50 %s ms p99 %s ms" % (
    float(kv["raw_p50_ms"]) / vp50, float(kv["raw_p99_ms"]) / vp99, v["requests"], v["success"], vp50, vp99,
    kv["raw_p50_ms"], kv["raw_p99_ms"]))
PY
)
    echo "at $COMPARE_RATE/s, $COMPARE_CONNECTIONS connections: $vsummary; engine $eng; load $(loadavg)"
fi
p99us=unavailable
[ -n "$best_line" ] && p99us=$(sed -n 's/.*schedule_error_p99_us=\([^ ]*\).*/\1/p' <<<"$best_line")
echo "# load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "open_max_rps=$best_rate schedule_error_p99_us=$p99us latency_p50_ratio_vs_wrk=$r50 latency_p99_ratio_vs_wrk=$r99 latency_p50_ratio_vs_vegeta=$v50 latency_p99_ratio_vs_vegeta=$v99"
