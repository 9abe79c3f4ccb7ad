#!/usr/bin/env bash
# Runs otpkit's JMH benchmarks against the floor baseline and the peer libraries, in one run, and
# writes docs/benchmarks.md.
#
#   totp-benchmarks/run.sh            full run: the forks, JVM options and timing annotated on
#                                     the classes (AverageTimeBenchmark: 2 forks x (4 warm-up +
#                                     5 measured) 1-second iterations per case; JDBC: 10 x 2 s
#                                     warm-up, 5 x 2 s measured), about 20 minutes on 2 cores
#   totp-benchmarks/run.sh --quick    smoke run (1 fork, short iterations, about 3 minutes);
#                                     its numbers are not fit for the targets
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
  "${quick_flag[@]}"
echo "Wrote docs/benchmarks.md" >&2
