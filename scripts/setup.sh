#!/usr/bin/env bash
# Installs everything Bilder's build and tests need on a fresh Debian machine: idempotent, quiet when already done.
set -euo pipefail
cd "$(dirname "$0")/.."

apt_need=()
command -v packer >/dev/null 2>&1 || apt_need+=(packer)
if ((${#apt_need[@]})); then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${apt_need[@]}" >/dev/null
  else
    echo "setup: please install: ${apt_need[*]} (sudo apt-get install -y ${apt_need[*]})" >&2
  fi
fi

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi

if [ "${BILDER_SKIP_E2E:-0}" != 1 ]; then
  bash test/e2e/harness/setup.sh
fi
