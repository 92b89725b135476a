#!/bin/bash
# The block-cache A/B of notes.md: restore the same 100 M-key checkpoint afresh, run BATCHES
# update batches (default 18), kill -9, print every batch's ms and the median of batches 4..BATCHES.
#
#   [BATCHES=N] block-cache-ab.sh CHECKPOINT_DIR LABEL [java -D options...]
#   e.g. block-cache-ab.sh /tmp/s100/ck0 base
#        block-cache-ab.sh /tmp/s100/ck0 cache1g -Dtidemark.bench.blockCacheMiB=1024
#
# CHECKPOINT_DIR is the checkpoint of a finished StateSizeJob run at 100 M keys (notes.md); it is
# copied, never written. Run from the repository root after building benchmarks/target/benchmarks.jar.
set -euo pipefail
pristine=$1; label=$2; shift 2
batches=${BATCHES:-18}
jar=$PWD/benchmarks/target/benchmarks.jar
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp -r "$pristine" "$work/checkpoint"
log=$work/run.log
java -Xmx1g "$@" -cp "$jar" io.tidemark.bench.state.StateSizeJob mapWithState 100000000 uniform \
  500000 $((batches + 40)) 3600 10 "$work/checkpoint" "$work/state" > "$log" 2> "$work/stderr.log" &
pid=$!
until [ "$(grep -c '^STAT' "$log" || true)" -ge "$batches" ]; do
  kill -0 "$pid" 2>/dev/null || { echo "$label: the job ended early; see its stderr:" >&2; cat "$work/stderr.log" >&2; exit 1; }
  sleep 2
done
kill -9 "$pid"; wait "$pid" 2>/dev/null || true
awk '/^STAT/ { split($6, a, "="); printf "%s ", a[2] } END { print "" }' "$log"
awk 'NR > 3 && /^STAT/ { split($6, a, "="); print a[2] }' "$log" | sort -n |
  awk -v l="$label" '{ a[NR] = $1 } END { m = a[int((NR + 1) / 2)];
    printf "%s: median %d ms over %d batches = %d updates/s\n", l, m, NR, 500000000 / m }'
