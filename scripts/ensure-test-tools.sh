#!/usr/bin/env bash
# Install what the tests need beyond Python packages: Chromium for the browser tests and a
# PostgreSQL server for the database tests from Debian's packages, and axe-core (the
# accessibility checker the browser tests inject) from the npm registry, as package-lock.json
# pins it. Only installs what is missing; without root or apt-get it says what to install and
# the suites that need them skip.
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
command -v npm >/dev/null 2>&1 || missing+=(nodejs npm)

if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing ${missing[*]} for the tests..."
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "Not installed: ${missing[*]}. Install them (Debian: apt-get install ${missing[*]}) to run every test." >&2
  fi
fi

if [ ! -f node_modules/axe-core/axe.min.js ] && command -v npm >/dev/null 2>&1; then
  echo "Installing axe-core from the npm registry for the browser tests..."
  npm ci --no-audit --no-fund --silent
fi
