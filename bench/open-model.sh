#!/usr/bin/env bash
# The open model's limit on this machine: the largest constant arrival rate the engine sustains for DURATION seconds
# (default 10) against mock-terrafix (latency 0) on loopback with 0 dropped (maxInFlight and late arrivals) and a
# schedule error (actual start - intended start, its own HdrHistogram) whose p99 stays under 1 ms. Rates double from
# START_RATE (default 1000) until one fails, then BISECT (default 3) bisection steps.
# This machine's speed drifts by up to 1.6x within minutes and one phase's p99 follows the drift and its pauses (at
# 1000/s one run had 1,758 us, the next a minute later 676 us), so every figure is taken ROUNDS times (default 3): each
# rate runs ROUNDS times and holds when a majority of its rounds hold; each round's line and each rate's verdict (with
# the median schedule-error p99 of its rounds) are printed.
# Self-overhead: wrk has no fixed rate (wrk2 is not packaged), so the latency comparison is at the one shape both
# tools share: one connection, closed loop, no wait (wrk -t1 -c1; the engine's closed model with 1 user). wrk and the
# engine run in turn ROUNDS times; each round gives engine p50 / wrk p50 and engine p99 / wrk p99 (raw latencies: from
# the actual send) and the medians of the rounds' ratios are reported.
# At a fixed rate and pool, against vegeta (the Go open-model load tool: a constant rate, its latencies from each
# request's send): vegeta -rate COMPARE_RATE (default 1000) -max-connections COMPARE_CONNECTIONS (default 32) beside the
# engine's open model at the same rate with a pool of the same size, in turn ROUNDS times; each round gives engine raw
# p50 / vegeta p50 and raw p99 / vegeta p99, and the medians of the rounds' ratios are reported.
# vegeta comes from PATH or is built once with `go install` into target/bench-tools; without Go the ratios read
# "unavailable".
# The machine's own floor: cyclictest (Debian package rt-tests) wakes a sleeping thread at the reported rate's
# interval ROUNDS times; the median of its wake-up latency p99s is machine_wakeup_p99_us ("unavailable" without it).
# Steal: on a shared cloud host the hypervisor takes CPU time from this machine in bursts (/proc/stat's steal), and the
# schedule error follows it (1,000/s: p99 0.25 ms at 0.4 % steal, 2.7-5.6 ms at 9.5-21 %). Each open-model run prints
# its steal; a run with more than STEAL_MAX % (default 1) is run again, at most STEAL_RETRIES times (default 2), and the
# last attempt counts. steal_pct is the median steal of the reported rate's rounds.
# Last line: open_max_rps=... schedule_error_p99_us=... latency_p50_ratio_vs_wrk=... latency_p99_ratio_vs_wrk=...
#     latency_p50_ratio_vs_vegeta=... latency_p99_ratio_vs_vegeta=... machine_wakeup_p99_us=... steal_pct=...
# open_max_rps is the largest rate that held, schedule_error_p99_us the median p99 of that rate's rounds; when no rate
# held, open_max_rps=0 and schedule_error_p99_us is the median p99 of the lowest rate tried. The ratios are the medians
# of the rounds' ratios.
#
#   bench/open-model.sh                                  # 10 s per run, 3 rounds
#   DURATION=20 ROUNDS=5 START_RATE=500 BISECT=2 bench/open-model.sh
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
DURATION=${DURATION:-10}
START_RATE=${START_RATE:-1000}
BISECT=${BISECT:-3}
ROUNDS=${ROUNDS:-3}
COMPARE_RATE=${COMPARE_RATE:-1000}
COMPARE_CONNECTIONS=${COMPARE_CONNECTIONS:-32}
STEAL_MAX=${STEAL_MAX:-1}
STEAL_RETRIES=${STEAL_RETRIES:-2}
VEGETA_VERSION=v12.13.0
. "$ROOT/bench/lib/engine.sh"
bench_start 0
echo "# mock-terrafix on $URL, open model ${DURATION}s per run, $ROUNDS rounds, $(nproc) cores" >&2

# run_rate R ROUND: one run at R/s; sets LINE, STEAL (the hypervisor's share of the CPU time during the run, %) and OK
# (yes: 0 dropped, 0 late, schedule error p99 < 1000 us). A run the hypervisor took more than STEAL_MAX % from is run
# again, at most STEAL_RETRIES times; the last one counts whatever its steal.
run_rate() {
    local out before attempt
    for attempt in $(seq 0 "$STEAL_RETRIES"); do
        wait_idle
        before=$(cpu_stat)
        out=$("$JAVA" -cp "$ENGINE_CP" "$ROOT/bench/load-engine/OpenBench.java" open "$URL" "$1" "$DURATION")
        STEAL=$(steal_pct "$before" "$(cpu_stat)")
        LINE=$(grep '^open_result' <<<"$out")
        steal_over "$STEAL" || break
        [ "$attempt" -lt "$STEAL_RETRIES" ] && echo "$LINE round $2: steal $STEAL % > $STEAL_MAX %, run again"
    done
    OK=no
    if [ "$(kv "$LINE" dropped)" = 0 ] && [ "$(kv "$LINE" late)" = 0 ] \
        && awk -v e="$(kv "$LINE" schedule_error_p99_us)" 'BEGIN { exit !(e < 1000) }'; then
        OK=yes
    fi
    echo "$LINE ok=$OK round $2 steal $STEAL % load $(loadavg)"
}

# run_rounds R: R/s ROUNDS times; sets OK (yes: a majority of the rounds held) and P99 (the rounds' median
# schedule-error p99, us); remembers the lowest rate tried and its median in LOWEST_RATE, LOWEST_P99
run_rounds() {
    local held=0 p99s=() steals=() round
    for round in $(seq 1 "$ROUNDS"); do
        run_rate "$1" "$round"
        p99s+=("$(kv "$LINE" schedule_error_p99_us)") steals+=("$STEAL")
        if [ "$OK" = yes ]; then held=$((held + 1)); fi
    done
    P99=$(median "${p99s[@]}")
    STEALS="${steals[*]}"
    OK=no
    if [ $((held * 2)) -gt "$ROUNDS" ]; then OK=yes; fi
    echo "rate $1: held $held of $ROUNDS rounds, ok=$OK, schedule_error_p99_us median $P99 (rounds: ${p99s[*]}; steal %: $STEALS)"
    if [ -z "${LOWEST_RATE:-}" ] || [ "$1" -lt "$LOWEST_RATE" ]; then
        LOWEST_RATE=$1 LOWEST_P99=$P99 LOWEST_STEALS=$STEALS
    fi
}

best_rate=0 best_p99=""
rate=$START_RATE
while true; do
    run_rounds "$rate"
    if [ "$OK" = yes ]; then best_rate=$rate; best_p99=$P99; best_steals=$STEALS; rate=$((rate * 2)); else break; fi
    [ "$rate" -gt 200000 ] && break
done
lo=$best_rate hi=$rate
for _ in $(seq 1 "$BISECT"); do
    mid=$(( (lo + hi) / 2 ))
    [ "$mid" -le "$lo" ] && break
    run_rounds "$mid"
    if [ "$OK" = yes ]; then lo=$mid; best_rate=$mid; best_p99=$P99; best_steals=$STEALS; else hi=$mid; fi
done

# self-overhead at one connection, closed loop: wrk and the engine in turn, ROUNDS times, one ratio per round
wrk_r50s=() wrk_r99s=()
for round in $(seq 1 "$ROUNDS"); do
    wait_idle
    wrk_out=$(wrk -t1 -c1 -d"${DURATION}s" --latency "$URL/health")
    wrk_p50=$(awk '$1=="50%" {print $2}' <<<"$wrk_out")
    wrk_p99=$(awk '$1=="99%" {print $2}' <<<"$wrk_out")
    eng=$("$JAVA" -cp "$ENGINE_CP" "$ROOT/bench/load-engine/OpenBench.java" closed1 "$URL" "$DURATION" | grep '^closed1_result')
    ratios=$(python3 - "$wrk_p50" "$wrk_p99" "$eng" <<'PY'
import re, sys
def ms(s):
    v, unit = re.match(r"([\d.]+)(us|ms|s)", s).groups()
    return float(v) * {"us": 1e-3, "ms": 1, "s": 1e3}[unit]
kv = dict(p.split("=", 1) for p in sys.argv[3].split()[1:])
print("%.3f %.3f" % (float(kv["p50_ms"]) / ms(sys.argv[1]), float(kv["p99_ms"]) / ms(sys.argv[2])))
PY
)
    read -r wr50 wr99 <<<"$ratios"
    wrk_r50s+=("$wr50") wrk_r99s+=("$wr99")
    echo "wrk -c1 round $round: p50 $wrk_p50 p99 $wrk_p99 $(awk '/Requests\/sec/ {print $2}' <<<"$wrk_out") req/s; engine $eng; ratios p50 $wr50 p99 $wr99; load $(loadavg)"
done
r50=$(python3 -c "print('%.2f' % $(median "${wrk_r50s[@]}"))")
r99=$(python3 -c "print('%.2f' % $(median "${wrk_r99s[@]}"))")
echo "vs wrk -c1: median ratios p50 $r50 p99 $r99 (rounds: p50 ${wrk_r50s[*]}; p99 ${wrk_r99s[*]})"

# self-overhead at one rate and pool size, beside vegeta: vegeta and the engine in turn, ROUNDS times
VEGETA=$(command -v vegeta || true)
if [ -z "$VEGETA" ] && command -v go >/dev/null; then
    mkdir -p "$ROOT/target/bench-tools"
    VEGETA="$ROOT/target/bench-tools/vegeta"
    [ -x "$VEGETA" ] || GOBIN="$ROOT/target/bench-tools" go install "github.com/tsenart/vegeta/v12@$VEGETA_VERSION" >&2 \
        || VEGETA=
fi
v50=unavailable v99=unavailable
if [ -n "$VEGETA" ]; then
    veg_r50s=() veg_r99s=()
    for round in $(seq 1 "$ROUNDS"); do
        wait_idle
        veg=$(echo "GET $URL/health" | "$VEGETA" attack -rate="$COMPARE_RATE" -duration="${DURATION}s" \
            -max-connections="$COMPARE_CONNECTIONS" | "$VEGETA" report -type=json)
        wait_idle
        eng=$("$JAVA" -cp "$ENGINE_CP" "$ROOT/bench/load-engine/OpenBench.java" open "$URL" "$COMPARE_RATE" "$DURATION" \
            "$COMPARE_CONNECTIONS" | grep '^open_result')
        read -r rv50 rv99 vsummary < <(python3 - "$veg" "$eng" <<'PY'
import json, sys
v = json.loads(sys.argv[1])
kv = dict(p.split("=", 1) for p in sys.argv[2].split()[1:])
lat = v["latencies"]
vp50, vp99 = lat["50th"] / 1e6, lat["99th"] / 1e6
print("%.3f %.3f vegeta: %d requests, success %.4f, p50 %.3f ms p99 %.3f ms; engine raw p50 %s ms p99 %s ms" % (
    float(kv["raw_p50_ms"]) / vp50, float(kv["raw_p99_ms"]) / vp99, v["requests"], v["success"], vp50, vp99,
    kv["raw_p50_ms"], kv["raw_p99_ms"]))
PY
)
        veg_r50s+=("$rv50") veg_r99s+=("$rv99")
        echo "at $COMPARE_RATE/s, $COMPARE_CONNECTIONS connections, round $round: $vsummary; ratios p50 $rv50 p99 $rv99; engine $eng; load $(loadavg)"
    done
    v50=$(python3 -c "print('%.2f' % $(median "${veg_r50s[@]}"))")
    v99=$(python3 -c "print('%.2f' % $(median "${veg_r99s[@]}"))")
    echo "vs vegeta: median ratios p50 $v50 p99 $v99 (rounds: p50 ${veg_r50s[*]}; p99 ${veg_r99s[*]})"
fi
# the held rate's median; when none held, the lowest rate tried's
p99us=${best_p99:-${LOWEST_P99:-unavailable}}
read -ra reported_steals <<<"${best_steals:-${LOWEST_STEALS:-}}"
steal=unavailable
[ "${#reported_steals[@]}" -gt 0 ] && steal=$(median "${reported_steals[@]}")

# the machine's own timer: how late this kernel wakes a sleeping thread at the reported rate's interval (cyclictest,
# rt-tests, normal priority, ROUNDS runs of DURATION seconds): no generator here keeps its schedule better than this
wake_rate=$best_rate
[ "$wake_rate" -gt 0 ] || wake_rate=${LOWEST_RATE:-$START_RATE}
wake99=unavailable
if command -v cyclictest >/dev/null; then
    wake99s=()
    for round in $(seq 1 "$ROUNDS"); do
        wait_idle
        wake=$(cyclictest -q -i $((1000000 / wake_rate)) -l $((wake_rate * DURATION)) -h 20000 -t 1 | python3 -c '
import sys
rows, overflows = [], 0
for line in sys.stdin:
    p = line.split()
    if p and p[0].isdigit():
        rows.append((int(p[0]), int(p[1])))
    elif line.startswith("# Histogram Overflows"):
        overflows = int(p[-1])
total = sum(c for _, c in rows) + overflows
def q(f):
    acc = 0
    for us, c in rows:
        acc += c
        if acc >= f * total:
            return us
    return 20000
print(q(0.5), q(0.99), q(0.999))')
        read -r w50 w99 w999 <<<"$wake"
        wake99s+=("$w99")
        echo "cyclictest at $wake_rate/s, round $round: wake-up latency p50 $w50 us, p99 $w99 us, p99.9 $w999 us; load $(loadavg)"
    done
    wake99=$(median "${wake99s[@]}")
fi
echo "# load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "open_max_rps=$best_rate schedule_error_p99_us=$p99us latency_p50_ratio_vs_wrk=$r50 latency_p99_ratio_vs_wrk=$r99 latency_p50_ratio_vs_vegeta=$v50 latency_p99_ratio_vs_vegeta=$v99 machine_wakeup_p99_us=$wake99 steal_pct=$steal"
