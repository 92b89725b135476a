#!/bin/bash
# long-100m.sh CK LABEL N [java -D options...]: restore the 100 M-key checkpoint CK afresh, run N
# update batches, kill -9, print every batch's ms and the median of batches 4..N. JAR defaults to
# the repository's benchmarks.jar (run from the repository root); logs go to $LOGS (default /tmp).
pristine=$1; label=$2; n=$3; shift 3
jar=${JAR:-$PWD/benchmarks/target/benchmarks.jar}
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
cp -r "$pristine" "$work/checkpoint"
log=${LOGS:-/tmp}/long-$label.log
java -Xmx1g "$@" -cp "$jar" io.tidemark.bench.state.StateSizeJob mapWithState 100000000 uniform \
  500000 400 3600 10 "$work/checkpoint" "$work/state" > "$log" 2> "$work/stderr.log" &
pid=$!
until [ "$(grep -c '^STAT' "$log" || true)" -ge $n ]; do kill -0 $pid 2>/dev/null || { cat $work/stderr.log; exit 1; }; sleep 2; done
kill -9 "$pid"; wait "$pid" 2>/dev/null || true
awk '/^STAT/ { split($6, a, "="); printf "%s ", a[2] } END {print ""}' "$log"
awk 'NR > 3 && /^STAT/ { split($6, a, "="); print a[2] }' "$log" | sort -n | awk -v l="$label" '{ a[NR] = $1 } END { m = a[int((NR + 1) / 2)]; printf "%s: median %d ms over %d batches = %d updates/s\n", l, m, NR, 500000000 / m }'
