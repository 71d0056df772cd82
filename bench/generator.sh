#!/usr/bin/env bash
# Environment generator benchmark: for each count, one fresh JVM runs
#   java -jar perf-junit-extension/target/infra-perf-cli.jar generate --count N --region us-east-2 --output <tmp>
# (plan + write the Pkl project, then evaluate it in-process with pkl-core to forma.json) and prints
#   count=N generate_s=... eval_s=... wall_s=... cpu_s=... peak_rss_mb=... total=... jvm=... load1=...
# generate_s and eval_s are measured inside the JVM (without JVM start); wall_s, cpu_s (user+sys) and
# peak_rss_mb cover the whole process. load1 is the 1-minute load average before the run: figures taken
# on a busy machine are not comparable.
#
# Usage: bench/generator.sh [counts...]        (default: 200 2000 10000)
# Environment:
#   JAR       the CLI jar (default: perf-junit-extension/target/infra-perf-cli.jar; build it with
#             mvn -pl perf-junit-extension -am package -DskipTests)
#   JAVA      a java 21+ (default: $JAVA_HOME/bin/java, else the newest under /usr/lib/jvm)
#   JVM_MODES space-separated: "c1" (-XX:TieredStopAtLevel=1 -XX:+UseSerialGC, the default: a short
#             run spends more CPU in the C2 compiler than it saves), "default" (no tuning flags) and/or
#             "aot" (c1 plus a JDK 25 AOT cache of the loaded and linked classes, made by one untimed
#             training run with --count 500 before the timed runs)
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
jar="${JAR:-$root/perf-junit-extension/target/infra-perf-cli.jar}"
counts=("$@")
[ ${#counts[@]} -eq 0 ] && counts=(200 2000 10000)
modes="${JVM_MODES:-c1}"

. "$root/bench/lib/java.sh"

java_bin="$(find_java21)"
if [ ! -f "$jar" ]; then
  echo "bench/generator.sh: $jar missing; build it: mvn -pl perf-junit-extension -am package -DskipTests" >&2
  exit 2
fi

# A private copy: a concurrent `mvn package` rewrites the jar in target/ while the benchmark runs.
work_dir="$(mktemp -d)"
trap 'rm -rf "$work_dir"' EXIT
cp "$jar" "$work_dir/infra-perf-cli.jar"
jar="$work_dir/infra-perf-cli.jar"

base_opts=(--enable-native-access=ALL-UNNAMED)
[ "$(java_major "$java_bin")" -ge 24 ] && base_opts+=(--sun-misc-unsafe-memory-access=allow)

# Runs "$@" and prints "wall cpu peak_rss_kb" on fd 3, whether or not /usr/bin/time exists.
measure() {
  if [ -x /usr/bin/time ]; then
    local report status=0
    report="$(mktemp)"
    /usr/bin/time -v -o "$report" "$@" || status=$?
    local wall cpu rss
    wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {n=split($2,t,":"); s=0; for(i=1;i<=n;i++) s=s*60+t[i]; print s}' "$report")
    cpu=$(awk -F': ' '/User time/ {u=$2} /System time/ {s=$2} END {printf "%.2f", u+s}' "$report")
    rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$report")
    rm -f "$report"
    echo "$wall $cpu $rss" >&3
    return "$status"
  else
    local start end hwm=0 pid
    start=$(date +%s.%N)
    "$@" &
    pid=$!
    while kill -0 "$pid" 2>/dev/null; do
      local now
      now=$(awk '/VmHWM/ {print $2}' "/proc/$pid/status" 2>/dev/null || echo 0)
      [ -n "$now" ] && [ "$now" -gt "$hwm" ] && hwm=$now
      sleep 0.05
    done
    local status=0
    wait "$pid" || status=$?
    end=$(date +%s.%N)
    local cpu="n/a"
    echo "$(awk -v s="$start" -v e="$end" 'BEGIN {printf "%.2f", e - s}') $cpu $hwm" >&3
    return "$status"
  fi
}

for mode in $modes; do
  case "$mode" in
    c1) opts=("${base_opts[@]}" -XX:TieredStopAtLevel=1 -XX:+UseSerialGC) ;;
    default) opts=("${base_opts[@]}") ;;
    aot)
      if [ "$(java_major "$java_bin")" -lt 25 ]; then
        echo "bench/generator.sh: JVM mode aot needs java 25+ (-XX:AOTCacheOutput)" >&2; exit 2
      fi
      aot_dir="$(mktemp -d)"
      "$java_bin" "${base_opts[@]}" -XX:AOTCacheOutput="$aot_dir/cli.aot" -jar "$jar" generate --count 500 \
        --region us-east-2 --output "$aot_dir/training" > /dev/null 2>&1
      opts=("${base_opts[@]}" -XX:AOTCache="$aot_dir/cli.aot" -XX:TieredStopAtLevel=1 -XX:+UseSerialGC) ;;
    *) echo "bench/generator.sh: unknown JVM mode $mode (use c1 or default)" >&2; exit 2 ;;
  esac
  for count in "${counts[@]}"; do
    out_dir="$(mktemp -d)"
    log="$(mktemp)"
    load1=$(cut -d' ' -f1 /proc/loadavg)
    { measure "$java_bin" "${opts[@]}" -jar "$jar" generate --count "$count" --region us-east-2 \
        --output "$out_dir/env" --force > "$log" 2>&1; } 3> "$log.measure" || {
      echo "count=$count FAILED:" >&2; cat "$log" >&2; exit 1; }
    read -r wall cpu rss < "$log.measure"
    timing=$(sed -n 's/^timing: //p' "$log")
    if [ -z "$timing" ]; then echo "count=$count jvm=$mode printed no timing:" >&2; cat "$log" >&2; exit 1; fi
    total=$(awk '$1 == "TOTAL" {print $2}' "$log")
    gen=$(echo "$timing" | sed -n 's/.*generate_s=\([0-9.]*\).*/\1/p')
    ev=$(echo "$timing" | sed -n 's/.*eval_s=\([0-9.]*\).*/\1/p')
    printf 'count=%s generate_s=%s eval_s=%s wall_s=%s cpu_s=%s peak_rss_mb=%s total=%s jvm=%s load1=%s\n' \
      "$count" "$gen" "$ev" "$wall" "$cpu" "$((rss / 1024))" "$total" "$mode" "$load1"
    rm -rf "$out_dir" "$log" "$log.measure"
  done
  if [ "$mode" = aot ]; then rm -rf "$aot_dir"; fi
done
