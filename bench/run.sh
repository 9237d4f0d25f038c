#!/usr/bin/env bash
# Runs one Aurum benchmark: bench/run.sh NAME [ARGS...]; prints one JSON line on stdout.
#   engine   [sqlite|postgresql] [partitions=10000] [concurrency=2]   EngineOverheadBench
#   ingest   [sqlite|postgresql] [days=120] [concurrency=4]             IngestThroughputBench (a page a day)
#   quota    [Q=20] [days=620] [concurrency=16] [strict|bucket] [rate=Q] QuotaEfficiencyBench (strict window by default)
#   quota-shared [processes=4] [Q=20] [N=1200]   QuotaSharedBench (one PostgreSQL quota, child JVMs)
#   memory   [heap=256m]                                                MemoryBench
#   replay   [sqlite|postgresql] [days=365] [series=50] [rollback=10000] ReplayRollbackBench
#   validate [sqlite|postgresql] [days=365] [series=50]                ValidateQualityBench
#   scan     [sqlite|postgresql] [years=10] [runs=2] [work=bench/work] ScanBench (seeded db cached in work)
#   parsing  [JMH args, e.g. 'ParsingBench.eia.*']                     ParsingBench (JMH table)
#   payloads                                                            PayloadSizes
#   relay    [sqlite|postgresql] [rows=20000] [batches=100,500,2000]    RelayBench (outbox to a KRaft broker, msg/s)
#   rowcpu   eia|sqlite                                                 RowCpuBench (CPU ns per row)
#   sources  [dir] [Q=20] [year=2023] [quota|auto|both]                SourcesBackfillBench (aurum-app tests)
#   requests [sources=all] [requests|makespan|both] [dir]             RequestsBench (aurum-app tests), a line a run
#   peer     sqlite|postgresql [partitions=10000] [threads=2]           the Spring Batch peer
#   sitting  sqlite|postgresql [rounds=3]                               peer and engine alternated, a line per round
#   serve    [clients=200] [reads=500] [days=365] [latency_ms=5] [concurrency=4] [db=sqlite|postgresql]
#            [rounds=1] [arms=alone,real,limit]                         ServeBench (aurum-app tests): a backfill
#                                                                       in aurum serve alone, under SSE clients
#                                                                       and open-loop status reads (real), and
#                                                                       under as many /health/live reads (limit);
#                                                                       the load runs in its own JVM (ServeLoad)
#   workers  [days=365] [latency_ms=50] [concurrency=4] [processes=1,2,4] [page_rows=120]
#                                                                       WorkersBench (aurum-app tests): worker processes
#                                                                       on PostgreSQL, one submitted sandbox backfill;
#                                                                       partitions/s, ratio to 1 process, CPU
#   overhead sqlite|postgresql [rounds=3] [partitions=10000] [warmup=0] engine with metrics off and on (order swapped
#                                                                       each round), a line per round, then the median
#                                                                       on/off ratio of partitions/s and of the run's CPU;
#                                                                       warmup partitions run first in each JVM, unmeasured
# Builds aurum-bench (and what it needs, tests compiled but not run) first unless BENCH_NO_BUILD=1.
# Aurum's JVMs start with config/jvm.options, as the ./aurum launcher does; the peer's with the
# JVM's defaults, as its README runs it (PEER_JAVA_OPTS adds options to the peer's JVM).
# PostgreSQL: AURUM_BENCH_PG_URL (default jdbc:postgresql://127.0.0.1:5432/test?user=postgres).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
name="${1:?usage: bench/run.sh engine|ingest|quota|quota-shared|memory|requests|peer|sitting|overhead [args]}"
shift

if [ "$name" = sitting ]; then
  # The machines are shared and noisy: compare Aurum and the peer round by round, never across
  # sittings. Each round runs the peer, then Aurum, and prints one JSON line with the ratio.
  db="${1:-sqlite}"; rounds="${2:-3}"
  if [ "${BENCH_NO_BUILD:-0}" != 1 ]; then ./mvnw -B -q -pl aurum-bench -am package -DskipTests >&2; fi
  field() { sed -n "s/.*\"$1\":\([0-9.]*\).*/\1/p"; }
  for i in $(seq "$rounds"); do
    peer_out="$(BENCH_NO_BUILD=1 "$0" peer "$db" | tail -1)"
    aurum_out="$(BENCH_NO_BUILD=1 "$0" engine "$db" | tail -1)"
    p="$(echo "$peer_out" | field partitions_per_s)"
    a="$(echo "$aurum_out" | field partitions_per_s)"
    p50="$(echo "$aurum_out" | field overhead_p50_ms)"
    p99="$(echo "$aurum_out" | field overhead_p99_ms)"
    ratio="$(awk -v a="$a" -v p="$p" 'BEGIN { printf "%.2f", a / p }')"
    printf '{"bench":"sitting","db":"%s","round":%d,"aurum_partitions_per_s":%s,"peer_partitions_per_s":%s,"ratio":%s,"aurum_p50_ms":%s,"aurum_p99_ms":%s}\n' \
      "$db" "$i" "$a" "$p" "$ratio" "$p50" "$p99"
  done
  exit 0
fi

if [ "$name" = overhead ]; then
  # Issue 19: what observing a run costs. Each round runs the engine benchmark with metrics off
  # and on (registry, EngineMetrics, /metrics served, alert rules evaluated every second),
  # alternated in one sitting because the machine is shared and noisy, the order swapped every
  # round; the figure is the median of the rounds' on/off ratios of partitions/s.
  db="${1:-sqlite}"; rounds="${2:-3}"; parts="${3:-10000}"; warmup="${4:-0}"
  if [ "${BENCH_NO_BUILD:-0}" != 1 ]; then ./mvnw -B -q -pl aurum-bench -am package -DskipTests >&2; fi
  field() { sed -n "s/.*\"$1\":\([0-9.]*\).*/\1/p"; }
  ratios=(); cpu_ratios=()
  # Each arm's line: partitions/s, then the process CPU of the run (every thread, JIT and GC too),
  # which the machine's other users disturb less than the wall time.
  arm() {
    local line
    line="$(BENCH_NO_BUILD=1 "$0" engine "$db" "$parts" 2 "$1" "$warmup" | tail -1)"
    echo "$(echo "$line" | field partitions_per_s) $(echo "$line" | field run_cpu_s)"
  }
  for i in $(seq "$rounds"); do
    # Counterbalanced (off-on, then on-off, ...): whatever the run before leaves behind (dirty
    # pages of its database being written back, a warmer page cache) falls on each arm equally.
    if [ $((i % 2)) -eq 1 ]; then
      read -r off off_cpu <<< "$(arm off)"; read -r on on_cpu <<< "$(arm on)"
    else
      read -r on on_cpu <<< "$(arm on)"; read -r off off_cpu <<< "$(arm off)"
    fi
    ratio="$(awk -v a="$on" -v b="$off" 'BEGIN { printf "%.3f", a / b }')"
    cpu_ratio="$(awk -v a="$on_cpu" -v b="$off_cpu" 'BEGIN { printf "%.3f", a / b }')"
    ratios+=("$ratio"); cpu_ratios+=("$cpu_ratio")
    # The host's load average over the last minute, at the round's end: the machine is shared.
    load="$(cut -d' ' -f1 /proc/loadavg 2>/dev/null || echo 0)"
    printf '{"bench":"overhead","db":"%s","round":%d,"off_partitions_per_s":%s,"on_partitions_per_s":%s,"on_off_ratio":%s,"off_cpu_s":%s,"on_cpu_s":%s,"on_off_cpu_ratio":%s,"load1":%s}\n' \
      "$db" "$i" "$off" "$on" "$ratio" "$off_cpu" "$on_cpu" "$cpu_ratio" "$load"
  done
  median() { printf '%s\n' "$@" | sort -n | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else printf "%.3f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
  med="$(median "${ratios[@]}")"
  printf '{"bench":"overhead","db":"%s","rounds":%d,"median_on_off_ratio":%s,"metrics_slowdown":%s,"median_on_off_cpu_ratio":%s}\n' \
    "$db" "$rounds" "$med" "$(awk -v m="$med" 'BEGIN { printf "%.3f", 1 / m }')" "$(median "${cpu_ratios[@]}")"
  exit 0
fi

if [ "$name" = peer ]; then
  # The peer is not part of this repository: AURUM_BENCH_PEER, or shared/peers beside the checkout.
  peer="${AURUM_BENCH_PEER:-$(dirname "$root")/shared/peers/spring-batch-backfill}"
  [ -d "$peer" ] || peer="/work/shared/peers/spring-batch-backfill"
  jar="$peer/target/spring-batch-backfill.jar"
  if [ ! -f "$jar" ]; then (cd "$peer" && mvn -B -q package >&2); fi
  db="${1:-sqlite}"; parts="${2:-10000}"; threads="${3:-2}"
  if [ "$db" = sqlite ]; then
    tmp="$(mktemp -d)"; target="sqlite:$tmp/peer.db"
  else
    target="postgresql://127.0.0.1:5432/test"
  fi
  # PEER_JAVA_OPTS: the peer's JVM options (none by default, as its README runs it), e.g. Aurum's
  # config/jvm.options to compare both under the same JVM settings.
  # shellcheck disable=SC2086
  exec java ${PEER_JAVA_OPTS:-} -jar "$jar" --db "$target" --source inproc --partitions "$parts" --threads "$threads"
fi

if [ "${BENCH_NO_BUILD:-0}" != 1 ]; then
  # package, not install: other checkouts install the same SNAPSHOT versions into ~/.m2. In the
  # reactor, classpath.txt then names this checkout's module jars.
  ./mvnw -B -q -pl aurum-bench -am package -DskipTests >&2
fi
# Aurum's own modules from this checkout's target/classes, never from ~/.m2 (other checkouts
# install the same SNAPSHOT versions there).
cp="$root/aurum-bench/target/classes"
IFS=: read -ra entries < aurum-bench/target/classpath.txt || true
for e in "${entries[@]}"; do
  if [[ "$e" =~ /io/aurum/(aurum-[a-z]+)/ ]]; then
    e="$root/${BASH_REMATCH[1]}/target/classes"
  fi
  cp="$cp:$e"
done
case "$name" in
  engine) main=io.aurum.bench.EngineOverheadBench ;;
  ingest) main=io.aurum.bench.IngestThroughputBench ;;
  quota)  main=io.aurum.bench.QuotaEfficiencyBench ;;
  quota-shared) main=io.aurum.bench.QuotaSharedBench ;;
  memory) main=io.aurum.bench.MemoryBench ;;
  replay) main=io.aurum.bench.ReplayRollbackBench ;;
  validate) main=io.aurum.bench.ValidateQualityBench ;;
  scan) main=io.aurum.bench.ScanBench ;;
  parsing) main=org.openjdk.jmh.Main; [ $# -gt 0 ] || set -- ParsingBench ;;
  payloads) main=io.aurum.bench.PayloadSizes ;;
  rowcpu) main=io.aurum.bench.RowCpuBench ;;
  relay)  main=io.aurum.bench.RelayBench ;;
  # aurum-app test scope (AurumCli, TestConfig); TestConfig reads ../config, so run from aurum-app.
  sources) main=io.aurum.app.bench.SourcesBackfillBench
    cp="$root/aurum-app/target/test-classes:$cp"; cd "$root/aurum-app" ;;
  # Sources: all, or some of eia,fred,cpi,noaa,nyiso,caiso,pjm (comma-separated).
  requests) main=io.aurum.app.bench.RequestsBench
    cp="$root/aurum-app/target/test-classes:$cp"; cd "$root/aurum-app" ;;
  # The store's test fixtures give the postgresql arm its own schema.
  serve) main=io.aurum.app.bench.ServeBench
    cp="$root/aurum-app/target/test-classes:$root/aurum-store/target/test-classes:$cp"; cd "$root/aurum-app" ;;
  # CliFixture on PostgreSQL needs the store's test fixtures (a fresh schema per run).
  workers) main=io.aurum.app.bench.WorkersBench
    cp="$root/aurum-app/target/test-classes:$root/aurum-store/target/test-classes:$root/aurum-core/target/test-classes:$cp"
    cd "$root/aurum-app" ;;
  *) echo "unknown benchmark $name" >&2; exit 2 ;;
esac
# The launcher's JVM options (config/jvm.options), so Aurum is measured as users run it; then
# BENCH_JAVA_OPTS, which win (a collector named there replaces the file's).
# shellcheck source=scripts/jvm-options.sh
. "$root/scripts/jvm-options.sh"
jvm_options "$root/config/jvm.options" "${BENCH_JAVA_OPTS:-}"
# shellcheck disable=SC2086
exec java "${jvm[@]}" ${BENCH_JAVA_OPTS:-} -cp "$cp" "$main" "$@"
