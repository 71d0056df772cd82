#!/usr/bin/env bash
# mock-formae figures on this machine, one line per build:
#   store_10000_ms=... apply_2000_s=... status_2000_ms=... (+ store_10000_first_ms, store_10000_db_ms_updates,
#   apply_2000_state, _updates, _not_success)
#
#   bench/mock-formae.sh                       # this build
#   OLD_JAR=/tmp/old/mock-formae.jar bench/mock-formae.sh   # an older build and this one, side by side
#
# store_10000_ms  submit of a 10,000-resource apply until its 202 (parse, plan, store in SQLite), the
#                 third such submit of the agent's life; goal < 500 ms (Formae 0.75 timed out at 5 s
#                 with 2,000). store_10000_first_ms is the first, which also pays for JIT-compiling the
#                 large-input paths; store_10000_db_ms_updates is the SQLite part / updates stored.
# apply_2000_s    a 2,000-resource apply from submit to final state, rate limit off, cloud latency 0;
#                 goal < 20 s
# status_2000_ms  median of 10 status queries of that command (client-observed); goal < 50 ms
#
# The driver (dev.infraperf.mock.formae.MockFormaeBench) lives in mock-formae's test sources; the same
# driver runs against each jar (its classes first on the class path, the jar's agent and cloud behind
# them), so old and new are measured the same way. With OLD_JAR the builds run in the order old, new,
# old, new (ROUNDS=2, set ROUNDS=1 for one each), one after the other, never at once; the last line is
# the new build's last figures.
#
# The Forma JSON comes from the generator's CLI when perf-junit-extension/target/infra-perf-cli.jar
# exists (generate --count N --region us-east-2), otherwise from a synthetic generator of the same
# shape. Starts its own simulated cloud and agent on free loopback ports and stops them.
set -euo pipefail

cd "$(dirname "$0")/.."
JAR=${NEW_JAR:-mock-formae/target/mock-formae.jar}
DRIVER=${BENCH_CLASSES:-mock-formae/target/test-classes}
CLI=perf-junit-extension/target/infra-perf-cli.jar
ROUNDS=${ROUNDS:-2}

. bench/lib/java.sh
JAVA=$(find_java21)

if [[ ! -f "$JAR" || ! -f "$DRIVER/dev/infraperf/mock/formae/MockFormaeBench.class" ]]; then
  echo "building $JAR and the bench driver ..." >&2
  mvn -q -B -pl mock-formae -am package -DskipTests
fi

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

FORMAS=()
if [[ -f "$CLI" ]]; then
  for n in 10000 2000; do
    "$JAVA" -jar "$CLI" generate --count "$n" --region us-east-2 --output "$WORK/env-$n" >/dev/null
    FORMAS+=("--forma-$n" "$WORK/env-$n/forma.json")
  done
  echo "forma: generator CLI ($CLI)" >&2
else
  echo "forma: synthetic (no $CLI)" >&2
fi

run() { # label jar
  local dir="$WORK/$1-$RANDOM"
  "$JAVA" --enable-native-access=ALL-UNNAMED -cp "$DRIVER:$2" dev.infraperf.mock.formae.MockFormaeBench \
    --data-dir "$dir" ${FORMAS[@]+"${FORMAS[@]}"}
  rm -rf "$dir"
}

if [[ -n "${OLD_JAR:-}" ]]; then
  NEW_LINE=""
  for ((i = 1; i <= ROUNDS; i++)); do
    echo "old ($OLD_JAR) round $i: $(run old "$OLD_JAR")"
    NEW_LINE=$(run new "$JAR")
    echo "new ($JAR) round $i: $NEW_LINE"
  done
  echo "$NEW_LINE"
else
  run new "$JAR"
fi
