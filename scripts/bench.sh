#!/usr/bin/env bash
# Builds the benchmarks and runs them on this machine, writing every output to
# benchmarks/results/<date>/ (see benchmarks/README.md for what each figure means).
#
# Usage: scripts/bench.sh [options]
#   --quick             a smoke run: 1 repetition of 1 s per WAL point, 1 JMH iteration of 1 s
#   --skip-build        use the existing benchmarks/target/benchmarks.jar
#   --only NAME[,NAME]  run only these parts: wal, jmh   (default: all parts)
#   --dir DIR           scratch directory on the disk to measure (default: a new directory
#                       under benchmarks/target/bench-tmp, deleted afterwards)
#   --wal-args "ARGS"   extra arguments for WalThroughputBenchmark (e.g. "--reps 5 --seconds 10")
#   --jmh-args "ARGS"   extra arguments for JMH (e.g. "StateStoreBenchmark -p keysInState=1000000")
#
# Parts (each writes <part>.txt, JMH also jmh.json):
#   wal   WAL throughput per durability policy beside the disk's raw fsync rate (issue 3)
#   jmh   JMH microbenchmarks: state store, Kryo serde, WAL append (issue 7, point 3)
#   (issue 7, points 1 and 2 — end-to-end flights job against Spark Streaming, cost versus state
#    size — will be further parts here, see "Parts still to come" below.)
#
# Needs JDK 17 and Maven; the first build downloads JMH unless it is in ~/.m2.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

QUICK=0
SKIP_BUILD=0
ONLY="wal,jmh"
SCRATCH=""
WAL_ARGS=""
JMH_ARGS=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --quick) QUICK=1 ;;
    --skip-build) SKIP_BUILD=1 ;;
    --only) ONLY="$2"; shift ;;
    --dir) SCRATCH="$2"; shift ;;
    --wal-args) WAL_ARGS="$2"; shift ;;
    --jmh-args) JMH_ARGS="$2"; shift ;;
    -h|--help) sed -n '2,21p' "$0"; exit 0 ;;
    *) echo "bench.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done

wants() { [[ ",$ONLY," == *",$1,"* ]]; }

JAR="$ROOT/benchmarks/target/benchmarks.jar"
STAMP="$(date +%Y-%m-%dT%H%M%S)"
OUT="$ROOT/benchmarks/results/$STAMP"
mkdir -p "$OUT"

log() { printf '[bench] %s\n' "$*" >&2; }

# ------------------------------------------------------------------------------------- build
if [[ $SKIP_BUILD -eq 0 ]]; then
  log "building wal, state-engine and benchmarks"
  # Offline first (fast, no network); online if something is missing from ~/.m2.
  mvn -q -B -o -pl wal,state-engine install -DskipTests \
    || mvn -q -B -pl wal,state-engine install -DskipTests
  mvn -q -B -o -pl benchmarks package -DskipTests \
    || mvn -q -B -pl benchmarks package -DskipTests
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

# ----------------------------------------------------------------------------- WAL (issue 3)
if wants wal; then
  log "WAL throughput benchmark -> $OUT/wal-throughput.txt"
  args=()
  [[ $QUICK -eq 1 ]] && args+=(--seconds 1 --raw-seconds 1 --reps 1 --warmup-seconds 0.5)
  [[ -n "$SCRATCH" ]] && args+=("$SCRATCH/wal-bench-$STAMP")
  # shellcheck disable=SC2086
  java -Xmx1g "${JAVA_PROPS[@]}" -cp "$JAR" io.tidemark.bench.WalThroughputBenchmark \
    "${args[@]}" $WAL_ARGS 2>&1 | tee "$OUT/wal-throughput.txt"
  [[ -n "$SCRATCH" ]] && rm -rf "$SCRATCH/wal-bench-$STAMP"
fi

# ----------------------------------------------------------------- JMH (issue 7, point 3)
if wants jmh; then
  log "JMH microbenchmarks -> $OUT/jmh.txt, $OUT/jmh.json"
  jmh=(-f 1 -wi 2 -i 3)
  [[ $QUICK -eq 1 ]] && jmh=(-f 1 -wi 1 -i 1 -w 1s -r 1s)
  # shellcheck disable=SC2086
  java "${JAVA_PROPS[@]}" -jar "$JAR" "${jmh[@]}" -rf json -rff "$OUT/jmh.json" $JMH_ARGS \
    2>&1 | tee "$OUT/jmh.txt"
fi

# --------------------------------------------------------------------- Parts still to come
# Issue 7, point 1: the flights job end to end, Tidemark and Spark Streaming side by side,
#   alternated over >= 3 rounds (records/s, batch time p50/p99, peak RSS, checkpoint size,
#   restart time after kill -9) -> e2e.txt
# Issue 7, point 2: cost versus state size (1 M / 10 M / 100 M keys, uniform and Zipf) -> state.txt
# Issue 7, point 4: regenerate benchmarks/RESULTS.md from the files of this directory.
# Add each as `if wants NAME; then ... fi` above this comment and to the default of --only.

log "results in $OUT"
echo "$OUT"
