#!/usr/bin/env bash
# Where the engine's time per request goes in the kernel, beside wrk's: system calls per request of each load
# generator's process, counted with `perf stat` tracepoints (syscalls:sys_enter_*), for the same shape as
# bench/load-engine.sh (GET /health of mock-terrafix at latency 0, CONNECTIONS connections, DURATION seconds).
# Both tools send each request with one write(2), so every count is divided by the process's writes; the engine's
# counts include its JVM start (a few hundred calls against hundreds of thousands of requests) and its two warm-up phases (5 s).
# The server's system calls and context switches over each client's run are counted too (perf stat -p), per request
# of that client: how much of the server's cost depends on the client that drives it.
# Needs perf with tracepoint access (perf_event_paranoid <= 2 for one's own processes) and wrk.
# Last line: engine_read=... engine_futex=... engine_epoll_ctl=... engine_total=... wrk_read=... wrk_total=...
# server_total_engine=... server_total_wrk=... server_cs_engine=... server_cs_wrk=...
#
#   bench/engine-syscalls.sh
#   CONNECTIONS=256 DURATION=20 bench/engine-syscalls.sh
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
CONNECTIONS=${CONNECTIONS:-32}
DURATION=${DURATION:-10}
CALLS="read write futex epoll_ctl epoll_wait fcntl poll"
. "$ROOT/bench/lib/engine.sh"
command -v perf >/dev/null || { echo "engine-syscalls.sh: perf is not installed" >&2; exit 2; }
command -v wrk >/dev/null || { echo "engine-syscalls.sh: wrk is not installed" >&2; exit 2; }
bench_start 0
events=$(for c in $CALLS; do printf 'syscalls:sys_enter_%s,' "$c"; done)
events=${events%,}

# per_request FILE PREFIX: one key=value per call (count / writes) and PREFIX_total
per_request() {
    awk -F, -v p="$2" '$3 ~ /sys_enter_/ { sub(/.*sys_enter_/, "", $3); n[$3] = $1; order[++k] = $3 }
        END { if (!n["write"]) { print p "_total=unavailable"; exit }
              for (i = 1; i <= k; i++) { c = order[i]; t += n[c]; printf "%s_%s=%.2f ", p, c, n[c] / n["write"] }
              printf "%s_total=%.2f\n", p, t / n["write"] }' "$1"
}

# server_per_request FILE PREFIX REQUESTS: the server's counts over one client's run, per request of that client
server_per_request() {
    awk -F, -v p="$2" -v r="$3" '$3 ~ /sys_enter_|context-switches/ { c = $3; sub(/.*sys_enter_/, "", c);
            if (c != "context-switches") t += $1; printf "%s_%s=%.2f ", p, c, $1 / r }
        END { printf "%s_total=%.2f\n", p, t / r }' "$1"
}

# server_watch FILE: counts the server's calls until server_unwatch
server_watch() {
    perf stat -x, -e "$events,context-switches" -p "$MOCK_PID" -o "$1" &
    WATCH_PID=$!
    sleep 0.5
}
server_unwatch() {
    kill -INT "$WATCH_PID"
    wait "$WATCH_PID" 2>/dev/null || true
}

# writes FILE: the client's write count
writes() {
    awk -F, '$3 ~ /sys_enter_write$/ { print $1 }' "$1"
}

out=$(mktemp -d)
wait_idle
server_watch "$out/server-engine.csv"
perf stat -x, -e "$events" -o "$out/engine.csv" -- \
    "$JAVA" -cp "$ENGINE_CP" "$ROOT/bench/load-engine/EngineBench.java" "$URL" "$CONNECTIONS" "$DURATION" socket \
    >"$out/engine.txt"
server_unwatch
echo "$(head -1 "$out/engine.txt") load $(loadavg)"
engine=$(per_request "$out/engine.csv" engine)
echo "engine per request: $engine"

wait_idle
wrk -t2 -c"$CONNECTIONS" -d3s "$URL/health" >/dev/null
server_watch "$out/server-wrk.csv"
perf stat -x, -e "$events" -o "$out/wrk.csv" -- wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" "$URL/health" >"$out/wrk.txt"
server_unwatch
echo "wrk: $(awk '/Requests\/sec/ {print $2}' "$out/wrk.txt") req/s load $(loadavg)"
wrk=$(per_request "$out/wrk.csv" wrk)
echo "wrk per request: $wrk"
server_engine=$(server_per_request "$out/server-engine.csv" server "$(writes "$out/engine.csv")")
server_wrk=$(server_per_request "$out/server-wrk.csv" server "$(writes "$out/wrk.csv")")
echo "server per request, driven by the engine: $server_engine"
echo "server per request, driven by wrk: $server_wrk"
rm -rf "$out"
echo "# load average $(cut -d' ' -f1-3 /proc/loadavg), $CONNECTIONS connections"
line=""
for key in engine_read engine_futex engine_epoll_ctl engine_total; do line+="$key=$(kv "$engine" "$key") "; done
for key in wrk_read wrk_total; do line+="$key=$(kv "$wrk" "$key") "; done
line+="server_total_engine=$(kv "$server_engine" server_total) server_total_wrk=$(kv "$server_wrk" server_total) "
line+="server_cs_engine=$(kv "$server_engine" server_context-switches) server_cs_wrk=$(kv "$server_wrk" server_context-switches)"
echo "$line"
