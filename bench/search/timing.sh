#!/usr/bin/env bash
# The interleaving search's wall time per variant and statistics condition (docs/benchmarks.md, "The search").
#   bench/search/timing.sh K [VARIANTS] [extra search options...]
# Runs `claim-matrix search VARIANTS --sessions K` once (one embedded PostgreSQL, one run schema per model, as the
# matrix does), prints each result's time as Markdown rows, then the median, the maximum and the whole run's wall
# time. Needs target/claim-matrix.jar (mvn package -DskipTests), gawk and bc.
set -euo pipefail
cd "$(dirname "$0")/../.."
k=${1:?usage: bench/search/timing.sh K [VARIANTS] [options...]}
variants=${2:-*}
shift $(( $# >= 2 ? 2 : 1 ))
out=$(mktemp)
start=$(date +%s.%N)
rc=0
java -jar target/claim-matrix.jar search "$variants" --sessions "$k" "$@" > "$out" || rc=$?
end=$(date +%s.%N)
# A result's header names the variant and its condition; its first "N explored, M pruned, T s" is the search's time.
gawk -v k="$k" '
  /^search [^ ]+: / { name = $2; sub(/:$/, "", name); cond = ($0 ~ /stale statistics$/) ? "stale" : "fresh"; want = 1; next }
  want && match($0, /([0-9]+) explored, ([0-9]+) pruned, ([0-9.]+) s/, m) {
    printf "| `%s` | %s | %d | %s | %s | %s |\n", name, cond, k, m[1], m[2], m[3]; want = 0
  }' "$out" | tee "$out.rows"
awk -F'|' '{ gsub(/ /, "", $7); print $7 }' "$out.rows" | sort -n | awk -v wall="$(echo "$end - $start" | bc)" -v rc="$rc" '
  { t[NR] = $1 } END {
    if (NR == 0) { print "no results"; exit 1 }
    med = (NR % 2) ? t[(NR + 1) / 2] : (t[NR / 2] + t[NR / 2 + 1]) / 2
    printf "\n%d results; median %.1f s, max %.1f s per result; whole run %.0f s wall (exit %d)\n", NR, med, t[NR], wall, rc
  }'
