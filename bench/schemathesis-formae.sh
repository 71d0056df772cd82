#!/usr/bin/env bash
# schemathesis against mock-formae's OpenAPI document (/openapi.json), agent and simulated cloud as
# their own processes on free loopback ports, in a temporary data directory. Last line:
#   cases=N server_errors=N schema_violations=N
# (cases: test cases schemathesis ran, one request each; server_errors: cases answered 5xx;
#  schema_violations: failed status-code, content-type, header and body conformance checks).
#
#   bench/schemathesis-formae.sh            # about 2.5 minutes (MAX_TIME=150 seconds of testing)
#   MAX_TIME=60 bench/schemathesis-formae.sh
#
# Installs schemathesis $ST_VERSION from PyPI into a virtualenv under ~/.cache/infra-perf when no `st`
# of that version is on the PATH. Exits 1 when server_errors or schema_violations is not 0.
set -euo pipefail

cd "$(dirname "$0")/.."
ST_VERSION=4.32.5
MAX_TIME=${MAX_TIME:-150}
JAR=${MOCK_FORMAE_JAR:-mock-formae/target/mock-formae.jar}

. bench/lib/java.sh
JAVA=$(find_java21)

ST=$(command -v st || true)
if [[ -z "$ST" ]] || ! "$ST" --version 2>/dev/null | grep -q "$ST_VERSION"; then
  VENV=${SCHEMATHESIS_VENV:-$HOME/.cache/infra-perf/schemathesis-$ST_VERSION}
  if [[ ! -x "$VENV/bin/st" ]]; then
    echo "installing schemathesis $ST_VERSION into $VENV ..." >&2
    python3 -m venv "$VENV"
    "$VENV/bin/pip" install -q "schemathesis==$ST_VERSION"
  fi
  ST="$VENV/bin/st"
fi

if [[ ! -f "$JAR" ]]; then
  echo "building $JAR ..." >&2
  mvn -q -B -pl mock-formae -am package -DskipTests
fi

WORK=$(mktemp -d)
AGENT_PID=""
cleanup() {
  if [[ -n "$AGENT_PID" ]] && kill -0 "$AGENT_PID" 2>/dev/null; then
    kill "$AGENT_PID" # SIGTERM: the agent stops the cloud it started
    for _ in $(seq 1 50); do kill -0 "$AGENT_PID" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$AGENT_PID" 2>/dev/null || true
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT

"$JAVA" --enable-native-access=ALL-UNNAMED -jar "$JAR" --port 0 --data-dir "$WORK/agent" --rate-limit off \
  --sync-interval off --cloud-arg --latency-scale --cloud-arg 0 >"$WORK/agent.out" 2>&1 &
AGENT_PID=$!
URL=""
for _ in $(seq 1 600); do
  URL=$(sed -n 's/^MOCK_FORMAE_READY \(http[^ ]*\).*/\1/p' "$WORK/agent.out" | head -1)
  [[ -n "$URL" ]] && break
  kill -0 "$AGENT_PID" 2>/dev/null || { cat "$WORK/agent.out" >&2; echo "mock-formae did not start" >&2; exit 1; }
  sleep 0.1
done
[[ -n "$URL" ]] || { echo "mock-formae not ready within 60 s" >&2; exit 1; }
echo "mock-formae at $URL (schemathesis $("$ST" --version 2>&1 | tr -d '\n'), $MAX_TIME s)" >&2

set +e
"$ST" run "$URL/openapi.json" --url "$URL" --max-time "$MAX_TIME" --workers 2 --seed 13 \
  --checks not_a_server_error,status_code_conformance,content_type_conformance,response_headers_conformance,response_schema_conformance \
  --request-timeout 30 --suppress-health-check all --no-color \
  --report ndjson --report-ndjson-path "$WORK/events.ndjson" >"$WORK/st.out" 2>&1
ST_RC=$?
set -e
tail -n 40 "$WORK/st.out" >&2

# Count from the event stream: each scenario's cases, their checks, and any 5xx answer seen.
read -r CASES SERVER SCHEMA < <(python3 - "$WORK/events.ndjson" <<'PY'
import json, sys
cases = set()
server = set()
schema = 0
with open(sys.argv[1]) as events:
    for line in events:
        line = line.strip()
        if not line:
            continue
        event = json.loads(line)
        finished = event.get("ScenarioFinished")
        if not finished or not finished.get("recorder"):
            continue
        recorder = finished["recorder"]
        label = recorder.get("label", "")
        for case_id in recorder.get("cases", {}):
            cases.add((label, case_id))
        for case_id, checks in recorder.get("checks", {}).items():
            for check in checks:
                if check.get("status") in ("success", "skip", "skipped"):
                    continue
                if check.get("name") == "not_a_server_error":
                    server.add((label, case_id))
                else:
                    schema += 1
        for case_id, interaction in recorder.get("interactions", {}).items():
            response = interaction.get("response") or {}
            if response.get("status_code", 0) >= 500:
                server.add((label, case_id))
print(len(cases), len(server), schema)
PY
)
if [[ "$ST_RC" -ne 0 && "$SERVER" -eq 0 && "$SCHEMA" -eq 0 ]]; then
  echo "schemathesis exited $ST_RC with no failure counted; see its output above" >&2
fi
echo "cases=$CASES server_errors=$SERVER schema_violations=$SCHEMA"
[[ "$SERVER" -eq 0 && "$SCHEMA" -eq 0 ]]
