#!/usr/bin/env bash
# Installs the Debian packages yiwang needs to build, run, test and bench.
# Idempotent: packages already present are skipped and apt is not touched.
set -euo pipefail

BUILD_PKGS="build-essential cmake pkg-config libmicrohttpd-dev libjansson-dev
  libsqlite3-dev libsodium-dev libpq-dev libcmocka-dev libxlsxwriter-dev libqrencode-dev
  libcairo2-dev libpango1.0-dev"
RUN_PKGS="sqlite3 fonts-noto-cjk"
TEST_PKGS="postgresql postgresql-client chromium nginx-light wrk curl poppler-utils"

want="$BUILD_PKGS $RUN_PKGS"
case "${1:-run}" in
  test|bench|all) want="$want $TEST_PKGS" ;;
esac
# The web UI needs Node.js 20+ and npm; Debian's own nodejs is only used
# when the machine has none.
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  want="$want nodejs npm"
fi

missing=""
for p in $want; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0

echo "install-deps: installing:$missing" >&2
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
# Update the package lists only when needed (first install on a fresh machine).
if ! $SUDO apt-get install -y --no-install-recommends $missing >/dev/null 2>&1; then
  $SUDO apt-get update -qq
  $SUDO apt-get install -y --no-install-recommends $missing
fi
