#!/bin/bash
# ab.sh LABEL [-D...]: mapWithState uniform 1M,100M, 500k per batch, 20 full batches
# OUT=DIR (default /tmp/state, must exist) takes the report, the log and the child logs. Run from anywhere; ~8 minutes.
cd "$(dirname "$0")/../../.."   # the checkout
l=$1; shift
java -Xmx512m "$@" -cp benchmarks/target/benchmarks.jar io.tidemark.bench.state.StateSizeBenchmark --keys 1M,100M \
  --operators mapWithState --distributions uniform --records-per-batch 500k --measure-batches 20 --heap 1g \
  --out ${OUT:-/tmp/state}/$l.md --logs ${OUT:-/tmp/state}/$l-logs > ${OUT:-/tmp/state}/$l.txt 2>&1
grep -E "^\| mapWithState" ${OUT:-/tmp/state}/$l.md | awk -F'|' '{print "'$l'", $3, "full:", $7, "p99:", $8, "rss:", $10}'
