#!/usr/bin/env bash
# Runs otpkit's JMH benchmarks against the floor baseline and the peer libraries, in one run, and
# writes docs/benchmarks.md.
#
#   totp-benchmarks/run.sh            full run: the forks, JVM options and timing annotated on
#                                     the classes. Estimate for 2 quiet cores, from those
#                                     annotations: 44 ns/op cases (AverageTimeBenchmark: 2 forks x
#                                     (4 warm-up + 5 measured) x 1 s, plus about 3 s to start and
#                                     prepare each fork) 88 x 12 s = 18 min; JdbcStoreBenchmark 4
#                                     cases x 2 forks x (10 x 2 s + 5 x 2 s + 3 s) = 4.5 min;
#                                     PostgresSignInBenchmark 10 cases x 1 fork x (6 x 2 s + 5 x 2 s
#                                     + about 10 s to import accounts and VACUUM) = 5.5 min; the
#                                     build about 2 min. About 30 minutes in all (25 without
#                                     PostgreSQL); nothing is trimmed.
#   totp-benchmarks/run.sh --quick    smoke run (1 fork, short iterations; 5 minutes with
#                                     PostgreSQL on a loaded 2-core machine, plus the build); its
#                                     times are not fit for the targets, its B/op nearly are (short
#                                     iterations may end before escape analysis, adding some bytes)
#   totp-benchmarks/run.sh [--quick] REGEX...   only the benchmarks matching REGEX (JMH syntax)
#
# PostgresSignInBenchmark runs only when a PostgreSQL JDBC URL is in OTPKIT_BENCH_POSTGRES_URL (or,
# as in CI, OTPKIT_TEST_POSTGRES_URL); it writes a million filler accounts into that database once
# (tables otpkit_bench_*, kept for the next run). Without a URL it is left out.
#
# Needs JDK 17+, Maven and python3. Results: totp-benchmarks/target/jmh-result.json (raw JMH
# JSON) and docs/benchmarks.md (the report). Run it on a machine as quiet as you can get it: the
# report records the load average before and after.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

quick=false
if [[ ${1:-} == --quick ]]; then
  quick=true
  shift
fi

if $quick; then
  timing=(-f 1 -wi 1 -w 300ms -i 2 -r 300ms)
else
  # The classes' own @Fork, @Warmup and @Measurement.
  timing=()
fi
result="totp-benchmarks/target/jmh-result.json"
# PostgresSignInBenchmark writes the EXPLAIN plans of housekeeping here; the report shows them.
plans="totp-benchmarks/target/postgres-plans"
rm -rf "$plans"
export OTPKIT_BENCH_PLAN_DIR="$root/$plans"
exclude=()
if [[ -z ${OTPKIT_BENCH_POSTGRES_URL:-} && -z ${OTPKIT_TEST_POSTGRES_URL:-} ]]; then
  echo "No PostgreSQL URL (OTPKIT_BENCH_POSTGRES_URL): PostgresSignInBenchmark left out." >&2
  exclude=(-e PostgresSignInBenchmark)
fi
jmh=(java -jar totp-benchmarks/target/benchmarks.jar
  ${timing[@]+"${timing[@]}"}
  ${exclude[@]+"${exclude[@]}"}
  -prof gc
  -rf json -rff "$result"
  "$@")

echo "Building totp-benchmarks..." >&2
mvn -B -q -DskipTests package -pl totp-benchmarks -am

load_before="$(cut -d' ' -f1-3 /proc/loadavg)"
started="$(date -u +%Y-%m-%dT%H:%M:%SZ)"
echo "Running: ${jmh[*]}" >&2
"${jmh[@]}"
load_after="$(cut -d' ' -f1-3 /proc/loadavg)"

command="totp-benchmarks/run.sh"
if $quick; then command+=" --quick"; fi
for arg in "$@"; do command+=" $arg"; done
quick_flag=()
if $quick; then quick_flag=(--quick); fi

python3 totp-benchmarks/report.py "$result" docs/benchmarks.md \
  --command "$command" \
  --jmh-command "${jmh[*]}" \
  --started "$started" \
  --load-before "$load_before" \
  --load-after "$load_after" \
  --plans "$plans" \
  "${quick_flag[@]}"
echo "Wrote docs/benchmarks.md" >&2
