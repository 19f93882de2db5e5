#!/usr/bin/env bash
# One command: install everything (system packages when root, npm packages) and run the whole suite.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-system-deps.sh
# The Electron binary is fetched lazily by Electron itself; never at install time (see docs/decisions).
bash scripts/npm-install.sh
exec node scripts/run-tests.mjs "$@"
