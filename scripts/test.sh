#!/usr/bin/env bash
# `npm test`: unit/integration tests (vitest), then browser tests (Playwright).
#
#   npm test                      vitest on in-memory PGlite, then e2e/ in Chromium
#   DATABASE_URL=postgres://… npm test
#                                 the same vitest suites on that PostgreSQL server
#                                 (createTestDatabase makes a database per file);
#                                 the e2e app uses E2E_DATABASE_URL if set, else
#                                 DATABASE_URL itself
#   npm test -- packages/db       extra arguments go to vitest (filters)
#
# Browser tests need Chromium at $CHROMIUM_PATH or /usr/bin/chromium; without
# one they are skipped with a message and only the vitest result counts.
# Written for CI:
#   test-results/.browser-ran     exists iff Playwright ran and >=1 test passed
#   $FX_COUNTS_FILE (if set)      gets "vitest[db] P F S" and "playwright[db] P F S" lines
#   test-results/vitest.json, test-results/playwright.json   raw reports
set -uo pipefail
cd "$(dirname "$0")/.."

mkdir -p test-results
rm -f test-results/.browser-ran test-results/vitest.json test-results/playwright.json

# count FILE KIND EXIT: prints "P F S" from a vitest or Playwright JSON report.
# A failing exit with no counted failure (crash, load error) counts one failure.
count() {
  node -e '
    const fs = require("fs");
    const [file, kind, rc] = process.argv.slice(1);
    let p = 0, f = 0, s = 0;
    try {
      const r = JSON.parse(fs.readFileSync(file, "utf8"));
      if (kind === "vitest") {
        p = r.numPassedTests | 0; f = r.numFailedTests | 0;
        s = (r.numPendingTests | 0) + (r.numTodoTests | 0);
      } else {
        const st = r.stats || {};
        p = (st.expected | 0) + (st.flaky | 0); f = st.unexpected | 0; s = st.skipped | 0;
        if ((r.errors || []).length && !f) f = r.errors.length;
      }
    } catch {}
    if (rc !== "0" && f === 0) f = 1;
    console.log(p, f, s);
  ' "$@"
}

record() { # KIND "P F S"
  [ -n "${FX_COUNTS_FILE:-}" ] && echo "$1 $2" >>"$FX_COUNTS_FILE"
  return 0
}

redact() { sed -E 's#(//[^:/@]*):[^@/]*@#\1:***@#' <<<"$1"; }
where="PGlite (in memory)"
db_kind=pglite
if [ -n "${DATABASE_URL:-}" ]; then where="PostgreSQL $(redact "$DATABASE_URL")"; db_kind=postgres; fi
echo "== vitest on $where"
npx vitest run --reporter=default --reporter=json --outputFile.json=test-results/vitest.json "$@"
vitest_rc=$?
vitest_counts=$(count test-results/vitest.json vitest "$vitest_rc")
record "vitest[$db_kind]" "$vitest_counts"

pw_rc=0
chromium=${CHROMIUM_PATH:-/usr/bin/chromium}
if [ ! -x "$chromium" ]; then
  echo
  echo "Browser tests SKIPPED: no Chromium found. Install it with: apt-get install chromium (Debian) or set CHROMIUM_PATH"
elif [ ! -d e2e ]; then
  echo
  echo "Browser tests SKIPPED: there is no e2e/ directory"
else
  export CHROMIUM_PATH=$chromium
  e2e_db=${E2E_DATABASE_URL:-${DATABASE_URL:-}}
  e2e_kind=pglite e2e_where="PGlite .data/e2e-pglite"
  if [ -n "$e2e_db" ]; then e2e_kind=postgres e2e_where="PostgreSQL $(redact "$e2e_db")"; fi
  if [ "${E2E_PROD:-}" = 1 ]; then e2e_where="$e2e_where; production build (next start)"; fi
  echo
  echo "== playwright (e2e/) in $chromium; app database: $e2e_where"
  PLAYWRIGHT_JSON_OUTPUT_FILE=test-results/playwright.json npx playwright test --reporter=list,json
  pw_rc=$?
  pw_counts=$(count test-results/playwright.json playwright "$pw_rc")
  record "playwright[$e2e_kind]" "$pw_counts"
  read -r pw_passed _ _ <<<"$pw_counts"
  if [ "$pw_passed" -ge 1 ]; then
    echo "passed=$pw_passed at $(date -u +%FT%TZ)" >test-results/.browser-ran
    echo "FX_BROWSER_TESTS_RAN=1"
  fi
fi

echo
read -r vp vf vs <<<"$vitest_counts"
echo "npm test: vitest $vp passed / $vf failed / $vs skipped (exit $vitest_rc)${pw_counts:+; playwright $(echo "$pw_counts" | awk '{print $1" passed / "$2" failed / "$3" skipped"}') (exit $pw_rc)}"
[ "$vitest_rc" = 0 ] && [ "$pw_rc" = 0 ]
