#!/usr/bin/env bash
# mock-formae figures on this machine, one line:
#   store_10000_ms=... apply_2000_s=... status_2000_ms=... (+ store_10000_first_ms, store_10000_db_ms_updates,
#   apply_2000_state, _updates, _not_success)
#
#   bench/mock-formae.sh
#
# store_10000_ms  submit of a 10,000-resource apply until its 202 (parse, plan, store in SQLite), the
#                 third such submit of the agent's life; goal < 500 ms (Formae 0.75 timed out at 5 s
#                 with 2,000). store_10000_first_ms is the first, which also pays for JIT-compiling the
#                 large-input paths; store_10000_db_ms_updates is the SQLite part / updates stored.
# apply_2000_s    a 2,000-resource apply from submit to final state, rate limit off, cloud latency 0;
#                 goal < 20 s
# status_2000_ms  median of 10 status queries of that command (client-observed); goal < 50 ms
#
# The Forma JSON comes from the generator's CLI when perf-junit-extension/target/infra-perf-cli.jar
# exists (generate --count N --region us-east-2), otherwise from a synthetic generator of the same
# shape. Starts its own simulated cloud and agent on free loopback ports and stops them.
set -euo pipefail

cd "$(dirname "$0")/.."
JAR=mock-formae/target/mock-formae.jar
CLI=perf-junit-extension/target/infra-perf-cli.jar

. bench/lib/java.sh
JAVA=$(find_java21)

if [[ ! -f "$JAR" ]]; then
  echo "building $JAR ..." >&2
  mvn -q -B -pl mock-formae -am package -DskipTests
fi

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

ARGS=(--data-dir "$WORK/agent")
if [[ -f "$CLI" ]]; then
  for n in 10000 2000; do
    "$JAVA" -jar "$CLI" generate --count "$n" --region us-east-2 --output "$WORK/env-$n" >/dev/null
    ARGS+=("--forma-$n" "$WORK/env-$n/forma.json")
  done
  echo "forma: generator CLI ($CLI)" >&2
else
  echo "forma: synthetic (no $CLI)" >&2
fi

"$JAVA" --enable-native-access=ALL-UNNAMED -cp "$JAR" dev.infraperf.mock.formae.MockFormaeBench "${ARGS[@]}"
