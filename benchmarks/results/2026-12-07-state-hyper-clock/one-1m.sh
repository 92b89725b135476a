#!/bin/bash
# One StateSizeJob run at 1 M keys (mapWithState, uniform, 500,000 updates a batch, 2 growing
# batches then 20 at full state, -Xmx1g); prints the median of the full-state batches.
#
#   one-1m.sh LABEL [java -D options...]
#   e.g. one-1m.sh lru
#        one-1m.sh hyper_clock -Dtidemark.bench.blockCacheType=hyper_clock
#
# Run from the repository root after building benchmarks/target/benchmarks.jar.
set -euo pipefail
label=$1; shift
jar=$PWD/benchmarks/target/benchmarks.jar
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
java -Xmx1g "$@" -cp "$jar" io.tidemark.bench.state.StateSizeJob mapWithState 1000000 uniform \
  500000 20 3600 10 "$work/checkpoint" "$work/state" > "$work/run.log" 2> "$work/stderr.log"
awk '/phase=full/ { split($6, a, "="); print a[2] }' "$work/run.log" | sort -n |
  awk -v l="$label" '{ a[NR] = $1 } END { m = a[int((NR + 1) / 2)];
    printf "1M %s: median %d ms over %d batches = %d updates/s\n", l, m, NR, 500000000 / m }'
