#!/usr/bin/env bash
# The one command that runs every test: setup, type-check, build, unit + grammar + protocol tests, then e2e in a real
# VS Code (code-server). `.ci/run` calls exactly this.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
npm run --silent typecheck
npm run --silent build
node scripts/run-tests.mjs test/unit test/grammar test/cli test/server test/fuzz test/hygiene test/hostile
if [ "${BILDER_SKIP_E2E:-0}" != 1 ]; then
  bash scripts/test-e2e.sh
fi
