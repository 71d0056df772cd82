#!/usr/bin/env bash
# Throughput of mock-terrafix with Redis dedup, measured with wrk on this machine.
#
#   bench/mock-terrafix.sh            # 10 s per case
#   DURATION=30s bench/mock-terrafix.sh
#   WARMUP=60s bench/mock-terrafix.sh   # JIT warm-up before the cases (default 20 s)
#   BENCH_JAVA_OPTS=-Dmock.terrafix.server=jdk bench/mock-terrafix.sh   # JDK HttpServer instead of Helidon
#
# Cases (one line each: case=... rps=... p99_ms=... non2xx=... errors=... server_cpu_us_per_req=...
# redis_cpu_us_per_req=...; CPU from /proc, divided by the requests wrk counted):
#   webhook_redis_lat0        POST /webhook, unique payloads (Lua), Redis dedup, latency 0, 100 connections
#   health_lat0               GET /health, 100 connections
#   webhook_redis_lat50_c200  POST /webhook, unique payloads, latency 50 ms, 200 connections (ceiling 4000 req/s)
#   webhook_redis_lat0_small  as the first, with resource_details.repo_size=small (HCL parse per request)
# Starts its own redis-server (free port, no persistence) unless REDIS_URL is set, and stops all it started.
set -euo pipefail

cd "$(dirname "$0")/.."
DURATION="${DURATION:-10s}"
THREADS="${THREADS:-2}"
JAR=mock-terrafix/target/mock-terrafix.jar
LUA=bench/mock-terrafix-webhook.lua

for tool in wrk curl python3; do
  command -v "$tool" >/dev/null || { echo "mock-terrafix.sh: $tool is not on PATH (apt-get install $tool)" >&2; exit 2; }
done

. bench/lib/java.sh
JAVA=$(find_java21)

if [[ ! -f "$JAR" ]]; then
  echo "building $JAR ..." >&2
  mvn -q -B -pl mock-terrafix -am package -DskipTests
fi

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

PIDS=()
cleanup() {
  local pid
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -f "${PIDS_FILES[@]:-}"
}
trap cleanup EXIT INT TERM

if [[ -n "${REDIS_URL:-}" ]]; then
  REDIS="$REDIS_URL"
else
  command -v redis-server >/dev/null || { echo "mock-terrafix.sh: redis-server not on PATH and no REDIS_URL" >&2; exit 2; }
  REDIS_PORT=$(free_port)
  redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly no >/dev/null 2>&1 &
  REDIS_PID=$!
  PIDS+=("$REDIS_PID")
  REDIS="redis://127.0.0.1:$REDIS_PORT/0"
  for _ in $(seq 50); do redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1 && break; sleep 0.1; done
fi

PORT=$(free_port)
BASE="http://127.0.0.1:$PORT"
LOG=$(mktemp)
PIDS_FILES=("$LOG")
"$JAVA" ${BENCH_JAVA_OPTS:-} -jar "$JAR" --port "$PORT" --latency-ms 0 --redis-url "$REDIS" >"$LOG" 2>&1 &
MOCK_PID=$!
PIDS+=("$MOCK_PID")
for _ in $(seq 120); do curl -fs "$BASE/ready" >/dev/null 2>&1 && break; sleep 0.5; done
curl -fs "$BASE/ready" >/dev/null || { echo "mock-terrafix did not become ready:" >&2; cat "$LOG" >&2; exit 1; }
echo "# $(grep -m1 'ready on' "$LOG")"
echo "# java: $("$JAVA" -version 2>&1 | head -n1); cores: $(nproc); load before: $(cut -d' ' -f1-3 /proc/loadavg)"

# p99 from wrk --latency ("99%  12.34ms") in ms.
to_ms() {
  awk -v v="$1" 'BEGIN { n = v + 0; u = v; sub(/^[0-9.]+/, "", u);
    if (u == "us") n /= 1000; else if (u == "s") n *= 1000; else if (u == "m") n *= 60000; printf "%.2f", n }'
}

# CPU seconds (user+sys) a process has used, from /proc; "" when it is not ours to see.
cpu_ticks() { [[ -n "$1" && -r /proc/$1/stat ]] && awk '{print $14+$15}' "/proc/$1/stat" || echo 0; }
TICKS=$(getconf CLK_TCK)

run_case() {
  local name=$1 connections=$2 path=$3; shift 3
  local out java0 redis0 java1 redis1 requests
  java0=$(cpu_ticks "$MOCK_PID"); redis0=$(cpu_ticks "${REDIS_PID:-}")
  out=$(wrk -t"$THREADS" -c"$connections" -d"$DURATION" --timeout 10s --latency "$@" "$BASE$path")
  java1=$(cpu_ticks "$MOCK_PID"); redis1=$(cpu_ticks "${REDIS_PID:-}")
  requests=$(awk '/requests in/ {print $1}' <<<"$out")
  local rps p99 non2xx errors cpu
  rps=$(awk '/^Requests\/sec:/ {printf "%.0f", $2}' <<<"$out")
  p99=$(to_ms "$(awk '$1 == "99%" {print $2}' <<<"$out")")
  non2xx=$(awk '/Non-2xx/ {print $NF}' <<<"$out"); non2xx=${non2xx:-0}
  errors=$(awk '/Socket errors/ {gsub(",", ""); print $4+$6+$8+$10}' <<<"$out"); errors=${errors:-0}
  # CPU per request is less sensitive to other load on the machine than req/s.
  cpu=$(awk -v j=$((java1 - java0)) -v r=$((redis1 - redis0)) -v n="$requests" -v t="$TICKS" \
    'BEGIN { if (n > 0) printf "server_cpu_us_per_req=%.0f redis_cpu_us_per_req=%.0f", j * 1e6 / t / n, r * 1e6 / t / n }')
  echo "case=$name rps=$rps p99_ms=$p99 non2xx=$non2xx errors=$errors connections=$connections duration=$DURATION $cpu"
}

configure() { curl -fs -X POST "$BASE/configure" -d "$1" >/dev/null; }

# Warm up the JIT so that the cases do not measure the compiler: on the shared 2-core machine the Redis path
# needed 15-20 s of traffic before C2 had compiled it (CPU per request fell from ~500 us to ~25 us in-process).
WARMUP="${WARMUP:-20s}"
WRK_NONCE="warm$(date +%s%N)" wrk -t"$THREADS" -c50 -d"$WARMUP" -s "$LUA" "$BASE/webhook" >/dev/null
WRK_NONCE="warm2$(date +%s%N)" WRK_REPO_SIZE=small wrk -t"$THREADS" -c50 -d5s -s "$LUA" "$BASE/webhook" >/dev/null
wrk -t"$THREADS" -c50 -d5s "$BASE/health" >/dev/null

configure '{"latency_ms": 0, "failure_rate": 0}'
curl -fs "$BASE/stats/reset" >/dev/null
WRK_NONCE="a$(date +%s%N)" run_case webhook_redis_lat0 100 /webhook -s "$LUA"
run_case health_lat0 100 /health
configure '{"latency_ms": 50}'
WRK_NONCE="b$(date +%s%N)" run_case webhook_redis_lat50_c200 200 /webhook -s "$LUA"
configure '{"latency_ms": 0}'
WRK_NONCE="c$(date +%s%N)" WRK_REPO_SIZE=small run_case webhook_redis_lat0_small 100 /webhook -s "$LUA"

skipped=$(curl -fs "$BASE/status" | python3 -c 'import json,sys; print(json.load(sys.stdin)["stats"]["skipped_duplicates"])' 2>/dev/null || echo "?")
echo "# dedup skipped duplicates during the unique-payload cases: $skipped (expected 0); load after: $(cut -d' ' -f1-3 /proc/loadavg)"
