# Sourced by the load-engine bench scripts (load-engine.sh, users.sh, open-model.sh, long-run.sh, transport-floor.sh,
# engine-syscalls.sh) after they set ROOT: builds the load module and mock-terrafix into their target dirs (package,
# never install), starts mock-terrafix on a loopback port, waits for an idle machine before each measured run.
#
# bench_start [latency-ms]: all of it at once: $JAVA (a JDK 21+), the build, mock-terrafix, the working directory $ROOT.
# After engine_build: $ENGINE_CP (load module classes + dependencies), $MOCK_JAR.
# After start_mock [latency-ms]: $URL, $MOCK_PID; stop_mock stops it (an EXIT trap calls it).
# kv LINE KEY prints the value of KEY=... in a result line; median VALUE... their median; server_ticks mock-terrafix's
# CPU time so far; cpu_stat and steal_pct: the CPU time the hypervisor took (steal) between two points.

. "$ROOT/bench/lib/java.sh"

bench_start() {
    JAVA=$(find_java21)
    cd "$ROOT"
    engine_build
    start_mock "${1:-0}"
}

kv() {
    tr ' ' '\n' <<<"$1" | sed -n "s/^$2=//p" | head -1
}

# median VALUE...: the middle value (the mean of the two middle ones for an even count)
median() {
    python3 -c 'import statistics, sys; print(("%.2f" % statistics.median(map(float, sys.argv[1:]))).rstrip("0").rstrip("."))' "$@"
}

# server_ticks: mock-terrafix's user + system time so far, in clock ticks (10 ms)
server_ticks() {
    awk '{ sub(/.*\) /, ""); print $12 + $13 }' "/proc/$MOCK_PID/stat"
}

engine_build() {
    echo "# building mock-terrafix and perf-junit-extension/load (tests not compiled)" >&2
    (cd "$ROOT" && mvn -q -B -pl perf-junit-extension/load,mock-terrafix -am -Dmaven.test.skip=true \
        -Dspotless.check.skip=true package dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt >&2)
    # a private copy: other builds in this working tree rewrite the modules' target dirs while a bench runs
    BENCH_LIB=$(mktemp -d "${TMPDIR:-/tmp}/infra-perf-bench.XXXXXX")
    trap stop_mock EXIT
    cp -r "$ROOT/perf-junit-extension/load/target/classes" "$BENCH_LIB/load-classes"
    local cp="$BENCH_LIB/load-classes" entry
    for entry in $(tr ':' ' ' <"$ROOT/perf-junit-extension/load/target/bench-classpath.txt"); do
        case "$entry" in
            "$ROOT"/*) cp "$entry" "$BENCH_LIB/"; cp="$cp:$BENCH_LIB/$(basename "$entry")" ;;
            *) cp="$cp:$entry" ;;
        esac
    done
    ENGINE_CP="$cp"
    cp "$ROOT/mock-terrafix/target/mock-terrafix.jar" "$BENCH_LIB/mock-terrafix.jar"
    MOCK_JAR="$BENCH_LIB/mock-terrafix.jar"
    mkdir -p "$ROOT/target"
}

free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# start_mock [latency-ms] [extra java options...]: mock-terrafix on 127.0.0.1
start_mock() {
    local latency=${1:-0}
    shift || true
    local port
    port=$(free_port)
    URL="http://127.0.0.1:$port"
    "$JAVA" "$@" -jar "$MOCK_JAR" --port "$port" --latency-ms "$latency" >"$ROOT/target/bench-mock.log" 2>&1 &
    MOCK_PID=$!
    trap stop_mock EXIT
    for _ in $(seq 1 60); do curl -sf "$URL/health" >/dev/null && break; sleep 0.5; done
    curl -sf "$URL/health" >/dev/null || { echo "mock-terrafix did not start, see target/bench-mock.log" >&2; exit 1; }
}

stop_mock() {
    if [ -n "${MOCK_PID:-}" ]; then
        kill "$MOCK_PID" 2>/dev/null || true
        wait "$MOCK_PID" 2>/dev/null || true
        MOCK_PID=
    fi
    if [ -n "${BENCH_LIB:-}" ]; then rm -rf "$BENCH_LIB"; BENCH_LIB=; fi
}

loadavg() { cut -d' ' -f1 /proc/loadavg; }

# cpu_stat: this machine's CPU time so far and the hypervisor's part of it (steal), in clock ticks: "<total> <steal>".
# On a shared cloud host steal comes in bursts, and it is what a phase's timing follows (docs/benchmarks.md).
cpu_stat() { awk '/^cpu / { t = 0; for (i = 2; i <= 9; i++) t += $i; print t, $9; exit }' /proc/stat; }

# steal_over PCT...: true when any of the steal shares (%) is over STEAL_MAX (default 1): the run is to be run again
steal_over() {
    awk -v m="${STEAL_MAX:-1}" 'BEGIN { for (i = 1; i < ARGC; i++) if (ARGV[i] > m) exit 0; exit 1 }' "$@"
}

# steal_pct BEFORE AFTER (two cpu_stat outputs): the share of the CPU time between them that the hypervisor took, in %
steal_pct() {
    awk -v a="$1" -v b="$2" 'BEGIN { split(a, x, " "); split(b, y, " "); t = y[1] - x[1]
        printf "%.1f", (t > 0 ? 100 * (y[2] - x[2]) / t : 0) }'
}

# wait_idle [max-seconds]: waits (default up to 300 s, IDLE_WAIT overrides) for the 1-minute load average to fall
# below 1.0; prints "load=<1-min> idle=yes|no" either way, so every figure can be printed with the load it ran under.
wait_idle() {
    local max=${1:-${IDLE_WAIT:-300}} waited=0
    while awk -v l="$(loadavg)" 'BEGIN { exit !(l >= 1.0) }' && [ "$waited" -lt "$max" ]; do
        sleep 5
        waited=$((waited + 5))
    done
    local idle=yes
    awk -v l="$(loadavg)" 'BEGIN { exit !(l >= 1.0) }' && idle=no
    LOAD_NOW="$(loadavg)"
    echo "# load average $(cut -d' ' -f1-3 /proc/loadavg) (1-min < 1.0: $idle, waited ${waited}s)" >&2
}
