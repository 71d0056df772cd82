#!/usr/bin/env bash
# The live page in headless Chromium, mid-phase: runs LivePageInBrowserTest (a 20 s load phase against a loopback
# target with infra-perf-live on; Chromium loads the page with --dump-dom after 3 s of polling and the test finds
# every load chart populated, then takes a screenshot while the phase still runs), prints the points each chart held
# and copies the screenshot to docs/live_page.png.
#
#   bench/live-page.sh               # needs Debian's chromium (apt-get install chromium)
#   NO_COPY=1 bench/live-page.sh     # leave docs/live_page.png alone
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
if ! command -v chromium >/dev/null 2>&1; then
    echo "chromium not found: apt-get install chromium" >&2
    exit 1
fi
mvn -q -DskipTests -Dspotless.check.skip=true install -pl perf-junit-extension/load -am
mvn -q -pl perf-junit-extension/live verify -Dtest=LivePageInBrowserTest -Dsurefire.failIfNoSpecifiedTests=false

LIVE=perf-junit-extension/live/target
REPORT=perf-junit-extension/live/target/surefire-reports/TEST-dev.infraperf.live.LivePageInBrowserTest.xml
if grep -q '<skipped' "$REPORT"; then
    echo "LivePageInBrowserTest was skipped:" >&2
    grep -o '<skipped[^>]*>' "$REPORT" >&2
    exit 1
fi
grep -o 'id="chart-[a-z]*" data-points="[0-9]*"' "$LIVE/live_page.dom.html" | sed 's/id="\(.*\)" data-points="\(.*\)"/\1 points=\2/'
grep -o '<pre id="console-line"[^<]*' "$LIVE/live_page.dom.html" | sed 's/.*>/console: /'
if [ -z "${NO_COPY:-}" ]; then
    cp "$LIVE/live_page.png" docs/live_page.png
    echo "screenshot: docs/live_page.png"
fi
