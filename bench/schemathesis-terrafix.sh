#!/usr/bin/env bash
# Schemathesis (property-based API testing from the OpenAPI document) against mock-terrafix.
#
#   bench/schemathesis-terrafix.sh                 # about 2 minutes
#   MAX_TIME=300 bench/schemathesis-terrafix.sh    # seconds in all
#   REDIS_URL=redis://127.0.0.1:6379/0 bench/schemathesis-terrafix.sh   # Redis dedup instead of in-memory
#
# Installs schemathesis $SCHEMATHESIS_VERSION from PyPI into a virtualenv under ~/.cache when no
# schemathesis of that version is on PATH, starts mock-terrafix's jar on a free loopback port
# (latency 0, no simulated failures), runs every schemathesis check in positive and negative mode
# against /openapi.json, and stops the server. Two passes, because POST /configure changes the
# server for every later request (failure_rate 1 makes every webhook a 500 by design, latency_ms
# 600000 makes it wait 10 minutes): first every operation but /configure (3/4 of the time), then
# /configure alone. Prints per-check failure counts, then as its last line:
#   cases=N server_errors=N schema_violations=N
# server_errors: cases that got a 5xx or no answer; schema_violations: failed checks of any other
# kind (status code, content type, headers or body against the document, invalid data accepted,
# valid data refused, ...). Exits 1 unless both are 0.
set -euo pipefail

cd "$(dirname "$0")/.."
SCHEMATHESIS_VERSION="${SCHEMATHESIS_VERSION:-4.32.5}"
MAX_TIME="${MAX_TIME:-120}"
JAR=mock-terrafix/target/mock-terrafix.jar

command -v python3 >/dev/null || { echo "schemathesis-terrafix.sh: python3 is not on PATH" >&2; exit 2; }
. bench/lib/java.sh
JAVA=$(find_java21)

ST="$(command -v schemathesis || true)"
if [[ -z "$ST" ]] || ! "$ST" --version 2>/dev/null | grep -q " $SCHEMATHESIS_VERSION\$"; then
  VENV="${XDG_CACHE_HOME:-$HOME/.cache}/infra-perf/schemathesis-$SCHEMATHESIS_VERSION"
  if [[ ! -x "$VENV/bin/schemathesis" ]]; then
    echo "installing schemathesis $SCHEMATHESIS_VERSION from PyPI into $VENV ..." >&2
    python3 -m venv "$VENV"
    "$VENV/bin/pip" install -q "schemathesis==$SCHEMATHESIS_VERSION"
  fi
  ST="$VENV/bin/schemathesis"
fi

if [[ ! -f "$JAR" ]]; then
  echo "building $JAR ..." >&2
  mvn -q -B -pl mock-terrafix -am package -DskipTests
fi

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

WORK=$(mktemp -d)
SERVER_PID=
cleanup() {
  if [[ -n "$SERVER_PID" ]]; then kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT INT TERM

PORT=$(free_port)
BASE="http://127.0.0.1:$PORT"
REDIS_ARGS=()
[[ -n "${REDIS_URL:-}" ]] && REDIS_ARGS=(--redis-url "$REDIS_URL")
"$JAVA" -jar "$JAR" --host 127.0.0.1 --port "$PORT" --latency-ms 0 --failure-rate 0 "${REDIS_ARGS[@]}" \
  >"$WORK/server.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 100); do
  curl -fsS "$BASE/health" >/dev/null 2>&1 && break
  kill -0 "$SERVER_PID" 2>/dev/null || { cat "$WORK/server.log" >&2; exit 1; }
  sleep 0.1
done
curl -fsS "$BASE/health" >/dev/null || { echo "mock-terrafix did not answer /health in 10 s" >&2; exit 1; }

FIRST=$((MAX_TIME * 3 / 4))
SECOND=$((MAX_TIME - FIRST))
run_pass() { # name, seconds, filter arguments...
  local name=$1 seconds=$2
  shift 2
  echo "schemathesis $SCHEMATHESIS_VERSION, pass $name, $seconds s, against $BASE/openapi.json" >&2
  # Exit status 1 means failures were found; they are counted from the report below.
  timeout $((seconds + 60)) "$ST" run "$BASE/openapi.json" --max-time "$seconds" --request-timeout 10 \
    --report ndjson --report-ndjson-path "$WORK/$name.ndjson" --no-color "$@" >"$WORK/$name.txt" 2>&1 || true
  tail -n 25 "$WORK/$name.txt" >&2
}
run_pass operations "$FIRST" --exclude-path /configure
run_pass configure "$SECOND" --include-path /configure

python3 - "$WORK/operations.ndjson" "$WORK/configure.ndjson" <<'PY'
import collections, json, sys

cases, server_errors, errors = set(), set(), 0
violations = collections.Counter()
for path in sys.argv[1:]:
    with open(path) as events:
        for line in events:
            event = json.loads(line)
            if "NonFatalError" in event:
                errors += 1  # no answer (timeout, connection refused): counted with the server errors
            finished = event.get("ScenarioFinished")
            if not finished:
                continue
            for case_id, checks in finished["recorder"].get("checks", {}).items():
                cases.add(case_id)
                for check in checks:
                    if check["status"] != "failure":
                        continue
                    if check["name"] == "not_a_server_error":
                        server_errors.add(case_id)
                    else:
                        violations[check["name"]] += 1
for name, count in sorted(violations.items()):
    print(f"failed check {name}: {count}")
print(f"no answer: {errors}")
print(f"cases={len(cases)} server_errors={len(server_errors) + errors} schema_violations={sum(violations.values())}")
sys.exit(0 if not server_errors and not errors and not violations else 1)
PY
