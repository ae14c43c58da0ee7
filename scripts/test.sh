#!/usr/bin/env bash
# make test: every suite a user needs to trust the build.
#  1. builds: normal (build/) and AddressSanitizer+UBSan (build-asan/)
#  2. a throw-away PostgreSQL cluster on a unix socket (stopped at the end)
#  3. CTest on the sanitizer build: unit, store contract (SQLite and
#     PostgreSQL) and a fuzz smoke run
#  3b. the web UI build and its unit tests (tests/web, node --test)
#  4. API tests against a real `yiwang serve` (the sanitizer build), once
#     on SQLite and once on PostgreSQL
#  5. browser tests (Playwright + Debian's chromium) against the normal build
# Prints "N passed, N failed" at the end; exits non-zero on any failure.
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
JOBS=${JOBS:-2}
bash scripts/install-deps.sh test || exit 1

passed=0; failed=0
note() { printf '\n== %s ==\n' "$*"; }
count_node() { # add a node --test run's "# pass N" / "# fail N" to the totals
  local p f; p=$(grep -E '^# pass ' "$1" | tail -1 | awk '{print $3}'); f=$(grep -E '^# fail ' "$1" | tail -1 | awk '{print $3}')
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0}))
  if [ -z "$p" ]; then failed=$((failed + 1)); fi
}

note "build"
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null && cmake --build build -j"$JOBS" >/dev/null || { echo "build failed"; cmake --build build 2>&1 | tail -30; exit 1; }
./build/yw-errors-doc > docs/errors.md

note "PostgreSQL test cluster"
PGDIR=$(mktemp -d /tmp/yw-pg.XXXXXX)
cleanup() { bash scripts/pg-test-cluster.sh stop "$PGDIR" >/dev/null 2>&1 || true; }
trap cleanup EXIT
if YW_TEST_PG=$(bash scripts/pg-test-cluster.sh start "$PGDIR"); then
  export YW_TEST_PG; echo "cluster: $YW_TEST_PG"
else
  echo "could not start PostgreSQL"; exit 1
fi

note "sanitizer build"
cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DYW_SANITIZE=ON >/dev/null && cmake --build build-asan -j"$JOBS" >/dev/null || { cmake --build build-asan 2>&1 | tail -30; exit 1; }

note "unit, store contract (SQLite + PostgreSQL) and fuzz smoke — ctest"
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0}
ctest --test-dir build-asan --output-on-failure -j"$JOBS" 2>&1 | tee /tmp/yw-ctest.log
ct_total=$(grep -oE 'tests passed, [0-9]+ tests failed out of [0-9]+' /tmp/yw-ctest.log | awk '{print $8}')
ct_failed=$(grep -oE 'tests passed, [0-9]+ tests failed' /tmp/yw-ctest.log | awk '{print $3}')
if [ -z "$ct_total" ]; then failed=$((failed + 1)); else passed=$((passed + ct_total - ct_failed)); failed=$((failed + ct_failed)); fi
if grep -q "Skipped" /tmp/yw-ctest.log; then echo "a suite was skipped: that is a failure here"; failed=$((failed + 1)); fi

note "web UI"
bash scripts/build-web.sh || { echo "web build failed"; failed=$((failed + 1)); }

note "web unit tests (pure functions of the UI, node --test)"
if ls tests/web/*.test.mjs >/dev/null 2>&1; then
  node --test tests/web/*.test.mjs > /tmp/yw-web-unit.log 2>&1
  grep -E '^(not )?ok |^# (pass|fail)' /tmp/yw-web-unit.log
  grep -A20 '^not ok' /tmp/yw-web-unit.log | head -40
  count_node /tmp/yw-web-unit.log
fi

for store in sqlite pg; do
  note "API tests on $store (server built with sanitizers)"
  YW_BIN=$ROOT/build-asan/yiwang YW_API_STORE=$store ASAN_OPTIONS=detect_leaks=0 \
    node --test --test-concurrency=2 tests/api/*.test.mjs > /tmp/yw-api-$store.log 2>&1
  grep -E '^(not )?ok |^# (pass|fail)' /tmp/yw-api-$store.log
  grep -A20 '^not ok' /tmp/yw-api-$store.log | head -60
  count_node /tmp/yw-api-$store.log
done

# One seeded server on STORE_URL, then the browser test files against it
# (the files share the server, one after the other, as a deployment would).
run_e2e() { # LOG STORE_URL FILE...
  local log=$1 url=$2; shift 2
  local dir pid port
  dir=$(mktemp -d /tmp/yw-e2e.XXXXXX)
  ./build/yiwang seed demo --store "$url" >/dev/null 2>&1
  ./build/yiwang serve --listen 127.0.0.1:0 --store "$url" --web web/dist 2> "$dir/server.log" &
  pid=$!
  for _ in $(seq 50); do grep -q '"listening"' "$dir/server.log" && break; sleep 0.1; done
  port=$(grep -o '"port":[0-9]*' "$dir/server.log" | head -1 | cut -d: -f2)
  YW_BASE_URL=http://127.0.0.1:$port node --test --test-concurrency=1 "$@" > "$log" 2>&1
  grep -E '^(not )?ok |^# (pass|fail)' "$log"
  grep -A20 '^not ok' "$log" | head -40
  count_node "$log"
  # A failure's server side: the warnings and errors the server logged.
  if grep -q '^not ok' "$log"; then
    grep -E '"level":"(warn|error)"' "$dir/server.log" | grep -v '"http_internal"' | tail -20
  fi
  kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null
  rm -rf "$dir"
}

note "browser tests (playwright-core + chromium)"
if ls tests/e2e/*.test.mjs >/dev/null 2>&1 && [ -f web/dist/index.html ]; then
  E2E_DB=$(mktemp -d /tmp/yw-e2e-db.XXXXXX)
  run_e2e /tmp/yw-e2e.log "sqlite:$E2E_DB/yiwang.db" tests/e2e/*.test.mjs
  rm -rf "$E2E_DB"
  # The done-when paths of cases and 好差评 once more on PostgreSQL.
  note "browser tests of cases and 好差评 on PostgreSQL"
  E2E_PGDB=yw_e2e_$$
  PGHOST_DIR=$(sed -E 's/.*host=([^ ]+).*/\1/' <<<"$YW_TEST_PG")
  psql -h "$PGHOST_DIR" -U postgres -d postgres -qc "CREATE DATABASE $E2E_PGDB" >/dev/null
  run_e2e /tmp/yw-e2e-pg.log "host=$PGHOST_DIR dbname=$E2E_PGDB user=postgres" \
    tests/e2e/cases.test.mjs tests/e2e/case_files.test.mjs tests/e2e/ratings.test.mjs tests/e2e/ratings_front.test.mjs tests/e2e/rating_settings.test.mjs
else
  echo "no browser tests or no web build"; failed=$((failed + 1))
fi

echo
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
