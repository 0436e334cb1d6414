#!/usr/bin/env bash
# The "done when" of issue 14 at scale: builds in release mode, runs
# scenarios/crm_edge_cases.scenario at CUSTOMERS customers (1,000,000 by default), then
#   1. checks the customers file with the independent reader Tests/RoundTrip/packs.py (unique
#      emails, version 4 UUIDs, phone validity by libphonenumber, postal code formats, first-name
#      shares), in .build-pyvenv (scripts/python-deps.sh sets it up);
#   2. when SCENARIO_PGHOST is set (scripts/postgres.sh start prints it), writes the PostgreSQL
#      scripts and loads them into a fresh database with psql, UNIQUE and foreign keys enforced,
#      and counts the rows and the UNIQUE constraints.
# Not a test (it takes minutes); its figures are quoted in the issue's note.
# Usage: scripts/verify-crm.sh            CUSTOMERS=200000 scripts/verify-crm.sh
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

CUSTOMERS=${CUSTOMERS:-1000000}
swift build -c release --product scenario >/dev/null
bin=$(swift build -c release --show-bin-path)/scenario
scripts/python-deps.sh
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

echo "verify-crm: $CUSTOMERS customers, $(date -u +%Y-%m-%dT%H:%M:%SZ)"
/usr/bin/time -f "csv run: %e s, %M KB peak" "$bin" run scenarios/crm_edge_cases.scenario --set customers="$CUSTOMERS" \
  --out "$out/csv" --quiet | grep -E "^(FAIL|expectations)" || true
.build-pyvenv/bin/python3 Tests/RoundTrip/packs.py "$out/csv/customers.csv" | tail -2

if [[ -n ${SCENARIO_PGHOST:-} ]]; then
  "$bin" run scenarios/crm_edge_cases.scenario --set customers="$CUSTOMERS" --format sql --dialect postgres \
    --out "$out/pg" --quiet --expectations off
  rm -rf "$out/csv"
  db="verify_crm_$$"
  psql=(psql -X -q -v ON_ERROR_STOP=1 -h "$SCENARIO_PGHOST" -p "${SCENARIO_PGPORT:-5432}" -U "${SCENARIO_PGUSER:-postgres}")
  "${psql[@]}" -d postgres -c "CREATE DATABASE $db"
  trap '"${psql[@]}" -d postgres -c "DROP DATABASE IF EXISTS $db" >/dev/null 2>&1 || true; rm -rf "$out"' EXIT
  /usr/bin/time -f "postgres load: %e s" "${psql[@]}" -d "$db" -f "$out/pg/customers.sql" -f "$out/pg/orders.sql" \
    -f "$out/pg/order_items.sql"
  "${psql[@]}" -d "$db" -A -t -c "SELECT 'rows: customers ' || (SELECT count(*) FROM customers) || ', orders ' || (SELECT count(*) FROM orders) || ', order_items ' || (SELECT count(*) FROM order_items) || '; UNIQUE constraints: ' || (SELECT count(*) FROM pg_constraint WHERE contype = 'u' AND connamespace = 'public'::regnamespace) || '; distinct emails: ' || (SELECT count(DISTINCT email) FROM customers)"
fi
