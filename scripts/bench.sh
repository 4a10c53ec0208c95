#!/usr/bin/env bash
# Runs every benchmark on SQLite, then on a throw-away durable PostgreSQL
# (.ci/postgres.sh with FRONTLINE_PG_DURABLE=1: fsync on, as SQLite runs
# synchronous=FULL), and prints their headline figures side by side, each with
# its ratio to its own dialect's baseline.
#
#   pnpm bench                       every bench at its default size (some take minutes)
#   pnpm bench -- --quick            each bench's quick size (its --demo or --small)
#   FRONTLINE_BENCH_ONLY="seed servers" pnpm bench -- --quick    only benches whose file names contain one of those words
#   FRONTLINE_BENCH_DIALECTS=sqlite  one dialect only (sqlite or postgres)
#   FRONTLINE_BENCH_RESULTS=file     keep the figures (JSON lines, appended); node packages/db/bench/table.ts file prints them again
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

args=()
for a in "$@"; do [ "$a" = "--" ] || args+=("$a"); done

benches=(
  packages/db/bench/seed.bench.ts
  packages/db/bench/plan.bench.ts
  packages/db/bench/rollup.bench.ts
  packages/db/bench/tickets.bench.ts
  api/bench/reception.bench.ts
  api/bench/visits.bench.ts
  api/bench/servers.bench.ts
  api/bench/scores.bench.ts
  api/bench/tickets.bench.ts
  api/bench/http.bench.ts
)

# The inner half: run the benches on whatever FRONTLINE_BENCH_DATABASE_URL says (unset: SQLite).
if [ "${FRONTLINE_BENCH_INNER:-}" = "1" ]; then
  [ -n "${FRONTLINE_TEST_DATABASE_URL:-}" ] && export FRONTLINE_BENCH_DATABASE_URL="$FRONTLINE_TEST_DATABASE_URL"
  for bench in "${benches[@]}"; do
    if [ -n "${FRONTLINE_BENCH_ONLY:-}" ]; then
      wanted=0
      for w in $FRONTLINE_BENCH_ONLY; do [[ "$bench" == *"$w"* ]] && wanted=1; done
      [ "$wanted" = 1 ] || continue
    fi
    echo
    dialect=SQLite
    [ -n "${FRONTLINE_BENCH_DATABASE_URL:-}" ] && dialect=PostgreSQL
    echo "━━ ${bench} on ${dialect}"
    (cd "$(dirname "$(dirname "$bench")")" && node "bench/$(basename "$bench")" ${args[@]+"${args[@]}"})
  done
  exit 0
fi

# http.bench.ts runs the real server, the web app built in front of it.
if [ -z "${FRONTLINE_BENCH_ONLY:-}" ] || [[ " ${FRONTLINE_BENCH_ONLY} " == *http* ]]; then
  pnpm turbo run build --filter=@frontline/web --output-logs=errors-only
fi

# The figures go to FRONTLINE_BENCH_RESULTS when it is set (kept, appended to), else to a temporary file.
if [ -n "${FRONTLINE_BENCH_RESULTS:-}" ]; then
  results="$FRONTLINE_BENCH_RESULTS"
else
  results="$(mktemp "${TMPDIR:-/tmp}/frontline-bench-XXXXXX.jsonl")"
  trap 'rm -f "$results"' EXIT
fi
export FRONTLINE_BENCH_RESULTS="$results"
dialects="${FRONTLINE_BENCH_DIALECTS:-sqlite postgres}"
if [[ "$dialects" == *sqlite* ]]; then
  echo "━━━━ SQLite"
  env -u FRONTLINE_BENCH_DATABASE_URL -u FRONTLINE_TEST_DATABASE_URL FRONTLINE_BENCH_INNER=1 bash "$0" ${args[@]+"${args[@]}"}
fi
if [[ "$dialects" == *postgres* ]]; then
  echo "━━━━ PostgreSQL (durable)"
  FRONTLINE_PG_DURABLE=1 FRONTLINE_BENCH_INNER=1 bash .ci/postgres.sh bash "$0" ${args[@]+"${args[@]}"}
fi
echo
node packages/db/bench/table.ts "$results"
