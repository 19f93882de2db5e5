#!/usr/bin/env bash
# Installs the npm packages pinned by package-lock.json. `npm ci` is tried first; npm 11 on machines set up
# with `omit-lockfile-registry-resolved` writes locks without the other platforms' optional packages, which
# `npm ci` then rejects as "out of sync" — `npm install` installs the same locked versions in that case.
# The Electron binary is never fetched at install time (Electron fetches it lazily on first start).
set -euo pipefail
export ELECTRON_SKIP_BINARY_DOWNLOAD=1
if ! npm ci --no-audit --no-fund 2>/tmp/npm-ci-$$.log; then
  if grep -q "in sync" /tmp/npm-ci-$$.log; then
    echo "npm ci refused the lock file (optional platform packages missing); using npm install with the same lock"
    npm install --no-audit --no-fund
  else
    cat /tmp/npm-ci-$$.log >&2; rm -f /tmp/npm-ci-$$.log; exit 1
  fi
fi
rm -f /tmp/npm-ci-$$.log
