#!/usr/bin/env bash
# The seed's own race test as a user would run it today: CLIENTS concurrent claimers (pgbench clients, one
# transaction each, released together), one round, on the seed's three accounts; reset; repeat ROUNDS times.
# Prints one line per round:  round=N committed=C duplicates=D aborted=A ms=T pgbench_ms=P
# (duplicates: accounts claimed by two committed transactions; aborted: claimers that failed, e.g. 23505 when
# two insert the same incremental import; ms: the whole round, reset and count included).
#
# Usage: bench/seed-race.sh [ROUNDS] [CLIENTS]     (defaults 100 and 20)
# Connection: the libpq environment (PGHOST, PGPORT, PGDATABASE, PGUSER, PGPASSWORD), and a search_path that
# reaches the kit's tables, e.g. PGOPTIONS='-c search_path=claim_matrix_1234abcd'. `claim-matrix bench` runs
# it that way against its own schema. PGBENCH and PSQL override the binaries.
set -euo pipefail
rounds=${1:-100}
clients=${2:-20}
here=$(cd "$(dirname "$0")" && pwd)
pgbench=${PGBENCH:-pgbench}
psql=${PSQL:-psql}
if [[ "$pgbench" == */* ]] && [[ -z "${PSQL:-}" ]] && [[ -x "$(dirname "$pgbench")/psql" ]]; then
  psql="$(dirname "$pgbench")/psql"
fi
q() { "$psql" -X -q -v ON_ERROR_STOP=1 "$@"; }

q -f "$here/seed-race-setup.sql" >/dev/null
for ((r = 1; r <= rounds; r++)); do
  start=$(date +%s%N)
  q -f "$here/seed-race-reset.sql" >/dev/null
  bench_start=$(date +%s%N)
  # Aborted clients make pgbench exit 2; they are part of the result, not a failure of the test.
  out=$("$pgbench" -n -M extended -c "$clients" -j "$clients" -t 1 -f "$here/seed-race.sql" 2>&1) || true
  bench_end=$(date +%s%N)
  if ! grep -q "number of transactions actually processed" <<<"$out"; then
    echo "pgbench failed in round $r:" >&2
    echo "$out" >&2
    exit 1
  fi
  aborted=$(grep -c "aborted in command" <<<"$out" || true)
  IFS='|' read -r committed duplicates < <(q -At -f "$here/seed-race-count.sql")
  end=$(date +%s%N)
  echo "round=$r committed=$committed duplicates=$duplicates aborted=$aborted ms=$(((end - start) / 1000000)) pgbench_ms=$(((bench_end - bench_start) / 1000000))"
done
