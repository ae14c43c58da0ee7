#!/usr/bin/env bash
# Builds the web UI into web/dist, installing npm packages when the lock
# file changed since the last install (idempotent, quiet when up to date).
set -euo pipefail
cd "$(dirname "$0")/../web"
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  bash ../scripts/install-deps.sh node
fi
stamp=node_modules/.yw-lock-stamp
if [ ! -f "$stamp" ] || ! cmp -s package-lock.json "$stamp"; then
  npm ci --no-audit --no-fund --loglevel=error
  cp package-lock.json "$stamp"
fi
# Rebuild only when a source file is newer than the last build.
if [ ! -f dist/index.html ] || [ -n "$(find src index.html package.json vite.config.* -newer dist/index.html 2>/dev/null | head -1)" ]; then
  npm run build --silent
fi
