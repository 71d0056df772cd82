#!/usr/bin/env bash
# What a virtual-thread-per-user client costs on this machine with none of the engine's code, beside wrk and the
# engine: bench/load-engine/TransportFloor.java in its three modes (blocking: the JDK's blocking channel read; probe:
# the same with a liveness read before each request; loop: one selector loop reading for parked users, the engine's
# transport since 2026-12-02), wrk, and the engine's socket client, in turn, ROUNDS times (default 3) at each count of
# COUNTS (default "32 256"), DURATION seconds each (default 10), GET /health of mock-terrafix (latency 0).
# Prints one line per run, each with the client's and the server's CPU time per request, and last
#   blocking_ratio=... loop_ratio=... engine_ratio=... blocking_ratio_256=... loop_ratio_256=... engine_ratio_256=...
# (the medians of each round's rps / wrk's rps, first and second count).
#
#   bench/transport-floor.sh
#   COUNTS=64 ROUNDS=5 bench/transport-floor.sh
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
HERE="$ROOT/bench/load-engine"
COUNTS=${COUNTS:-32 256}
DURATION=${DURATION:-10}
ROUNDS=${ROUNDS:-3}
. "$ROOT/bench/lib/engine.sh"
bench_start 0
command -v wrk >/dev/null || { echo "wrk is not installed (Debian package wrk)" >&2; exit 1; }
echo "# mock-terrafix (latency 0) on $URL, connections: $COUNTS, ${DURATION}s per run, $ROUNDS rounds, $(nproc) cores" >&2
wrk -t2 -c32 -d"${SERVER_WARMUP:-15}s" "$URL/health" >/dev/null # the server's JIT, before anything is measured

last=""
for CONNECTIONS in $COUNTS; do
    wait_idle
    declare -A ratios=([blocking]="" [loop]="" [engine]="")
    for round in $(seq 1 "$ROUNDS"); do
        before=$(server_ticks)
        wrk_out=$(wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" "$URL/health")
        after=$(server_ticks)
        w=$(awk '/Requests\/sec/ {printf "%.0f", $2}' <<<"$wrk_out")
        n=$(awk '/requests in/ {print $1}' <<<"$wrk_out")
        echo "wrk($CONNECTIONS) round $round: rps=$w server_cpu_us=$(python3 -c "print('%.2f' % (($after - $before) * 1e4 / max(1, $n)))") load $(loadavg)"
        for mode in blocking probe loop; do
            line=$("$JAVA" -Dbench.server.pid="$MOCK_PID" "$HERE/TransportFloor.java" "$URL" "$CONNECTIONS" "$DURATION" "$mode")
            r=$(python3 -c "print('%.3f' % ($(kv "$line" floor_rps) / $w))")
            [ "$mode" = probe ] || ratios[$mode]+=" $r"
            echo "floor $mode($CONNECTIONS) round $round: $line ratio=$r load $(loadavg)"
        done
        line=$("$JAVA" -Dbench.server.pid="$MOCK_PID" -cp "$ENGINE_CP" "$HERE/EngineBench.java" "$URL" "$CONNECTIONS" "$DURATION" socket | tail -1)
        r=$(python3 -c "print('%.3f' % ($(kv "$line" engine_rps) / $w))")
        ratios[engine]+=" $r"
        echo "engine($CONNECTIONS) round $round: $line ratio=$r load $(loadavg)"
    done
    suffix=""
    [ -z "$last" ] || suffix="_$CONNECTIONS"
    for what in blocking loop engine; do
        # shellcheck disable=SC2086
        m=$(median ${ratios[$what]})
        echo "$what($CONNECTIONS): median ratio to wrk $m (rounds:${ratios[$what]})"
        last+="${what}_ratio$suffix=$m "
    done
    unset ratios
done
echo "# load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "${last% }"
