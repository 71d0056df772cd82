#!/usr/bin/env bash
# The proof matrix of the Formae regression checks: every check against mock-formae with its bug
# switch on (it must catch the bug) and with every switch off (it must pass).
#
#   bench/regression-matrix.sh            # runs RegressionMatrixTest, then prints the matrix
#   bench/regression-matrix.sh --no-run   # prints the matrix of the last run
#
# Output: one line per check, `check=<id> bug_on=caught|missed bug_off=pass|fail` (caught: the check failed
# with its own symptom, as RegressionMatrixTest words it), then
# `caught=N/8 clean=N/8` over the eight checks that have a switch of their own (bugs 1, 2, 4-8 and
# the Canceling enhancement). Checks proven with another check's switch (bug 3, the verified
# behaviours) are listed too, but not counted.
set -uo pipefail
cd "$(dirname "$0")/.."

results=perf-junit-extension/formae/target/regression-matrix.txt
if [ "${1:-}" != "--no-run" ]; then
  rm -f "$results"
  mvn -q -B -pl perf-junit-extension/formae -am verify \
      -Dtest=RegressionMatrixTest -Dsurefire.failIfNoSpecifiedTests=false \
      -Dspotless.check.skip=true >/tmp/regression-matrix-mvn.log 2>&1
  status=$?
  [ $status -ne 0 ] && echo "# maven exited $status (a cell failed); see /tmp/regression-matrix-mvn.log" >&2
fi
if [ ! -f "$results" ]; then
  echo "no $results: the matrix did not run; see /tmp/regression-matrix-mvn.log" >&2
  exit 1
fi

primary=" bug-1-large-command-store bug-2-notstarted-resume bug-4-restart-keeps-success-counts bug-5-destroy-ordering bug-6-drift-sync bug-7-no-orphans bug-8-cancel-during-backoff enhancement-canceling-state "
caught=0
clean=0
while read -r line; do
  id=$(sed -n 's/.*check=\([^ ]*\).*/\1/p' <<<"$line")
  on=$(sed -n 's/.*bug_on=\([^ ]*\).*/\1/p' <<<"$line")
  off=$(sed -n 's/.*bug_off=\([^ ]*\).*/\1/p' <<<"$line")
  echo "check=$id bug_on=$on bug_off=$off"
  if [[ "$primary" == *" $id "* ]]; then
    [ "$on" = caught ] && caught=$((caught + 1))
    [ "$off" = pass ] && clean=$((clean + 1))
  fi
done <"$results"
echo "caught=$caught/8 clean=$clean/8"
