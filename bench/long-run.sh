#!/usr/bin/env bash
# Long run: an open-model phase at RATE req/s (default 1000) for DURATION seconds (default 600) against mock-terrafix
# on loopback; heap after a full GC near the start and near the end, and the engine JVM's CPU per request in the
# first and the last window (a fifth of the run, at most 60 s): both should stay flat (no growth per interval beyond
# the interval histograms the reports keep, printed as kept_histograms_mb). The users share a pool of CONNECTIONS
# (default 64) connections, so that a stall of the machine, which opens more connections (each holds its buffers),
# does not read as growth of the recording.
# Last line: long_seconds=... rate=... heap_start_mb=... heap_end_mb=... kept_histograms_mb=... cpu_us_per_request_start=... cpu_us_per_request_end=... dropped=...
#
#   bench/long-run.sh                # 10 minutes
#   DURATION=60 bench/long-run.sh    # a shorter check
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
DURATION=${DURATION:-600}
RATE=${RATE:-1000}
CONNECTIONS=${CONNECTIONS:-64}
. "$ROOT/bench/lib/engine.sh"
bench_start 0
wait_idle
out=$("$JAVA" -Xmx512m -Dperf.load.connections="$CONNECTIONS" -cp "$ENGINE_CP" "$ROOT/bench/load-engine/OpenBench.java" long "$URL" "$RATE" "$DURATION")
grep -v '^long_result' <<<"$out" | tail -2
line=$(grep '^long_result' <<<"$out")
echo "$line load $(cut -d' ' -f1-3 /proc/loadavg)"
python3 - "$line" <<'PY'
import sys
kv = dict(p.split("=", 1) for p in sys.argv[1].split()[1:])
print("long_seconds=%s rate=%s heap_start_mb=%s heap_end_mb=%s kept_histograms_mb=%s cpu_us_per_request_start=%s cpu_us_per_request_end=%s dropped=%s"
      % (kv["seconds"], kv["rate"], kv["heap_start_mb"], kv["heap_end_mb"], kv["kept_histograms_mb"],
         kv["cpu_us_per_request_start"], kv["cpu_us_per_request_end"], kv["dropped"]))
PY
