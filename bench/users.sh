#!/usr/bin/env bash
# How many concurrent users the engine holds on this machine: a closed model of USERS users (default 100,000), each
# pacing one GET /health every PACING seconds (default 10, so USERS/10 req/s), started at SPAWN_RATE users/s
# (default 10,000), for DURATION seconds (default 45), in a JVM with HEAP (-Xmx, default 1g), against mock-terrafix
# (latency 0) on loopback. Connection model: the users share one keep-alive pool of CONNECTIONS (default 200; empty for
# the engine's default, min(users, 10,000)), opened as requests in flight need them; a pacing user holds no connection.
# Measures: achieved req/s over the steady window (every user started and paced once) against the target, spawn time
# (1 s resolution), open fds of the load JVM (peak), p50 and p99; then, in a second phase of the same users, spawn and
# pacing, the heap after a full GC once every user is started and paced, minus before the first phase, per user.
# Before both, a warm-up spawn at SPAWN_RATE (2 s of users pacing at 1 s) compiles the spawn's paths. If USERS does
# not hold the rate within 1 %, searches (SEARCH=0 disables) for the largest count that does, halving the gap each
# step (STEPS, default 3).
# The heap's two full collections (forced_gc_ms in the users_result line) hold up every user due meanwhile, which then
# keep that bunched schedule: that is why they run in a phase of their own, after the measured one. MEASURE_HEAP=0
# leaves that phase out (bytes_per_user is then -1). Each 1 s interval's users, req/s, p50, p99 and max go to stderr.
# JAVA_OPTS: more options for the load JVM.
# Last line: users=... target_rps=... achieved_rps=... bytes_per_user=... heap_mb=... spawn_s=...
#
#   bench/users.sh
#   USERS=10000 SPAWN_RATE=2000 DURATION=30 SEARCH=0 bench/users.sh   # the issue's baseline shape
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
USERS=${USERS:-100000}
PACING=${PACING:-10}
SPAWN_RATE=${SPAWN_RATE:-10000}
DURATION=${DURATION:-45}
HEAP=${HEAP:-1g}
# size of the keep-alive pool the users share; set but empty (CONNECTIONS=) for the engine's default (min(users, 10,000))
CONNECTIONS=${CONNECTIONS-200}
SEARCH=${SEARCH:-1}
STEPS=${STEPS:-3}
. "$ROOT/bench/lib/engine.sh"
bench_start 0
echo "# connection model: one keep-alive pool shared by the users, size ${CONNECTIONS:-default}; mock-terrafix on $URL; users pace ${PACING}s, spawn ${SPAWN_RATE}/s, ${DURATION}s, -Xmx$HEAP, $(nproc) cores, fd limit $(ulimit -n)" >&2

# run_users N: runs the bench at N users, sets RESULT (the users_result line) and HOLDS (yes when within 1 %)
run_users() {
    local n=$1 out
    wait_idle
    out=$("$JAVA" -Xmx"$HEAP" ${JAVA_OPTS:-} -Dbench.noHeap=$([ "${MEASURE_HEAP:-1}" = 0 ] && echo true || echo false) ${CONNECTIONS:+-Dperf.load.connections=$CONNECTIONS} -cp "$ENGINE_CP" "$ROOT/bench/load-engine/UsersBench.java" "$URL" "$n" "$SPAWN_RATE" \
        "$DURATION" "$PACING")
    grep -v '^users_result' <<<"$out" >&2
    RESULT=$(grep '^users_result' <<<"$out")
    echo "$RESULT load $(cut -d' ' -f1-3 /proc/loadavg)"
    HOLDS=no
    awk -v a="$(kv "$RESULT" achieved_rps)" -v t="$(kv "$RESULT" target_rps)" 'BEGIN { exit !(a >= 0.99 * t) }' \
        && HOLDS=yes
}

run_users "$USERS"
BEST=""
if [ "$HOLDS" = yes ]; then
    BEST=$RESULT
elif [ "$SEARCH" = 1 ]; then
    lo=0 hi=$USERS
    for _ in $(seq 1 "$STEPS"); do
        mid=$(( (lo + hi) / 2 / 1000 * 1000 ))
        [ "$mid" -le "$lo" ] && break
        run_users "$mid"
        if [ "$HOLDS" = yes ]; then lo=$mid; BEST=$RESULT; else hi=$mid; fi
    done
fi
[ -z "$BEST" ] && BEST=$RESULT && echo "# no count held the rate within 1 %; the last run's figures follow" >&2
echo "# load average $(cut -d' ' -f1-3 /proc/loadavg)"
python3 - "$BEST" <<'PY'
import sys
kv = dict(p.split("=", 1) for p in sys.argv[1].split()[1:])
print(" ".join(k + "=" + kv[k] for k in ["users", "target_rps", "achieved_rps", "bytes_per_user", "heap_mb", "spawn_s"]))
PY
