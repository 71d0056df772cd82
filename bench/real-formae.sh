#!/usr/bin/env bash
# The regression checks against the real Formae builds of ../shared/formae (0.75.6 and 0.83.0, FakeAWS), each in
# its own network namespace: see .ci/real-formae.sh. Prints the matrix, then a last line
#   real_agent_checks=N conclusive=M bug4_0756=<caught|pass|inconclusive> bug4_0830=<...>
exec "$(dirname "$0")/../.ci/real-formae.sh" --bench
