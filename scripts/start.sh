#!/usr/bin/env bash
# One command: install and start the product on the embedded default
# (companion server on 127.0.0.1 + the Electron app, or the web host when no Electron binary exists).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  bash scripts/npm-install.sh
fi
node scripts/build.mjs
exec node scripts/start.mjs "$@"
