#!/usr/bin/env bash
# Builds the benchmarks and runs them on this machine, writing every output to
# benchmarks/results/<date>/ and then (re)writing benchmarks/RESULTS.md from that directory
# (see benchmarks/README.md for what each figure means).
#
# Usage: scripts/bench.sh [options]
#   --quick             a smoke run: WAL 1 repetition of 1 s per point; JMH 1 iteration of 1 s;
#                       e2e 1 round on the first 600,000 flights (kill -9 after 5 batches);
#                       state 1 M keys only, 5 batches at full state, at most 300 s per row
#   --skip-build        use the existing jars (benchmarks.jar, the cli, the Spark peer)
#   --only NAME[,NAME]  run only these parts: e2e, state, jmh, wal   (default: all four)
#   --dir DIR           scratch directory on the disk to measure (default: a new directory
#                       under benchmarks/target/bench-tmp, deleted afterwards)
#   --e2e-args "ARGS"   extra arguments for SideBySideBenchmark (e.g. "--rounds 5")
#   --state-args "ARGS" extra arguments for StateSizeBenchmark (e.g. "--keys 1M,10M --max-seconds 900")
#   --wal-args "ARGS"   extra arguments for WalThroughputBenchmark (e.g. "--reps 5 --seconds 10")
#   --jmh-args "ARGS"   extra arguments for JMH (e.g. "StateStoreBenchmark -p keysInState=1000000")
#   --render DIR        only rewrite benchmarks/RESULTS.md from an existing results directory
#                       (including DIR/notes.md, if someone wrote one about that run)
#
# Parts (each writes <part>.txt; e2e and state also <part>.md, JMH also jmh.json):
#   e2e    the flights job on Tidemark and on Apache Spark Streaming side by side, alternating
#          over 3 rounds: records/s, batch p50/p99, peak RSS, checkpoint size, restart after
#          kill -9 (issue 7, point 1). About 20 minutes on an idle 2-core machine.
#   state  cost versus state size, Tidemark only: 1 M / 10 M / 100 M keys, uniform and Zipf,
#          mapWithState (and updateStateByKey up to 10 M keys), -Xmx1g (issue 7, point 2).
#          A 100 M-key row takes about 16 minutes here and 2.2 GiB of state (twice that with its
#          data checkpoints); 100 M is dropped with a note when the scratch disk has less than
#          30 GiB free. Each row stops after --max-seconds (3600).
#   jmh    JMH microbenchmarks: state store, Kryo serde, WAL append (issue 7, point 3)
#   wal    WAL throughput per durability policy beside the disk's raw fsync rate (issue 3)
#
# Needs JDK 17, Maven, and for e2e the flights data (fetched with scripts/fetch-flights.sh if
# missing, which needs npm). The first build downloads JMH and Spark unless they are in ~/.m2.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

QUICK=0
SKIP_BUILD=0
ONLY="e2e,state,jmh,wal"
SCRATCH=""
WAL_ARGS=""
JMH_ARGS=""
E2E_ARGS=""
STATE_ARGS=""
RENDER=""
ARGV=""; [[ $# -gt 0 ]] && ARGV="$(printf '%q ' "$@")"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --quick) QUICK=1 ;;
    --skip-build) SKIP_BUILD=1 ;;
    --only) ONLY="$2"; shift ;;
    --dir) SCRATCH="$2"; shift ;;
    --wal-args) WAL_ARGS="$2"; shift ;;
    --jmh-args) JMH_ARGS="$2"; shift ;;
    --e2e-args) E2E_ARGS="$2"; shift ;;
    --state-args) STATE_ARGS="$2"; shift ;;
    --render) RENDER="$2"; shift ;;
    -h|--help) sed -n '2,33p' "$0"; exit 0 ;;
    *) echo "bench.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done

wants() { [[ ",$ONLY," == *",$1,"* ]]; }
log() { printf '[bench] %s\n' "$*" >&2; }

JAR="$ROOT/benchmarks/target/benchmarks.jar"
SPARK_DIR="$ROOT/benchmarks/spark"
RESULTS_MD="$ROOT/benchmarks/RESULTS.md"

# ------------------------------------------------------------------------ RESULTS.md writer
# Writes benchmarks/RESULTS.md from the files of one results directory.
render() {
  local dir="$1" rel spark_version rocksdb_version
  rel="${dir#"$ROOT"/}"
  spark_version="$(sed -n 's:.*<spark.version>\(.*\)</spark.version>.*:\1:p' "$SPARK_DIR/pom.xml" | head -1)"
  rocksdb_version="$(sed -n 's:.*<rocksdb.version>\(.*\)</rocksdb.version>.*:\1:p' "$ROOT/pom.xml" | head -1)"
  {
    echo "# Benchmark results"
    echo
    echo "Written by \`scripts/bench.sh\` from \`$rel/\` (every raw output is there); do not edit by"
    echo "hand, run the script again (or \`scripts/bench.sh --render $rel\`). What each figure means:"
    echo "\`benchmarks/README.md\`. The machine is shared with other builds and tests: read the load"
    echo "averages before the figures."
    echo
    echo "## Machine, versions, commands"
    echo
    echo '```'
    cat "$dir/machine.txt"
    echo "versions: Tidemark $(sed -n 's/^commit: //p' "$dir/machine.txt" | head -1), Apache Spark Streaming" \
      "(spark-streaming_2.13) $spark_version, RocksDB (rocksdbjni) $rocksdb_version"
    echo '```'
    echo
    if [[ -f "$dir/notes.md" ]]; then
      # Written by hand after a run (what was unusual about it); kept across --render.
      echo "## Notes on this run"
      echo
      cat "$dir/notes.md"
      echo
    fi
    if [[ -f "$dir/commands.txt" ]]; then
      echo "Commands (from the repository root):"
      echo
      echo '```'
      cat "$dir/commands.txt"
      echo '```'
      echo
    fi
    echo "## 1. Flights job end to end: Tidemark against Spark Streaming"
    echo
    if [[ -f "$dir/e2e.md" ]]; then
      cat <<'EOF'
The same job on both: per-origin running statistics with updateStateByKey (after a reduceByKey
in the batch), per-route count and delay over a 30-batch window sliding one batch with
reduceByKeyAndWindow and its inverse, both data-checkpointed every 10 batches to a local
directory, each output materialised every batch. Tidemark runs its own command (`tidemark run
flights`, i.e. `io.tidemark.cli.Tidemark` from `cli/target`), Spark runs
`io.tidemark.bench.spark.SparkFlightsJob` (`benchmarks/spark`, `local[N]`, Kryo serializer), each
as a child JVM with the same `-Xmx`.

**Input, identical for both:** `data/flights-3m.csv`, written once from `flights-3m.parquet` by
`FlightsCsvExport` through Tidemark's own reader (3,000,000 lines `epochMs,delay,distance,origin,dest`).
Batch k (k = 0, 1, … from the first batch time) is lines [k·n, (k+1)·n) of that file:
Tidemark's replay source with `--rate 0 --max-batch-records n` (its job thread reads the lines,
its partitions parse them); on Spark a custom `InputDStream` (`LineSliceInputDStream`) whose driver reads the same
slice and `parallelize`s it into N partitions, parsed by a `map` on the executors; its slice
follows from the batch time alone, so it is replayable from Spark's checkpoint (`queueStream` is
not). Both run at an unlimited input rate: the next n lines are always available.

**Definitions.** *records/s sustained* = records ÷ the sum of the batches' processing times (what
the system sustains with batches back to back: both run one batch at a time); batches without
input are left out. *p50/p99*: nearest rank over the batches with input (60 batches: p99 is the
slowest; it includes the first, JIT-cold batches and the checkpointing ones). *peak RSS*: VmHWM of
the child, sampled every 100 ms. *checkpoint*: the checkpoint directory after the run; *local*:
Tidemark's RocksDB directory, Spark's `spark.local.dir`. *restart*: a fresh run is killed with
SIGKILL after 15 batches with input, then, one batch interval later (`--restart-delay-ms`), the
same command is started again on the same directories; the figure is ProcessBuilder.start() → the
child's first batch line (whatever batch completes first: a re-run or a new one), including JVM
start; Tidemark's command uses the class-data-sharing archive as `bin/tidemark` does. The delay
makes a batch due by the time either system is ready: restarted at once, Tidemark (ready in about
0.6 s) waited for the next interval boundary, so its figure measured where in the interval the kill
fell (before 2026-12-08 the restart was started at once). *At 10× Spark's rate*: after the rounds, three
(`--tenfold-runs`; one with `--quick`) more full Tidemark runs, one after the other, with ceil(10 × Spark's median sustained records/s ×
the interval) records per batch at the same interval, over the input repeated whole as often as
needed for at least 120 batches (so that a run's p99 is not simply its slowest, JIT-cold first
batch); the row gives the median of the runs' p99 against the interval, the table below it
each run's p50, p99, slowest and first batch, and every batch time is listed.

EOF
      cat "$dir/e2e.md"
    else
      echo "Not run in this directory (\`--only\` without e2e)."
    fi
    echo
    echo "## 2. Cost versus state size (Tidemark)"
    echo
    if [[ -f "$dir/state.md" ]]; then
      cat <<'EOF'
A per-key counter (a `Long` per `Long` key) in RocksDB, fed by a synthetic replayable stream:
while the state grows every record is a new key (in order); once all keys are in state every
record picks one of them, uniformly or Zipf-like (exponent 1, key 0 hottest). Batches run back to back on the engine's manual clock (the next batch is
released when the previous one completed); a batch's time is measured from its release to its
completion. Heap in use is read right after each batch (no GC forced). Spark is not run here.

EOF
      cat "$dir/state.md"
    else
      echo "Not run in this directory (\`--only\` without state)."
    fi
    echo
    echo "## 3. JMH microbenchmarks"
    echo
    if [[ -f "$dir/jmh.txt" ]]; then
      echo '```'
      sed -n '/^Benchmark  /,/^$/p' "$dir/jmh.txt"
      echo '```'
    else
      echo "Not run in this directory (\`--only\` without jmh)."
    fi
    echo
    echo "## WAL throughput (issue 3)"
    echo
    if [[ -f "$dir/wal-throughput.txt" ]]; then
      sed -n '/^WAL (/,$p' "$dir/wal-throughput.txt"
    else
      echo "Not run in this directory (\`--only\` without wal)."
    fi
  } > "$RESULTS_MD"
  log "wrote $RESULTS_MD from $rel"
}

if [[ -n "$RENDER" ]]; then
  render "$(cd "$RENDER" && pwd)"
  exit 0
fi

STAMP="$(date +%Y-%m-%dT%H%M%S)"
OUT="$ROOT/benchmarks/results/$STAMP"
mkdir -p "$OUT"
echo "scripts/bench.sh ${ARGV% }" > "$OUT/commands.txt"
# Records one command of a part in commands.txt (paths relative to the repository root) and runs it.
run_logged() {
  local out="$1"; shift
  printf '%s\n' "$*" | sed "s:$ROOT/::g; s:$ROOT:.:g" >> "$OUT/commands.txt"
  "$@" 2>&1 | tee "$out"
}

# ------------------------------------------------------------------------------------- build
if [[ $SKIP_BUILD -eq 0 ]]; then
  # The reactor, never `mvn install`: benchmarks and what it needs (wal, state-engine,
  # streaming, the cli, ...). Offline first (fast, no network); online if ~/.m2 lacks something.
  log "building benchmarks (reactor: -pl benchmarks -am)"
  mvn -q -B -o -pl benchmarks -am package -DskipTests \
    || mvn -q -B -pl benchmarks -am package -DskipTests
  if wants e2e; then
    # The Spark peer: a standalone pom outside the reactor (see benchmarks/spark/pom.xml).
    log "building the Spark Streaming peer (benchmarks/spark)"
    mvn -q -B -o -f "$SPARK_DIR/pom.xml" package || mvn -q -B -f "$SPARK_DIR/pom.xml" package
  fi
fi
[[ -f "$JAR" ]] || { echo "bench.sh: $JAR missing; run without --skip-build" >&2; exit 1; }

JAVA_PROPS=()
if [[ -n "$SCRATCH" ]]; then
  mkdir -p "$SCRATCH"
  JAVA_PROPS+=("-Dtidemark.bench.dir=$SCRATCH")
fi

# ------------------------------------------------------------------------------ machine info
{
  echo "date: $(date -Iseconds)"
  echo "commit: $(git rev-parse --short HEAD 2>/dev/null || echo unknown)$(git diff --quiet 2>/dev/null || echo ' (dirty tree)')"
  echo "host: $(uname -srm); $(nproc) CPUs; $(free -g | awk '/Mem:/ {print $2 " GiB RAM"}')"
  echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
  echo "disk of the scratch dir: $(df -h "${SCRATCH:-$ROOT/benchmarks}" | awk 'NR==2 {print $1 ", " $2 " total, " $4 " free"}')"
  echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
  java -version 2>&1 | head -1
  echo "quick: $QUICK"
} > "$OUT/machine.txt"
cat "$OUT/machine.txt" >&2

# ---------------------------------------------------------- e2e (issue 7, point 1)
if wants e2e; then
  CSV="$ROOT/data/flights-3m.csv"
  if [[ ! -f "$CSV" ]]; then
    [[ -f "$ROOT/data/flights-3m.parquet" ]] || "$ROOT/scripts/fetch-flights.sh"
    log "writing $CSV from flights-3m.parquet"
    java -cp "$ROOT/benchmarks/target/classes:$ROOT/cli/target/tidemark-cli.jar:$ROOT/cli/target/lib/*" \
      io.tidemark.bench.e2e.FlightsCsvExport "$ROOT/data/flights-3m.parquet" "$CSV"
  fi
  e2e=(--input "$CSV" --rounds 3 --records-per-batch 50000 --batch-interval-ms 1000 --checkpoint-batches 10
       --kill-after 15 --heap 2g)
  if [[ $QUICK -eq 1 ]]; then
    head -600000 "$CSV" > "$OUT/flights-600k.csv.tmp"
    e2e=(--input "$OUT/flights-600k.csv.tmp" --rounds 1 --records-per-batch 50000 --batch-interval-ms 1000
         --checkpoint-batches 10 --kill-after 5 --heap 2g --tenfold-runs 1)
  fi
  [[ -n "$SCRATCH" ]] && e2e+=(--dir "$SCRATCH/e2e-$STAMP")
  log "end-to-end, Tidemark and Spark side by side -> $OUT/e2e.txt, $OUT/e2e.md"
  # shellcheck disable=SC2086
  run_logged "$OUT/e2e.txt" java -Xmx512m "${JAVA_PROPS[@]}" -cp "$JAR" io.tidemark.bench.e2e.SideBySideBenchmark \
    --root "$ROOT" "${e2e[@]}" --out "$OUT/e2e.md" $E2E_ARGS
  rm -f "$OUT/flights-600k.csv.tmp"
  [[ -n "$SCRATCH" ]] && rm -rf "$SCRATCH/e2e-$STAMP"
  echo "load average after e2e: $(cut -d' ' -f1-3 /proc/loadavg)" >> "$OUT/machine.txt"
fi

# --------------------------------------------------------- state (issue 7, point 2)
if wants state; then
  keys="1M,10M,100M"
  free_gib=$(df -BG --output=avail "${SCRATCH:-$ROOT/benchmarks}" | tail -1 | tr -dc '0-9')
  if [[ $free_gib -lt 30 ]]; then
    keys="1M,10M"
    echo "100 M keys skipped: $free_gib GiB free on the scratch disk (< 30 GiB)" >> "$OUT/machine.txt"
  fi
  state=(--keys "$keys" --records-per-batch 500k --measure-batches 20 --max-seconds 3600)
  [[ $QUICK -eq 1 ]] && state=(--keys 1M --records-per-batch 500k --measure-batches 5 --max-seconds 300)
  [[ -n "$SCRATCH" ]] && state+=(--dir "$SCRATCH/state-$STAMP")
  log "cost versus state size -> $OUT/state.txt, $OUT/state.md"
  # shellcheck disable=SC2086
  run_logged "$OUT/state.txt" java -Xmx512m "${JAVA_PROPS[@]}" -cp "$JAR" io.tidemark.bench.state.StateSizeBenchmark \
    "${state[@]}" --heap 1g --out "$OUT/state.md" --logs "$OUT/state-logs" $STATE_ARGS
  [[ -n "$SCRATCH" ]] && rm -rf "$SCRATCH/state-$STAMP"
  echo "load average after state: $(cut -d' ' -f1-3 /proc/loadavg)" >> "$OUT/machine.txt"
fi

# ----------------------------------------------------------------- JMH (issue 7, point 3)
if wants jmh; then
  log "JMH microbenchmarks -> $OUT/jmh.txt, $OUT/jmh.json"
  jmh=(-f 1 -wi 2 -i 3)
  [[ $QUICK -eq 1 ]] && jmh=(-f 1 -wi 1 -i 1 -w 1s -r 1s)
  # shellcheck disable=SC2086
  run_logged "$OUT/jmh.txt" java "${JAVA_PROPS[@]}" -jar "$JAR" "${jmh[@]}" -rf json -rff "$OUT/jmh.json" $JMH_ARGS
  echo "load average after jmh: $(cut -d' ' -f1-3 /proc/loadavg)" >> "$OUT/machine.txt"
fi

# ----------------------------------------------------------------------------- WAL (issue 3)
if wants wal; then
  log "WAL throughput benchmark -> $OUT/wal-throughput.txt"
  args=()
  [[ $QUICK -eq 1 ]] && args+=(--seconds 1 --raw-seconds 1 --reps 1 --warmup-seconds 0.5)
  [[ -n "$SCRATCH" ]] && args+=("$SCRATCH/wal-bench-$STAMP")
  # shellcheck disable=SC2086
  run_logged "$OUT/wal-throughput.txt" java -Xmx1g "${JAVA_PROPS[@]}" -cp "$JAR" io.tidemark.bench.WalThroughputBenchmark \
    "${args[@]}" $WAL_ARGS
  [[ -n "$SCRATCH" ]] && rm -rf "$SCRATCH/wal-bench-$STAMP"
  echo "load average after wal: $(cut -d' ' -f1-3 /proc/loadavg)" >> "$OUT/machine.txt"
fi

echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)" >> "$OUT/machine.txt"
render "$OUT"
log "results in $OUT"
echo "$OUT"
