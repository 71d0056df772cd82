#!/usr/bin/env bash
# Two builds of the load engine side by side in one run: the engine of git revision BASE (default HEAD~1, built in a
# temporary worktree) and the engine of this working tree, in turn with wrk, ROUNDS times (default 3) at each count of
# COUNTS (default "32 256"), DURATION seconds each (default 10), GET /health of mock-terrafix (latency 0). This
# machine's speed drifts within minutes, so only runs next to each other compare: each round gives this tree's req/s
# over BASE's (BASE first in odd rounds, the tree first in even ones), and the medians are reported. Every run's line
# has its CPU time per request, the server's, and the share of the machine's CPU time the hypervisor took during it
# (steal); a round in which either build's run lost more than STEAL_MAX % (default 1) is run again, at most
# STEAL_RETRIES times (default 2), and the last attempt counts. The engine's lines also give the heap it allocated per
# request (alloc_bytes_per_request), which the host's drift does not move.
# BASE_OPTS and TREE_OPTS: extra JVM options of each side's runs; with BASE=HEAD and an unchanged tree the two sides
# run the same code and the ratio is the options' (BASE=HEAD TREE_OPTS=-XX:+UseParallelGC bench/engine-ab.sh).
# Last line: base=<rev> base_rps=... tree_rps=... tree_over_base=... [tree_over_base_256=...] (first count's medians,
# then the second count's median ratio).
#
#   bench/engine-ab.sh                 # HEAD~1 against the working tree
#   BASE=fd5571a ROUNDS=5 bench/engine-ab.sh
#   BASE=HEAD TREE_OPTS="-XX:+UseSerialGC" bench/engine-ab.sh
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
BASE=${BASE:-HEAD~1}
COUNTS=${COUNTS:-32 256}
DURATION=${DURATION:-10}
ROUNDS=${ROUNDS:-3}
STEAL_MAX=${STEAL_MAX:-1}
STEAL_RETRIES=${STEAL_RETRIES:-2}
BASE_OPTS=${BASE_OPTS:-}
TREE_OPTS=${TREE_OPTS:-}
. "$ROOT/bench/lib/engine.sh"
command -v wrk >/dev/null || { echo "wrk is not installed (Debian package wrk)" >&2; exit 1; }
base_rev=$(git -C "$ROOT" rev-parse --short "$BASE")
base_tree=$(mktemp -d "${TMPDIR:-/tmp}/infra-perf-ab.XXXXXX")
git -C "$ROOT" worktree add -q --detach "$base_tree" "$base_rev"
tree_root=$ROOT
BASE_LIB=
# engine_build and start_mock set their own EXIT trap: this one is set again after each
cleanup() {
    stop_mock
    [ -z "$BASE_LIB" ] || rm -rf "$BASE_LIB"
    git -C "$tree_root" worktree remove --force "$base_tree" 2>/dev/null || rm -rf "$base_tree"
}
trap cleanup EXIT

JAVA=$(find_java21)
ROOT=$base_tree engine_build
BASE_CP=$ENGINE_CP BASE_LIB=$BENCH_LIB BENCH_LIB=
trap cleanup EXIT
engine_build
TREE_CP=$ENGINE_CP
start_mock 0
trap cleanup EXIT
echo "# base $base_rev${BASE_OPTS:+ ($BASE_OPTS)} against the working tree${TREE_OPTS:+ ($TREE_OPTS)}, mock-terrafix on $URL, connections: $COUNTS, ${DURATION}s per run, $ROUNDS rounds" >&2
wrk -t2 -c32 -d"${SERVER_WARMUP:-15}s" "$URL/health" >/dev/null # the server's JIT, before anything is measured

# engine CP NAME ROUND [JVM OPTIONS...]: one run of that build; prints its line and sets RPS
engine() {
    local before line out
    before=$(cpu_stat)
    out=$("$JAVA" "${@:4}" -Dbench.server.pid="$MOCK_PID" -cp "$1" "$ROOT/bench/load-engine/EngineBench.java" "$URL" \
        "$CONNECTIONS" "$DURATION" socket | sed -n "1p;\$p")
    line="$(tail -1 <<<"$out") alloc_bytes_per_request=$(kv "$(head -1 <<<"$out")" alloc_bytes_per_request)"
    RPS=$(kv "$line" engine_rps)
    STEAL=$(steal_pct "$before" "$(cpu_stat)")
    echo "$2($CONNECTIONS) round $3: $line steal $STEAL % load $(loadavg)"
}

declare -A BASE_RPS TREE_RPS RATIO
for CONNECTIONS in $COUNTS; do
    wait_idle
    bases=() trees=() ratios=()
    for round in $(seq 1 "$ROUNDS"); do
        for attempt in $(seq 0 "$STEAL_RETRIES"); do
            # BASE first in odd rounds, the tree first in even ones: a drift within a round favours neither
            order="base tree"
            ((round % 2)) || order="tree base"
            for build in $order; do
                if [ "$build" = base ]; then
                    # shellcheck disable=SC2086 # the options split into words
                    engine "$BASE_CP" base "$round" $BASE_OPTS
                    b=$RPS b_steal=$STEAL
                else
                    # shellcheck disable=SC2086
                    engine "$TREE_CP" tree "$round" $TREE_OPTS
                    t=$RPS t_steal=$STEAL
                fi
            done
            # a round the hypervisor took more than STEAL_MAX % from (either build) is run again
            steal_over "$b_steal" "$t_steal" || break
            [ "$attempt" -lt "$STEAL_RETRIES" ] && echo "round $round: steal over $STEAL_MAX %, run again"
        done
        before=$(cpu_stat)
        n=$(wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" "$URL/health" | awk '/Requests\/sec/ {printf "%.0f", $2}')
        echo "wrk($CONNECTIONS) round $round: rps=$n steal $(steal_pct "$before" "$(cpu_stat)") % load $(loadavg)"
        bases+=("$b") trees+=("$t") ratios+=("$(python3 -c "print('%.3f' % ($t / $b))")")
    done
    BASE_RPS[$CONNECTIONS]=$(printf "%.0f" "$(median "${bases[@]}")")
    TREE_RPS[$CONNECTIONS]=$(printf "%.0f" "$(median "${trees[@]}")")
    RATIO[$CONNECTIONS]=$(python3 -c "print('%.2f' % $(median "${ratios[@]}"))")
    echo "tree_over_base($CONNECTIONS)=${RATIO[$CONNECTIONS]} (rounds: ${ratios[*]})"
done
read -r FIRST SECOND _ <<<"$COUNTS"
echo "base=$base_rev base_rps=${BASE_RPS[$FIRST]} tree_rps=${TREE_RPS[$FIRST]} tree_over_base=${RATIO[$FIRST]}${SECOND:+ tree_over_base_$SECOND=${RATIO[$SECOND]}}"
