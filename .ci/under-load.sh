#!/usr/bin/env bash
# Runs .ci/run N times in a row (default 5), each from a fresh clone of COMMIT (default HEAD), while two
# `sha256sum /dev/zero` keep both cores busy; stops at the first failure. The clones sit beside this repository, so
# ../shared/formae resolves as it does for the repository itself, and use a copy of ~/.m2/repository, so builds
# elsewhere on the machine cannot change what they resolve. One line per run, with its wall time and load average,
# goes to the console and to target/under-load.txt.
#
#   .ci/under-load.sh                 # 5 runs of HEAD
#   .ci/under-load.sh 3 34a3d8a       # 3 runs of that commit
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
RUNS=${1:-5}
COMMIT=$(git rev-parse --short "${2:-HEAD}")
WORK=$(dirname "$ROOT")
REPO=$(mktemp -d)
mkdir -p target
: >target/under-load.txt
cp -a "$HOME/.m2/repository/." "$REPO/"
sha256sum /dev/zero & h1=$!
sha256sum /dev/zero & h2=$!
cleanup() { kill "$h1" "$h2" 2>/dev/null; rm -rf "$REPO"; }
trap cleanup EXIT INT TERM
for i in $(seq 1 "$RUNS"); do
  clone="$WORK/under-load-$COMMIT-$i"
  rm -rf "$clone"
  git clone -q "$ROOT" "$clone" && git -C "$clone" checkout -q "$COMMIT"
  start=$(date +%s)
  (cd "$clone" && CI=true MAVEN_OPTS="-Dmaven.repo.local=$REPO" bash .ci/run) >"$ROOT/target/under-load-$i.log" 2>&1
  rc=$?
  line="run $i of $RUNS, commit $COMMIT: exit $rc, $(($(date +%s) - start)) s, load $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "$line" | tee -a target/under-load.txt
  rm -rf "$clone"
  if [ "$rc" -ne 0 ]; then
    echo "see target/under-load-$i.log" >&2
    exit "$rc"
  fi
done
